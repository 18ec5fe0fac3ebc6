"""The bytes of `.ssg-cache/index.pickle`, the cache's table of contents (`ssg.cache`).

The file is `MAGIC`, a sha256 of the rest, and a pickle of `{"files", "entries"}`. A cache is
input like any other (a CI cache restored into another workspace, a disk that filled up), so:

- bytes whose checksum fails are not unpickled at all (an empty cache);
- the unpickler builds only the cache's own types and a page's dates: a pickle can otherwise
  call anything, and garbage that happens to parse may crash the interpreter;
- a body is a reference to its pack by file name (`bodies/<hex>.pack`), checked on reading;
- paths are stored relative to the site root (sources, dependencies, bundle assets), so a
  moved or copied site keeps its cache; an asset that would lead outside it drops the entry.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import os
import pickle
import re
import zoneinfo
from dataclasses import dataclass

from ssg.errors import Diagnostic
from ssg.page import Page
from ssg.stored import StoredText

MAGIC = b"ssg-cache index 5\n"  # bump when the index layout or the `Page` fields change
_PACK_NAME = re.compile(r"[0-9a-f]{32}\.pack")


@dataclass(frozen=True, slots=True)
class Entry:
    page: Page  # with its body in a pack
    problems: list
    stamps: tuple  # (path, (size, mtime_ns), content hash) of every file it was made from
    reusable: bool  # False when the page reported a missing file, which may appear later
    # what else it read when its Liquid ran (settings as `site.*`, data files, post URLs);
    # "" for a page without Liquid, whose key covers all it reads
    site_fp: str = ""


def encode(files: dict[str, tuple], entries: dict[str, Entry], root: str) -> tuple[bytes, ...]:
    """The index file's bytes, in pieces to write one after the other (a 100,000-post index
    is over 100 MB: joined, it would be in memory twice); `files` and `entries` hold
    absolute paths."""
    files = {portable(name, root): value for name, value in files.items()}
    stored = {}
    for key, entry in entries.items():
        if entry.page.assets:
            assets = tuple((portable(source, root), rel) for source, rel in entry.page.assets)
            entry = dataclasses.replace(entry, page=dataclasses.replace(entry.page, assets=assets))
        stored[key] = entry
    buffer = io.BytesIO()
    _Pickler(buffer).dump({"files": files, "entries": stored})
    payload = buffer.getbuffer()
    return MAGIC + hashlib.sha256(payload).digest(), payload


def decode(blob: bytes, root: str, bodies: str):
    """(files, entries) with absolute paths, or None when `blob` is not an intact index."""
    head = len(MAGIC) + 32
    payload = memoryview(blob)[head:]
    if blob[: len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != blob[len(MAGIC) : head]:
        return None
    try:
        data = _Unpickler(io.BytesIO(payload), bodies).load()
        files = {os.path.join(root, name): tuple(value) for name, value in data["files"].items()}
        entries = {}
        for key, entry in data["entries"].items():
            if not (isinstance(entry, Entry) and isinstance(entry.page, Page)):
                return None
            if entry.page.assets:
                assets = tuple((_inside(source, root), rel) for source, rel in entry.page.assets)
                if any(source is None for source, _ in assets):
                    continue  # not inside the site folder: convert that page again
                page = dataclasses.replace(entry.page, assets=assets)
                entry = dataclasses.replace(entry, page=page)
            entries[str(key)] = entry
    except Exception:  # noqa: BLE001 - whatever a damaged index holds, it is an empty cache
        return None
    return files, entries


def portable(name: str, root: str) -> str:
    """`name` relative to the site root when it is inside it, else as it is."""
    prefix = root.rstrip(os.sep) + os.sep
    return name[len(prefix) :] if name.startswith(prefix) else name


def _inside(name, root: str) -> str | None:
    """The absolute path of a stored relative path that stays inside the site folder."""
    if not isinstance(name, str) or os.path.isabs(name) or ".." in name.split(os.sep):
        return None
    return os.path.join(root, name)


class _Pickler(pickle.Pickler):
    """Pickles a body as a reference to its pack (`_Unpickler.persistent_load`)."""

    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def persistent_id(self, obj):
        if type(obj) is StoredText:
            return ("body", os.path.basename(obj.path), obj.offset, obj.length, obj.check)
        return None


# what an index may hold besides plain data: the cache's types and a page's dates
_TYPES = {
    (Entry.__module__, "Entry"): Entry,
    ("ssg.page", "Page"): Page,
    ("ssg.errors", "Diagnostic"): Diagnostic,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("zoneinfo", "ZoneInfo"): zoneinfo.ZoneInfo,
}


def _zone_getattr(owner, name):
    """`getattr` as a pickled `ZoneInfo` uses it (`ZoneInfo._unpickle`), and nothing else."""
    if owner is zoneinfo.ZoneInfo and name == "_unpickle":
        return zoneinfo.ZoneInfo._unpickle
    raise pickle.UnpicklingError(f"getattr({owner!r}, {name!r}) in a cache index")


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, bodies: str):
        super().__init__(file)
        self.bodies = bodies
        self.packs: dict[str, str] = {}  # pack name -> its path, each name checked once

    def find_class(self, module, name):
        if (module, name) == ("builtins", "getattr"):
            return _zone_getattr
        try:
            return _TYPES[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} in a cache index") from None

    def persistent_load(self, pid):
        # called for every stored part of every page: the common case first, checked fully
        if type(pid) is tuple and len(pid) == 5 and pid[0] == "body":
            _, name, offset, length, check = pid
            path = self.packs.get(name) if type(name) is str else None
            if path is None and type(name) is str and _PACK_NAME.fullmatch(name):
                path = self.packs[name] = os.path.join(self.bodies, name)
            if (
                path is not None
                and type(offset) is int
                and type(length) is int
                and type(check) is bytes
                and offset >= 0
                and length >= 0
            ):
                return StoredText(path, offset, length, check)
        raise pickle.UnpicklingError("a body reference that is not one")
