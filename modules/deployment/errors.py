"""Why a deployment cannot be reached, in both of the course's languages."""

from __future__ import annotations

from modules.i18n import TextError


class DeploymentError(TextError):
    """The project or its deployment cannot be used; detail says why and what to do."""


class NotAProject(DeploymentError):
    """No course project here: the folder and its parents hold no project file."""


class SandboxNotRunning(DeploymentError):
    """No sandbox answers: there is no state file, or its endpoint does not answer."""


class AwsUnavailable(DeploymentError):
    """No AWS credentials, or AWS refuses them."""
