"""Every module's checks pass on a correct deployment, and each one catches its own breakage.

The deployment is built straight into the moto server (tests.integration.checks.deployment.py);
what moto cannot express (root's MFA, a root caller, a bucket policy with a Condition, a
lifecycle rule, logging_config, running the function) comes from overridden calls and fakes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from modules.checks import checks_for
from modules.checks.framework import CheckResult, Status, Text, run_check
from modules.deployment.aws import Target
from modules.runtime.cognito_authorizer import CognitoAuthorizer, load_user_pool
from modules.runtime.interpreter import RuntimeNotInstalled
from modules.sandbox.moto_server import MotoServer
from tests.integration.checks import deployment as checks_deployment
from tests.integration.checks.deployment import (
    ACCOUNT,
    BUCKET,
    NAMES,
    READER,
    REGION,
    Aws,
    FakeApi,
    FakeFunction,
    RecordingClients,
    access_policy,
    deploy,
    function_arn,
    git,
    lifecycle_rules,
    make_context,
    make_repo,
    put_cors,
    put_post_method,
    put_stage,
    table_arn,
    tfbackend,
    tls_only_policy,
)

pytestmark = pytest.mark.sandbox

ADAPTER = Path("code/auth_sessions/adapters/dynamodb_session_repository.py")


@dataclass
class Deployment:
    """One module's deployment in moto, the reader's repo, and how the checks will see them."""

    module: int
    target: Target
    aws: Aws
    repo: Path
    created: dict[str, Any]
    overrides: dict[str, dict[str, Callable[..., Any]]] = field(default_factory=dict)
    credentials: dict[str, str] = field(
        default_factory=lambda: {"aws_access_key_id": "testing", "aws_secret_access_key": "x"}
    )
    configured_region: str | None = REGION
    function: FakeFunction | None = None
    api: FakeApi | None = None

    def run(self) -> tuple[list[CheckResult], dict[str, list[str]]]:
        """Run the module's checks; return the results and the AWS calls each one made."""
        clients = RecordingClients(
            self.aws.endpoint, credentials=self.credentials, overrides=self.overrides
        )
        ctx = make_context(
            target=self.target,
            clients=clients,
            repo=self.repo,
            invoker=self.function,
            api=self.api,
            configured_region=self.configured_region,
        )
        results, calls = [], {}
        for check in checks_for(self.module):
            clients.calls.clear()
            results.append(run_check(check, ctx))
            calls[check.id] = list(clients.calls)
        return results, calls


def configuration_with_json_logs(aws: Aws, log_format: str = "JSON") -> Callable[..., Any]:
    """GetFunctionConfiguration as AWS answers it: moto does not store logging_config."""

    def call(**kwargs: Any) -> Any:
        answer = aws("lambda").get_function_configuration(**kwargs)
        return {
            **answer,
            "LoggingConfig": {"LogFormat": log_format, "LogGroup": NAMES.log_group_name},
        }

    return call


@pytest.fixture
def deployment(
    moto_server: MotoServer, tmp_path: Path
) -> Iterator[Callable[[int, Target], Deployment]]:
    """Build a fresh, correct deployment of a module for a target."""

    def build(module: int, target: Target) -> Deployment:
        moto_server.reset()
        aws = Aws(moto_server.endpoint)
        repo = make_repo(tmp_path / f"repo-{module}-{target}", code=module == 3)
        made = Deployment(module, target, aws, repo, deploy(aws, module))
        if module == 0:
            key = made.created["deploy_account"]
            made.credentials = {
                "aws_access_key_id": key["AccessKeyId"],
                "aws_secret_access_key": key["SecretAccessKey"],
            }
            summary = {"SummaryMap": {"AccountMFAEnabled": 1, "Users": 1}}
            made.overrides["iam"] = {"get_account_summary": lambda **_: summary}
        if module == 1:
            policy = {"Policy": json.dumps(tls_only_policy())}
            made.overrides["s3"] = {
                "get_bucket_policy": lambda **_: policy,
                "get_bucket_lifecycle_configuration": lambda **_: lifecycle_rules(),
            }
        if module == 3:
            made.overrides["lambda"] = {
                "get_function_configuration": configuration_with_json_logs(aws)
            }
            made.function = FakeFunction(aws)
        if module == 4:
            made.api = FakeApi(aws)
        if module == 5:
            pool = load_user_pool(
                aws("cognito-idp"), aws.endpoint, made.created["deploy_cognito"]["pool_arn"]
            )
            made.api = FakeApi(aws, cognito=CognitoAuthorizer([pool]))
        return made

    yield build


