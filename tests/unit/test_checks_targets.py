"""How the aws target reaches the deployment: outputs, the Invoke API and the stage URL."""

from __future__ import annotations

import io
import json
import os
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from modules.checks.context import Context
from modules.checks.targets import LambdaInvoker, UrllibApi, function_python, stage_url
from modules.deployment.names import Names
from modules.deployment.target import terraform_outputs

FAKE_TERRAFORM = """#!/bin/sh
# Answer `terraform output -json` as Terraform does, and tell whether an endpoint leaked in.
if [ -n "$AWS_ENDPOINT_URL" ]; then echo '{"leak": {"value": "endpoint"}}'; exit 0; fi
echo '{"table_name": {"value": "shop-dev-sessions"}, "stage_name": {"value": "dev"}}'
"""


@pytest.fixture
def fake_terraform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "terraform"
    script.write_text(FAKE_TERRAFORM)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_outputs_are_read_from_an_initialised_root_without_a_sandbox_endpoint(
    fake_terraform: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fake_terraform / "terraform"
    (root / ".terraform").mkdir(parents=True)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")
    assert terraform_outputs(root) == {"table_name": "shop-dev-sessions", "stage_name": "dev"}


def test_a_root_never_initialised_has_no_outputs(fake_terraform: Path) -> None:
    (fake_terraform / "terraform").mkdir()
    assert terraform_outputs(fake_terraform / "terraform") == {}


class StubLambda:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def invoke(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        body = json.dumps({"statusCode": 201, "body": "{}"}).encode()
        return {"Payload": io.BytesIO(body), "ResponseMetadata": {"RequestId": "req-1"}}


def test_the_lambda_invoker_calls_the_alias_and_returns_the_request_id() -> None:
    stub = StubLambda()
    result = LambdaInvoker(lambda service: stub, "fn", "live").invoke({"path": "/sessions"})
    assert result.payload == {"statusCode": 201, "body": "{}"}
    assert result.request_id == "req-1"
    assert stub.calls[0]["Qualifier"] == "live"
    assert json.loads(stub.calls[0]["Payload"]) == {"path": "/sessions"}


class Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 404 if self.path.endswith("/missing") else 200
        body = json.dumps({"path": self.path}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's own name
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/dev"
    httpd.shutdown()
    httpd.server_close()


def test_the_http_client_returns_error_statuses_instead_of_raising(server: str) -> None:
    api = UrllibApi(lambda: server)
    ok = api.request("GET", "/sessions/abc")
    missing = api.request("GET", "/sessions/missing")
    assert (ok.status, json.loads(ok.body)) == (200, {"path": "/dev/sessions/abc"})
    assert missing.status == 404
    assert missing.headers["content-type"] == "application/json"


def test_the_stage_url_is_the_output_or_is_built_from_the_api_id() -> None:
    ctx = Context(
        target="aws",
        names=Names.defaults().with_outputs({"api_url": "https://x.example/dev"}),
        repo_root=Path("."),
        clients=lambda service: None,
        region="us-east-1",
        configured_region="us-east-1",
        invoker=LambdaInvoker(lambda service: None, "fn", "live"),
        api=UrllibApi(lambda: ""),
        function_python=function_python,
    )
    assert stage_url(ctx) == "https://x.example/dev"
    ctx.names = Names.defaults().with_outputs({"rest_api_id": "abc123"})
    assert stage_url(ctx) == "https://abc123.execute-api.us-east-1.amazonaws.com/dev"
