"""Module 2: the sessions table and the function's least-privilege role."""

from __future__ import annotations

from typing import Any

from modules.checks.context import Context
from modules.checks.framework import Check, Text, fail, registrar
from modules.checks.policies import (
    Grant,
    allow_grants,
    as_list,
    covers,
    has_wildcard,
    log_group_resources,
    statements,
)

CHECKS: list[Check] = []
check = registrar(CHECKS)

TABLE_ACTIONS = ("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem")
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
ROLE_POLICY_CALLS = (
    "sts:GetCallerIdentity",
    "iam:ListRolePolicies",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
)


def describe_table(ctx: Context) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        dynamodb = ctx.client("dynamodb")
        try:
            return dynamodb.describe_table(TableName=ctx.names.table_name)["Table"]
        except dynamodb.exceptions.ResourceNotFoundException:
            raise fail(
                f"la tabla {ctx.names.table_name} no existe en {ctx.region}",
                f"table {ctx.names.table_name} does not exist in {ctx.region}",
            ) from None

    return ctx.remember("m2.table", load)


@check(
    id="m2.table-billing-mode",
    title=Text(
        es="La tabla de sesiones se paga por petición (`PAY_PER_REQUEST`)",
        en="The sessions table is billed per request (`PAY_PER_REQUEST`)",
    ),
    calls=("dynamodb:DescribeTable",),
    fix=Text(
        es='Pon `billing_mode = "PAY_PER_REQUEST"` en `aws_dynamodb_table` y aplica.',
        en='Set `billing_mode = "PAY_PER_REQUEST"` on `aws_dynamodb_table` and apply.',
    ),
)
def table_billing_mode(ctx: Context) -> Text:
    table = describe_table(ctx)
    mode = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    if mode != "PAY_PER_REQUEST":
        raise fail(
            f"{ctx.names.table_name} usa {mode}: pagas capacidad aunque nadie la use",
            f"{ctx.names.table_name} uses {mode}: you pay for capacity even when idle",
        )
    return Text(es=f"{ctx.names.table_name}: {mode}", en=f"{ctx.names.table_name}: {mode}")


@check(
    id="m2.table-key-schema",
    title=Text(
        es="La clave de la tabla es `session_id` (HASH, tipo S)",
        en="The table's key is `session_id` (HASH, type S)",
    ),
    calls=("dynamodb:DescribeTable",),
    fix=Text(
        es='Usa `hash_key = "session_id"` con un `attribute` de tipo `S`. Cambiar la clave '
        "reemplaza la tabla (y borra sus datos).",
        en='Use `hash_key = "session_id"` with an `attribute` of type `S`. Changing the key '
        "replaces the table (and deletes its data).",
    ),
)
def table_key_schema(ctx: Context) -> Text:
    table = describe_table(ctx)
    keys = [(k["AttributeName"], k["KeyType"]) for k in table.get("KeySchema", [])]
    types = {a["AttributeName"]: a["AttributeType"] for a in table.get("AttributeDefinitions", [])}
    if keys != [("session_id", "HASH")] or types.get("session_id") != "S":
        shown = ", ".join(f"{name} {kind} {types.get(name, '?')}" for name, kind in keys)
        raise fail(
            f"la clave es [{shown}]; el código busca por session_id (HASH, S)",
            f"the key is [{shown}]; the code looks sessions up by session_id (HASH, S)",
        )
    return Text(es="session_id HASH S", en="session_id HASH S")


@check(
    id="m2.table-ttl",
    title=Text(
        es="El TTL de la tabla está activo sobre `expires_at`",
        en="The table's TTL is enabled on `expires_at`",
    ),
    calls=("dynamodb:DescribeTimeToLive",),
    fix=Text(
        es='Añade `ttl { attribute_name = "expires_at", enabled = true }` a la tabla y aplica.',
        en='Add `ttl { attribute_name = "expires_at", enabled = true }` to the table and apply.',
    ),
)
def table_ttl(ctx: Context) -> Text:
    answer = ctx.client("dynamodb").describe_time_to_live(TableName=ctx.names.table_name)
    ttl = answer.get("TimeToLiveDescription", {})
    status, attribute = ttl.get("TimeToLiveStatus", "DISABLED"), ttl.get("AttributeName")
    if status not in ("ENABLED", "ENABLING") or attribute != "expires_at":
        raise fail(
            f"TTL {status} sobre {attribute or '(ningún atributo)'}: las sesiones caducadas "
            "nunca se borrarían",
            f"TTL {status} on {attribute or '(no attribute)'}: expired sessions would never "
            "be deleted",
        )
    return Text(es=f"TTL {status} sobre expires_at", en=f"TTL {status} on expires_at")


