"""`.ssg-cache/`: converted pages memoised by a key over the source bytes and every setting
that changes the result. Safe to delete; never shows in `git status`.

File-system operations are slow on some disks (virtual machines, network folders), so the
cache is a handful of files, not one per post:

- `index.pickle`: for every source, its size, mtime and hash (so an unchanged file is not
  even read), and for every key its entry: the page without its body, its diagnostics, and
  the files it depends on with their size and mtime;
- `bodies/*.pack`: the rendered bodies, appended by each process that converts pages and
  read back (`StoredText`) only when an output needs them. Packs holding only bodies of
  edited or deleted posts are removed; a cache that is mostly garbage is compacted.

The cache is input like any other (a CI cache restored elsewhere, a disk that filled up): the
index is checksummed and holds relative paths (`cache_index`), every body carries a check
verified when it is read (`StoredText`), and a damaged piece is a cache miss, converted again
(`notes` says so, for `ssg build -v`); a cache path of the wrong kind (a file where a folder
belongs, a folder where a file belongs) is replaced.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import uuid
from pathlib import Path

from ssg.cache_index import Entry, decode, encode, portable
from ssg.errors import SsgError, error
from ssg.page import Page
from ssg.stored import StoredText, forget_stored, text_check

__all__ = ["CACHE_DIR", "BuildCache", "Entry", "files_fingerprint"]

CACHE_DIR = ".ssg-cache"
INDEX = "index.pickle"
_INDEX_TMP = re.compile(re.escape(INDEX) + r"\.(\d+)\.tmp")


class BuildCache:
    """The cache of one site: `.ssg-cache/`, or a throwaway folder when caching is off."""

    def __init__(self, site_root: Path, enabled: bool = True, autosave: bool = True):
        self.enabled = enabled
        self.autosave = autosave  # False: `save()` when convenient (a dev server between edits)
        self.root = str(site_root)
        self.notes: list[str] = []  # what was wrong with the cache, for `ssg build -v`
        self._dirty = False
        self.refreshed = False  # `get` updated an entry's stamps: the index is worth saving
        self._doomed: set[str] = set()  # compacted packs, deleted once no page reads them
        if enabled:
            self.dir = site_root / CACHE_DIR
            self._folder(self.dir)
            ignore = self.dir / ".gitignore"
            if not os.path.lexists(ignore):
                with contextlib.suppress(OSError):
                    ignore.write_text("*\n")
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="ssg-build-"))
        self.bodies = self.dir / "bodies"
        self._folder(self.bodies)
        self._folder(self.dir / "jinja")  # the template bytecode cache (`templates.make_env`)
        self.files: dict[str, tuple] = {}  # source path -> (size, mtime_ns, sha256)
        self.entries: dict[str, Entry] = {}
        if enabled:
            self._load()
        self._pack = None  # this process's open pack: (pid, path, handle)

    def _folder(self, path: Path) -> None:
        """Make `path` a folder; anything else in its place is cache debris."""
        if path.is_dir():
            return
        try:
            if os.path.lexists(path):
                path.unlink()
                self.note(f"{self._show(path)} was not a folder: replaced")
            path.mkdir()
        except OSError as exc:
            message = f"cannot make the cache folder: {exc.strerror}"
            raise SsgError(error(self._show(path), None, message)) from None

    def _show(self, path) -> str:
        return portable(str(path), self.root)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def take_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes

    def _load(self) -> None:
        path = self.dir / INDEX
        try:
            with open(path, "rb") as handle:
                blob = handle.read()
        except FileNotFoundError:
            return
        except OSError as exc:  # e.g. a folder
            self.note(f"{self._show(path)} is unreadable ({exc.strerror}): an empty cache")
            return
        data = decode(blob, self.root, str(self.bodies))
        if data is None:
            self.note(f"{self._show(path)} is damaged or from another version: an empty cache")
            return
        files, entries = data
        ends: dict[str, int] = {}  # pack -> where its last body ends
        for entry in entries.values():
            for stored in _stored(entry.page):
                ends[stored.path] = max(ends.get(stored.path, 0), stored.offset + stored.length)
        for pack in ends:  # a descriptor this process kept may be of a file since replaced
            forget_stored(pack)
        # an index saved before a crash may name packs collected since; a pack may be
        # truncated, emptied or not a file at all: the pages in those are converted again
        bad = {pack for pack, end in ends.items() if not _holds(pack, end)}
        if bad:
            self.note(f"{len(bad)} body pack(s) missing or damaged: their pages are converted")
        self.files = files
        self.entries = {
            key: entry
            for key, entry in entries.items()
            if not any(stored.path in bad for stored in _stored(entry.page))
        }

    def close(self) -> None:
        self.save()
        if self._pack is not None and self._pack[0] == os.getpid():
            self._pack[2].close()
        self._pack = None
        self._delete_doomed()
        if not self.enabled:
            shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def staging(self) -> Path:
        return self.dir / "staging"

    # --- lookups ---------------------------------------------------------------

    def known_hash(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The sha256 of a source whose size and mtime are what they were last time."""
        known = self.files.get(path)
        return known[2] if known and known[:2] == (size, mtime_ns) else None

    def get(self, key: str, site_fp: str = "") -> tuple[Page, list] | None:
        """The cached (page, diagnostics), or None when absent or out of date: a file it
        was made from changed, or it ran Liquid with other `site_fp` than this build's."""
        entry = self.entries.get(key)
        if entry is None or not entry.reusable or entry.site_fp not in ("", site_fp):
            return None
        stamps, touched = [], False
        for name, stamp, identity in entry.stamps:
            path = os.path.join(self.root, name)
            now = _stamp(path)
            # a fresh checkout (a CI cache restored) gives every file a new mtime: then its
            # bytes decide, so a push that edits one post converts one post
            if now != stamp and (now is None or _identity(path, now) != identity):
                return None
            touched = touched or now != stamp
            stamps.append((name, now, identity))
        if touched:  # the same bytes under a new mtime: remember it, not to read them again
            self.entries[key] = dataclasses.replace(entry, stamps=tuple(stamps))
            self.refreshed = True
        return entry.page, entry.problems

    def drop_damaged(self) -> None:
        """Forget every entry whose body fails its check (a build read one that did)."""
        bad = [
            key
            for key, entry in self.entries.items()
            if any(stored.read_bytes() is None for stored in _stored(entry.page))
        ]
        for key in bad:
            del self.entries[key]
        self._dirty = True
        if bad:
            self.note(f"{len(bad)} cached page bodies failed their check: converted again")

    # --- writing ---------------------------------------------------------------

    def put(self, key, page: Page, problems: list, files, reusable=True, site_fp="", known=None):
        """Append the page's body to this process's pack; returns (light page, entry)
        for the caller to `commit` (worker processes hand them back to the main one).
        `known`: path -> hash of files whose bytes were hashed already (the source)."""
        light = dataclasses.replace(page, body=self._store(page.html.encode("utf-8")))
        # a kilobyte or two a post each, of a big site's memory: the table of contents (shown
        # on the page's own view), the excerpt (a few list pages), the search record (the index)
        toc = json.dumps(page.toc, ensure_ascii=False) if page.toc else ""
        for name, text in (
            ("toc_items", toc),
            ("excerpt_part", page.excerpt_html),
            ("search_part", page.search_record),
        ):
            if text:
                light = dataclasses.replace(light, **{name: self._store(text.encode("utf-8"))})
        stamps = []
        for name in sorted(map(str, files)):
            stamp = _stamp(name)
            identity = (known or {}).get(name) or (_identity(name, stamp) if stamp else None)
            stamps.append((portable(name, self.root), stamp, identity))
        stamps = tuple(stamps)
        return light, Entry(light, problems, stamps, reusable, site_fp)

    def _store(self, data: bytes) -> StoredText:
        path, handle = self._pack_for_this_process()
        offset = handle.tell()
        handle.write(data)
        handle.flush()
        return StoredText(path, offset, len(data), text_check(data))

    def _pack_for_this_process(self):
        if self._pack is None or self._pack[0] != os.getpid():
            self.bodies.mkdir(parents=True, exist_ok=True)
            path = str(self.bodies / f"{uuid.uuid4().hex}.pack")
            self._pack = (os.getpid(), path, open(path, "ab"))  # noqa: SIM115 - kept open
        return self._pack[1], self._pack[2]

    def _current_pack(self) -> str | None:
        return self._pack[1] if self._pack is not None and self._pack[0] == os.getpid() else None

    def commit(self, files: dict[str, tuple], entries: dict[str, Entry]) -> None:
        """Make `entries` (every current source's) the whole cache and save the index."""
        if self._current_pack():
            self._pack[2].flush()
        self._delete_doomed()  # the last build (of a dev server) is done with them
        self.files, self.entries = files, entries
        self._collect_garbage()
        self._dirty = True
        if self.autosave:
            self.save()

    def save(self) -> None:
        """Write the index, if anything changed since it was last written."""
        if not (self.enabled and self._dirty):
            return
        self._dirty = False
        pieces = encode(self.files, self.entries, self.root)
        index = self.dir / INDEX
        tmp = self.dir / f"{INDEX}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                for piece in pieces:
                    handle.write(piece)
            if index.is_dir() and not index.is_symlink():
                shutil.rmtree(index)
                self.note(f"{self._show(index)} was a folder: replaced")
            os.replace(tmp, index)
        except OSError as exc:  # a full disk: the next build converts again, no harm done
            self.note(f"could not save {self._show(index)}: {exc.strerror}")
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _collect_garbage(self) -> None:
        live: dict[str, int] = {}
        for entry in self.entries.values():
            for stored in _stored(entry.page):
                live[stored.path] = live.get(stored.path, 0) + stored.length
        current = self._current_pack()
        if current is not None and not live:
            self._pack[2].close()  # every source is gone (a dev server): nothing to append to
            self._pack, current = None, None
        total = 0
        with contextlib.suppress(OSError):
            for item in list(os.scandir(self.bodies)):
                if item.path in live or item.path == current:
                    total += item.stat(follow_symlinks=False).st_size
                elif item.path not in self._doomed:
                    _remove(item.path)
        with contextlib.suppress(OSError):
            for item in list(os.scandir(self.dir)):  # the index of a build that was killed
                found = _INDEX_TMP.fullmatch(item.name)
                if found and not _alive(int(found.group(1))):
                    _remove(item.path)
        if live and (len(live) > 64 or sum(live.values()) < total / 2):
            self._compact(set(live))

    def _compact(self, old: set[str]) -> None:
        """Copy every live body into one new pack (when most bytes belong to old versions).
        The old packs are deleted later: the pages of the build under way still read them."""
        current = self._current_pack()
        if current is not None:
            self._pack[2].close()
            old.add(current)
        self._pack = None
        kept = {}
        for key, entry in self.entries.items():
            moved = {}
            for name in STORED_PARTS:
                stored = getattr(entry.page, name)
                if isinstance(stored, StoredText):
                    data = stored.read_bytes()
                    if data is None:
                        break  # damaged: a cache miss next time
                    moved[name] = self._store(data)
            else:
                if moved:
                    page = dataclasses.replace(entry.page, **moved)
                    entry = dataclasses.replace(entry, page=page)
                kept[key] = entry
        self.entries = kept
        self._doomed |= old

    def _delete_doomed(self) -> None:
        for path in self._doomed:
            _remove(path)
        self._doomed.clear()


