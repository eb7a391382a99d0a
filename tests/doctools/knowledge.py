"""The knowledge check at the end of a module page: its questions, options and folded answers.

A module page ends its teaching with `## … { #knowledge-check }`, right before
`## … { #next-steps }`. Each question is a bold numbered paragraph, its options a list
marked `**a)**`, `**b)**`…, and its answer a collapsed block that explains every option:

    **1. Why …?**

    - **a)** …
    - **b)** …

    ??? success "Respuesta"
        **b)** Right: …

        **a)** No: …

The language of the words does not matter: only these marks are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.doctools.fences import PageScan

SECTION = "knowledge-check"
FOLLOWED_BY = "next-steps"
FEWEST, MOST = 3, 5

QUESTION = re.compile(r"^\*\*(?P<number>\d+)\.\s+\S")
OPTION = re.compile(r"^- \*\*(?P<letter>[a-z])\)\*\*\s+\S")
ANSWER = re.compile(r'^\?\?\? success "[^"]+"\s*$')
EXPLAINED = re.compile(r"^ {4}\*\*(?P<letter>[a-z])\)\*\*\s+\S")


@dataclass
class Question:
    number: int
    line: int
    options: list[str] = field(default_factory=list)
    answers: int = 0  # how many folded answer blocks follow the question
    explained: list[str] = field(default_factory=list)  # the options its answer explains


def section_lines(scan: PageScan, text: str) -> tuple[int, list[str]] | None:
    """The knowledge check's lines (without its heading) and the number of its first line."""
    lines = text.splitlines()
    headings = list(scan.headings)
    for index, heading in enumerate(headings):
        if heading.id == SECTION:
            end = next(
                (h.line - 1 for h in headings[index + 1 :] if h.level <= heading.level),
                len(lines),
            )
            return heading.line + 1, lines[heading.line : end]
    return None


def questions(first: int, lines: list[str]) -> list[Question]:
    """Read the questions of a knowledge check section; `first` numbers its first line."""
    found: list[Question] = []
    for offset, line in enumerate(lines):
        if match := QUESTION.match(line):
            found.append(Question(int(match["number"]), first + offset))
        elif not found:
            continue
        elif option := OPTION.match(line):
            found[-1].options.append(option["letter"])
        elif ANSWER.match(line):
            found[-1].answers += 1
        elif (explained := EXPLAINED.match(line)) and found[-1].answers:
            found[-1].explained.append(explained["letter"])
    return found


def problems(scan: PageScan, text: str) -> list[str]:
    """Everything wrong with a module page's knowledge check; empty when it is sound."""
    page = scan.page
    where = section_lines(scan, text)
    if where is None:
        return [f"{page}: no `## … {{ #{SECTION} }}` section"]
    level_two = [h.id for h in scan.headings if h.level == 2]
    if SECTION not in level_two:
        return [f"{page}: #{SECTION} must be a level-2 heading (`## …`)"]
    after = level_two[level_two.index(SECTION) + 1 :]
    if after[:1] != [FOLLOWED_BY]:
        where_now = f"before #{after[0]}" if after else "last"
        return [f"{page}: #{SECTION} must come right before #{FOLLOWED_BY}; it is {where_now}"]
    asked = questions(*where)
    found = []
    if not FEWEST <= len(asked) <= MOST:
        found.append(f"{page}: {len(asked)} questions; a module asks {FEWEST} to {MOST}")
    for expected, question in enumerate(asked, start=1):
        name = f"{page}:{question.line}: question {question.number}"
        if question.number != expected:
            found.append(f"{name} should be number {expected}")
        if len(question.options) < 2:
            found.append(f"{name} lists {len(question.options)} options (`- **a)** …`); give 2+")
        if question.answers != 1:
            found.append(f"{name} has {question.answers} folded answers (`??? success`); give 1")
        missing = [f"{letter})" for letter in question.options if letter not in question.explained]
        if question.answers == 1 and missing:
            found.append(f"{name}: the folded answer does not explain {', '.join(missing)}")
        extra = sorted(set(question.explained) - set(question.options))
        if extra:
            found.append(f"{name}: the answer explains options it does not list: {extra}")
    return found
