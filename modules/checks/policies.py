"""IAM policy documents as flat grants (action on resource), for least-privilege checks."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any


@dataclass(frozen=True)
class Grant:
    """One action allowed on one resource by a policy; broad when from NotAction/NotResource."""

    action: str
    resource: str
    policy: str
    broad: bool = False

    def __str__(self) -> str:
        return f"{self.action} on {self.resource} ({self.policy})"


def load_document(document: str | Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a policy document as a mapping; IAM returns them URL-encoded or already parsed."""
    if isinstance(document, Mapping):
        return document
    text = document if document.lstrip().startswith("{") else urllib.parse.unquote(document)
    return json.loads(text)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def statements(document: str | Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Return the statements of a policy document, always as a list."""
    return as_list(load_document(document).get("Statement"))


def allow_grants(document: str | Mapping[str, Any], policy: str) -> Iterator[Grant]:
    """Yield every (action, resource) an Allow statement grants; Deny only narrows: skipped."""
    for statement in statements(document):
        if statement.get("Effect") != "Allow":
            continue
        actions = as_list(statement.get("Action"))
        resources = as_list(statement.get("Resource"))
        broad = False
        if "NotAction" in statement:
            actions = [f"NotAction:{','.join(as_list(statement['NotAction']))}"]
            broad = True
        if "NotResource" in statement:
            resources = [f"NotResource:{','.join(as_list(statement['NotResource']))}"]
            broad = True
        for action in actions:
            for resource in resources:
                yield Grant(action=str(action), resource=str(resource), policy=policy, broad=broad)


def log_group_resources(log_group_arn: str) -> tuple[str, ...]:
    """Return the ways a policy names a log group and its streams (`:*` is not a wildcard)."""
    return (log_group_arn, f"{log_group_arn}:*", f"{log_group_arn}:log-stream:*")


def has_wildcard(grant: Grant, scoped_resources: Iterable[str]) -> bool:
    """Tell whether a grant reaches beyond named actions and resources."""
    if grant.broad or "*" in grant.action or "?" in grant.action:
        return True
    if grant.resource in set(scoped_resources):
        return False
    return "*" in grant.resource or "?" in grant.resource


def covers(grant: Grant, action: str, resource: str) -> bool:
    """Tell whether grant allows action on resource (IAM matches actions case-insensitively)."""
    if grant.broad:
        return False
    return fnmatchcase(action.lower(), grant.action.lower()) and fnmatchcase(
        resource, grant.resource
    )
