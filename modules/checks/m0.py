"""Module 0: a secure account (no root at work, MFA, a budget) and a repository without secrets."""

from __future__ import annotations

import re
import shutil
import subprocess
from fnmatch import fnmatchcase
from pathlib import Path

from modules.checks.context import Context
from modules.checks.framework import Check, Text, fail, registrar, skip

CHECKS: list[Check] = []
check = registrar(CHECKS)

AWS_ONLY = Text(
    es="solo tiene sentido en una cuenta real de AWS: el sandbox no tiene root, MFA ni facturación",
    en="only meaningful on a real AWS account: the sandbox has no root user, MFA or billing",
)

# Paths a repository must never commit; `git check-ignore` tells whether its rules cover them.
SECRET_SAMPLES = (
    "terraform/terraform.tfstate",
    "terraform/bootstrap/terraform.tfstate.backup",
    "terraform/secrets.tfvars",
    "terraform/.terraform/providers/registry.terraform.io",
    ".env",
    "keys/deploy.pem",
    "reader_accessKeys.csv",
)
# What must never be tracked, by file name (the course's sample .gitignore ignores all of it).
SECRET_PATTERNS = (
    "*.tfstate",
    "*.tfstate.*",
    "*.tfvars",
    "*.tfvars.json",
    "*.tfplan",
    ".env",
    ".env.*",
    "*.pem",
    "*.p12",
    "*.pfx",
    "*.ppk",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "*_accessKeys.csv",
    "*_credentials.csv",
)
HARMLESS_SUFFIXES = (".example", ".sample", ".template")


def caller_arn(ctx: Context) -> str:
    return ctx.remember("m0.caller_arn", lambda: ctx.client("sts").get_caller_identity()["Arn"])


@check(
    id="m0.caller-not-root",
    title=Text(
        es="Trabajas con un usuario o rol, no con root",
        en="You work as a user or role, not as root",
    ),
    calls=("sts:GetCallerIdentity",),
    fix=Text(
        es="Borra las claves de acceso de root y configura la CLI con tu usuario de IAM o con "
        "IAM Identity Center (`aws configure sso`).",
        en="Delete root's access keys and configure the CLI with your IAM user or IAM Identity "
        "Center (`aws configure sso`).",
    ),
)
def caller_not_root(ctx: Context) -> Text:
    arn = caller_arn(ctx)
    if arn.endswith(":root"):
        raise fail(
            f"la CLI usa la cuenta root ({arn}): sin límite si las claves se filtran",
            f"the CLI is using the root user ({arn}): no limit if the keys leak",
        )
    return Text(es=arn, en=arn)


@check(
    id="m0.root-mfa",
    title=Text(es="La cuenta root tiene MFA", en="The root user has MFA"),
    calls=("iam:GetAccountSummary",),
    fix=Text(
        es="Entra como root, abre «Credenciales de seguridad» y asigna un dispositivo MFA.",
        en="Sign in as root, open “Security credentials” and assign an MFA device.",
    ),
    sandbox_skip=AWS_ONLY,
)
def root_mfa(ctx: Context) -> Text:
    summary = ctx.client("iam").get_account_summary()["SummaryMap"]
    if summary.get("AccountMFAEnabled") != 1:
        raise fail(
            "root no tiene MFA: su contraseña sola da acceso a todo",
            "root has no MFA: its password alone opens everything",
        )
    return Text(es="AccountMFAEnabled = 1", en="AccountMFAEnabled = 1")


@check(
    id="m0.user-mfa",
    title=Text(es="Tu usuario de IAM tiene MFA", en="Your IAM user has MFA"),
    calls=("sts:GetCallerIdentity", "iam:ListMFADevices"),
    fix=Text(
        es="En IAM → Usuarios → tu usuario → Credenciales de seguridad, asigna un dispositivo MFA.",
        en="In IAM → Users → your user → Security credentials, assign an MFA device.",
    ),
    sandbox_skip=AWS_ONLY,
)
def user_mfa(ctx: Context) -> Text:
    arn = caller_arn(ctx)
    resource = arn.split(":", 5)[-1]
    if arn.endswith(":root"):
        raise skip(
            "quien llama es root: lo cubre m0.caller-not-root",
            "the caller is root: m0.caller-not-root covers it",
        )
    if not resource.startswith("user/"):
        raise skip(
            f"quien llama es {resource.split('/', 1)[0]} (SSO o un rol): el MFA lo exige tu "
            "proveedor de identidad; revísalo allí",
            f"the caller is an {resource.split('/', 1)[0]} (SSO or a role): MFA is enforced by "
            "your identity provider; check it there",
        )
    name = resource.rsplit("/", 1)[-1]
    iam = ctx.client("iam")
    try:
        devices = iam.list_mfa_devices(UserName=name)["MFADevices"]
    except iam.exceptions.NoSuchEntityException:
        raise fail(
            f"el usuario {name} de tus credenciales no existe en IAM",
            f"user {name} of your credentials does not exist in IAM",
        ) from None
    if not devices:
        raise fail(f"{name} no tiene MFA", f"{name} has no MFA device")
    return Text(
        es=f"{name}: {len(devices)} dispositivo(s) MFA",
        en=f"{name}: {len(devices)} MFA device(s)",
    )