def role(ctx: Context) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        iam = ctx.client("iam")
        try:
            return iam.get_role(RoleName=ctx.names.role_name)["Role"]
        except iam.exceptions.NoSuchEntityException:
            raise fail(
                f"el rol {ctx.names.role_name} no existe",
                f"role {ctx.names.role_name} does not exist",
            ) from None

    return ctx.remember("m2.role", load)


@check(
    id="m2.role-trust",
    title=Text(
        es="Solo Lambda puede asumir el rol (`lambda.amazonaws.com`, `sts:AssumeRole`)",
        en="Only Lambda can assume the role (`lambda.amazonaws.com`, `sts:AssumeRole`)",
    ),
    calls=("iam:GetRole",),
    fix=Text(
        es="La política de confianza debe tener una sola sentencia Allow con "
        "`Service = lambda.amazonaws.com` y la acción `sts:AssumeRole`.",
        en="The trust policy must hold a single Allow statement with "
        "`Service = lambda.amazonaws.com` and the action `sts:AssumeRole`.",
    ),
)
def role_trust(ctx: Context) -> Text:
    problems = []
    allows = 0
    for statement in statements(role(ctx)["AssumeRolePolicyDocument"]):
        if statement.get("Effect") != "Allow":
            continue
        allows += 1
        principal = statement.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, dict) else []
        others = (
            {k: v for k, v in principal.items() if k != "Service"}
            if isinstance(principal, dict)
            else {"*": principal}
        )
        actions = as_list(statement.get("Action"))
        if services != ["lambda.amazonaws.com"] or others:
            problems.append(f"principal {principal}")
        if actions != ["sts:AssumeRole"]:
            problems.append(f"action {actions}")
        if "NotPrincipal" in statement or "NotAction" in statement:
            problems.append("NotPrincipal/NotAction")
    if allows == 0:
        problems.append("no Allow statement")
    if problems:
        listed = "; ".join(problems)
        raise fail(
            f"la confianza del rol va más allá de Lambda: {listed}",
            f"the role's trust reaches beyond Lambda: {listed}",
        )
    return Text(
        es="lambda.amazonaws.com → sts:AssumeRole, nada más",
        en="lambda.amazonaws.com → sts:AssumeRole, nothing else",
    )


def role_grants(ctx: Context) -> list[Grant]:
    """Return every Allow grant of the role: inline, and attached policies' default version."""

    def load() -> list[Grant]:
        iam = ctx.client("iam")
        name = ctx.names.role_name
        grants: list[Grant] = []
        try:
            inline = iam.list_role_policies(RoleName=name)["PolicyNames"]
        except iam.exceptions.NoSuchEntityException:
            raise fail(f"el rol {name} no existe", f"role {name} does not exist") from None
        for policy_name in inline:
            document = iam.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"]
            grants.extend(allow_grants(document, f"inline {policy_name}"))
        for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            arn = attached["PolicyArn"]
            version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]
            grants.extend(allow_grants(document["Document"], f"attached {arn}"))
        return grants

    return ctx.remember("m2.grants", load)


def expected_pairs(ctx: Context) -> list[tuple[str, str]]:
    """Return the (action, resource) pairs the code needs; one stream stands for them all."""
    stream = f"{ctx.log_group_arn()}:log-stream:2025/01/01/[$LATEST]0123456789abcdef"
    return [(a, ctx.table_arn()) for a in TABLE_ACTIONS] + [(a, stream) for a in LOG_ACTIONS]


