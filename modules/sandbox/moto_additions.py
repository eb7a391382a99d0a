"""The sandbox's moto server, with the one API Gateway call it lacks that the course needs.

moto has no UpdateMethod: the AWS provider's in-place change of a method (module 5 puts a
Cognito authorizer on the POST method that module 4 made) gets a 500 and retries for minutes.
This adds it for the fields a method's `replace` patch can change. Run it as moto's server:
`python -m modules.sandbox.moto_additions -H 127.0.0.1 -p 5000`.
"""

from __future__ import annotations

import json
from typing import Any

from moto.apigateway.exceptions import BadRequestException
from moto.apigateway.responses import APIGatewayResponse

# The method fields a `replace` patch operation may set, by their path in the patch.
METHOD_FIELDS = {
    "/authorizationType": "authorization_type",
    "/authorizerId": "authorizer_id",
    "/apiKeyRequired": "api_key_required",
    "/operationName": "operation_name",
    "/requestValidatorId": "request_validator_id",
}


def patched_value(path: str, value: Any) -> Any:
    """A patch carries text; apiKeyRequired is a boolean."""
    return str(value).lower() == "true" if path == "/apiKeyRequired" else value


def update_method(self: APIGatewayResponse) -> str:
    """PATCH /restapis/{api}/resources/{resource}/methods/{http_method}."""
    _, _, api_id, _, resource_id, _, http_method = self.path.split("/")[:7]
    method = self.backend.get_method(api_id, resource_id, http_method)
    for operation in self._get_param("patchOperations") or []:
        path = operation.get("path")
        if operation.get("op") != "replace" or path not in METHOD_FIELDS:
            raise BadRequestException(
                f"the sandbox cannot {operation.get('op')} {path} on a method; "
                "destroy the sandbox (course sandbox down) and bring it up again"
            )
        setattr(method, METHOD_FIELDS[path], patched_value(path, operation.get("value")))
    return json.dumps(method.to_json())


def apply() -> None:
    """Teach moto's API Gateway the calls above (idempotent)."""
    APIGatewayResponse.update_method = update_method  # type: ignore[attr-defined]


if __name__ == "__main__":
    from moto.server import main

    apply()
    main()
