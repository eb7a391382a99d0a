"""What the checks read: IAM policy documents and the reader's Terraform backend files."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from modules.checks.m0 import is_secret
from modules.checks.policies import Grant, allow_grants, covers, has_wildcard, log_group_resources
from modules.deployment.terraform_files import (
    backend_block,
    backend_blocks,
    backend_files,
    parse_assignments,
    strip_comments,
)

GROUP = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app"
TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/sessions"


def test_allow_grants_flattens_actions_by_resources_and_skips_deny() -> None:
    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
                "Resource": TABLE,
            },
            {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"},
        ]
    }
    grants = list(allow_grants(document, "inline"))
    assert [(g.action, g.resource) for g in grants] == [
        ("dynamodb:GetItem", TABLE),
        ("dynamodb:PutItem", TABLE),
    ]


def test_policy_documents_are_read_url_encoded_or_as_json() -> None:
    document = {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "x"}}
    encoded = urllib.parse.quote(json.dumps(document))
    assert list(allow_grants(encoded, "p")) == list(allow_grants(json.dumps(document), "p"))
    assert len(list(allow_grants(document, "p"))) == 1


def test_not_action_and_not_resource_are_broad() -> None:
    document = {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": TABLE}]}
    (grant,) = allow_grants(document, "p")
    assert grant.broad
    assert has_wildcard(grant, ())
    assert not covers(grant, "dynamodb:GetItem", TABLE)


@pytest.mark.parametrize(
    ("action", "resource", "wild"),
    [
        ("logs:PutLogEvents", f"{GROUP}:*", False),
        ("logs:PutLogEvents", f"{GROUP}:log-stream:*", False),
        ("logs:PutLogEvents", GROUP, False),
        ("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*", True),
        ("logs:*", f"{GROUP}:*", True),
        ("dynamodb:Get?tem", TABLE, True),
        ("dynamodb:GetItem", "*", True),
        ("dynamodb:GetItem", f"{TABLE}/index/*", True),
    ],
    ids=[
        "group-streams",
        "group-log-stream-form",
        "group-itself",
        "every-lambda-group",
        "every-logs-action",
        "question-mark",
        "any-resource",
        "every-index",
    ],
)
def test_only_the_log_group_stream_suffix_is_not_a_wildcard(
    action: str, resource: str, wild: bool
) -> None:
    grant = Grant(action=action, resource=resource, policy="p")
    assert has_wildcard(grant, log_group_resources(GROUP)) is wild


def test_covers_matches_actions_case_insensitively_and_resources_by_pattern() -> None:
    grant = Grant(action="DynamoDB:getitem", resource=TABLE, policy="p")
    assert covers(grant, "dynamodb:GetItem", TABLE)
    assert not covers(grant, "dynamodb:PutItem", TABLE)
    streams = Grant(action="logs:PutLogEvents", resource=f"{GROUP}:*", policy="p")
    assert covers(streams, "logs:PutLogEvents", f"{GROUP}:log-stream:abc")
    bare = Grant(action="logs:PutLogEvents", resource=GROUP, policy="p")
    assert not covers(bare, "logs:PutLogEvents", f"{GROUP}:log-stream:abc")


def test_comments_go_but_strings_that_look_like_comments_stay() -> None:
    text = 'a = "x # not a comment" # a comment\n// another\nb = /* inline */ true\n'
    assert strip_comments(text) == 'a = "x # not a comment" \n\nb =  true\n'


def test_parse_assignments_reads_strings_booleans_and_bare_values() -> None:
    text = 'key = "app/dev/terraform.tfstate"\nuse_lockfile = true\nencrypt=false\nretries = 3\n'
    assert parse_assignments(text) == {
        "key": "app/dev/terraform.tfstate",
        "use_lockfile": True,
        "encrypt": False,
        "retries": "3",
    }


def test_backend_block_returns_the_s3_block_body_with_nested_braces() -> None:
    text = 'terraform {\n  backend "s3" {\n    use_lockfile = true\n    x = { a = 1 }\n  }\n}\n'
    body = backend_block(text)
    assert body is not None
    assert parse_assignments(body)["use_lockfile"] is True
    assert backend_block('terraform {\n  # backend "s3" {}\n}\n') is None


def test_backend_files_and_blocks_are_found_in_both_roots(tmp_path: Path) -> None:
    (tmp_path / "terraform" / "backends").mkdir(parents=True)
    (tmp_path / "terraform" / "bootstrap").mkdir()
    (tmp_path / "terraform" / "backend.tf").write_text('terraform {\n backend "s3" {}\n}\n')
    (tmp_path / "terraform" / "bootstrap" / "backend.tf").write_text(
        'terraform {\n backend "s3" {\n use_lockfile = true\n }\n}\n'
    )
    (tmp_path / "terraform" / "backends" / "dev.s3.tfbackend").write_text("use_lockfile = true\n")
    files = backend_files(tmp_path)
    blocks = backend_blocks(tmp_path)
    assert [f.name for f in files] == ["dev"]
    assert [b.path.parent.name for b in blocks] == ["terraform", "bootstrap"]
    assert [b.values.get("use_lockfile") for b in blocks] == [None, True]


def test_the_project_backends_enable_the_s3_lockfile(project_root: Path) -> None:
    files = backend_files(project_root)
    keys = {f.name: str(f.values.get("key")) for f in files}
    assert {"sandbox", "dev", "prod", "bootstrap"} <= set(keys)
    assert all(f.values.get("use_lockfile") is True for f in files)
    assert keys["bootstrap"] == "bootstrap/terraform.tfstate"
    assert keys["dev"] == keys["sandbox"] == "app/dev/terraform.tfstate"
    assert keys["prod"] == "app/prod/terraform.tfstate"


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        ("terraform/terraform.tfstate", True),
        ("terraform/terraform.tfstate.backup", True),
        ("envs/prod.tfvars", True),
        (".env", True),
        ("app/.env.local", True),
        (".env.example", False),
        ("certs/server.pem", True),
        ("juan-admin_accessKeys.csv", True),
        ("terraform/.terraform.lock.hcl", False),
        ("terraform/backends/dev.s3.tfbackend", False),
        ("docs/tfstate.md", False),
    ],
    ids=lambda value: str(value),
)
def test_sensitive_files_are_told_apart_by_name(path: str, secret: bool) -> None:
    assert is_secret(path) is secret
