"""The sandbox's moto updates an API Gateway method in place, as AWS does (UpdateMethod)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def method(aws_env: str) -> tuple[Any, str, str]:
    """A POST method with no authorization, on a fresh API."""
    client = boto3.client("apigateway", region_name="us-east-1")
    api = client.create_rest_api(name="additions")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    resource = client.create_resource(restApiId=api, parentId=root, pathPart="sessions")["id"]
    client.put_method(
        restApiId=api, resourceId=resource, httpMethod="POST", authorizationType="NONE"
    )
    return client, api, resource


def test_a_method_takes_an_authorizer_in_place(method: tuple[Any, str, str]) -> None:
    client, api, resource = method
    client.update_method(
        restApiId=api,
        resourceId=resource,
        httpMethod="POST",
        patchOperations=[
            {"op": "replace", "path": "/authorizationType", "value": "COGNITO_USER_POOLS"},
            {"op": "replace", "path": "/authorizerId", "value": "abc123"},
            {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
        ],
    )
    found = client.get_method(restApiId=api, resourceId=resource, httpMethod="POST")
    assert found["authorizationType"] == "COGNITO_USER_POOLS"
    assert found["authorizerId"] == "abc123"
    assert found["apiKeyRequired"] is True


def test_a_change_it_cannot_make_is_refused_with_the_way_out(
    method: tuple[Any, str, str],
) -> None:
    client, api, resource = method
    with pytest.raises(ClientError) as refused:
        client.update_method(
            restApiId=api,
            resourceId=resource,
            httpMethod="POST",
            patchOperations=[{"op": "add", "path": "/authorizationScopes", "value": "email"}],
        )
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert "course sandbox down" in str(refused.value)
    found = client.get_method(restApiId=api, resourceId=resource, httpMethod="POST")
    assert found["authorizationType"] == "NONE"