def statuses(results: list[CheckResult]) -> dict[str, Status]:
    return {r.check.id: r.status for r in results}


def explain(results: list[CheckResult]) -> str:
    return "\n".join(f"{r.check.id}: {r.status.value}: {r.detail.en}" for r in results)


@pytest.mark.parametrize("module", [0, 1, 2, 3, 4, 5], ids=lambda n: f"module-{n}")
def test_every_check_passes_on_a_correct_aws_deployment(
    deployment: Callable[[int, Target], Deployment], module: int
) -> None:
    results, _ = deployment(module, "aws").run()
    assert all(r.status is Status.PASSED for r in results), explain(results)
    assert len(results) == len(checks_for(module))


SANDBOX_SKIPS = {
    0: {"m0.root-mfa", "m0.user-mfa", "m0.budget"},
    1: {"m1.bucket-tls-only", "m1.bucket-old-versions-expire"},
    2: set(),
    3: {"m3.function-json-logs"},
    4: set(),
    5: set(),
}


@pytest.mark.parametrize("module", [0, 1, 2, 3, 4, 5], ids=lambda n: f"module-{n}")
def test_on_the_sandbox_only_the_aws_only_checks_are_skipped_with_their_reason(
    deployment: Callable[[int, Target], Deployment], module: int
) -> None:
    made = deployment(module, "sandbox")
    made.overrides.clear()  # the sandbox answers as moto does
    results, calls = made.run()
    skipped = {r.check.id for r in results if r.status is Status.SKIPPED}
    assert skipped == SANDBOX_SKIPS[module], explain(results)
    assert all(r.status is Status.PASSED for r in results if r.check.id not in skipped)
    for result in results:
        if result.status is Status.SKIPPED:
            assert result.detail == result.check.sandbox_skip
            assert calls[result.check.id] == []  # skipped without asking AWS anything


@pytest.mark.parametrize("module", [0, 1, 2, 3, 4, 5], ids=lambda n: f"module-{n}")
def test_each_check_makes_only_the_calls_it_declares(
    deployment: Callable[[int, Target], Deployment], module: int
) -> None:
    _, calls = deployment(module, "aws").run()
    for check in checks_for(module):
        undeclared = set(calls[check.id]) - set(check.calls)
        assert not undeclared, f"{check.id} calls {undeclared} without declaring them"


# --- one breakage per check: (module, what to break) ------------------------------------------


def root_caller(d: Deployment) -> None:
    identity = {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:root", "UserId": ACCOUNT}
    d.overrides["sts"] = {"get_caller_identity": lambda **_: identity}


def root_without_mfa(d: Deployment) -> None:
    del d.overrides["iam"]  # moto's own answer: AccountMFAEnabled = 0


def user_without_mfa(d: Deployment) -> None:
    iam = d.aws("iam")
    for device in iam.list_mfa_devices(UserName=READER)["MFADevices"]:
        iam.deactivate_mfa_device(UserName=READER, SerialNumber=device["SerialNumber"])


def no_budget(d: Deployment) -> None:
    d.aws("budgets").delete_budget(AccountId=ACCOUNT, BudgetName="zero-spend")


def no_region(d: Deployment) -> None:
    d.configured_region = None


def env_not_ignored(d: Deployment) -> None:
    gitignore = d.repo / ".gitignore"
    gitignore.write_text(gitignore.read_text().replace(".env\n", ""))


def no_gitleaks_hook(d: Deployment) -> None:
    config = d.repo / ".pre-commit-config.yaml"
    config.write_text(config.read_text().replace("- id: gitleaks", "- id: check-yaml"))


def tfvars_committed(d: Deployment) -> None:
    (d.repo / "config").mkdir()
    (d.repo / "config" / "prod.tfvars").write_text('db_password = "hunter2"\n')
    git(d.repo, "add", "--force", "config/prod.tfvars")


def versioning_suspended(d: Deployment) -> None:
    d.aws("s3").put_bucket_versioning(
        Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"}
    )


def no_encryption(d: Deployment) -> None:
    d.aws("s3").delete_bucket_encryption(Bucket=BUCKET)


def public_policy_allowed(d: Deployment) -> None:
    d.aws("s3").put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False,
        },
    )


