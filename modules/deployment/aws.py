"""boto3 sessions and clients for each target: the sandbox's test keys, or the reader's own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from modules.deployment.errors import AwsUnavailable
from modules.i18n import Text

Target = Literal["sandbox", "aws"]
TARGETS: tuple[Target, ...] = ("sandbox", "aws")
DEFAULT_REGION = "us-east-1"

# Test credentials: moto accepts anything, and fake keys keep a reader's real ones out of reach.
SANDBOX_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": DEFAULT_REGION,
    "AWS_REGION": DEFAULT_REGION,
}

# Short timeouts and few retries: a command answers in seconds or says why it could not.
CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3})
# The aws target means AWS: an AWS_ENDPOINT_URL left over from the sandbox must not redirect
# it. (botocore-stubs do not know this option yet.)
AWS_CONFIG = CLIENT_CONFIG.merge(Config(ignore_configured_endpoint_urls=True))  # type: ignore[call-arg]


def sandbox_session(region: str = DEFAULT_REGION) -> boto3.Session:
    """Return a session with the sandbox's test credentials (never the reader's own)."""
    return boto3.Session(
        aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=SANDBOX_CREDENTIALS["AWS_SESSION_TOKEN"],
        region_name=region,
    )


def aws_session() -> boto3.Session:
    """Return the reader's own session; raise AwsUnavailable when it has no credentials."""
    session = boto3.Session()
    if session.get_credentials() is None:
        raise AwsUnavailable(
            Text(
                es="no hay credenciales de AWS: `aws configure sso` (o `aws configure`) y "
                "vuelve a probar",
                en="no AWS credentials: run `aws configure sso` (or `aws configure`) and try again",
            )
        )
    return session


def reader_region() -> str | None:
    """Return the default region of the reader's own configuration (profile or environment)."""
    try:
        return boto3.Session().region_name
    except BotoCoreError:  # a broken profile is a missing region
        return None


def sandbox_settings(endpoint: str) -> dict[str, str]:
    """Return the variables that point AWS tools at the sandbox, with its test keys only."""
    return {
        **SANDBOX_CREDENTIALS,
        "AWS_ENDPOINT_URL": endpoint,
        # No shared config or credentials file: nothing in them can reach a real account.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


def without_aws_settings(base: Mapping[str, str]) -> dict[str, str]:
    """Return base without the reader's AWS settings (profile, keys, per-service endpoints)."""
    return {
        name: value
        for name, value in base.items()
        if not name.startswith("AWS_") or name == "AWS_CA_BUNDLE"
    }


def without_endpoints(base: Mapping[str, str]) -> dict[str, str]:
    """Return base without AWS_ENDPOINT_URL*: the aws target means AWS, never a sandbox left set."""
    return {name: value for name, value in base.items() if not name.startswith("AWS_ENDPOINT_URL")}


class ClientFactory(Protocol):
    def __call__(self, service: str) -> Any: ...


@dataclass
class Clients:
    """boto3 clients of one session, created once per service."""

    session: boto3.Session
    endpoint_url: str | None = None  # None: boto3's own resolution
    config: Config = CLIENT_CONFIG
    _cache: dict[str, Any] = field(default_factory=dict)

    def __call__(self, service: str) -> Any:
        if service not in self._cache:
            kwargs: dict[str, Any] = {"config": self.config}
            if self.endpoint_url:
                kwargs["endpoint_url"] = self.endpoint_url
            self._cache[service] = self.session.client(service, **kwargs)  # type: ignore[call-overload]
        return self._cache[service]


def check_credentials(clients: ClientFactory) -> None:
    """Ask STS who we are; raise AwsUnavailable when AWS refuses the credentials."""
    try:
        clients("sts").get_caller_identity()
    except (ClientError, BotoCoreError) as error:
        raise AwsUnavailable(
            Text(
                es=f"AWS rechaza tus credenciales ({error}); renuévalas (`aws sso login`)",
                en=f"AWS rejects your credentials ({error}); renew them (`aws sso login`)",
            )
        ) from error
