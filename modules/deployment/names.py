"""Names of what a project deploys: Terraform outputs when known, else the naming rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from modules.deployment.terraform_files import backend_files

DEFAULT_PROJECT = "hexagonal-auth"
DEFAULT_ENVIRONMENT = "dev"


@dataclass(frozen=True)
class Names:
    """Names of what the course deploys: Terraform outputs when known, else the naming rule."""

    project: str
    environment: str
    table_name: str
    function_name: str
    alias_name: str
    log_group_name: str
    role_name: str
    rest_api_name: str
    stage_name: str
    usage_plan_name: str
    user_pool_name: str
    user_pool_client_name: str
    app_state_key: str
    bootstrap_state_key: str = "bootstrap/terraform.tfstate"
    rest_api_id: str | None = None
    api_url: str | None = None
    usage_plan_id: str | None = None
    user_pool_id: str | None = None
    user_pool_client_id: str | None = None
    state_bucket: str | None = None  # None: computed from the account id, as the bootstrap does
    source: str = "defaults"  # "defaults" or "terraform outputs"

    @classmethod
    def defaults(
        cls, project: str = DEFAULT_PROJECT, environment: str = DEFAULT_ENVIRONMENT
    ) -> Names:
        """Return the names the Terraform gives with its default variables."""
        prefix = f"{project}-{environment}"
        return cls(
            project=project,
            environment=environment,
            table_name=f"{prefix}-sessions",
            function_name=f"{prefix}-session-api",
            alias_name="live",
            log_group_name=f"/aws/lambda/{prefix}-session-api",
            role_name=f"{prefix}-lambda-execution",
            rest_api_name=f"{prefix}-api",
            stage_name=environment,
            usage_plan_name=f"{prefix}-usage-plan",
            user_pool_name=f"{prefix}-users",
            user_pool_client_name=f"{prefix}-web",
            app_state_key=f"app/{environment}/terraform.tfstate",
        )

    def with_outputs(self, outputs: Mapping[str, str]) -> Names:
        """Return these names overridden by `terraform output` values (app and bootstrap roots)."""
        pairs = {
            "table_name": "table_name",
            "function_name": "function_name",
            "function_alias_name": "alias_name",
            "log_group_name": "log_group_name",
            "role_name": "role_name",
            "stage_name": "stage_name",
            "rest_api_id": "rest_api_id",
            "api_url": "api_url",
            "usage_plan_id": "usage_plan_id",
            "user_pool_id": "user_pool_id",
            "user_pool_client_id": "user_pool_client_id",
            "state_bucket_name": "state_bucket",
        }
        changes: dict[str, Any] = {
            field_name: str(outputs[output])
            for output, field_name in pairs.items()
            if outputs.get(output)
        }
        if not changes:
            return self
        if "stage_name" in changes:
            # The stage is named after the environment, and so is the app's state key.
            changes["environment"] = changes["stage_name"]
            changes["app_state_key"] = f"app/{changes['stage_name']}/terraform.tfstate"
        return replace(self, **changes, source="terraform outputs")

    def with_backend(self, repo: Path, backend_name: str) -> Names:
        """Return these names with the state keys and bucket of the repo's backend configs."""
        changes: dict[str, Any] = {}
        for backend in backend_files(repo):
            key = backend.values.get("key")
            if not isinstance(key, str):
                continue
            if key.startswith("bootstrap/"):
                changes["bootstrap_state_key"] = key
            elif backend.name == backend_name:
                changes["app_state_key"] = key
                bucket = backend.values.get("bucket")
                if isinstance(bucket, str) and bucket and self.state_bucket is None:
                    changes["state_bucket"] = bucket
        return replace(self, **changes)
