"""Every module page 0-5 ends with a knowledge check: 3 to 5 questions, each answer folded."""

from __future__ import annotations

import pytest

from tests.doctools.fences import scan
from tests.doctools.inventory import Inventory, inventory
from tests.doctools.knowledge import problems
from tests.doctools.pages import Page

# The modules whose pages carry a knowledge check; a module joins once its page has one.
MODULES = range(6)
PAGES = [
    page
    for page in inventory().pages
    if inventory().scans[page.id].front_matter.get("module") in MODULES
]


def test_every_language_has_a_checked_page_per_module(pages: Inventory) -> None:
    checked = {(page.lang, pages.scans[page.id].front_matter["module"]) for page in PAGES}
    assert checked == {(lang, module) for lang in pages.config.languages for module in MODULES}


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_module_page_has_a_sound_knowledge_check(page: Page, pages: Inventory) -> None:
    found = problems(pages.scans[page.id], page.text())
    assert not found, "\n".join(found)


GOOD = """\
# Módulo { #module-9 }

## Conceptos { #concepts }

Texto.

## Comprueba lo que sabes { #knowledge-check }

Intro.

**1. ¿Por qué?**

- **a)** Una.
- **b)** Otra.

??? success "Respuesta"
    **b)** Sí.

    **a)** No.

**2. ¿Y esto?**

- **a)** Una.
- **b)** Otra.
- **c)** La tercera.

??? success "Respuesta"
    **a)** Sí.

    **b)** No.

    **c)** Tampoco.

**3. ¿Y lo otro?**

- **a)** Una.
- **b)** Otra.

??? success "Respuesta"
    **a)** Sí.

    **b)** No.

## Siguientes pasos { #next-steps }

Sigue.
"""


PAGE = "es/modules/9.md"


def check(text: str) -> list[str]:
    return problems(scan(text, PAGE), text)


def test_a_sound_knowledge_check_passes() -> None:
    assert check(GOOD) == []


def test_a_question_without_its_folded_answer_fails() -> None:
    second = GOOD.index("**2.")
    fold = GOOD.index("??? success", second)
    text = GOOD[:fold] + GOOD[GOOD.index("**3.") :]  # question 2 loses its folded answer
    assert [p for p in check(text) if "question 2 has 0 folded answers" in p]


def test_an_answer_that_skips_an_option_fails() -> None:
    text = GOOD.replace("\n    **c)** Tampoco.\n", "\n")
    assert [p for p in check(text) if "does not explain c)" in p]


def test_too_few_and_too_many_questions_fail() -> None:
    start = GOOD.index("**3.")
    end = GOOD.index("## Siguientes")
    third = GOOD[start:end]
    assert [p for p in check(GOOD.replace(third, "")) if "2 questions" in p]
    more = "".join(third.replace("**3.", f"**{n}.") for n in (4, 5, 6))
    assert [p for p in check(GOOD.replace(third, third + more)) if "6 questions" in p]


def test_the_check_sits_right_before_next_steps() -> None:
    text = GOOD.replace(
        "## Siguientes pasos { #next-steps }",
        "## Limpieza { #cleanup }\n\n## Siguientes pasos { #next-steps }",
    )
    assert check(text) == [
        f"{PAGE}: #knowledge-check must come right before #next-steps; it is before #cleanup"
    ]
    assert check(GOOD.replace("{ #knowledge-check }", "{ #quiz }")) != []
