"""A local HTTP server that answers like the sandbox's REST API on API Gateway.

`http://127.0.0.1:3000/<stage>/<path>` is routed with the API's resources; proxy methods run
their function through the local runtime, MOCK methods (CORS preflights) answer from their
integration responses, methods that require an API key check x-api-key against the keys of the
stage's usage plans, methods behind a Cognito user pool authorizer need a valid ID token of
the pool (modules.runtime.cognito_authorizer), and everything else gets API Gateway's own error
shapes. Not emulated: Lambda (custom) authorizers, usage plan quotas and throttles, stage
throttling, request validation, and the 29 s integration timeout.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from modules.runtime.api_gateway import (
    MAX_REQUEST_BYTES,
    HttpRequest,
    HttpResponse,
    MalformedProxyResponse,
    RestApi,
    forbidden,
    gateway_error,
    load_rest_api,
    mock_response,
    proxy_event,
    proxy_response,
)
from modules.runtime.cognito_authorizer import CognitoAuthorizer, load_user_pool
from modules.runtime.errors import PayloadTooLarge
from modules.runtime.httpserver import NoDelayServer, QuietHandler
from modules.runtime.local_lambda import LocalLambda
from modules.runtime.logs import LogEvent
from modules.runtime.report import LogFormat

DEFAULT_ACCOUNT_ID = "123456789012"  # moto's account


class LocalApi:
    """Route requests of one REST API stage to local functions, as API Gateway does."""

    def __init__(
        self,
        api: RestApi,
        functions: dict[tuple[str, str | None], LocalLambda],
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        on_message: Callable[[str], None] | None = None,
        authorizers: dict[str, CognitoAuthorizer] | None = None,
    ) -> None:
        self.api = api
        self.functions = functions
        self.authorizers = authorizers or {}  # by authorizer id
        self.account_id = account_id
        self._on_message = on_message or (lambda text: None)
        self._server: NoDelayServer | None = None

    def handle(self, request: HttpRequest) -> HttpResponse:
        """Answer one request: route it, run its integration, translate the answer."""
        request_id = str(uuid.uuid4())
        if len(request.body) > MAX_REQUEST_BYTES:
            return gateway_error(self.api, "REQUEST_TOO_LARGE", request_id)
        prefix = f"/{self.api.stage}"
        if request.path != prefix and not request.path.startswith(prefix + "/"):
            return forbidden(request_id)
        raw_path = request.path[len(prefix) :] or "/"
        matched = self.api.match(raw_path)
        integration = matched[0].integration(request.method) if matched else None
        if matched is None or integration is None:
            return gateway_error(self.api, "MISSING_AUTHENTICATION_TOKEN", request_id)
        route, params = matched
        claims = None
        authorizer_id = route.authorizer(request.method)
        if authorizer_id is not None:
            authorizer = self.authorizers.get(authorizer_id)
            if authorizer is None:
                self._on_message(
                    f"{request.method} {route.path}: authorizer {authorizer_id} is not a "
                    "Cognito user pool authorizer, the only kind the local API runs"
                )
                return gateway_error(self.api, "INTEGRATION_FAILURE", request_id)
            header = self.api.authorizers[authorizer_id].header
            claims = authorizer.claims(request.header(header))
            if claims is None:
                return gateway_error(self.api, "UNAUTHORIZED", request_id)
        if route.requires_api_key(request.method):
            key = request.header("x-api-key")
            if key is None or key not in self.api.api_keys:
                return gateway_error(self.api, "INVALID_API_KEY", request_id)
        if integration.type == "MOCK":
            return mock_response(integration, request_id)
        target = integration.function
        if target is None or target not in self.functions:
            self._on_message(
                f"{request.method} {route.path}: a {integration.type} integration "
                "is not run by the local API"
            )
            return gateway_error(self.api, "INTEGRATION_FAILURE", request_id)
        # API Gateway hands the function the decoded path.
        path = unquote(raw_path)
        event = proxy_event(
            self.api, route, params, request, path, request_id, self.account_id, claims=claims
        )
        try:
            result = self.functions[target].invoke(json.dumps(event).encode())
        except PayloadTooLarge as error:
            self._on_message(f"Execution failed: {error}")
            return gateway_error(self.api, "INTEGRATION_FAILURE", request_id)
        if result.function_error:
            answer = result.payload.decode(errors="replace")
            self._on_message(f"Lambda execution failed due to a function error: {answer}")
            return gateway_error(self.api, "INTEGRATION_FAILURE", request_id)
        try:
            return proxy_response(result.payload, request_id)
        except MalformedProxyResponse as error:
            self._on_message(f"Malformed Lambda proxy response ({error})")
            return gateway_error(self.api, "INTEGRATION_FAILURE", request_id)

    def serve(self, host: str = "127.0.0.1", port: int = 3000) -> str:
        """Start serving in a background thread; return the base URL (with the stage)."""
        server = NoDelayServer((host, port), _Handler)
        server.local_api = self  # type: ignore[attr-defined]
        server.on_request = None  # type: ignore[attr-defined]
        server.serve_in_thread("local-api")
        self._server = server
        bound_host, bound_port = server.server_address[:2]
        return f"http://{bound_host!s}:{bound_port}/{self.api.stage}"

    def on_request(self, callback: Callable[[HttpRequest, HttpResponse, float], None]) -> None:
        """Call callback(request, response, milliseconds) after each request."""
        if self._server is not None:
            self._server.on_request = callback  # type: ignore[attr-defined]

    def close(self) -> None:
        """Stop the server and every function's environments."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        for function in self.functions.values():
            function.close()

    def __enter__(self) -> LocalApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def from_sandbox(
        cls,
        session: Any,
        endpoint: str,
        api_id: str,
        stage: str,
        code_candidates: Iterable[Path | bytes],
        *,
        log_format: LogFormat | None = None,
        max_environments: int = 4,
        on_log: Callable[[LogEvent], None] | None = None,
        on_message: Callable[[str], None] | None = None,
    ) -> LocalApi:
        """Read the REST API from the sandbox and load every function it calls."""
        client = session.client("apigateway", endpoint_url=endpoint)
        api = load_rest_api(client, api_id, stage)
        authorizers = cognito_authorizers(session, endpoint, api)
        candidates = list(code_candidates)
        functions: dict[tuple[str, str | None], LocalLambda] = {}
        try:
            for name, qualifier in sorted(api.functions, key=str):
                functions[(name, qualifier)] = LocalLambda.from_sandbox(
                    session,
                    endpoint,
                    name,
                    qualifier,
                    candidates,
                    log_format=log_format,
                    max_environments=max_environments,
                    on_log=on_log,
                )
        except Exception:
            for function in functions.values():
                function.close()
            raise
        account_id = DEFAULT_ACCOUNT_ID
        for function in functions.values():
            account_id = function.config.arn.split(":")[4]
        return cls(
            api, functions, account_id=account_id, on_message=on_message, authorizers=authorizers
        )