def no_bucket_policy(d: Deployment) -> None:
    del d.overrides["s3"]["get_bucket_policy"]  # moto's own answer: NoSuchBucketPolicy


def no_lifecycle(d: Deployment) -> None:
    del d.overrides["s3"]["get_bucket_lifecycle_configuration"]


def app_state_missing(d: Deployment) -> None:
    d.aws("s3").delete_object(Bucket=BUCKET, Key=NAMES.app_state_key)


def bootstrap_state_missing(d: Deployment) -> None:
    d.aws("s3").delete_object(Bucket=BUCKET, Key=NAMES.bootstrap_state_key)


def local_state_left(d: Deployment) -> None:
    state = {"version": 4, "resources": [{"type": "aws_s3_bucket", "name": "state"}]}
    (d.repo / "terraform" / "bootstrap" / "terraform.tfstate").write_text(json.dumps(state))


def lockfile_off(d: Deployment) -> None:
    (d.repo / "terraform" / "backends" / "dev.s3.tfbackend").write_text(
        tfbackend("dev", lockfile=False)
    )


def stale_lock(d: Deployment) -> None:
    d.aws("s3").put_object(Bucket=BUCKET, Key=f"{NAMES.app_state_key}.tflock", Body=b"{}")


def provisioned_table(d: Deployment) -> None:
    d.aws("dynamodb").update_table(
        TableName=NAMES.table_name,
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )


def wrong_key(d: Deployment) -> None:
    dynamodb = d.aws("dynamodb")
    dynamodb.delete_table(TableName=NAMES.table_name)
    dynamodb.create_table(
        TableName=NAMES.table_name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )
    dynamodb.update_time_to_live(
        TableName=NAMES.table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
    )


def ttl_off(d: Deployment) -> None:
    d.aws("dynamodb").update_time_to_live(
        TableName=NAMES.table_name,
        TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires_at"},
    )


def ec2_trusted(d: Deployment) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"]},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    d.aws("iam").update_assume_role_policy(
        RoleName=NAMES.role_name, PolicyDocument=json.dumps(trust)
    )


def put_access_policy(d: Deployment, policy: dict[str, Any]) -> None:
    d.aws("iam").put_role_policy(
        RoleName=NAMES.role_name,
        PolicyName=f"{NAMES.project}-{NAMES.environment}-session-api-access",
        PolicyDocument=json.dumps(policy),
    )


def delete_item_missing(d: Deployment) -> None:
    policy = access_policy()
    policy["Statement"][0]["Action"] = ["dynamodb:GetItem", "dynamodb:PutItem"]
    put_access_policy(d, policy)


def scan_granted(d: Deployment) -> None:
    policy = access_policy()
    policy["Statement"][0]["Action"].append("dynamodb:Scan")
    put_access_policy(d, policy)


def managed_wildcard_attached(d: Deployment) -> None:
    iam = d.aws("iam")
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*"}],
    }
    arn = iam.create_policy(PolicyName="broad-logs", PolicyDocument=json.dumps(document))["Policy"][
        "Arn"
    ]
    iam.attach_role_policy(RoleName=NAMES.role_name, PolicyArn=arn)


def configure(**settings: Any) -> Callable[[Deployment], None]:
    def breaker(d: Deployment) -> None:
        d.aws("lambda").update_function_configuration(FunctionName=NAMES.function_name, **settings)

    return breaker


def x86(d: Deployment) -> None:
    # moto ignores Architectures on UpdateFunctionCode: change the answer instead.
    answer = d.overrides["lambda"]["get_function_configuration"]
    d.overrides["lambda"]["get_function_configuration"] = lambda **kw: {
        **answer(**kw),
        "Architectures": ["x86_64"],
    }


