"""A correct deployment built straight into the moto server, and fakes for what moto cannot do.

`deploy(aws, modules)` creates exactly what the Terraform creates (bucket, table, role, log
group, function, alias, REST API) so the checks can be tested without running Terraform.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import shutil
import subprocess
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from modules.checks.context import Context, HttpResponse, InvokeResult
from modules.checks.targets import function_python
from modules.deployment.aws import Target
from modules.deployment.names import Names
from modules.deployment.project import COURSE_ROOT
from modules.runtime.cognito_authorizer import CognitoAuthorizer
from modules.sandbox.tables import create_sessions_table
from tests.fixtures import new_project

ACCOUNT = "123456789012"
REGION = "us-east-1"
NAMES = Names.defaults()
BUCKET = f"{NAMES.project}-tfstate-{ACCOUNT}"
READER = "reader"  # the IAM user module 0 creates for day-to-day work

TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "LambdaAssumesRole",
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def table_arn() -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{NAMES.table_name}"


def log_group_arn() -> str:
    return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{NAMES.log_group_name}"


def function_arn() -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{NAMES.function_name}"


def access_policy() -> dict[str, Any]:
    """The execution role's inline policy, as terraform/iam.tf writes it."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SessionItems",
                "Effect": "Allow",
                "Action": ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"],
                "Resource": table_arn(),
            },
            {
                "Sid": "OwnLogStreams",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{log_group_arn()}:*",
            },
        ],
    }


def tls_only_policy(bucket: str = BUCKET) -> dict[str, Any]:
    """The bootstrap's TLS-only bucket policy (moto cannot hold it: a Condition 403s every call)."""
    arn = f"arn:aws:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def lifecycle_rules() -> dict[str, Any]:
    """The bootstrap's lifecycle rule (moto takes about a minute to create one)."""
    return {
        "Rules": [
            {
                "ID": "expire-old-state-versions",
                "Status": "Enabled",
                "Filter": {},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
            }
        ]
    }