# the fields of a Page kept in packs
STORED_PARTS = ("body", "toc_items", "excerpt_part", "search_part")


def _stored(page: Page) -> list[StoredText]:
    parts = (getattr(page, name) for name in STORED_PARTS)
    return [part for part in parts if isinstance(part, StoredText)]


def _holds(pack: str, end: int) -> bool:
    """Whether `pack` is a plain file at least `end` bytes long."""
    try:
        info = os.lstat(pack)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size >= end


def _remove(path: str) -> None:
    """Delete a pack (or whatever took its place) and this process's descriptor of it."""
    forget_stored(path)
    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _stamp(name: str):
    try:
        info = os.stat(name)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _identity(name: str, stamp: tuple[int, int]) -> str | None:  # as `source.sha256[:32]`
    """What a dependency holds: a file's bytes, a folder's names (a bundle's assets). Kept
    per (path, size, mtime), so each shared figure is read once per process."""
    try:
        if os.path.isdir(name):
            listing = "\0".join(sorted(os.listdir(name)))
            return hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        with open(name, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()[:32]
    except OSError:
        return None


def files_fingerprint(*folders: Path) -> str:
    """Hash of the relative name and bytes of every file under `folders` (missing ones: "")."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                digest.update(name.encode("utf-8", "surrogateescape"))
                digest.update(b"\0%d\0" % path.stat().st_size)
                digest.update(path.read_bytes())
    return digest.hexdigest()[:24]