def other_role(d: Deployment) -> None:
    arn = d.aws("iam").create_role(RoleName="admin", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    configure(Role=arn)(d)


def text_logs(d: Deployment) -> None:
    d.overrides["lambda"]["get_function_configuration"] = configuration_with_json_logs(
        d.aws, "Text"
    )


def retention_30_in_dev(d: Deployment) -> None:
    d.aws("logs").put_retention_policy(logGroupName=NAMES.log_group_name, retentionInDays=30)


def alias_on_latest(d: Deployment) -> None:
    d.aws("lambda").update_alias(
        FunctionName=NAMES.function_name, Name=NAMES.alias_name, FunctionVersion="$LATEST"
    )


def nothing_stored(d: Deployment) -> None:
    assert d.function is not None
    d.function.stores = False


def token_as_key(d: Deployment) -> None:
    assert d.function is not None
    d.function.keys_by_token = True


def get_not_implemented(d: Deployment) -> None:
    assert d.function is not None
    d.function.reads = False


def remove_not_implemented(d: Deployment) -> None:
    assert d.function is not None
    d.function.revokes = False


def put_overwrites(d: Deployment) -> None:
    """The reader's add() has lost its condition: a taken id is overwritten, not refused."""
    adapter = d.repo / ADAPTER
    code = adapter.read_text()
    condition = '                    ConditionExpression="attribute_not_exists(session_id)",\n'
    assert condition in code
    adapter.write_text(code.replace(condition, ""))


def token_logged(d: Deployment) -> None:
    assert d.function is not None
    d.function.logs_token = True


def rest_api(d: Deployment) -> tuple[Any, str, dict[str, str]]:
    api = d.aws("apigateway")
    api_id = d.created["deploy_api"]
    ids = {r["path"]: r["id"] for r in api.get_resources(restApiId=api_id)["items"]}
    return api, api_id, ids


def delete_method_missing(d: Deployment) -> None:
    api, api_id, ids = rest_api(d)
    api.delete_method(restApiId=api_id, resourceId=ids["/sessions/current"], httpMethod="DELETE")


def get_calls_unqualified_function(d: Deployment) -> None:
    api, api_id, ids = rest_api(d)
    api.put_integration(
        restApiId=api_id,
        resourceId=ids["/sessions/current"],
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn()}"
        "/invocations",
    )


def preflight_without_origin(d: Deployment) -> None:
    api, api_id, ids = rest_api(d)
    api.delete_method(restApiId=api_id, resourceId=ids["/sessions"], httpMethod="OPTIONS")
    put_cors(api, api_id, ids["/sessions"], "POST,OPTIONS")
    api.put_integration_response(
        restApiId=api_id,
        resourceId=ids["/sessions"],
        httpMethod="OPTIONS",
        statusCode="200",
        responseParameters={
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type'",
            "method.response.header.Access-Control-Allow-Methods": "'POST,OPTIONS'",
        },
    )


def stage_unthrottled(d: Deployment) -> None:
    api, api_id, _ = rest_api(d)
    deployment_id = api.get_stage(restApiId=api_id, stageName=NAMES.stage_name)["deploymentId"]
    api.delete_stage(restApiId=api_id, stageName=NAMES.stage_name)
    put_stage(api, api_id, deployment_id, throttled=False)


def usage_plan_deleted(d: Deployment) -> None:
    api = d.aws("apigateway")
    for plan in api.get_usage_plans()["items"]:
        api.delete_usage_plan(usagePlanId=plan["id"])


def get_permission_removed(d: Deployment) -> None:
    d.aws("lambda").remove_permission(
        FunctionName=NAMES.function_name,
        StatementId="AllowApiGateway-get-session",
        Qualifier=NAMES.alias_name,
    )


def delete_fails(d: Deployment) -> None:
    assert d.api is not None
    d.api.delete_status = 500


