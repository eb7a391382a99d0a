"""code/openapi.yaml against what it describes: Terraform's routes and the handler's answers.

The spec and the stack are held together both ways: every route and method that
terraform/ deploys is an operation of the spec, and every operation of the spec is deployed,
with the authorizer its security names.
tests/e2e/test_api_on_the_sandbox.py checks the same against a running sandbox, then fuzzes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import hcl2
import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from auth_sessions.domain.errors import InvalidSessionRequest
from auth_sessions.entrypoints import lambda_handler
from auth_sessions.entrypoints.authorizer import with_caller
from modules.api_reference import (
    SPEC_PATH,
    gateway_authorization,
    load_spec,
    operations,
    render,
    resolve,
)

TERRAFORM = Path(__file__).resolve().parents[2] / "terraform"
REFERENCE = re.compile(r"^\$\{([\w.]+)\}$")


def terraform_resources() -> dict[str, dict[str, dict[str, Any]]]:
    """Return every resource block of the app root: {type: {name: body}}."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    locals_: dict[str, Any] = {}
    for path in sorted(TERRAFORM.glob("*.tf")):
        document = hcl2.loads(path.read_text(encoding="utf-8"))
        for block in document.get("resource", []):
            for kind, named in block.items():
                for name, body in named.items():
                    found.setdefault(kind.strip('"'), {})[name.strip('"')] = body
        for block in document.get("locals", []):
            locals_.update(block)
    found["locals"] = {"": locals_}
    return found


def reference(value: object) -> str:
    """Return the address inside an HCL interpolation such as ${local.routes}."""
    match = REFERENCE.match(str(value).strip('"'))
    assert match, f"expected a plain reference, got {value!r}"
    return match.group(1)


