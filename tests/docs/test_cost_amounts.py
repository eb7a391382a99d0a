"""No page types a currency amount: every cost in the Markdown comes from a pricing macro."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from modules.pricing import formulas
from modules.pricing.money import format_usd
from tests.sitebuild import build, scratch_copy

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

# Whatever Jinja evaluates: macro calls, statements and (with the site's delimiters) comments.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\[#jinja#.*?#jinja#\]", re.DOTALL)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)

SPACE = r"(?:[ \u00a0\u202f]|&nbsp;|&#8239;)"
# The rest of a number, so a report shows it whole: 1,067.00 or 1\u202f067,00.
DIGITS = r"(?:[\d.,\u202f]*\d)?"
CURRENCY_WORD = r"(?:US\$|USD\b|d[oó]lar(?:es)?\b|dollars?\b|c[eé]ntimos?\b|centavos?\b|cents?\b)"

# A dollar sign before a number: $0.05, $ 3, US$3, \$5 (but not $API_URL or ${#x}).
DOLLAR_FIRST = re.compile(rf"(?<![\w$])(?:US)?\${SPACE}?\d{DIGITS}")
# A number before a currency: 0,05 US$, 3.50 USD, 3 dólares, 5 cents.
NUMBER_FIRST = re.compile(rf"(?<![\d.,\u202f])\d{DIGITS}{SPACE}?{CURRENCY_WORD}", re.IGNORECASE)
# The currency code before a number: USD 3, USD3.
CODE_FIRST = re.compile(rf"\bUSD{SPACE}?\d{DIGITS}")
PROSE_PATTERNS = (DOLLAR_FIRST, NUMBER_FIRST, CODE_FIRST)
# Inside inline code `$1` is a shell argument, so only a dollar amount with decimals counts.
CODE_PATTERNS = (re.compile(rf"(?<![\w$])\$\d+[.,]\d{DIGITS}"), NUMBER_FIRST, CODE_FIRST)


def without_fenced_code(markdown: str) -> str:
    """Drop fenced code blocks (commands and files, never prose), keeping the lines' count."""
    kept: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            kept.append("")
        elif fence is not None:
            closing = FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept)


def hand_typed_amounts(markdown: str) -> list[str]:
    """Return every currency amount written in the Markdown source outside a macro call."""
    text = without_fenced_code(JINJA.sub(" ", markdown))
    found: list[str] = []
    for span in INLINE_CODE.finditer(text):
        found += [m.group(0) for p in CODE_PATTERNS for m in p.finditer(span.group(2))]
    prose = INLINE_CODE.sub(" ", text)
    found += [m.group(0) for p in PROSE_PATTERNS for m in p.finditer(prose)]
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_page_types_a_currency_amount_by_hand(page: Path) -> None:
    amounts = hand_typed_amounts(page.read_text(encoding="utf-8"))
    assert not amounts, (
        f"{page.relative_to(ROOT)} types {amounts}: compute it with a macro "
        "such as {{ cost.lambda_monthly(...) }} or {{ price('...') }} (see reference/costs.md)"
    )


def test_there_are_pages_to_check() -> None:
    assert any(p.name == "costs.md" for p in PAGES)


@pytest.mark.parametrize(
    "markdown",
    [
        "It costs $0.05 a month.",
        "REST costs $3.50 per million.",
        "A bill of $1,067 a month.",
        "Up to $200 in credits.",
        "Cuesta 0,05 US$ al mes.",
        "Son 1.067,00 US$ al mes.",
        "Son 1\u202f067,00\u00a0US$ al mes.",
        "About USD 3 a day.",
        "About 3.50 USD a day.",
        "Unos 3 dólares al día.",
        "Five cents: 5 cents.",
        "Written as US$ 3 or US$3.",
        r"Escaped: \$5 a month.",
        "| Lambda | $0.06 |",
        "!!! note\n    This costs $0.41 a month.",
        "In code: `$0.05`.",
        "In code: `3.50 USD`.",
        "{{ cost.stack_monthly(requests=10_000) }} and then $0.05 by hand.",
    ],
    ids=[
        "dollar-cents",
        "dollar-price",
        "dollar-thousands",
        "dollar-whole",
        "es-decimal-comma",
        "es-thousands-dot",
        "es-typographic-spaces",
        "usd-first",
        "usd-after",
        "dolares",
        "cents",
        "us-dollar-sign",
        "escaped-dollar",
        "table-cell",
        "admonition",
        "inline-code-amount",
        "inline-code-usd",
        "after-a-macro",
    ],
)
def test_the_check_catches_an_amount_typed_by_hand(markdown: str) -> None:
    assert hand_typed_amounts(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "{{ cost.lambda_monthly(requests=100_000, memory_mb=128) }}",
        '{{ price("api_gateway_rest_requests") }}',
        "{{ cost.table('stack',\n   requests=10_000) }}",
        "{% set n = 3 %}",
        "[#jinja# $3.50 in a comment #jinja#]",
        '```bash\necho "$1" costs $0.05\n```',
        '=== "bash"\n\n    ```bash\n    aws budgets create-budget --amount 0.01 USD\n    ```',
        "~~~\nUSD 3\n~~~",
        "Run `echo $1` then `${#token}` and `$API_URL`.",
        "128 MB, 200 ms, 100 req/s, 8,640,000 requests, 3.50 GB, 2,500 GB-s.",
        "On 15 July 2025; 12 months; 25 WCU.",
        "The variable $API_URL and $HOME.",
    ],
    ids=[
        "macro",
        "price-macro",
        "multi-line-macro",
        "jinja-statement",
        "jinja-comment",
        "fenced-code",
        "fence-in-tab",
        "tilde-fence",
        "shell-in-inline-code",
        "quantities",
        "dates-and-units",
        "shell-variables",
    ],
)
def test_the_check_lets_macros_code_and_other_numbers_through(markdown: str) -> None:
    assert hand_typed_amounts(markdown) == []


@pytest.mark.parametrize(
    ("path", "lang"),
    [("reference/costs/index.html", "es"), ("en/reference/costs/index.html", "en")],
)
def test_the_costs_page_shows_the_amounts_the_formulas_compute(
    built_site: Path, path: str, lang: str
) -> None:
    text = html.unescape((built_site / path).read_text(encoding="utf-8"))
    example = formulas.lambda_monthly(100_000, 128, 200, "arm64")
    ceiling = formulas.throttled_ceiling(100, "month").total
    assert format_usd(example, lang) in text
    assert format_usd(ceiling, lang) in text
    assert 'id="price-table"' in text and 'id="free-tier"' in text


def test_a_bad_cost_macro_argument_fails_the_strict_build(tmp_path: Path) -> None:
    project = scratch_copy(tmp_path / "project")
    page = project / "docs/en/reference/costs.md"
    page.write_text(page.read_text() + '\n{{ cost.lambda_monthly(requests=1, arch="x86") }}\n')
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "arch must be one of" in result.stderr + result.stdout
