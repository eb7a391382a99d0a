"""Terminal output: colour only on a terminal (and never with NO_COLOR), progress on stderr."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_CODES = {"green": "32", "red": "31", "yellow": "33", "bold": "1", "dim": "2"}


def colour_enabled(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def paint(text: str, colour: str, stream: TextIO | None = None) -> str:
    """Wrap text in an ANSI colour when stream (default: current stdout) is a colour terminal."""
    if not colour_enabled(stream or sys.stdout):
        return text
    return f"\033[{_CODES[colour]}m{text}\033[0m"


def progress(message: str) -> None:
    """Tell the person waiting what is happening; stays on stderr so stdout is the result."""
    print(f"… {message}", file=sys.stderr, flush=True)
