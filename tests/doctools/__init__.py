"""Checks that keep the pages and their code honest; the conventions a page author follows.

The checks read the pages as MkDocs does (snippets expanded with the settings in mkdocs.yml,
fences found inside content tabs, admonitions and lists) and fail with the page and line.

Fence headers
    Options go in braces, the superfences way: ```` ```{.python notest} ````,
    ```` ```bash { .sandbox-step } ````, ```` ```{ .json .fragment } ````. Outside braces
    only ``title="…"``, ``hl_lines="…"``, ``linenums="…"`` render; a bare word such as
    ```` ```python notest ```` makes superfences leave the fence unrendered (raw backticks,
    and the next fence swallowed), so the header check fails on it. Every fence names a
    language Pygments knows, or ``mermaid``.

Python
    Inline Python runs under pytest-markdown-docs (``make test-docs``), wherever the fence
    sits, with fake AWS credentials and ``AWS_ENDPOINT_URL`` pointing at a moto server: no
    fence can reach a real account. ``{.python fixture:sessions_table}`` also creates the
    sessions table (``hexagonal-auth-dev-sessions``) and sets ``DYNAMODB_TABLE_NAME``.
    A fence made only of snippet includes is not run inline (the included file has its own
    tests) but must compile. A fence that cannot run says why in an HTML comment just before
    it (keep the blank line: inside a tab or an admonition, without it the comment and the code
    end up wrapped in one paragraph)::

        <!-- notest: needs a real AWS account -->

        ```{.python notest}

Shell (``bash``, ``sh``, ``shell``)
    ``bash -n`` and shellcheck, minus the findings that are wrong for a page: see
    ``checks.SHELLCHECK_EXCLUDES``.

Data and diagrams
    ``hcl``/``terraform`` parse with python-hcl2, ``json`` with ``json.loads``, ``yaml`` and
    ``toml`` with their parsers; add the class ``.fragment`` to show part of a document
    (```` ```{ .json .fragment } ````, rendered as an extra class on the block). ``mermaid``
    starts with a diagram type mermaid knows.

Sandbox steps
    ```` ```bash { .sandbox-step } ```` fences run in page order, in one bash session with
    ``set -euo pipefail``, from the project root, against a fresh sandbox: the runner calls
    ``course sandbox up`` before the first step and ``course sandbox down`` after the last,
    and the steps get fake credentials and ``AWS_ENDPOINT_URL``, never a real account. A
    ```` ```text { .expected-output } ```` fence right after a step is what it prints, and it
    matches the output **whole**: line by line, in order, with blank lines dropped and each run
    of spaces or tabs read as one space (indentation and tabs need not be copied exactly;
    colour codes are ignored).
    Where the page shows only part of the output it says so with the elision mark ``…``
    (U+2026): a line of only ``…`` stands for any number of lines, and ``…`` at the end
    of a line matches any line that starts with the text before it (``aws-cli/1.…``). ``...``
    inside a line matches any text within that line, for values that change on every run
    (ids, durations); a line of only ``...`` is exactly one line, never several. A partial
    output without ``…`` fails. The site labels these blocks as output ("Salida" / "Output")
    and gives them no copy button (``modules/site_macros.py``). Steps are the same in every
    language; only the source language runs them. The one line a step may say differently is
    ``export COURSE_LANG=<the page's language>`` (``tests/doctools/parity.py``).

Translations
    Every page exists in every language with the same headings (each with an explicit
    ``{ #id }``, H1 included), snippet includes, fences, admonitions, tabs, macro calls and
    front matter (except ``title``/``description``), in the same order. A page missing in
    a language stops ``mkdocs build --strict`` itself (``modules/site_macros.py``).
    Each translated page records in its front matter (``source_sections:``) a short hash of
    every section of its Spanish source as it was when the translation was brought in line;
    when the Spanish page changes, a test names the sections that differ. After updating the
    translation, record it: ``.venv/bin/python -m tests.doctools.staleness --refresh
    en/modules/3-lambda.md`` (``make translations`` does every page; see
    ``tests/doctools/staleness.py``).

Knowledge checks
    Module pages 0-4 end their teaching with ``## … { #knowledge-check }`` right before
    ``## … { #next-steps }``: 3 to 5 questions, each a bold numbered paragraph (``**1. …**``)
    with options ``- **a)** …``, then one ``??? success "…"`` block that explains every option
    (``**a)** …`` inside it). Material's own blocks: no script, readable offline and in print.
    See ``tests/doctools/knowledge.py``.

Annotations
    Code is explained with Material annotations (``# (1)!`` in a comment, then a numbered
    list right after the block); every marker must turn into an annotation that opens, and
    once module pages show code at least one page must use them (tests/browser).

Links
    Every ``href``/``src`` in the built site resolves, anchors included. External links are not
    fetched; they use https and never point at the original course's repositories.
"""
