"""Read a page as superfences does: fences at any depth, headings, admonitions, tabs, macros."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown.extensions.attr_list import get_attrs_and_remainder
from pymdownx.superfences import RE_NESTED_FENCE_START, RE_OPTIONS

from tests.doctools.snippets import includes, is_include_line

# What superfences accepts outside braces when Pygments highlights (see its highlight_validator);
# anything else there makes it drop the fence, so the page shows raw backticks.
HEADER_OPTIONS = frozenset({"hl_lines", "linenums", "title", "title_mode"})

ADMONITION = re.compile(r"^(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)")
TAB = re.compile(r'^(?P<marker>===[!+]?)[ \t]+"(?P<label>.*)"[ \t]*$')
HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
HEADING_ATTRS = re.compile(r"[ \t]*\{:?(?P<attrs>[^{}]*)\}[ \t]*$")
COMMENT = re.compile(r"^<!--(?P<text>.*?)-->$")
MACRO = re.compile(r"\{\{-?\s*(?P<name>[A-Za-z_]\w*)")


@dataclass(frozen=True)
class FenceHeader:
    """What the opening line of a fence says: language, classes, bare words, options."""

    lang: str
    classes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # bare words in braces: notest, continuation, fixture:NAME
    options: tuple[tuple[str, str], ...] = ()  # key="value" pairs, e.g. title
    error: str | None = None  # why superfences would not render this fence


def parse_header(match: re.Match[str]) -> FenceHeader:
    """Read the opening line of a fence, as matched by superfences' own pattern."""
    line = match.group(0)
    lang = match.group("lang") or ""
    if match.group("unrecognized"):
        return FenceHeader(
            lang=lang,
            error=f"superfences does not recognise the header {line!r}: write options in braces",
        )
    if match.group("attrs") is not None:
        classes: list[str] = []
        flags: list[str] = []
        options: list[tuple[str, str]] = []
        attrs, _ = get_attrs_and_remainder(match.group("attrs"))
        for key, value in attrs:
            if key == ".":
                classes.append(value or "")
            elif value is None:
                flags.append(key)
            elif key != "id":
                options.append((key, value))
        if not lang and classes:
            lang = classes.pop(0)
        return FenceHeader(lang, tuple(classes), tuple(flags), tuple(options))
    options = []
    for option in RE_OPTIONS.finditer(match.group("options") or ""):
        key, value = option.group("key"), option.group("value")
        if key not in HEADER_OPTIONS or value is None:
            return FenceHeader(
                lang=lang,
                error=(
                    f"bare option {key!r} outside braces: superfences does not render this "
                    f"fence (raw backticks on the page); write ```{{.{lang or 'lang'} {key}}}```"
                ),
            )
        options.append((key, value))
    return FenceHeader(lang, options=tuple(options))


@dataclass(frozen=True)
class Fence:
    """One fenced block of a page, with its body dedented to the fence's own indentation."""

    page: str
    line: int  # 1-based line of the opening fence
    indent: int
    header: FenceHeader
    body: tuple[str, ...]
    closed: bool = True
    containers: tuple[str, ...] = ()  # e.g. ('tab "Sandbox"', "admonition warning")
    note: str | None = None  # text of an HTML comment on the line above

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def lang(self) -> str:
        return self.header.lang.lower()

    @property
    def content(self) -> str:
        return "\n".join(self.body) + "\n"

    def has(self, name: str) -> bool:
        """Tell whether the header carries a class or bare word called name."""
        return name in self.header.classes or name in self.header.flags

    @property
    def snippet_only(self) -> bool:
        """Tell whether the body is made only of snippet includes."""
        lines = [line for line in self.body if line.strip()]
        return bool(lines) and all(is_include_line(line) for line in lines)

    @property
    def location(self) -> str:
        where = " > ".join(self.containers)
        return f"{self.id} ({where})" if where else self.id


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str
    id: str | None


@dataclass(frozen=True)
class Block:
    """An admonition (`!!! kind`) or a content tab (`=== "label"`)."""

    line: int
    kind: str  # "admonition" or "tab"
    marker: str
    label: str


@dataclass(frozen=True)
class PageScan:
    """Everything the checks read from one page."""

    page: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    fences: tuple[Fence, ...] = ()
    headings: tuple[Heading, ...] = ()
    blocks: tuple[Block, ...] = ()
    macros: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Return the YAML front matter and the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return yaml.safe_load("\n".join(lines[1:end])) or {}, end + 1
    return {}, 0


def _heading(line_no: int, match: re.Match[str]) -> Heading:
    text = match.group("text") or ""
    heading_id = None
    attrs = HEADING_ATTRS.search(text)
    if attrs:
        for key, value in get_attrs_and_remainder(attrs.group("attrs"))[0]:
            if key == "id":
                heading_id = value
        text = text[: attrs.start()]
    return Heading(line=line_no, level=len(match.group("hashes")), text=text.strip(), id=heading_id)


def scan(text: str, page: str) -> PageScan:
    """Read a page; `page` names it in fence ids ("es/index.md")."""
    lines = text.splitlines()
    front_matter, start = _front_matter(lines)
    fences: list[Fence] = []
    headings: list[Heading] = []
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # open containers: (indent of their marker, label)
    note: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        indent = _indent(line)
        while stack and indent <= stack[-1][0]:
            stack.pop()
        if stripped.startswith("<!--") and "-->" not in stripped:
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            i += 1
            note = None
            continue
        opening = RE_NESTED_FENCE_START.match(stripped)
        if opening is not None:
            header = parse_header(opening)
            end = re.compile(re.escape(opening.group("fence")) + r"[ \t]*$")
            body: list[str] = []
            closed = False
            j = i + 1
            while j < len(lines):
                candidate = lines[j]
                if candidate.strip() and _indent(candidate) < indent:
                    break  # superfences abandons a fence whose body leaves its indentation
                inner = candidate[indent:]
                if end.match(inner):
                    closed = True
                    break
                body.append(inner)
                j += 1
            fences.append(
                Fence(
                    page=page,
                    line=i + 1,
                    indent=indent,
                    header=header,
                    body=tuple(body),
                    closed=closed,
                    containers=tuple(label for _, label in stack),
                    note=note,
                )
            )
            note = None
            i = j + 1 if closed else j
            continue
        comment = COMMENT.match(stripped)
        note = comment.group("text").strip() if comment else None
        if admonition := ADMONITION.match(stripped):
            kind = admonition.group("kind")
            blocks.append(Block(i + 1, "admonition", admonition.group("marker"), kind))
            stack.append((indent, f"admonition {kind}"))
        elif tab := TAB.match(stripped):
            blocks.append(Block(i + 1, "tab", tab.group("marker"), tab.group("label")))
            stack.append((indent, f'tab "{tab.group("label")}"'))
        elif (heading := HEADING.match(stripped)) and indent - 4 * len(stack) < 4:
            headings.append(_heading(i + 1, heading))
        i += 1
    body_text = "\n".join(lines[start:])
    return PageScan(
        page=page,
        front_matter=front_matter,
        fences=tuple(fences),
        headings=tuple(headings),
        blocks=tuple(blocks),
        macros=tuple(m.group("name") for m in MACRO.finditer(body_text)),
        includes=tuple(includes(lines[start:])),
    )