def resource_paths(resources: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """Return {address.id: path} of every API Gateway resource, the root included."""
    gateway = resources["aws_api_gateway_resource"]
    paths: dict[str, str] = {}

    def path_of(name: str) -> str:
        body = gateway[name]
        parent = reference(body["parent_id"])
        above = "" if parent.endswith("root_resource_id") else path_of(parent.split(".")[1])
        return f"{above}/{str(body['path_part']).strip(chr(34))}"

    for name in gateway:
        paths[f"aws_api_gateway_resource.{name}.id"] = path_of(name)
    return paths


def deployed_by_terraform() -> dict[tuple[str, str], str]:
    """Return {(path, METHOD): authorization} of the REST API's aws_api_gateway_method resources."""
    resources = terraform_resources()
    locals_ = resources["locals"][""]
    paths = resource_paths(resources)
    routes = {}
    for name, method in resources["aws_api_gateway_method"].items():
        if "for_each" in method:
            entries = locals_[reference(method["for_each"]).removeprefix("local.")].values()
        else:
            entries = [{}]
        for entry in entries:
            values = {key: method[key] for key in ("resource_id", "http_method", "authorization")}
            for key, value in values.items():
                if str(value).startswith("${each.value."):
                    values[key] = entry[reference(value).removeprefix("each.value.")]
            verb = str(values["http_method"]).strip('"')
            assert verb.isupper(), f"aws_api_gateway_method.{name}: method {verb!r}"
            route = (paths[reference(values["resource_id"])], verb)
            routes[route] = str(values["authorization"]).strip('"')
    return routes


def test_the_spec_is_a_valid_openapi_3_1_document() -> None:
    spec = load_spec()
    assert spec["openapi"].startswith("3.1.")
    validate(spec)


def test_the_validator_refuses_a_broken_spec() -> None:
    spec = load_spec()
    spec["paths"]["/sessions"]["post"]["responses"]["201"].pop("description")
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


def test_every_terraform_route_is_in_the_spec_and_every_operation_is_deployed() -> None:
    in_spec = {(path, method) for path, method, _ in operations(load_spec())}
    deployed = set(deployed_by_terraform())
    assert deployed, "no aws_api_gateway_method found in terraform/"
    assert deployed - in_spec == set(), "deployed but not in code/openapi.yaml"
    assert in_spec - deployed == set(), "in code/openapi.yaml but not deployed by terraform/"


def test_every_operation_is_deployed_behind_the_authorizer_its_security_names() -> None:
    spec = load_spec()
    deployed = deployed_by_terraform()
    wanted = {
        (path, method): gateway_authorization(spec, op) for path, method, op in operations(spec)
    }
    assert deployed == wanted
    assert "COGNITO_USER_POOLS" in wanted.values(), "no operation needs a Cognito ID token"
    # An http scheme travels in Authorization: the header the authorizer reads.
    for authorizer in terraform_resources()["aws_api_gateway_authorizer"].values():
        source = str(authorizer["identity_source"]).strip('"')
        assert source == "method.request.header.Authorization"


def test_the_authorizers_401_is_api_gateways_own_answer() -> None:
    spec = load_spec()
    post = spec["paths"]["/sessions"]["post"]
    response = resolve(spec, post["responses"]["401"])
    media = response["content"]["application/json"]
    assert media["schema"]["$ref"].endswith("/GatewayError")
    assert media["example"] == {"message": "Unauthorized"}
    assert set(response["headers"]) == {"Access-Control-Allow-Origin"}  # DEFAULT_4XX's


def test_the_functions_routes_are_the_specs_non_preflight_operations() -> None:
    in_spec = {(p, m) for p, m, _ in operations(load_spec()) if m != "OPTIONS"}
    served = {
        (path, method) for path, methods in lambda_handler.ROUTES.items() for method in methods
    }
    assert served == in_spec


def test_every_answer_the_function_can_give_is_documented() -> None:
    spec = load_spec()
    for path, method, operation in operations(spec):
        if method == "OPTIONS":
            continue
        documented = {int(status) for status in operation["responses"]}
        # 404 and 405 never leave API Gateway, which answers 403 before calling the function.
        reachable = set(lambda_handler.REASONS) - {404, 405}
        if method != "POST":
            reachable -= {400, 413, 415}  # no body is read
        else:
            # The function's own 401 (no Cognito claims) needs a request the authorizer let
            # through without a token: API Gateway never sends one. Its 401 is tested above.
            reachable -= {401}
        assert reachable <= documented, f"{method} {path} lacks {reachable - documented}"
        for status in documented & reachable:
            response = resolve(spec, operation["responses"][str(status)])
            headers = set(response.get("headers", {}))
            assert "Access-Control-Allow-Origin" in headers, f"{method} {path} {status}"
            if status == 401:
                assert set(lambda_handler.CHALLENGE) <= headers


def test_the_documented_cors_headers_are_the_ones_the_function_sends() -> None:
    spec = load_spec()
    created = spec["paths"]["/sessions"]["post"]["responses"]["201"]["headers"]
    assert set(lambda_handler.CORS_HEADERS) <= set(created)


def test_the_documented_limits_are_the_functions() -> None:
    from auth_sessions.domain import model

    schema = load_spec()["components"]["schemas"]["CreateSessionRequest"]
    fields = schema["properties"]
    # user_id is a field of the command, filled from the ID token's sub, never from the body.
    assert set(fields) == set(lambda_handler.CREATE_FIELDS) - {"user_id"}
    assert schema["additionalProperties"] is False
    assert "required" not in schema  # {} opens a session with the default ttl
    assert with_caller({}, "sub-1") == {"user_id": "sub-1"}
    with pytest.raises(InvalidSessionRequest):
        with_caller({"user_id": "ana"}, "sub-1")
    assert "user_id" in schema["description"]
    assert (fields["ttl"]["minimum"], fields["ttl"]["maximum"]) == (
        model.MIN_TTL_HOURS,
        model.MAX_TTL_HOURS,
    )
    assert fields["ttl"]["default"] == model.DEFAULT_TTL_HOURS
    assert str(lambda_handler.MAX_BODY_BYTES) in schema["description"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_reference_page_has_every_operation_in_the_pages_language(lang: str) -> None:
    spec = load_spec()
    page = render(spec, lang)
    for path, method, operation in operations(spec):
        assert f"### {method} {path} {{ #{operation['operationId'].lower()} }}" in page
        summary = operation["x-summary-es"] if lang == "es" else operation["summary"]
        assert summary in page
    other = "summary" if lang == "es" else "x-summary-es"
    assert spec["paths"]["/sessions"]["post"][other] not in page


def test_every_description_has_a_spanish_twin() -> None:
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key in ("description", "summary"):
                if key in node and isinstance(node[key], str) and f"x-{key}-es" not in node:
                    if where.endswith("/properties") or "/example" in where:
                        continue  # a field named description, not a description
                    missing.append(f"{where}/{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(load_spec(), "")
    assert missing == []


def test_the_spec_lives_where_the_site_reads_it() -> None:
    assert SPEC_PATH.relative_to(TERRAFORM.parent).as_posix() == "code/openapi.yaml"