@check(
    id="m0.budget",
    title=Text(
        es="Hay un presupuesto con alerta de coste",
        en="A budget with a cost alert exists",
    ),
    calls=(
        "sts:GetCallerIdentity",
        "budgets:DescribeBudgets",
        "budgets:DescribeNotificationsForBudget",
    ),
    fix=Text(
        es="En AWS Budgets crea uno con la plantilla «Zero spend budget» (o de 1 USD) y una "
        "alerta por correo. Un usuario de IAM necesita antes que root active el acceso de IAM a "
        "la facturación.",
        en="In AWS Budgets create one from the “Zero spend budget” template (or 1 USD) with an "
        "email alert. An IAM user first needs root to turn on IAM access to billing.",
    ),
    sandbox_skip=AWS_ONLY,
)
def budget(ctx: Context) -> Text:
    client = ctx.client("budgets")
    account = ctx.account_id()
    try:
        budgets = client.describe_budgets(AccountId=account).get("Budgets", [])
    except client.exceptions.NotFoundException:
        budgets = []
    if not budgets:
        raise fail(
            "no hay ningún presupuesto: nada te avisará de un gasto",
            "there is no budget: nothing will warn you about spend",
        )
    for item in budgets:
        notifications = client.describe_notifications_for_budget(
            AccountId=account, BudgetName=item["BudgetName"]
        ).get("Notifications", [])
        if notifications:
            limit = item.get("BudgetLimit", {})
            shown = f"{item['BudgetName']} ({limit.get('Amount', '?')} {limit.get('Unit', '')})"
            return Text(
                es=f"{shown}, {len(notifications)} alerta(s)",
                en=f"{shown}, {len(notifications)} alert(s)",
            )
    names = ", ".join(item["BudgetName"] for item in budgets)
    raise fail(
        f"{names}: sin alertas, el presupuesto no avisa a nadie",
        f"{names}: no alerts, so the budget warns nobody",
    )


@check(
    id="m0.region",
    title=Text(
        es="La CLI tiene una región por defecto",
        en="The CLI has a default region",
    ),
    calls=(),
    local=("aws configure get region",),
    fix=Text(
        es="Ejecuta `aws configure set region us-east-1` (o exporta AWS_REGION).",
        en="Run `aws configure set region us-east-1` (or export AWS_REGION).",
    ),
)
def region(ctx: Context) -> Text:
    if not ctx.configured_region:
        raise fail(
            "ninguna región configurada: cada comando pediría --region",
            "no region configured: every command would need --region",
        )
    return Text(es=ctx.configured_region, en=ctx.configured_region)


