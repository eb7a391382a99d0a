"""Which version of its source page a translation translates, and which sections changed since.

Each translated page keeps, in its front matter, a short hash of every section of the source
page as it was when the translation was last brought in line:

    source_sections:
      module-3: 3f9a1c2e
      goals: 07d1b4aa

A section runs from a heading with an explicit id to the next heading. When the source page
changes, the test names the sections whose hash moved (or that appeared or went away); after
updating the translation, record the new hashes with

    .venv/bin/python -m tests.doctools.staleness --refresh en/modules/3-lambda.md

(or `make translations`, which refreshes every page, so run it only when they are all in line).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys

import yaml

from tests.doctools.fences import PageScan, scan
from tests.doctools.inventory import inventory
from tests.doctools.pages import Page

KEY = "source_sections"
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.S)


def section_hashes(source: PageScan, text: str) -> dict[str, str]:
    """Hash each section of the source page (8 hex digits of SHA-256), by heading id."""
    lines = text.splitlines()
    starts = [h for h in source.headings if h.id]
    hashes = {}
    for index, heading in enumerate(starts):
        end = starts[index + 1].line - 1 if index + 1 < len(starts) else len(lines)
        body = "\n".join(line.rstrip() for line in lines[heading.line - 1 : end]).strip()
        hashes[heading.id] = hashlib.sha256(body.encode()).hexdigest()[:8]
    return hashes


def changed_sections(recorded: object, current: dict[str, str]) -> list[str]:
    """Name every section whose recorded hash differs from the current one."""
    if not isinstance(recorded, dict) or not recorded:
        return ["(no `source_sections` recorded: run the refresh command)"]
    changed = [
        f"#{sid} changed" for sid, h in current.items() if sid in recorded and recorded[sid] != h
    ]
    changed += [f"#{sid} is new" for sid in current if sid not in recorded]
    changed += [f"#{sid} was removed" for sid in recorded if sid not in current]
    return changed


def stale_sections(source: Page, translation: Page) -> list[str]:
    """The sections of `source` that changed since `translation` was brought in line."""
    text = source.text()
    current = section_hashes(scan(text, source.id), text)
    recorded = scan(translation.text(), translation.id).front_matter.get(KEY)
    return changed_sections(recorded, current)


def with_hashes(translation_text: str, hashes: dict[str, str]) -> str:
    """Return the translated page with `source_sections` set to hashes, the rest untouched."""
    block = yaml.safe_dump({KEY: hashes}, sort_keys=False, allow_unicode=True)
    match = FRONT_MATTER.match(translation_text)
    if match is None:
        return f"---\n{block}---\n\n{translation_text}"
    kept = re.sub(rf"^{KEY}:\n(?:[ \t]+.*\n)*", "", match["yaml"], flags=re.M)
    return f"---\n{kept}{block}---\n" + translation_text[match.end() :]


def refresh(translation: Page, source: Page) -> bool:
    """Record the source's current hashes in the translation; return whether it changed."""
    text = source.text()
    hashes = section_hashes(scan(text, source.id), text)
    old = translation.text()
    new = with_hashes(old, hashes)
    if new != old:
        translation.path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--refresh",
        nargs="*",
        metavar="PAGE",
        help="record the source hashes in these translated pages (e.g. en/modules/3-lambda.md); "
        "none means every translated page",
    )
    args = parser.parse_args(argv)
    pairs = inventory().translations()
    if args.refresh is None:
        stale = [(t.id, found) for s, t in pairs if (found := stale_sections(s, t))]
        for page, found in stale:
            print(f"{page}: {', '.join(found)}")
        return 1 if stale else 0
    wanted = set(args.refresh)
    unknown = wanted - {t.id for _, t in pairs}
    if unknown:
        print(f"not a translated page: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for source, translation in pairs:
        if (not wanted or translation.id in wanted) and refresh(translation, source):
            print(f"{translation.id}: recorded the sections of {source.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
