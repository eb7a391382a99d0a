"""What the course relies on, and until when: each end of support with its date and source.

An entry with an end date turns a test red `WARNING_DAYS` before that date
(tests/unit/test_support.py), so a deprecated runtime or an abandoned tool never breaks the
course silently. An entry whose maintainers announce no end yet records when that was last
checked, and the same test turns red when the check is older than `RECHECK_DAYS`. The pages
that depend on an entry say so with `{{ support_note("key") }}`; the whole table renders with
`{{ support_table() }}` (reference/support.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from modules.i18n import Text

WARNING_DAYS = 90
RECHECK_DAYS = 180


class UnknownDependency(KeyError):
    """A page asked for an entry the table does not have."""


@dataclass(frozen=True)
class Dependency:
    """One thing the course relies on."""

    key: str
    name: str
    used: Text  # what the course uses of it
    event: Text  # what happens on `ends`, or the status when no end is announced
    ends: date | None
    source: str
    checked: date
    pages: tuple[str, ...]  # pages (inside a language folder) that depend on it

    def warn_from(self) -> date | None:
        return None if self.ends is None else self.ends - timedelta(days=WARNING_DAYS)

    def problem(self, today: date) -> str | None:
        """Why this entry needs attention today, or None."""
        if self.ends is not None:
            if today >= self.ends - timedelta(days=WARNING_DAYS):
                return (
                    f"{self.name}: {self.event.en} on {self.ends.isoformat()} "
                    f"({(self.ends - today).days} days from {today.isoformat()}); "
                    f"move the course off it, then update modules/support.py ({self.source})"
                )
            return None
        if today - self.checked > timedelta(days=RECHECK_DAYS):
            return (
                f"{self.name}: no end date was announced when last checked on "
                f"{self.checked.isoformat()}; check {self.source} again "
                "and update modules/support.py"
            )
        return None


DEPENDENCIES: tuple[Dependency, ...] = (
    Dependency(
        key="python313",
        name="AWS Lambda python3.13",
        used=Text(es="runtime de la función", en="the function's runtime"),
        event=Text(es="deprecación del runtime", en="runtime deprecation"),
        ends=date(2029, 6, 30),
        source="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        checked=date(2026, 12, 7),
        pages=("modules/3-lambda.md",),
    ),
    Dependency(
        key="aws_cli_v1",
        name="AWS CLI v1",
        used=Text(
            es="la `aws` de `.venv`, para el sandbox", en="the `aws` in `.venv`, for the sandbox"
        ),
        event=Text(es="fin del soporte", en="end of support"),
        ends=date(2027, 7, 15),
        source="https://aws.amazon.com/blogs/developer/aws-cli-v1-maintenance-mode-announcing-changes-to-dependency-updates/",
        checked=date(2026, 12, 7),
        pages=("modules/3-lambda.md",),
    ),
    Dependency(
        key="terraform",
        name="Terraform 1.x",
        used=Text(
            es="todas las raíces, con 1.10 o posterior por `use_lockfile`",
            en="every root, 1.10 or later for `use_lockfile`",
        ),
        event=Text(
            es="cada versión menor tiene soporte hasta dos años; usa la última 1.x",
            en="each minor release is supported for up to two years; use the latest 1.x",
        ),
        ends=None,
        source="https://support.hashicorp.com/hc/en-us/articles/360021185113-Support-Period-and-End-of-Life-EOL-Policy",
        checked=date(2026, 12, 7),
        pages=("modules/1-terraform-remote-state.md",),
    ),
    Dependency(
        key="aws_provider",
        name="hashicorp/aws 5.x",
        used=Text(es="el provider de AWS (`~> 5.100`)", en="the AWS provider (`~> 5.100`)"),
        event=Text(
            es="solo parches de seguridad desde que salió la 6.0 (2025-06-18)",
            en="security fixes only since 6.0 came out (2025-06-18)",
        ),
        ends=None,
        source="https://github.com/hashicorp/terraform-provider-aws/issues/41101",
        checked=date(2026, 12, 7),
        pages=("modules/1-terraform-remote-state.md",),
    ),
    Dependency(
        key="material",
        name="Material for MkDocs",
        used=Text(es="el tema del sitio del curso", en="the course site's theme"),
        event=Text(es="fin de vida", en="end of life"),
        ends=date(2027, 5, 5),
        source="https://zensical.org/upcoming-changes/#material-for-mkdocs",
        checked=date(2026, 12, 7),
        pages=("index.md",),
    ),
    Dependency(
        key="mkdocs",
        name="MkDocs 1.6",
        used=Text(es="el generador del sitio del curso", en="the course site's generator"),
        event=Text(
            es="sin versiones nuevas desde el 2024-08-30",
            en="no release since 2024-08-30",
        ),
        ends=None,
        source="https://github.com/mkdocs/mkdocs/releases",
        checked=date(2026, 12, 7),
        pages=("index.md",),
    ),
)


def dependency(key: str) -> Dependency:
    for entry in DEPENDENCIES:
        if entry.key == key:
            return entry
    raise UnknownDependency(
        f"no dependency {key!r}; known: {', '.join(e.key for e in DEPENDENCIES)}"
    )


def problems(today: date) -> list[str]:
    """Every entry that needs attention on `today`."""
    return [found for entry in DEPENDENCIES if (found := entry.problem(today))]


HEADERS = {
    "es": ("Qué", "Para qué lo usa el curso", "Qué pasa", "Fecha", "Comprobado", "Fuente"),
    "en": ("What", "What the course uses it for", "What happens", "Date", "Checked", "Source"),
}
NOTE = {
    "es": (
        '!!! info "Fecha de caducidad: {name}"\n'
        "    Esta página depende de {name} ({used}): {event}, {when}. El curso lo vigila en la\n"
        "    [tabla de soporte]({link}).\n"
    ),
    "en": (
        '!!! info "Expiry date: {name}"\n'
        "    This page depends on {name} ({used}): {event}, {when}. The course watches it in the\n"
        "    [support table]({link}).\n"
    ),
}
NO_DATE = {"es": "sin fecha de fin anunciada", "en": "no end date announced"}
CHECKED = {"es": "comprobado el", "en": "checked on"}
SOURCE = {"es": "fuente", "en": "source"}


def table_markdown(lang: str) -> str:
    """The whole table, in the page's language."""
    head = HEADERS[lang]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for e in DEPENDENCIES:
        ends = e.ends.isoformat() if e.ends else NO_DATE[lang]
        rows.append(
            f"| {e.name} | {e.used.in_(lang)} | {e.event.in_(lang)} | {ends} | "
            f"{e.checked.isoformat()} | [{SOURCE[lang]}]({e.source}) |"
        )
    return "\n".join(rows) + "\n"


def note_markdown(key: str, lang: str, link: str) -> str:
    """The admonition a dependent page shows; `link` points at the table."""
    e = dependency(key)
    when = e.ends.isoformat() if e.ends else f"{NO_DATE[lang]} ({CHECKED[lang]} {e.checked})"
    return NOTE[lang].format(
        name=e.name, used=e.used.in_(lang), event=e.event.in_(lang), when=when, link=link
    )
