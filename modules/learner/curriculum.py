"""What each module puts in the reader's project, and the exercises that leave a gap in it.

A file belongs to the module that brings it; later modules change it only through the marked
regions of `modules.learner.stages`. An exercise is a marked region of the reference whose
lines the reader writes: `course start` leaves its stub there, `course solve` the solution,
and the checks it names grade it.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.i18n import Text


@dataclass(frozen=True)
class CourseFile:
    """A file of the reader's project and the reference it comes from."""

    path: str  # in the reader's project
    module: int  # the module that brings it
    source: str = ""  # in the course repository, when not the same path

    @property
    def reference(self) -> str:
        return self.source or self.path


@dataclass(frozen=True)
class Exercise:
    """A gap the reader fills: where it is, what stands there meanwhile, what grades it."""

    module: int
    slug: str
    path: str  # the reader's file that holds it
    title: Text
    checks: tuple[str, ...]  # ids of the checks that pass once it is done
    stub: str  # what stands in for the solution in the starting file

    @property
    def id(self) -> str:
        return f"{self.module}.{self.slug}"

    @property
    def region(self) -> str:
        """The name of its marked region in the reference file."""
        return f"exercise-m{self.module}-{self.slug}"


def _module_files(module: int, *paths: str) -> tuple[CourseFile, ...]:
    return tuple(CourseFile(path, module) for path in paths)


FILES: tuple[CourseFile, ...] = (
    CourseFile(".gitignore", 0, "code/repo-hygiene/gitignore"),
    CourseFile(".pre-commit-config.yaml", 0, "code/repo-hygiene/pre-commit-config.yaml"),
    *_module_files(
        1,
        "terraform/bootstrap/versions.tf",
        "terraform/bootstrap/providers.tf",
        "terraform/bootstrap/variables.tf",
        "terraform/bootstrap/s3.tf",
        "terraform/bootstrap/outputs.tf",
        "terraform/bootstrap/backend.tf",
        "terraform/bootstrap/.terraform.lock.hcl",
        "terraform/backends/bootstrap.s3.tfbackend",
        "terraform/backends/sandbox.s3.tfbackend",
        "terraform/backends/dev.s3.tfbackend",
        "terraform/backends/staging.s3.tfbackend",
        "terraform/backends/prod.s3.tfbackend",
        "terraform/versions.tf",
        "terraform/providers.tf",
        "terraform/backend.tf",
        "terraform/variables.tf",
        "terraform/.terraform.lock.hcl",
    ),
    *_module_files(
        2,
        "terraform/locals.tf",
        "terraform/dynamodb.tf",
        "terraform/logs.tf",
        "terraform/iam.tf",
        "terraform/outputs.tf",
    ),
    *_module_files(
        3,
        "terraform/lambda.tf",
        "code/auth_sessions/__init__.py",
        "code/auth_sessions/adapters/__init__.py",
        "code/auth_sessions/adapters/dynamodb_session_repository.py",
        "code/auth_sessions/adapters/fixed_clock.py",
        "code/auth_sessions/adapters/in_memory_session_repository.py",
        "code/auth_sessions/adapters/system_clock.py",
        "code/auth_sessions/bootstrap.py",
        "code/auth_sessions/config.py",
        "code/auth_sessions/domain/__init__.py",
        "code/auth_sessions/domain/errors.py",
        "code/auth_sessions/domain/model.py",
        "code/auth_sessions/entrypoints/__init__.py",
        "code/auth_sessions/entrypoints/json_logging.py",
        "code/auth_sessions/entrypoints/lambda_handler.py",
        "code/auth_sessions/ports.py",
        "code/auth_sessions/service.py",
        "code/events/base64_body.json",
        "code/events/create_session.json",
        "code/events/create_session_custom_ttl.json",
        "code/events/delete_session.json",
        "code/events/get_session.json",
        "code/events/get_session_without_token.json",
        "code/events/invalid_json.json",
        "code/events/missing_user_id.json",
        "code/events/ttl_out_of_range.json",
        "code/events/unknown_route.json",
        "code/events/wrong_method.json",
    ),
    *_module_files(4, "terraform/api_gateway.tf"),
    *_module_files(
        5,
        "terraform/cognito.tf",
        "code/auth_sessions/entrypoints/authorizer.py",
        "code/events/create_session_signed_in.json",
        "code/events/create_session_for_someone_else.json",
    ),
)