@dataclass
class Aws:
    """Admin clients on the moto server, for building and breaking the deployment."""

    endpoint: str
    _cache: dict[str, Any] = field(default_factory=dict)

    def __call__(self, service: str) -> Any:
        if service not in self._cache:
            self._cache[service] = boto3.client(
                service,
                endpoint_url=self.endpoint,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
        return self._cache[service]


def deploy_account(aws: Aws) -> dict[str, str]:
    """Module 0: an IAM user with MFA and access keys, and a budget with an alert."""
    iam = aws("iam")
    iam.create_user(UserName=READER)
    key = iam.create_access_key(UserName=READER)["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=READER)["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName=READER,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    budgets = aws("budgets")
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget={
            "BudgetName": "zero-spend",
            "BudgetLimit": {"Amount": "1.0", "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
        },
        NotificationsWithSubscribers=[
            {
                "Notification": {
                    "NotificationType": "ACTUAL",
                    "ComparisonOperator": "GREATER_THAN",
                    "Threshold": 100.0,
                    "ThresholdType": "PERCENTAGE",
                },
                "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "reader@example.com"}],
            }
        ],
    )
    return {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}


def deploy_state(aws: Aws) -> None:
    """Module 1: the state bucket as the bootstrap configures it, holding both states."""
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    state = json.dumps({"version": 4, "resources": [{"type": "aws_s3_bucket"}]}).encode()
    s3.put_object(Bucket=BUCKET, Key=NAMES.app_state_key, Body=state)
    s3.put_object(Bucket=BUCKET, Key=NAMES.bootstrap_state_key, Body=state)


def deploy_table_and_role(aws: Aws) -> None:
    """Module 2: the sessions table with TTL, and the least-privilege execution role."""
    dynamodb = aws("dynamodb")
    create_sessions_table(dynamodb, NAMES.table_name)
    iam = aws("iam")
    iam.create_role(RoleName=NAMES.role_name, AssumeRolePolicyDocument=json.dumps(TRUST_POLICY))
    iam.put_role_policy(
        RoleName=NAMES.role_name,
        PolicyName=f"{NAMES.project}-{NAMES.environment}-session-api-access",
        PolicyDocument=json.dumps(access_policy()),
    )


def lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("auth_sessions/__init__.py", "")
    return buffer.getvalue()


def deploy_function(aws: Aws, code: bytes | None = None) -> None:
    """Module 3: the log group with retention, the published function and its alias."""
    logs = aws("logs")
    logs.create_log_group(logGroupName=NAMES.log_group_name)
    logs.put_retention_policy(logGroupName=NAMES.log_group_name, retentionInDays=7)
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/{NAMES.role_name}"
    lam = aws("lambda")
    function = lam.create_function(
        FunctionName=NAMES.function_name,
        Runtime="python3.13",
        Role=role_arn,
        Handler="auth_sessions.entrypoints.lambda_handler.handler",
        Code={"ZipFile": code or lambda_zip()},
        Architectures=["arm64"],
        MemorySize=128,
        Timeout=10,
        Publish=True,
        Environment={
            "Variables": {
                "DYNAMODB_TABLE_NAME": NAMES.table_name,
                "ENVIRONMENT": NAMES.environment,
                "LOG_LEVEL": "INFO",
            }
        },
    )
    lam.create_alias(
        FunctionName=NAMES.function_name, Name=NAMES.alias_name, FunctionVersion=function["Version"]
    )


CORS = {"/sessions": "POST,OPTIONS", "/sessions/current": "GET,DELETE,OPTIONS"}
LAMBDA_ROUTES = (
    ("create-session", "/sessions", "POST", "/sessions"),
    ("get-session", "/sessions/current", "GET", "/sessions/current"),
    ("revoke-session", "/sessions/current", "DELETE", "/sessions/current"),
)


def deploy_api(aws: Aws) -> str:
    """Module 4: the REST API as terraform/api_gateway.tf builds it; return its id."""
    api = aws("apigateway")
    api_id = api.create_rest_api(
        name=NAMES.rest_api_name, endpointConfiguration={"types": ["REGIONAL"]}
    )["id"]
    root = api.get_resources(restApiId=api_id)["items"][0]["id"]
    sessions = api.create_resource(restApiId=api_id, parentId=root, pathPart="sessions")["id"]
    current = api.create_resource(restApiId=api_id, parentId=sessions, pathPart="current")["id"]
    ids = {"/sessions": sessions, "/sessions/current": current}
    uri = (
        f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{function_arn()}:{NAMES.alias_name}/invocations"
    )
    for _, path, method, _ in LAMBDA_ROUTES:
        api.put_method(
            restApiId=api_id, resourceId=ids[path], httpMethod=method, authorizationType="NONE"
        )
        api.put_integration(
            restApiId=api_id,
            resourceId=ids[path],
            httpMethod=method,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=uri,
        )
    for path, methods in CORS.items():
        put_cors(api, api_id, ids[path], methods)
    deployment = api.create_deployment(restApiId=api_id)["id"]
    put_stage(api, api_id, deployment)
    api.create_usage_plan(
        name=NAMES.usage_plan_name,
        apiStages=[{"apiId": api_id, "stage": NAMES.stage_name}],
        throttle={"rateLimit": 10.0, "burstLimit": 20},
        quota={"limit": 10000, "period": "DAY"},
    )
    execution_arn = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}"
    for statement, _, method, pattern in LAMBDA_ROUTES:
        aws("lambda").add_permission(
            FunctionName=NAMES.function_name,
            Qualifier=NAMES.alias_name,
            StatementId=f"AllowApiGateway-{statement}",
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"{execution_arn}/{NAMES.stage_name}/{method}{pattern}",
        )
    return api_id


def put_cors(api: Any, api_id: str, resource_id: str, methods: str, origin: str = "'*'") -> None:
    api.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", authorizationType="NONE"
    )
    api.put_integration(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="OPTIONS",
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode":200}'},
    )
    headers = ("Headers", "Methods", "Origin")
    api.put_method_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="OPTIONS",
        statusCode="200",
        responseModels={"application/json": "Empty"},
        responseParameters={
            f"method.response.header.Access-Control-Allow-{h}": True for h in headers
        },
    )
    values = {
        "Headers": "'Authorization,Content-Type,X-Api-Key'",
        "Methods": f"'{methods}'",
        "Origin": origin,
    }
    api.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="OPTIONS",
        statusCode="200",
        responseParameters={
            f"method.response.header.Access-Control-Allow-{h}": v for h, v in values.items()
        },
    )


