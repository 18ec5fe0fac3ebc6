"""Social cards drawn once: `.ssg-cache/cards/<key>.png`, where the key is a hash of all that
the card's bytes depend on (`CardInput.key`), so a build draws only cards it has not drawn.

A card is drawn in a render worker (`CardStore.card`), then kept: written to a temporary
file and renamed, so a crash leaves the old file or none. Every file read is checked before it
is used (a whole PNG: signature, a 1200×630 header, every chunk's CRC, `IEND` at the very
end); a damaged or cut-short one is drawn again and replaced, never published. The store is a
convenience: a disk that refuses the write costs a redraw next time, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from ssg import cards

FOLDER = "cards"
FORMAT = 1  # of the key; bump to redraw every stored card
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class CardInput:
    """What a card shows, as drawn: the title, the site name, the date as pages show it, the
    tags, and the colours."""

    title: str
    site_name: str
    date: str
    tags: tuple[str, ...]
    colors: cards.CardColors = cards.LIGHT

    @property
    def key(self) -> str:
        """A hash of these and of what draws them (`drawing_fingerprint`)."""
        return card_key(self, drawing_fingerprint())

    def draw(self) -> bytes:
        return cards.draw_card(self.title, self.site_name, self.date, self.tags, self.colors)


def drawing_fingerprint() -> str:
    """What draws every card: the key's format, the layout's version, the font files, the
    Pillow and zlib versions (another build of either may rasterise or compress the same card
    into other bytes). Worked out once per build: `card_key` takes it."""
    import PIL  # the package alone, for its version: not the imaging library

    libraries = f"Pillow {PIL.__version__}, zlib {zlib.ZLIB_RUNTIME_VERSION}"
    # font_fingerprint: the font files' bytes and DRAWING_VERSION
    return f"{FORMAT} {cards.DRAWING_VERSION} {cards.font_fingerprint()} {libraries}"


def naming_fingerprint() -> str:
    """What a card's URL stands for besides its text: the layout's version and the fonts
    (`drawing_fingerprint` without the libraries' versions)."""
    return f"{FORMAT} {cards.DRAWING_VERSION} {cards.font_fingerprint()}"


def card_key(card: CardInput, drawing: str) -> str:
    """The key of `card` drawn as `drawing` (`drawing_fingerprint()`) says: a sha256."""
    c = card.colors
    parts = [
        drawing,
        card.title,
        card.site_name,
        card.date,
        list(card.tags),
        [c.background, c.text, c.muted, c.accent],
    ]
    blob = json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


class CardStore:
    """The cards folder of a build's cache, or none (`folder=None`: every card is drawn)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def card(self, card: CardInput, key: str | None = None) -> bytes:
        """The card's PNG bytes: the stored copy if it is whole, else drawn (and stored);
        `key` is `card.key`, when the caller has it."""
        key = key or card.key
        if self.folder is not None:
            data = self._read(key)
            if data is not None:
                return data
        data = card.draw()
        if self.folder is not None:
            self._write(key, data)
        return data

    def prune(self, keep: set[str]) -> int:
        """Remove stored cards whose key is not in `keep`, and temporary files, once they
        outnumber the cards kept and 100 (a cleanup now and then, not a deletion per edit:
        a title changed back finds its card); how many were removed."""
        if self.folder is None:
            return 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        stale = [n for n in names if n.removesuffix(".png") not in keep]
        if len(stale) <= max(len(keep), 100):
            return 0
        removed = 0
        for name in stale:
            with contextlib.suppress(OSError):  # a folder, or gone: the next prune tries again
                os.unlink(self.folder / name)
                removed += 1
        return removed

    def _read(self, key: str) -> bytes | None:
        try:  # (a link there is not a card this store wrote)
            fd = os.open(self.folder / f"{key}.png", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with open(fd, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        return data if is_whole_card(data) else None

    def _write(self, key: str, data: bytes) -> None:
        tmp = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.folder / f"{key}.png")
        except OSError:  # a full or read-only disk: drawn again next time
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def is_whole_card(data: bytes) -> bool:
    """Whether `data` is a whole PNG of a card's size: the signature, an `IHDR` of 1200×630
    first, chunks whose lengths add up and whose CRCs match, `IEND` last and at the end."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    at, first = len(PNG_SIGNATURE), True
    while at + 12 <= len(data):
        length, kind = struct.unpack_from(">L4s", data, at)
        end = at + 12 + length
        if end > len(data):
            return False
        body = data[at + 4 : end - 4]
        if zlib.crc32(body) != struct.unpack_from(">L", data, end - 4)[0]:
            return False
        if first:
            if kind != b"IHDR" or length < 8 or _size(body) != (cards.WIDTH, cards.HEIGHT):
                return False
            first = False
        if kind == b"IEND":
            return end == len(data)
        at = end
    return False


def _size(header: bytes) -> tuple[int, int]:
    return struct.unpack_from(">LL", header, 4)  # after the chunk type