YOUR_TURN = "Tu turno / Your turn"

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        module=0,
        slug="ignore-secrets",
        path=".gitignore",
        title=Text(
            es="Que git ignore credenciales y claves", en="Make git ignore credentials and keys"
        ),
        checks=("m0.repo-ignores-secrets",),
        stub=f"# {YOUR_TURN} (0.ignore-secrets): .env files, private keys, IAM key CSVs.",
    ),
    Exercise(
        module=0,
        slug="key-hooks",
        path=".pre-commit-config.yaml",
        title=Text(
            es="Hooks que paran una clave antes del commit",
            en="Hooks that stop a key before the commit",
        ),
        checks=("m0.hooks-catch-keys",),
        stub=f"# {YOUR_TURN} (0.key-hooks): hooks that find private keys and AWS keys.",
    ),
    Exercise(
        module=1,
        slug="versioning",
        path="terraform/bootstrap/s3.tf",
        title=Text(
            es="Versiones del estado: el camino de vuelta",
            en="State versions: the way back",
        ),
        checks=("m1.bucket-versioning",),
        stub=(
            f"# {YOUR_TURN} (1.versioning): is this the status that keeps old versions?\n"
            'versioning_configuration {\n  status = "Suspended"\n}'
        ),
    ),
    Exercise(
        module=1,
        slug="public-access",
        path="terraform/bootstrap/s3.tf",
        title=Text(
            es="Un bucket de estado que nadie puede hacer público",
            en="A state bucket nobody can make public",
        ),
        checks=("m1.bucket-public-access-block",),
        stub=f"# {YOUR_TURN} (1.public-access): block public ACLs and policies on the bucket.",
    ),
    Exercise(
        module=2,
        slug="least-privilege",
        path="terraform/iam.tf",
        title=Text(
            es="Los permisos justos sobre la tabla", en="Just the permissions the table needs"
        ),
        checks=("m2.role-grants-needed",),
        stub=f"# {YOUR_TURN} (2.least-privilege): the statement on the sessions table.",
    ),
    Exercise(
        module=2,
        slug="ttl",
        path="terraform/dynamodb.tf",
        title=Text(
            es="Que DynamoDB borre las sesiones caducadas",
            en="Let DynamoDB delete expired sessions",
        ),
        checks=("m2.table-ttl",),
        stub=f"# {YOUR_TURN} (2.ttl): the attribute DynamoDB reads to expire items.",
    ),
    Exercise(
        module=3,
        slug="repository-get",
        path="code/auth_sessions/adapters/dynamodb_session_repository.py",
        title=Text(es="Leer una sesión de la tabla", en="Read a session from the table"),
        checks=("m3.invoke-reads-session", "m3.repository-contract"),
        stub=f'raise NotImplementedError("{YOUR_TURN}: 3.repository-get")',
    ),
    Exercise(
        module=3,
        slug="repository-remove",
        path="code/auth_sessions/adapters/dynamodb_session_repository.py",
        title=Text(es="Borrar una sesión de la tabla", en="Delete a session from the table"),
        checks=("m3.invoke-revokes-session", "m3.repository-contract"),
        stub=f'raise NotImplementedError("{YOUR_TURN}: 3.repository-remove")',
    ),
    Exercise(
        module=4,
        slug="throttling",
        path="terraform/api_gateway.tf",
        title=Text(es="Un límite de peticiones por segundo", en="A requests-per-second limit"),
        checks=("m4.stage-throttling",),
        stub=f"# {YOUR_TURN} (4.throttling): the stage's steady rate and its burst.",
    ),
    Exercise(
        module=4,
        slug="preflight-headers",
        path="terraform/api_gateway.tf",
        title=Text(
            es="Que el navegador pueda mandar el token", en="Let the browser send the token"
        ),
        checks=("m4.cors-preflight",),
        stub=(
            f"# {YOUR_TURN} (4.preflight-headers): which headers may a browser send?\n"
            "cors_allowed_headers = var.api_key_required_enabled"
            ' ? "Content-Type,X-Api-Key" : "Content-Type"'
        ),
    ),
    Exercise(
        module=5,
        slug="public-client",
        path="terraform/cognito.tf",
        title=Text(es="Un cliente que no guarda secretos", en="A client that keeps no secrets"),
        checks=("m5.app-client",),
        stub=f"# {YOUR_TURN} (5.public-client): its secret, and the sign-in flows it allows.",
    ),
    Exercise(
        module=5,
        slug="caller",
        path="code/auth_sessions/entrypoints/authorizer.py",
        title=Text(
            es="La sesión es de quien firmó el token",
            en="The session belongs to the token's signer",
        ),
        checks=("m5.http-id-token",),
        stub=(
            f"# {YOUR_TURN} (5.caller): who may the body name, and who is the user?\n"
            "return dict(fields)"
        ),
    ),
)

STUBS = {exercise.region: exercise.stub for exercise in EXERCISES}
MODULES_WITH_FILES = tuple(sorted({file.module for file in FILES}))
LAST_MODULE = max(MODULES_WITH_FILES)


def exercises_of(module: int) -> tuple[Exercise, ...]:
    return tuple(exercise for exercise in EXERCISES if exercise.module == module)


def exercises_of_check(check_id: str) -> tuple[Exercise, ...]:
    """The exercises a check grades, often one, none for most checks."""
    return tuple(e for e in EXERCISES if check_id in e.checks)