def put_stage(api: Any, api_id: str, deployment: str, throttled: bool = True) -> None:
    api.create_stage(restApiId=api_id, stageName=NAMES.stage_name, deploymentId=deployment)
    if throttled:
        api.update_stage(
            restApiId=api_id,
            stageName=NAMES.stage_name,
            patchOperations=[
                {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
                {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "10"},
                {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "20"},
            ],
        )


def deploy_cognito(aws: Aws) -> dict[str, str]:
    """Module 5: the user pool, its public client and the authorizer on POST /sessions."""
    cognito = aws("cognito-idp")
    pool = cognito.create_user_pool(
        PoolName=NAMES.user_pool_name,
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireNumbers": True}},
    )["UserPool"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName=NAMES.user_pool_client_name,
        GenerateSecret=False,
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]
    api = aws("apigateway")
    api_id = next(a["id"] for a in api.get_rest_apis()["items"] if a["name"] == NAMES.rest_api_name)
    authorizer_id = api.create_authorizer(
        restApiId=api_id,
        name=f"{NAMES.project}-{NAMES.environment}-cognito",
        type="COGNITO_USER_POOLS",
        providerARNs=[pool["Arn"]],
        identitySource="method.request.header.Authorization",
    )["id"]
    put_post_method(aws, api_id, "COGNITO_USER_POOLS", authorizer_id)
    return {"pool_arn": pool["Arn"], "pool_id": pool["Id"], "client_id": client["ClientId"]}


def put_post_method(aws: Aws, api_id: str, authorization: str, authorizer_id: str | None) -> None:
    """Put POST /sessions again with this authorization (moto's UpdateMethod cannot change it)."""
    api = aws("apigateway")
    sessions = next(
        r["id"] for r in api.get_resources(restApiId=api_id)["items"] if r["path"] == "/sessions"
    )
    uri = api.get_integration(restApiId=api_id, resourceId=sessions, httpMethod="POST")["uri"]
    api.delete_method(restApiId=api_id, resourceId=sessions, httpMethod="POST")
    extra = {"authorizerId": authorizer_id} if authorizer_id else {}
    api.put_method(
        restApiId=api_id,
        resourceId=sessions,
        httpMethod="POST",
        authorizationType=authorization,
        **extra,
    )
    api.put_integration(
        restApiId=api_id,
        resourceId=sessions,
        httpMethod="POST",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=uri,
    )


DEPLOYERS: dict[int, tuple[Callable[[Aws], Any], ...]] = {
    0: (deploy_account,),
    1: (deploy_state,),
    2: (deploy_table_and_role,),
    3: (deploy_table_and_role, deploy_function),
    4: (deploy_table_and_role, deploy_function, deploy_api),
    5: (deploy_table_and_role, deploy_function, deploy_api, deploy_cognito),
}


def deploy(aws: Aws, module: int) -> dict[str, Any]:
    """Create what module needs (and what it builds on); return what the deployers returned."""
    return {deployer.__name__: deployer(aws) for deployer in DEPLOYERS[module]}


GITIGNORE = """\
.terraform/
*.tfstate
*.tfstate.*
*.tfvars
.env
.env.*
*.pem
*_accessKeys.csv
"""

PRE_COMMIT_CONFIG = """\
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v6.0.0
    hooks:
      - id: detect-private-key
  - repo: https://github.com/gitleaks/gitleaks
    rev: v8.30.1
    hooks:
      - id: gitleaks
"""
BACKEND_TF = """\
terraform {
  backend "s3" {}
}
"""


def tfbackend(environment: str, lockfile: bool = True) -> str:
    return (
        f'key          = "app/{environment}/terraform.tfstate"\n'
        'region       = "us-east-1"\n'
        f"use_lockfile = {'true' if lockfile else 'false'}\n"
        "encrypt      = true\n"
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)},
    )


def make_repo(path: Path, gitignore: str = GITIGNORE, *, code: bool = False) -> Path:
    """A reader's repository as the course leaves it: ignores, backends, no local state.

    With code, the course's package too, as module 3 brings it (the repository contract runs it).
    """
    (path / "terraform" / "backends").mkdir(parents=True)
    if code:
        shutil.copytree(COURSE_ROOT / "code" / "auth_sessions", path / "code" / "auth_sessions")
    (path / "terraform" / "bootstrap").mkdir()
    (path / ".gitignore").write_text(gitignore)
    (path / ".pre-commit-config.yaml").write_text(PRE_COMMIT_CONFIG)
    new_project(path)
    (path / "terraform" / "backend.tf").write_text(BACKEND_TF)
    (path / "terraform" / "bootstrap" / "backend.tf").write_text(BACKEND_TF)
    for environment in ("sandbox", "dev", "prod"):
        key = "dev" if environment == "sandbox" else environment
        (path / "terraform" / "backends" / f"{environment}.s3.tfbackend").write_text(tfbackend(key))
    git(path, "init", "-q")
    git(path, "add", ".")
    git(
        path,
        "-c",
        "user.name=Reader",
        "-c",
        "user.email=reader@example.com",
        "commit",
        "-q",
        "-m",
        "Course repository",
    )
    return path