def short_passwords(d: Deployment) -> None:
    d.aws("cognito-idp").update_user_pool(
        UserPoolId=d.created["deploy_cognito"]["pool_id"],
        Policies={"PasswordPolicy": {"MinimumLength": 8}},
    )


def no_srp(d: Deployment) -> None:
    created = d.created["deploy_cognito"]
    d.aws("cognito-idp").update_user_pool_client(
        UserPoolId=created["pool_id"],
        ClientId=created["client_id"],
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )


def post_without_authorizer(d: Deployment) -> None:
    put_post_method(d.aws, d.created["deploy_api"], "NONE", None)


def signature_unchecked(d: Deployment) -> None:
    assert d.api is not None
    d.api.verifies_signature = False


def user_from_body(d: Deployment) -> None:
    assert d.api is not None
    d.api.user_from_body = True


BREAKAGES: dict[str, Callable[[Deployment], None]] = {
    "m0.caller-not-root": root_caller,
    "m0.root-mfa": root_without_mfa,
    "m0.user-mfa": user_without_mfa,
    "m0.budget": no_budget,
    "m0.region": no_region,
    "m0.repo-ignores-secrets": env_not_ignored,
    "m0.repo-tracks-no-secrets": tfvars_committed,
    "m0.hooks-catch-keys": no_gitleaks_hook,
    "m1.bucket-versioning": versioning_suspended,
    "m1.bucket-encryption": no_encryption,
    "m1.bucket-public-access-block": public_policy_allowed,
    "m1.bucket-tls-only": no_bucket_policy,
    "m1.bucket-old-versions-expire": no_lifecycle,
    "m1.app-state-object": app_state_missing,
    "m1.bootstrap-state-object": bootstrap_state_missing,
    "m1.no-local-state": local_state_left,
    "m1.lockfile-enabled": lockfile_off,
    "m1.no-stale-lock": stale_lock,
    "m2.table-billing-mode": provisioned_table,
    "m2.table-key-schema": wrong_key,
    "m2.table-ttl": ttl_off,
    "m2.role-trust": ec2_trusted,
    "m2.role-grants-needed": delete_item_missing,
    "m2.role-grants-nothing-else": scan_granted,
    "m2.role-no-wildcards": managed_wildcard_attached,
    "m3.function-runtime": configure(Runtime="python3.12"),
    "m3.function-architecture": x86,
    "m3.function-memory": configure(MemorySize=512),
    "m3.function-timeout": configure(Timeout=30),
    "m3.function-handler": configure(Handler="main.handler"),
    "m3.function-env": configure(Environment={"Variables": {"DYNAMODB_TABLE_NAME": "users"}}),
    "m3.function-role": other_role,
    "m3.function-json-logs": text_logs,
    "m3.log-retention": retention_30_in_dev,
    "m3.alias": alias_on_latest,
    "m3.invoke-creates-session": nothing_stored,
    "m3.token-hashed-at-rest": token_as_key,
    "m3.logs-no-token": token_logged,
    "m3.invoke-reads-session": get_not_implemented,
    "m3.invoke-revokes-session": remove_not_implemented,
    "m3.repository-contract": put_overwrites,
    "m4.routes": delete_method_missing,
    "m4.proxy-integrations": get_calls_unqualified_function,
    "m4.cors-preflight": preflight_without_origin,
    "m4.stage-throttling": stage_unthrottled,
    "m4.usage-plan": usage_plan_deleted,
    "m4.lambda-permission": get_permission_removed,
    "m4.http-round-trip": delete_fails,
    "m5.user-pool": short_passwords,
    "m5.app-client": no_srp,
    "m5.authorizer": post_without_authorizer,
    "m5.http-unauthorized": signature_unchecked,
    "m5.http-id-token": user_from_body,
}


def test_every_check_has_a_breakage_test() -> None:
    every = {check.id for module in range(6) for check in checks_for(module)}
    assert set(BREAKAGES) == every


