"""Diagnostics as plain data: every problem in user input is a `file:line: message`.

Stages never print and never raise on bad input: they return or collect
`Diagnostic` values, and the CLI prints them all at the end of a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located in a user's file (path relative to the site root)."""

    level: str  # ERROR or WARNING
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


def error(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(ERROR, path, line, message)


def warning(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(WARNING, path, line, message)


@dataclass(slots=True)
class Report:
    """Collects diagnostics from every stage of one build, de-duplicated, in order."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def extend(self, diagnostics) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == WARNING]


class SsgError(Exception):
    """A user-facing failure: printed as its diagnostics, exit status 1, no traceback."""

    def __init__(self, *diagnostics: Diagnostic | str):
        self.diagnostics = [
            d if isinstance(d, Diagnostic) else Diagnostic(ERROR, "ssg", None, d)
            for d in diagnostics
        ]
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def not_utf8(path: str, data: bytes, exc: UnicodeDecodeError, level: str = ERROR) -> Diagnostic:
    """The diagnostic for a file whose bytes are not UTF-8: at the line of the first bad
    byte, naming it."""
    line = data[: exc.start].count(b"\n") + 1
    message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
    return Diagnostic(level, path, line, message)
