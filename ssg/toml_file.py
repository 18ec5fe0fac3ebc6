"""A TOML file read into values, with every way it can be unreadable turned into one
located error: bad UTF-8, bad TOML, an integer Python will not print, nesting so deep that
the parser would run out of stack.
"""

from __future__ import annotations

import re
import tomllib

from ssg.errors import SsgError, error, not_utf8

__all__ = ["MAX_NESTING", "TOO_DEEP", "parse_toml"]

MAX_NESTING = 100  # tables and arrays inside each other
TOO_DEEP = f"nested more than {MAX_NESTING} levels deep"


def parse_toml(data: bytes, label: str) -> tuple[str, dict]:
    """(text, values) of a TOML file's bytes; `SsgError` at `label:line` if unreadable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SsgError(not_utf8(label, data, exc)) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _message_line(str(exc))
        raise SsgError(error(label, line, f"invalid TOML: {exc}")) from None
    except ValueError:  # tomllib's int() of a number Python will not read or print
        found = re.search(r"[0-9_]{4301}", text)
        line = text[: found.start()].count("\n") + 1 if found else None
        message = "invalid TOML: an integer of more than 4300 digits"
        raise SsgError(error(label, line, message)) from None
    except RecursionError:
        raise SsgError(error(label, _deep_line(text), TOO_DEEP)) from None


def _message_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _deep_line(text: str) -> int | None:
    """The line where brackets and braces first open more than `MAX_NESTING` deep, or
    where a dotted key is longer than that (counted as written, strings included: the
    parser has already said the file is too deep)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.count(".") > MAX_NESTING:
            return number
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_NESTING:
                return number
    return None