@pytest.mark.parametrize("check_id", list(BREAKAGES), ids=list(BREAKAGES))
def test_breaking_one_thing_fails_exactly_its_check(
    deployment: Callable[[int, Target], Deployment], check_id: str
) -> None:
    module = int(check_id[1])
    made = deployment(module, "aws")
    BREAKAGES[check_id](made)
    results, _ = made.run()
    failed = {r.check.id for r in results if r.status is Status.FAILED}
    assert failed == {check_id}, explain(results)
    broken = next(r for r in results if r.check.id == check_id)
    assert broken.detail.es and broken.detail.en and broken.detail.es != broken.detail.en


def test_a_preflight_that_does_not_allow_authorization_fails_the_cors_check(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    """Without Authorization in Allow-Headers, a browser never sends the session token."""
    made = deployment(4, "aws")
    api, api_id, ids = rest_api(made)
    api.put_integration_response(
        restApiId=api_id,
        resourceId=ids["/sessions/current"],
        httpMethod="OPTIONS",
        statusCode="200",
        responseParameters={
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type'",
            "method.response.header.Access-Control-Allow-Methods": "'GET,DELETE,OPTIONS'",
            "method.response.header.Access-Control-Allow-Origin": "'*'",
        },
    )
    results, _ = made.run()
    assert {r.check.id for r in results if r.status is Status.FAILED} == {"m4.cors-preflight"}
    broken = next(r for r in results if r.check.id == "m4.cors-preflight")
    assert "/sessions/current: Allow-Headers 'Content-Type' lacks authorization" in broken.detail.en


def test_an_assumed_role_caller_skips_the_user_mfa_check_with_its_reason(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(0, "aws")
    role = made.aws("iam").create_role(RoleName="sso-admin", AssumeRolePolicyDocument="{}")
    assumed = made.aws("sts").assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="reader")[
        "Credentials"
    ]
    made.credentials = {
        "aws_access_key_id": assumed["AccessKeyId"],
        "aws_secret_access_key": assumed["SecretAccessKey"],
        "aws_session_token": assumed["SessionToken"],
    }
    results, _ = made.run()
    by_id = {r.check.id: r for r in results}
    assert by_id["m0.user-mfa"].status is Status.SKIPPED
    assert "assumed-role" in by_id["m0.user-mfa"].detail.en
    assert {r.check.id for r in results if r.status is Status.FAILED} == set()


def test_a_budget_without_alerts_fails_the_budget_check(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(0, "aws")
    budgets = made.aws("budgets")
    for notification in budgets.describe_notifications_for_budget(
        AccountId=ACCOUNT, BudgetName="zero-spend"
    )["Notifications"]:
        budgets.delete_notification(
            AccountId=ACCOUNT, BudgetName="zero-spend", Notification=notification
        )
    results, _ = made.run()
    assert statuses(results)["m0.budget"] is Status.FAILED
    assert "no alerts" in next(r for r in results if r.check.id == "m0.budget").detail.en


def test_expires_at_in_milliseconds_fails_the_invoke_check(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(3, "aws")
    assert made.function is not None
    made.function.expires_in_s = 3600 * 1000  # what a milliseconds bug looks like in seconds
    results, _ = made.run()
    assert statuses(results)["m3.invoke-creates-session"] is Status.FAILED


def test_the_invoke_check_deletes_its_session_and_the_round_trip_leaves_none(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    for module in (3, 4):
        made = deployment(module, "aws")
        results, _ = made.run()
        assert all(r.status is Status.PASSED for r in results), explain(results)
        items = made.aws("dynamodb").scan(TableName=NAMES.table_name)["Items"]
        assert items == []


def test_the_logs_check_is_skipped_when_no_session_was_created(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(3, "aws")
    made.function = None  # an invoker that cannot even be called
    results, _ = made.run()
    by_id = {r.check.id: r for r in results}
    assert by_id["m3.invoke-creates-session"].status is Status.FAILED
    assert by_id["m3.token-hashed-at-rest"].status is Status.SKIPPED
    assert by_id["m3.logs-no-token"].status is Status.SKIPPED


def test_the_logs_check_fails_when_the_invocation_never_reaches_the_log_group(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(3, "aws")
    assert made.function is not None
    function = made.function

    class Silent:
        def invoke(self, event: Any) -> Any:
            result = function.invoke(event)
            return type(result)(result.payload, "request-that-logged-nothing")

    made.function = Silent()  # type: ignore[assignment]
    results, _ = made.run()
    by_id = {r.check.id: r for r in results}
    assert by_id["m3.logs-no-token"].status is Status.FAILED
    assert "request-that-logged-nothing" in by_id["m3.logs-no-token"].detail.en


def test_a_missing_table_fails_the_table_checks_with_a_clear_reason(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(2, "aws")
    made.aws("dynamodb").delete_table(TableName=NAMES.table_name)
    results, _ = made.run()
    failed = {r.check.id: r.detail.en for r in results if r.status is Status.FAILED}
    assert set(failed) == {"m2.table-billing-mode", "m2.table-key-schema", "m2.table-ttl"}
    assert all("does not exist" in d or "ResourceNotFound" in d for d in failed.values())
    assert table_arn().endswith(NAMES.table_name)


def test_the_course_sample_gitignore_passes_the_repository_checks(
    deployment: Callable[[int, Target], Deployment], project_root: Path, tmp_path: Path
) -> None:
    made = deployment(0, "aws")
    sample = (project_root / "code" / "repo-hygiene" / "gitignore").read_text(encoding="utf-8")
    made.repo = make_repo(tmp_path / "reader-repo", gitignore=sample)
    results, _ = made.run()
    by_id = {r.check.id: r for r in results}
    for check_id in ("m0.repo-ignores-secrets", "m0.repo-tracks-no-secrets"):
        assert by_id[check_id].status is Status.PASSED, by_id[check_id].detail.en


def test_an_item_that_keeps_the_id_token_fails_the_id_token_check(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(5, "aws")
    assert made.api is not None
    made.api.stores_id_token = True
    results, _ = made.run()
    assert {r.check.id for r in results if r.status is Status.FAILED} == {"m5.http-id-token"}
    broken = next(r for r in results if r.check.id == "m5.http-id-token")
    assert "SHA-256" in broken.detail.en


def test_an_app_client_with_a_secret_fails_the_client_check(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(5, "aws")
    cognito = made.aws("cognito-idp")
    pool_id = made.created["deploy_cognito"]["pool_id"]
    cognito.delete_user_pool_client(
        UserPoolId=pool_id, ClientId=made.created["deploy_cognito"]["client_id"]
    )
    cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=NAMES.user_pool_client_name,
        GenerateSecret=True,
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )
    results, _ = made.run()
    broken = next(r for r in results if r.check.id == "m5.app-client")
    assert broken.status is Status.FAILED
    assert "secret" in broken.detail.en


def test_the_id_token_check_leaves_no_user_and_no_session_behind(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(5, "aws")
    results, _ = made.run()
    assert all(r.status is Status.PASSED for r in results), explain(results)
    pool_id = made.created["deploy_cognito"]["pool_id"]
    assert made.aws("cognito-idp").list_users(UserPoolId=pool_id)["Users"] == []
    assert made.aws("dynamodb").scan(TableName=NAMES.table_name)["Count"] == 0


def test_an_adapter_that_does_not_import_fails_the_contract_with_its_last_line(
    deployment: Callable[[int, Target], Deployment],
) -> None:
    made = deployment(3, "aws")
    adapter = made.repo / ADAPTER
    adapter.write_text(adapter.read_text() + "\ndef broken(:\n")
    results, _ = made.run()
    contract = next(r for r in results if r.check.id == "m3.repository-contract")
    assert contract.status is Status.FAILED
    assert contract.detail.en.startswith("the contract could not run your adapter from ")
    assert contract.detail.en.endswith("SyntaxError: invalid syntax")
    assert "Traceback" not in contract.detail.en


def test_without_the_functions_python_the_contract_is_skipped_with_the_fix(
    deployment: Callable[[int, Target], Deployment], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise RuntimeNotInstalled(Text(es="ejecuta `make setup`", en="run `make setup`"))

    monkeypatch.setattr(checks_deployment, "function_python", missing)
    results, _ = deployment(3, "aws").run()
    contract = next(r for r in results if r.check.id == "m3.repository-contract")
    assert (contract.status, contract.detail.en) == (Status.SKIPPED, "run `make setup`")
