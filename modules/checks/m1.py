"""Module 1: the remote state bucket, the two state objects, no local state, and locking."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from modules.checks.context import Context
from modules.checks.framework import Check, Text, fail, registrar
from modules.checks.policies import as_list, statements
from modules.deployment.terraform_files import backend_blocks, backend_files

CHECKS: list[Check] = []
check = registrar(CHECKS)

BUCKET_CALLS = ("sts:GetCallerIdentity", "s3:HeadBucket")
LOCAL_STATES = ("terraform/terraform.tfstate", "terraform/bootstrap/terraform.tfstate")


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def bucket(ctx: Context) -> str:
    """Return the state bucket's name once it is known to exist; fail when it does not."""

    def load() -> str:
        name = ctx.state_bucket()
        try:
            ctx.client("s3").head_bucket(Bucket=name)
        except ClientError as error:
            if error_code(error) in ("404", "NoSuchBucket", "NotFound"):
                raise fail(
                    f"el bucket de estado {name} no existe: aplica antes terraform/bootstrap",
                    f"state bucket {name} does not exist: apply terraform/bootstrap first",
                ) from None
            raise
        return name

    return ctx.remember("m1.bucket", load)


@check(
    id="m1.bucket-versioning",
    title=Text(
        es="El bucket de estado tiene versionado",
        en="The state bucket is versioned",
    ),
    calls=(*BUCKET_CALLS, "s3:GetBucketVersioning"),
    fix=Text(
        es='Añade `aws_s3_bucket_versioning` con `status = "Enabled"`: cada apply guarda el '
        "estado anterior.",
        en='Add `aws_s3_bucket_versioning` with `status = "Enabled"`: every apply keeps the '
        "previous state.",
    ),
)
def bucket_versioning(ctx: Context) -> Text:
    name = bucket(ctx)
    status = ctx.client("s3").get_bucket_versioning(Bucket=name).get("Status", "never enabled")
    if status != "Enabled":
        raise fail(
            f"{name}: versionado {status}; un apply roto no tendría vuelta atrás",
            f"{name}: versioning {status}; a broken apply could not be rolled back",
        )
    return Text(es=f"{name}: Enabled", en=f"{name}: Enabled")


@check(
    id="m1.bucket-encryption",
    title=Text(
        es="El bucket de estado cifra en reposo",
        en="The state bucket encrypts at rest",
    ),
    calls=(*BUCKET_CALLS, "s3:GetBucketEncryption"),
    fix=Text(
        es="Añade `aws_s3_bucket_server_side_encryption_configuration` con `AES256` (o `aws:kms`).",
        en="Add `aws_s3_bucket_server_side_encryption_configuration` with `AES256` (or `aws:kms`).",
    ),
)
def bucket_encryption(ctx: Context) -> Text:
    name = bucket(ctx)
    try:
        config = ctx.client("s3").get_bucket_encryption(Bucket=name)
    except ClientError as error:
        if error_code(error) != "ServerSideEncryptionConfigurationNotFoundError":
            raise
        raise fail(f"{name}: sin cifrado", f"{name}: no encryption") from None
    rules = config.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    algorithms = [
        r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm") for r in rules
    ]
    if not any(a in ("AES256", "aws:kms", "aws:kms:dsse") for a in algorithms):
        raise fail(f"{name}: cifrado {algorithms}", f"{name}: encryption {algorithms}")
    return Text(es=", ".join(map(str, algorithms)), en=", ".join(map(str, algorithms)))


PUBLIC_ACCESS_FLAGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