class Overriding:
    """A boto3 client whose named methods are replaced, for states moto cannot express."""

    def __init__(self, client: Any, methods: Mapping[str, Callable[..., Any]]) -> None:
        self._client = client
        self._methods = dict(methods)

    def __getattr__(self, name: str) -> Any:
        return self._methods.get(name) or getattr(self._client, name)


@dataclass
class RecordingClients:
    """Clients on the moto server that record every call as "service:Operation"."""

    endpoint: str
    credentials: Mapping[str, str] = field(
        default_factory=lambda: {"aws_access_key_id": "testing", "aws_secret_access_key": "x"}
    )
    overrides: dict[str, dict[str, Callable[..., Any]]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)

    def __call__(self, service: str) -> Any:
        if service not in self._cache:
            client = boto3.client(
                service, endpoint_url=self.endpoint, region_name=REGION, **self.credentials
            )
            client.meta.events.register("before-call", self._record)
            methods = {
                name: self._recorded(client, name, replacement)
                for name, replacement in self.overrides.get(service, {}).items()
            }
            self._cache[service] = Overriding(client, methods) if methods else client
        return self._cache[service]

    def _record(self, model: Any, **_: Any) -> None:
        self.calls.append(f"{model.service_model.endpoint_prefix}:{model.name}")

    def _recorded(
        self, client: Any, name: str, replacement: Callable[..., Any]
    ) -> Callable[..., Any]:
        operation = client.meta.method_to_api_mapping[name]
        prefix = client.meta.service_model.endpoint_prefix

        def call(**kwargs: Any) -> Any:
            self.calls.append(f"{prefix}:{operation}")
            return replacement(**kwargs)

        return call


def log_lines(aws: Aws, request_id: str, lines: Iterable[str]) -> None:
    """Write lines to the function's log group, as Lambda does for one invocation."""
    logs = aws("logs")
    stream = f"2025/01/01/[1]{request_id.replace('-', '')}"
    logs.create_log_stream(logGroupName=NAMES.log_group_name, logStreamName=stream)
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=NAMES.log_group_name,
        logStreamName=stream,
        logEvents=[{"timestamp": now, "message": line} for line in lines],
    )


@dataclass
class FakeFunction:
    """The deployed function as far as the checks can tell: it stores a session and logs.

    moto cannot run Lambda code without Docker; the sandbox test runs the real one.
    """

    aws: Aws
    stores: bool = True
    expires_in_s: int | None = None  # None: the requested ttl, in hours
    keys_by_token: bool = False  # the mistake of storing the secret itself as the key
    logs_token: bool = False
    reads: bool = True  # GET /sessions/current works
    revokes: bool = True  # DELETE /sessions/current works
    invocations: list[str] = field(default_factory=list)

    def invoke(self, event: Mapping[str, Any]) -> InvokeResult:
        if event["httpMethod"] != "POST":
            return self.current_session(event)
        request_id = str(uuid.uuid4())
        body = json.loads(event["body"])
        # Module 5's function: the user is the authorizer's sub; a body naming one is a 400.
        caller = event["requestContext"].get("authorizer", {}).get("claims", {}).get("sub")
        if caller is None or "user_id" in body:
            answer = {"error": "Bad Request", "message": "user_id comes from your ID token"}
            return InvokeResult({"statusCode": 400, "body": json.dumps(answer)}, request_id)
        token = secrets.token_urlsafe(32)
        session_id = token if self.keys_by_token else hashlib.sha256(token.encode()).hexdigest()
        now = int(time.time())
        expires_at = now + (self.expires_in_s or body.get("ttl", 24) * 3600)
        if self.stores:
            self.aws("dynamodb").put_item(
                TableName=NAMES.table_name,
                Item={
                    "session_id": {"S": session_id},
                    "user_id": {"S": caller},
                    "expires_at": {"N": str(expires_at)},
                },
            )
        logged_id = hashlib.sha256(token.encode()).hexdigest()  # each mistake on its own
        record = {"requestId": request_id, "message": "session created", "sessionId": logged_id}
        if self.logs_token:
            record["token"] = token
        log_lines(
            self.aws,
            request_id,
            [
                f"START RequestId: {request_id} Version: 1",
                json.dumps(record),
                f"END RequestId: {request_id}",
                f"REPORT RequestId: {request_id}\tDuration: 3.00 ms",
            ],
        )
        self.invocations.append(request_id)
        answer = {
            "session_token": token,
            "session_id": session_id,
            "user_id": caller,
            "expires_at": expires_at,
        }
        return InvokeResult(
            {"statusCode": 201, "headers": {}, "body": json.dumps(answer)}, request_id
        )

    def current_session(self, event: Mapping[str, Any]) -> InvokeResult:
        """GET reads and DELETE revokes the session of the bearer token, unless broken."""
        token = event["headers"]["Authorization"].removeprefix("Bearer ")
        stored_as = token if self.keys_by_token else hashlib.sha256(token.encode()).hexdigest()
        key = {"session_id": {"S": stored_as}}
        table = self.aws("dynamodb")
        if event["httpMethod"] == "GET" and self.reads:
            item = table.get_item(TableName=NAMES.table_name, Key=key).get("Item")
            found = {"session_id": key["session_id"]["S"]} if item else {"message": "no"}
            answer = {"statusCode": 200 if item else 401, "body": json.dumps(found)}
            return InvokeResult(answer, None)
        if event["httpMethod"] == "DELETE" and self.revokes:
            table.delete_item(TableName=NAMES.table_name, Key=key)
            return InvokeResult({"statusCode": 204, "body": ""}, None)
        internal = {"statusCode": 500, "body": json.dumps({"message": "internal error"})}
        return InvokeResult(internal, None)


