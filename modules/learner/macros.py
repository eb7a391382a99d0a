"""Page macro `{{ module_files(N) }}`: the files `course start N` writes, shown whole."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modules.learner.curriculum import FILES, CourseFile
from modules.learner.reference import file_at
from modules.learner.stages import Stage

LABELS = {
    "es": {
        "intro": "`course start {n}` escribe en tu proyecto estos {count} archivos (despliega "
        "cada uno para leerlo). Los huecos de los ejercicios dicen `Tu turno / Your turn`.",
        "changed": "cambia",
    },
    "en": {
        "intro": "`course start {n}` writes these {count} files into your project (open each "
        "one to read it). The exercises' gaps say `Tu turno / Your turn`.",
        "changed": "changes",
    },
}
FENCE_LANGUAGES = {".tf": "hcl", ".hcl": "hcl", ".tfbackend": "hcl", ".py": "python"}
FENCE_LANGUAGES |= {".json": "json", ".yaml": "yaml"}


def fence_language(path: str) -> str:
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return FENCE_LANGUAGES.get(suffix, "text")


def module_changes(module: int) -> list[tuple[CourseFile, bool]]:
    """The files starting module brings (False) or changes (True), in the curriculum's order."""
    before = Stage.end_of(module - 1) if module > 0 else None
    found = []
    for file in FILES:
        if file.module == module:
            found.append((file, False))
        elif (
            before is not None
            and file.module < module
            and file_at(file, Stage(module, before.solved)) != file_at(file, before)
        ):
            found.append((file, True))
    return found


def render_module_files(module: int, lang: str) -> str:
    """Markdown: one folded block per file, with the text `course start` writes."""
    labels = LABELS[lang]
    files = module_changes(module)
    parts = [labels["intro"].format(n=module, count=len(files)), ""]
    for file, changed in files:
        # In code: a title is Markdown, and __init__ would turn bold.
        title = f"`{file.path}` ({labels['changed']})" if changed else f"`{file.path}`"
        text = file_at(file, Stage(module))
        body = "\n".join(f"    {line}" if line else "" for line in text.splitlines())
        parts += [
            f'??? example "{title}"',
            "",
            f"    ````{fence_language(file.path)}",
            body,
            "    ````",
            "",
        ]
    return "\n".join(parts)


def register(env: Any, current: Callable[[], tuple[str, str]]) -> None:
    @env.macro
    def module_files(module: int) -> str:
        return render_module_files(module, current()[0])