def git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run git in repo; raise a failure when git is missing or repo is not a repository."""
    if shutil.which("git") is None:
        raise fail("git no está instalado", "git is not installed")
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if result.returncode > 1:
        raise fail(
            f"{repo} no es un repositorio de git ({result.stderr.strip()[:120]})",
            f"{repo} is not a git repository ({result.stderr.strip()[:120]})",
        )
    return result


@check(
    id="m0.repo-ignores-secrets",
    title=Text(
        es="El `.gitignore` cubre estado, tfvars, `.env` y claves",
        en="The `.gitignore` covers state, tfvars, `.env` and keys",
    ),
    calls=(),
    local=("git check-ignore",),
    fix=Text(
        es="Añade al .gitignore al menos `*.tfstate`, `*.tfstate.*`, `*.tfvars`, `.terraform/`, "
        "`.env`, `.env.*`, `*.pem` y `*_accessKeys.csv`; el del curso es "
        "`code/repo-hygiene/gitignore`. El `.terraform.lock.hcl` sí se sube.",
        en="Add to .gitignore at least `*.tfstate`, `*.tfstate.*`, `*.tfvars`, `.terraform/`, "
        "`.env`, `.env.*`, `*.pem` and `*_accessKeys.csv`; the course's is "
        "`code/repo-hygiene/gitignore`. `.terraform.lock.hcl` is committed.",
    ),
)
def repo_ignores_secrets(ctx: Context) -> Text:
    # --no-index: judge the rules themselves; m0.repo-tracks-no-secrets looks at tracked files.
    result = git(
        ctx.repo_root, "check-ignore", "--no-index", "--stdin", stdin="\n".join(SECRET_SAMPLES)
    )
    ignored = set(result.stdout.splitlines())
    exposed = [path for path in SECRET_SAMPLES if path not in ignored]
    if exposed:
        listed = ", ".join(exposed)
        raise fail(f"git no ignoraría: {listed}", f"git would not ignore: {listed}")
    return Text(
        es=f"{len(SECRET_SAMPLES)} rutas de ejemplo ignoradas",
        en=f"all {len(SECRET_SAMPLES)} sample paths ignored",
    )


def is_secret(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    if name.endswith(HARMLESS_SUFFIXES):
        return False
    return any(fnmatchcase(name, pattern) for pattern in SECRET_PATTERNS)


@check(
    id="m0.repo-tracks-no-secrets",
    title=Text(
        es="Git no sigue ningún archivo de estado, tfvars, `.env` ni clave",
        en="Git tracks no state, tfvars, `.env` or key file",
    ),
    calls=(),
    local=("git ls-files",),
    fix=Text(
        es="Sácalo del índice con `git rm --cached <archivo>`, ignóralo y, si tenía secretos, "
        "rota las claves primero: borrar el commit no los borra de copias y forks.",
        en="Untrack it with `git rm --cached <file>`, ignore it and, if it held secrets, rotate "
        "the keys first: deleting the commit does not remove them from clones and forks.",
    ),
)
def repo_tracks_no_secrets(ctx: Context) -> Text:
    tracked = git(ctx.repo_root, "ls-files", "-z").stdout.split("\0")
    secrets = [path for path in tracked if path and is_secret(path)]
    if secrets:
        listed = ", ".join(secrets[:10])
        raise fail(f"archivos sensibles en git: {listed}", f"sensitive files in git: {listed}")
    return Text(
        es=f"{len([p for p in tracked if p])} archivos seguidos, ninguno sensible",
        en=f"{len([p for p in tracked if p])} tracked files, none sensitive",
    )


PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
# Hook ids that stop a key before it is committed: one looks for private keys, one for
# anything shaped like a secret (AWS keys included).
KEY_HOOKS = ("detect-private-key", "gitleaks")
HOOK_ID = re.compile(r"^\s*-\s*id:\s*([\w.-]+)\s*$", re.MULTILINE)


@check(
    id="m0.hooks-catch-keys",
    title=Text(
        es="pre-commit para las claves antes de que entren en un commit",
        en="pre-commit stops keys before they enter a commit",
    ),
    calls=(),
    local=(PRE_COMMIT_CONFIG,),
    fix=Text(
        es=f"Añade a {PRE_COMMIT_CONFIG} los hooks `detect-private-key` (de "
        "pre-commit-hooks) y `gitleaks`, y ejecuta `pre-commit install`; el del curso es "
        "`code/repo-hygiene/pre-commit-config.yaml`.",
        en=f"Add the `detect-private-key` (from pre-commit-hooks) and `gitleaks` hooks to "
        f"{PRE_COMMIT_CONFIG}, then run `pre-commit install`; the course's is "
        "`code/repo-hygiene/pre-commit-config.yaml`.",
    ),
)
def hooks_catch_keys(ctx: Context) -> Text:
    config = ctx.repo_root / PRE_COMMIT_CONFIG
    if not config.is_file():
        raise fail(f"{config} no existe", f"{config} does not exist")
    hooks = set(HOOK_ID.findall(config.read_text(encoding="utf-8")))
    missing = [hook for hook in KEY_HOOKS if hook not in hooks]
    if missing:
        listed = ", ".join(missing)
        raise fail(f"faltan los hooks {listed}", f"missing hooks: {listed}")
    return Text(es=f"hooks {', '.join(KEY_HOOKS)} presentes", en=f"{', '.join(KEY_HOOKS)} present")