@dataclass
class FakeApi:
    """The deployed REST API as far as an HTTP client can tell, backed by the moto table."""

    aws: Aws
    delete_status: int = 204
    requests: list[str] = field(default_factory=list)
    # Module 5: API Gateway's Cognito authorizer in front of POST, then module 5's function.
    cognito: CognitoAuthorizer | None = None
    verifies_signature: bool = True  # False: any JWT with the pool's claims gets through
    user_from_body: bool = False  # True: the function of module 4, which reads user_id
    stores_id_token: bool = False  # True: the item keeps the ID token in `data`

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        self.requests.append(f"{method} {path}")
        dynamodb = self.aws("dynamodb")
        table = NAMES.table_name
        if method == "POST" and path == "/sessions":
            fields = json.loads(body or b"{}")
            user_id = fields.get("user_id")
            item = {}
            if self.cognito is not None:
                id_token = (headers or {}).get("Authorization")
                claims = (
                    self.cognito.claims(id_token)
                    if self.verifies_signature
                    else unverified_claims(id_token)
                )
                if claims is None:
                    return HttpResponse(401, {}, b'{"message":"Unauthorized"}')
                if not self.user_from_body and user_id is not None:
                    return self._json(400, {"error": "Bad Request", "message": "user_id"})
                user_id = user_id if self.user_from_body else claims["sub"]
                if user_id is None:
                    return self._json(400, {"error": "Bad Request", "message": "user_id"})
                if self.stores_id_token:
                    item["data"] = {"S": json.dumps({"id_token": id_token})}
            token = secrets.token_urlsafe(32)
            session_id = hashlib.sha256(token.encode()).hexdigest()
            item.update({"session_id": {"S": session_id}, "user_id": {"S": user_id}})
            dynamodb.put_item(TableName=table, Item=item)
            answer = {"session_token": token, "session_id": session_id, "user_id": user_id}
            return self._json(201, answer)
        if path != "/sessions/current":
            return self._json(403, {"message": "Missing Authentication Token"})
        scheme, _, token = (headers or {}).get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return self._json(401, {"error": "Unauthorized", "message": "send a token"})
        session_id = hashlib.sha256(token.encode()).hexdigest()
        key = {"session_id": {"S": session_id}}
        if method == "GET":
            item = dynamodb.get_item(TableName=table, Key=key).get("Item")
            if item is None:
                return self._json(401, {"error": "Unauthorized", "message": "send a token"})
            return self._json(200, {"session_id": session_id, "user_id": item["user_id"]["S"]})
        if self.delete_status == 204:
            dynamodb.delete_item(TableName=table, Key=key)
            return HttpResponse(204, {}, b"")
        return self._json(self.delete_status, {"error": "Internal Server Error"})

    @staticmethod
    def _json(status: int, body: Mapping[str, Any]) -> HttpResponse:
        return HttpResponse(status, {"content-type": "application/json"}, json.dumps(body).encode())


def unverified_claims(token: str | None) -> dict[str, Any] | None:
    """Return a JWT's claims without checking anything, as a broken authorizer would."""
    try:
        payload = (token or "").split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


def make_context(
    *,
    target: Target,
    clients: RecordingClients,
    repo: Path,
    invoker: Any = None,
    api: Any = None,
    names: Names = NAMES,
    configured_region: str | None = REGION,
) -> Context:
    """A context on the moto server, as `course verify` builds one for a target."""
    return Context(
        target=target,
        names=names,
        repo_root=repo,
        clients=clients,
        region=REGION,
        configured_region=configured_region,
        invoker=invoker,
        api=api,
        function_python=function_python,
        endpoint_url=clients.endpoint,
        log_wait_s=0.5,
    )
