"""The course's modules: numbers, slugs, titles, level, time and prerequisites."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("es", "en")

LEVELS = {
    "beginner": {"es": "Principiante", "en": "Beginner"},
    "intermediate": {"es": "Intermedio", "en": "Intermediate"},
    "advanced": {"es": "Avanzado", "en": "Advanced"},
}


@dataclass(frozen=True)
class CourseModule:
    """One module of the course; titles and summaries keyed by language."""

    number: int
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    level: str
    minutes: int
    prerequisites: tuple[int, ...] = ()

    @property
    def page(self) -> str:
        """Path of the module's page, relative to a language folder."""
        return f"modules/{self.number}-{self.slug}.md"


MODULES: tuple[CourseModule, ...] = (
    CourseModule(
        number=0,
        slug="secure-account",
        title={"es": "Una cuenta de AWS segura", "en": "A secure AWS account"},
        summary={
            "es": (
                "MFA en root, una identidad de trabajo, alertas de coste "
                "y un repositorio sin secretos."
            ),
            "en": "MFA on root, a day-to-day user, cost alerts and a repository without secrets.",
        },
        level="beginner",
        minutes=60,
    ),
    CourseModule(
        number=1,
        slug="terraform-remote-state",
        title={"es": "Terraform y estado remoto", "en": "Terraform and remote state"},
        summary={
            "es": "Infraestructura como código, un bucket de estado y bloqueo nativo de S3.",
            "en": "Infrastructure as code, a state bucket and S3 native locking.",
        },
        level="beginner",
        minutes=60,
        prerequisites=(0,),
    ),
    CourseModule(
        number=2,
        slug="iam-dynamodb",
        title={"es": "Roles de IAM y DynamoDB", "en": "IAM roles and DynamoDB"},
        summary={
            "es": "Un rol para la Lambda con el mínimo privilegio y la tabla de sesiones con TTL.",
            "en": "A least-privilege role for the Lambda and the sessions table with TTL.",
        },
        level="intermediate",
        minutes=90,
        prerequisites=(0, 1),
    ),
    CourseModule(
        number=3,
        slug="lambda",
        title={"es": "Lambda: de cero a serverless", "en": "Lambda: from zero to serverless"},
        summary={
            "es": (
                "Un servicio hexagonal en Python, empaquetado para arm64 "
                "y desplegado con Terraform."
            ),
            "en": "A hexagonal Python service, packaged for arm64 and deployed with Terraform.",
        },
        level="intermediate",
        minutes=120,
        prerequisites=(0, 1, 2),
    ),
    CourseModule(
        number=4,
        slug="api-gateway",
        title={"es": "API Gateway: un endpoint público", "en": "API Gateway: a public endpoint"},
        summary={
            "es": "Rutas REST, CORS bien hecho, throttling y el techo real de coste.",
            "en": "REST routes, CORS done right, throttling and the real cost ceiling.",
        },
        level="intermediate",
        minutes=90,
        prerequisites=(0, 1, 2, 3),
    ),
    CourseModule(
        number=5,
        slug="cognito",
        title={"es": "Cognito: quién abre una sesión", "en": "Cognito: who opens a session"},
        summary={
            "es": "Un user pool, tokens de ID y un autorizador delante de POST /sessions.",
            "en": "A user pool, ID tokens and an authorizer in front of POST /sessions.",
        },
        level="intermediate",
        minutes=90,
        prerequisites=(0, 1, 2, 3, 4),
    ),
)


def module(number: int) -> CourseModule:
    """Return the module with that number; raise KeyError if there is none."""
    for candidate in MODULES:
        if candidate.number == number:
            return candidate
    raise KeyError(f"no module {number}; the course has modules 0 to {MODULES[-1].number}")
