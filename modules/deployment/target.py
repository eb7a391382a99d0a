"""A deployment: one project on one target, with its names and its AWS clients."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import boto3

from modules.deployment import state as sandbox_state
from modules.deployment.aws import (
    AWS_CONFIG,
    DEFAULT_REGION,
    SANDBOX_CREDENTIALS,
    Clients,
    Target,
    aws_session,
    check_credentials,
    sandbox_session,
    without_endpoints,
)
from modules.deployment.errors import SandboxNotRunning
from modules.deployment.names import Names
from modules.deployment.probe import is_answering
from modules.deployment.project import Project
from modules.i18n import Text


@dataclass(frozen=True)
class Deployment:
    """A project deployed on a target: where it answers, what it is called, how to reach it."""

    project: Project
    target: Target
    session: boto3.Session
    clients: Clients
    names: Names
    region: str
    endpoint: str | None = None  # the sandbox's endpoint; None on AWS


def sandbox(project: Project) -> Deployment:
    """Return the project's running sandbox; raise SandboxNotRunning when there is none."""
    current = sandbox_state.load(project.state_root)
    if current is None:
        raise SandboxNotRunning(
            Text(
                es=f"no hay ningún sandbox en marcha en {project.state_root}: arráncalo con "
                "`course sandbox up`",
                en=f"no sandbox is running in {project.state_root}: start it with "
                "`course sandbox up`",
            )
        )
    if not is_answering(current.endpoint):
        raise SandboxNotRunning(
            Text(
                es=f"el sandbox de {current.endpoint} no responde: arráncalo otra vez con "
                "`course sandbox up`",
                en=f"the sandbox at {current.endpoint} does not answer: start it again with "
                "`course sandbox up`",
            )
        )
    region = current.outputs.get("region") or SANDBOX_CREDENTIALS["AWS_REGION"]
    session = sandbox_session(region)
    names = Names.defaults().with_outputs(current.outputs).with_backend(project.root, "sandbox")
    return Deployment(
        project=project,
        target="sandbox",
        session=session,
        clients=Clients(session, endpoint_url=current.endpoint),
        names=names,
        region=region,
        endpoint=current.endpoint,
    )


def aws(project: Project, *, check: bool = True) -> Deployment:
    """Return the project on the reader's AWS account; raise AwsUnavailable without credentials."""
    session = aws_session()
    clients = Clients(session, config=AWS_CONFIG)
    if check:
        check_credentials(clients)
    outputs = {
        **terraform_outputs(project.terraform_dir / "bootstrap"),
        **terraform_outputs(project.terraform_dir),
    }
    names = Names.defaults().with_outputs(outputs)
    names = names.with_backend(project.root, names.environment)
    return Deployment(
        project=project,
        target="aws",
        session=session,
        clients=clients,
        names=names,
        region=session.region_name or DEFAULT_REGION,
    )


def connect(project: Project, target: Target) -> Deployment:
    """Return the project's deployment on target; raise a DeploymentError when unreachable.

    On AWS the credentials are not tried first: the command's own call says when they fail.
    """
    return sandbox(project) if target == "sandbox" else aws(project, check=False)


def terraform_outputs(root: Path) -> dict[str, str]:
    """Return `terraform output` of an initialised root as strings; {} when it cannot."""
    if shutil.which("terraform") is None or not (root / ".terraform").is_dir():
        return {}
    env = without_endpoints(os.environ)
    try:
        result = subprocess.run(
            ["terraform", f"-chdir={root}", "output", "-json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )
        values = json.loads(result.stdout) if result.returncode == 0 else {}
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}
    return {name: str(item.get("value")) for name, item in values.items()}