def cognito_authorizers(session: Any, endpoint: str, api: RestApi) -> dict[str, CognitoAuthorizer]:
    """Build the API's Cognito user pool authorizers from the pools in the sandbox."""
    cognito = None
    found = {}
    for authorizer in api.authorizers.values():
        if authorizer.type != "COGNITO_USER_POOLS":
            continue
        cognito = cognito or session.client("cognito-idp", endpoint_url=endpoint)
        pools = [load_user_pool(cognito, endpoint, arn) for arn in authorizer.provider_arns]
        found[authorizer.authorizer_id] = CognitoAuthorizer(pools)
    return found


class _Handler(QuietHandler):
    server: NoDelayServer

    def _handle(self) -> None:
        started = time.perf_counter()
        path, _, query = self.path.partition("?")
        request = HttpRequest(
            method=self.command,
            path=path,
            query=query,
            headers=list(self.headers.items()),
            body=self.read_body(),
            source_ip=self.client_address[0],
            protocol=self.request_version,
        )
        local_api: LocalApi = self.server.local_api  # type: ignore[attr-defined]
        response = local_api.handle(request)
        headers = [*response.headers, ("Date", self.date_time_string())]
        body = b"" if request.method == "HEAD" else response.body
        self.send(response.status, body, headers)
        callback = getattr(self.server, "on_request", None)
        if callback is not None:
            callback(request, response, (time.perf_counter() - started) * 1000)

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it has no do_<METHOD> for with its own 501; API Gateway
        # routes every method, and one the resource lacks (TRACE, say) is its usual 403.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)
