"""Text kept in a file instead of memory: a page's body, excerpt and table of contents in
the cache's packs, each read back on demand and checked (`StoredText`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass


class DamagedText(BaseException):  # noqa: N818 - a signal that passes `except Exception`
    """Stored text gone or failing its check: the build drops it and converts again."""


@dataclass(frozen=True, slots=True)
class StoredText:
    """UTF-8 text kept in a file (a pack in the cache), so a 5,000-post site does not hold
    every post body in memory; `check` (`text_check`) catches a damaged pack."""

    path: str
    offset: int
    length: int
    check: bytes

    def read(self) -> str:
        try:
            return self.read_bytes().decode("utf-8")
        except (AttributeError, UnicodeDecodeError):  # None, or hostile bytes that pass
            raise DamagedText(self.path) from None

    def read_bytes(self) -> bytes | None:
        """The stored bytes, or None when they are missing or fail their check."""
        try:
            data = os.pread(_open_for_reading(self.path), self.length, self.offset)
        except OSError:
            return None
        return data if text_check(data) == self.check else None


def text_check(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:16]


_READERS: dict[str, tuple[int, int]] = {}  # path -> (pid, fd): one descriptor per process


def _open_for_reading(path: str) -> int:
    known = _READERS.get(path)
    if known is None or known[0] != os.getpid():
        known = _READERS[path] = (os.getpid(), os.open(path, os.O_RDONLY | os.O_NOFOLLOW))
    return known[1]


def forget_stored(path: str) -> None:
    """Close this process's descriptor of a pack about to be deleted."""
    known = _READERS.pop(path, None)
    if known is not None and known[0] == os.getpid():
        os.close(known[1])