@check(
    id="m1.bucket-public-access-block",
    title=Text(
        es="El bucket de estado bloquea todo acceso público (los 4 ajustes)",
        en="The state bucket blocks all public access (all 4 settings)",
    ),
    calls=(*BUCKET_CALLS, "s3:GetPublicAccessBlock"),
    fix=Text(
        es="Añade `aws_s3_bucket_public_access_block` con los cuatro ajustes a `true`.",
        en="Add `aws_s3_bucket_public_access_block` with all four settings `true`.",
    ),
)
def bucket_public_access_block(ctx: Context) -> Text:
    name = bucket(ctx)
    try:
        config = ctx.client("s3").get_public_access_block(Bucket=name)
    except ClientError as error:
        if error_code(error) != "NoSuchPublicAccessBlockConfiguration":
            raise
        config = {}
    flags = config.get("PublicAccessBlockConfiguration", {})
    off = [flag for flag in PUBLIC_ACCESS_FLAGS if flags.get(flag) is not True]
    if off:
        listed = ", ".join(off)
        raise fail(f"{name}: desactivados {listed}", f"{name}: off {listed}")
    return Text(es="4/4 activados", en="4/4 on")


def is_tls_deny(statement: Mapping[str, Any], bucket_arn: str) -> bool:
    """Tell whether a statement denies every non-TLS request to the bucket and its objects."""
    principal = statement.get("Principal")
    everyone = principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*")
    actions = as_list(statement.get("Action"))
    resources = set(as_list(statement.get("Resource")))
    condition = (statement.get("Condition") or {}).get("Bool", {})
    secure = [str(v).lower() for v in as_list(condition.get("aws:SecureTransport"))]
    return (
        statement.get("Effect") == "Deny"
        and everyone
        and ("s3:*" in actions or "*" in actions)
        and {bucket_arn, f"{bucket_arn}/*"} <= resources
        and secure == ["false"]
    )


@check(
    id="m1.bucket-tls-only",
    title=Text(
        es="La política del bucket rechaza peticiones sin TLS",
        en="The bucket policy denies requests without TLS",
    ),
    calls=(*BUCKET_CALLS, "s3:GetBucketPolicy"),
    fix=Text(
        es="Añade `aws_s3_bucket_policy` con un Deny de `s3:*` al bucket y a `bucket/*` cuando "
        "`aws:SecureTransport` es `false` (deja `tls_only_policy_enabled` en `true`).",
        en="Add `aws_s3_bucket_policy` with a Deny of `s3:*` on the bucket and `bucket/*` when "
        "`aws:SecureTransport` is `false` (keep `tls_only_policy_enabled` at `true`).",
    ),
    sandbox_skip=Text(
        es="el sandbox desactiva esta política (límite de moto: con una Condition, cada llamada "
        "a S3 da 403)",
        en="the sandbox disables this policy (moto limit: with a Condition, every S3 call "
        "answers 403)",
    ),
)
def bucket_tls_only(ctx: Context) -> Text:
    name = bucket(ctx)
    try:
        policy = ctx.client("s3").get_bucket_policy(Bucket=name)["Policy"]
    except ClientError as error:
        if error_code(error) != "NoSuchBucketPolicy":
            raise
        raise fail(f"{name}: sin política de bucket", f"{name}: no bucket policy") from None
    arn = f"arn:{ctx.partition()}:s3:::{name}"
    if not any(is_tls_deny(statement, arn) for statement in statements(policy)):
        raise fail(
            f"{name}: ninguna sentencia deniega aws:SecureTransport = false en el bucket y sus "
            "objetos",
            f"{name}: no statement denies aws:SecureTransport = false on the bucket and its "
            "objects",
        )
    return Text(es="Deny sin TLS en bucket y objetos", en="Deny without TLS on bucket and objects")