def is_expected(grant: Grant, ctx: Context) -> bool:
    action = grant.action.lower()
    if grant.resource == ctx.table_arn():
        return action in {a.lower() for a in TABLE_ACTIONS}
    if grant.resource in log_group_resources(ctx.log_group_arn()):
        return action in {a.lower() for a in LOG_ACTIONS}
    return False


@check(
    id="m2.role-grants-needed",
    title=Text(
        es="El rol permite lo que el código usa: Put/Get/DeleteItem en la tabla y escribir en "
        "su grupo de logs",
        en="The role allows what the code uses: Put/Get/DeleteItem on the table and writing "
        "to its log group",
    ),
    calls=ROLE_POLICY_CALLS,
    fix=Text(
        es="Concede `dynamodb:PutItem`, `GetItem` y `DeleteItem` sobre el ARN de la tabla, y "
        "`logs:CreateLogStream` y `PutLogEvents` sobre `<ARN del grupo>:*`.",
        en="Grant `dynamodb:PutItem`, `GetItem` and `DeleteItem` on the table ARN, and "
        "`logs:CreateLogStream` and `PutLogEvents` on `<log group ARN>:*`.",
    ),
)
def role_grants_needed(ctx: Context) -> Text:
    grants = role_grants(ctx)
    missing = [
        f"{action} on {resource}"
        for action, resource in expected_pairs(ctx)
        if not any(covers(grant, action, resource) for grant in grants)
    ]
    if missing:
        listed = "; ".join(missing)
        raise fail(f"faltan permisos: {listed}", f"missing permissions: {listed}")
    return Text(
        es=f"{len(TABLE_ACTIONS) + len(LOG_ACTIONS)} permisos necesarios concedidos",
        en=f"all {len(TABLE_ACTIONS) + len(LOG_ACTIONS)} needed permissions granted",
    )


@check(
    id="m2.role-grants-nothing-else",
    title=Text(
        es="El rol no concede nada más (ninguna otra acción ni recurso)",
        en="The role grants nothing else (no other action or resource)",
    ),
    calls=ROLE_POLICY_CALLS,
    fix=Text(
        es="Quita de las políticas del rol toda acción que el código no use (por ejemplo "
        "`dynamodb:Scan`, `UpdateItem` o `logs:CreateLogGroup`: Terraform ya crea el grupo).",
        en="Remove from the role's policies every action the code does not use (for example "
        "`dynamodb:Scan`, `UpdateItem` or `logs:CreateLogGroup`: Terraform creates the group).",
    ),
)
def role_grants_nothing_else(ctx: Context) -> Text:
    scoped = log_group_resources(ctx.log_group_arn())
    extra = [
        str(grant)
        for grant in role_grants(ctx)
        if not has_wildcard(grant, scoped) and not is_expected(grant, ctx)
    ]
    if extra:
        listed = "; ".join(extra)
        raise fail(f"permisos de más: {listed}", f"extra permissions: {listed}")
    return Text(es="ningún permiso de más", en="no extra permission")


@check(
    id="m2.role-no-wildcards",
    title=Text(
        es="Ninguna política del rol usa comodines en acciones o recursos",
        en="No policy of the role uses wildcards in actions or resources",
    ),
    calls=ROLE_POLICY_CALLS,
    fix=Text(
        es="Nombra cada acción y cada ARN. Quita `*`, `dynamodb:*`, NotAction/NotResource y "
        "políticas gestionadas amplias como AWSLambdaBasicExecutionRole.",
        en="Name every action and every ARN. Remove `*`, `dynamodb:*`, NotAction/NotResource "
        "and broad managed policies such as AWSLambdaBasicExecutionRole.",
    ),
)
def role_no_wildcards(ctx: Context) -> Text:
    scoped = log_group_resources(ctx.log_group_arn())
    wild = [str(grant) for grant in role_grants(ctx) if has_wildcard(grant, scoped)]
    if wild:
        listed = "; ".join(wild)
        raise fail(f"comodines: {listed}", f"wildcards: {listed}")
    return Text(
        es="acciones y recursos nombrados uno a uno",
        en="every action and resource is named",
    )
