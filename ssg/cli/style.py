"""Colour on terminals: `error` red and `warning` yellow in diagnostics, the summary's verdict
in bold. Off when the stream is not a terminal or `NO_COLOR` is set (https://no-color.org);
on wherever `FORCE_COLOR` is set (CI logs that render colour)."""

from __future__ import annotations

import os
import re
from typing import TextIO

__all__ = ["paint", "wants_colour"]

_LEVEL = re.compile(r"(?<=: )(error|warning)(?=: )|^(ssg: error|build failed)(?=:)")
_COLOURS = {"error": "31", "warning": "33", "ssg: error": "31", "build failed": "1;31"}


def wants_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def paint(line: str, stream: TextIO) -> str:
    """`line` with its level coloured when `stream` wants colour; unchanged otherwise."""
    if not wants_colour(stream):
        return line
    return _LEVEL.sub(lambda m: f"\x1b[{_COLOURS[m.group()]}m{m.group()}\x1b[0m", line, count=1)