@check(
    id="m1.bucket-old-versions-expire",
    title=Text(
        es="Las versiones antiguas del estado caducan",
        en="Old state versions expire",
    ),
    calls=(*BUCKET_CALLS, "s3:GetBucketLifecycleConfiguration"),
    fix=Text(
        es="Añade `aws_s3_bucket_lifecycle_configuration` con `noncurrent_version_expiration` "
        "(deja `noncurrent_version_expiration_enabled` en `true`).",
        en="Add `aws_s3_bucket_lifecycle_configuration` with `noncurrent_version_expiration` "
        "(keep `noncurrent_version_expiration_enabled` at `true`).",
    ),
    sandbox_skip=Text(
        es="el sandbox desactiva esta regla (límite de moto: tarda ~55 s en crearla)",
        en="the sandbox disables this rule (moto limit: it takes ~55 s to create)",
    ),
)
def bucket_old_versions_expire(ctx: Context) -> Text:
    name = bucket(ctx)
    try:
        rules = ctx.client("s3").get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    except ClientError as error:
        if error_code(error) != "NoSuchLifecycleConfiguration":
            raise
        rules = []
    for rule in rules:
        days = rule.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays")
        if rule.get("Status") == "Enabled" and days:
            return Text(es=f"{days} días", en=f"{days} days")
    raise fail(
        f"{name}: las versiones antiguas se guardan para siempre (y se pagan)",
        f"{name}: old versions are kept (and billed) forever",
    )


def state_object(ctx: Context, key: str, who: Text) -> Text:
    name = bucket(ctx)
    try:
        head = ctx.client("s3").head_object(Bucket=name, Key=key)
    except ClientError as error:
        if error_code(error) not in ("404", "NoSuchKey", "NotFound"):
            raise
        raise fail(
            f"no hay s3://{name}/{key}: el estado {who.es} no se migró",
            f"no s3://{name}/{key}: the {who.en} state was not migrated",
        ) from None
    size = head.get("ContentLength", 0)
    return Text(es=f"s3://{name}/{key} ({size} bytes)", en=f"s3://{name}/{key} ({size} bytes)")


@check(
    id="m1.app-state-object",
    title=Text(
        es="El estado de la aplicación está en S3, en `app/<entorno>/terraform.tfstate`",
        en="The app's state is in S3, at `app/<environment>/terraform.tfstate`",
    ),
    calls=(*BUCKET_CALLS, "s3:HeadObject"),
    fix=Text(
        es="En terraform/: `terraform init -backend-config=backends/dev.s3.tfbackend "
        "-backend-config=bucket=<bucket> -migrate-state`.",
        en="In terraform/: `terraform init -backend-config=backends/dev.s3.tfbackend "
        "-backend-config=bucket=<bucket> -migrate-state`.",
    ),
)
def app_state_object(ctx: Context) -> Text:
    return state_object(ctx, ctx.names.app_state_key, Text(es="de la app", en="app"))


@check(
    id="m1.bootstrap-state-object",
    title=Text(
        es="El estado del bootstrap está en S3, con su propia clave",
        en="The bootstrap's state is in S3, under its own key",
    ),
    calls=(*BUCKET_CALLS, "s3:HeadObject"),
    fix=Text(
        es="En terraform/bootstrap/: `terraform init -backend-config=bucket=<bucket> "
        "-backend-config=key=bootstrap/terraform.tfstate -migrate-state`.",
        en="In terraform/bootstrap/: `terraform init -backend-config=bucket=<bucket> "
        "-backend-config=key=bootstrap/terraform.tfstate -migrate-state`.",
    ),
)
def bootstrap_state_object(ctx: Context) -> Text:
    return state_object(
        ctx, ctx.names.bootstrap_state_key, Text(es="del bootstrap", en="bootstrap")
    )


def holds_resources(text: str) -> bool:
    try:
        state = json.loads(text or "{}")
    except ValueError:
        return True  # unreadable: treat as a real state, the reader should look
    return bool(state.get("resources"))


