"""The reference solution as it stands at one point of the course.

The course's `code/` and `terraform/` are the solution at the end of the last module. Marked
regions say which lines belong to which module, so any earlier point can be derived. The marks
are pymdownx snippet sections, which the site never shows:

    # --8<-- [start:from-m4-api]          lines that exist from module 4 on
    # --8<-- [start:until-m4-user-id]     lines that exist up to module 4, replaced in 5
    # --8<-- [start:exercise-m3-get]      an exercise of module 3: a stub until it is
                                          solved, then the solution

Every other section mark is only for the pages; none reaches the reader's files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

SECTION_MARK = re.compile(
    r"-{1,}8<-{1,}[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\]"
)
STAGE_REGION = re.compile(r"(from|until|exercise)-m(\d+)-[a-z0-9][-a-z0-9]*")


class StageMarkError(ValueError):
    """A file's stage marks do not pair up; the message names the file and the line."""


@dataclass(frozen=True)
class Stage:
    """A point of the course: the module reached, and the modules whose exercises are solved.

    An exercise of a module reached but not solved shows its stub; one of a later module is
    not there yet.
    """

    module: int
    solved: frozenset[int] = frozenset()

    @classmethod
    def end_of(cls, module: int) -> Stage:
        """The reference at the end of module: it and every module before it solved."""
        return cls(module, frozenset(range(module + 1)))

    def solving(self, module: int) -> Stage:
        return Stage(max(self.module, module), self.solved | {module})

    def keeps(self, kind: str, module: int) -> bool:
        """Whether lines of a region of this kind and module exist at this point."""
        if kind == "from":
            return module <= self.module
        if kind == "until":
            return self.module <= module
        return module <= self.module and module in self.solved

    def stubs(self, kind: str, module: int) -> bool:
        """Whether an exercise region shows its stub at this point."""
        return kind == "exercise" and module <= self.module and module not in self.solved

    @property
    def label(self) -> str:
        solved = ",".join(str(module) for module in sorted(self.solved))
        return f"{self.module}+{solved}" if solved else str(self.module)

    @classmethod
    def parse(cls, label: str) -> Stage:
        module, _, solved = label.partition("+")
        return cls(int(module), frozenset(int(m) for m in solved.split(",") if m))


def render(text: str, stage: Stage, stubs: Mapping[str, str], *, origin: str = "") -> str:
    """Return text as it stands at stage, with every section mark removed.

    stubs maps an exercise region's name to the lines that stand in for its solution; they
    take the indentation of the region's start mark.
    """
    out: list[str] = []
    open_regions: list[tuple[str, bool]] = []  # stage regions: (name, whether lines are kept)
    drop_blank = squeeze = False
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        mark = SECTION_MARK.search(line)
        if mark is None:
            blank = not line.strip()
            if all(kept for _, kept in open_regions) and not ((drop_blank or squeeze) and blank):
                out.append(line)
            drop_blank = False
            squeeze = squeeze and blank
            continue
        kind, name = mark.groups()
        region = STAGE_REGION.fullmatch(name)
        if region is None:
            # A section the pages include: its lines stay, its marks go, and so do the blank
            # lines after a mark that blank lines precede.
            squeeze = squeeze or (bool(out) and out[-1].strip() == "")
            continue
        if kind == "end":
            if not open_regions or open_regions[-1][0] != name:
                raise StageMarkError(f"{origin}:{number}: [end:{name}] closes nothing open")
            _, kept = open_regions.pop()
            # A region left out takes one of the blank lines around it along.
            drop_blank = not kept and (not out or out[-1].strip() == "")
            continue
        region_kind, module = region.group(1), int(region.group(2))
        if stage.stubs(region_kind, module) and all(kept for _, kept in open_regions):
            if name not in stubs:
                raise StageMarkError(f"{origin}:{number}: no stub for {name}")
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(f"{indent}{row}\n" if row else "\n" for row in stubs[name].splitlines())
        open_regions.append((name, stage.keeps(region_kind, module)))
    if open_regions:
        raise StageMarkError(f"{origin}: [start:{open_regions[-1][0]}] is never closed")
    text = "".join(out)
    return text.rstrip("\n") + "\n" if text.strip() else text


def stage_regions(text: str) -> set[tuple[str, int]]:
    """The (kind, module) of every stage region in text."""
    found = set()
    for mark in SECTION_MARK.finditer(text):
        region = STAGE_REGION.fullmatch(mark.group(2))
        if region is not None:
            found.add((region.group(1), int(region.group(2))))
    return found