@check(
    id="m1.no-local-state",
    title=Text(
        es="No queda estado local en `terraform/` ni en `terraform/bootstrap/`",
        en="No local state is left in `terraform/` or `terraform/bootstrap/`",
    ),
    calls=(),
    local=LOCAL_STATES,
    fix=Text(
        es="Comprueba que el estado está en S3 (`terraform state list` tras `init`) y borra el "
        "archivo local: guarda secretos en claro.",
        en="Make sure the state is in S3 (`terraform state list` after `init`) and delete the "
        "local file: it holds secrets in plain text.",
    ),
)
def no_local_state(ctx: Context) -> Text:
    found = [
        path
        for path in LOCAL_STATES
        if (ctx.repo_root / path).is_file()
        and holds_resources((ctx.repo_root / path).read_text(encoding="utf-8", errors="replace"))
    ]
    if found:
        listed = ", ".join(found)
        raise fail(f"estado local con recursos: {listed}", f"local state with resources: {listed}")
    return Text(es="ningún terraform.tfstate local", en="no local terraform.tfstate")


@check(
    id="m1.lockfile-enabled",
    title=Text(
        es="El backend bloquea el estado con un lockfile de S3 (`use_lockfile`)",
        en="The backend locks the state with an S3 lockfile (`use_lockfile`)",
    ),
    calls=(),
    local=("terraform/backends/*.s3.tfbackend", "terraform/*.tf", "terraform/bootstrap/*.tf"),
    fix=Text(
        es="Pon `use_lockfile = true` en cada `terraform/backends/*.s3.tfbackend` (o en el "
        'bloque `backend "s3"`); no hace falta tabla de DynamoDB desde Terraform 1.10.',
        en="Set `use_lockfile = true` in every `terraform/backends/*.s3.tfbackend` (or in the "
        '`backend "s3"` block); no DynamoDB table is needed since Terraform 1.10.',
    ),
)
def lockfile_enabled(ctx: Context) -> Text:
    blocks = backend_blocks(ctx.repo_root)
    files = backend_files(ctx.repo_root)
    if not blocks:
        raise fail(
            f'no hay bloque backend "s3" en {ctx.repo_root / "terraform"}',
            f'no backend "s3" block in {ctx.repo_root / "terraform"}',
        )
    if all(block.values.get("use_lockfile") is True for block in blocks):
        return Text(es="use_lockfile en el bloque backend", en="use_lockfile in the backend block")
    if not files:
        raise fail(
            "el bloque backend no pone use_lockfile y no hay terraform/backends/*.s3.tfbackend",
            "the backend block does not set use_lockfile and there is no "
            "terraform/backends/*.s3.tfbackend",
        )
    without = [f.path.name for f in files if f.values.get("use_lockfile") is not True]
    if without:
        listed = ", ".join(without)
        raise fail(f"sin use_lockfile = true: {listed}", f"no use_lockfile = true: {listed}")
    names = ", ".join(f.name for f in files)
    return Text(es=f"use_lockfile en {names}", en=f"use_lockfile in {names}")


@check(
    id="m1.no-stale-lock",
    title=Text(
        es="No queda ningún bloqueo (`.tflock`) olvidado en el bucket",
        en="No stale lock (`.tflock`) is left in the bucket",
    ),
    calls=(*BUCKET_CALLS, "s3:ListObjectsV2"),
    fix=Text(
        es="Si ningún `terraform` está en marcha, libera el bloqueo con "
        "`terraform force-unlock <ID>` (el ID sale en el error de bloqueo).",
        en="If no `terraform` is running, release it with `terraform force-unlock <ID>` (the "
        "ID is in the lock error).",
    ),
)
def no_stale_lock(ctx: Context) -> Text:
    name = bucket(ctx)
    paginator = ctx.client("s3").get_paginator("list_objects_v2")
    locks = [
        item
        for page in paginator.paginate(Bucket=name)
        for item in page.get("Contents", [])
        if item["Key"].endswith(".tflock")
    ]
    if locks:
        now = datetime.now(UTC)
        listed = ", ".join(
            f"{item['Key']} ({int((now - item['LastModified']).total_seconds() // 60)} min)"
            for item in locks
        )
        raise fail(f"bloqueos presentes: {listed}", f"locks present: {listed}")
    return Text(es="ningún .tflock", en="no .tflock")
