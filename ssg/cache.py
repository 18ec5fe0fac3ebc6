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
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from ssg.page import Page, StoredText

CACHE_DIR = ".ssg-cache"
INDEX = "index.pickle"
FORMAT = 3  # bump when the index layout or the `Page` fields change


@dataclass(frozen=True, slots=True)
class Entry:
    page: Page  # with its body in a pack
    problems: list
    stamps: tuple  # (path, (size, mtime_ns)) of every file the page was made from
    reusable: bool  # False when the page reported a missing file, which may appear later


class BuildCache:
    """The cache of one site: `.ssg-cache/`, or a throwaway folder when caching is off."""

    def __init__(self, site_root: Path, enabled: bool = True, autosave: bool = True):
        self.enabled = enabled
        self.autosave = autosave  # False: `save()` when convenient (a dev server between edits)
        self._dirty = False
        if enabled:
            self.dir = site_root / CACHE_DIR
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n")
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="ssg-build-"))
        self.files: dict[str, tuple] = {}  # source path -> (size, mtime_ns, sha256)
        self.entries: dict[str, Entry] = {}
        if enabled:
            self._load()
        self._pack = None  # this process's open pack: (pid, path, handle)

    def _load(self) -> None:
        try:
            with open(self.dir / INDEX, "rb") as handle:
                data = pickle.load(handle)
            if data.get("format") == FORMAT:
                # an index saved before a crash may name packs collected since: drop those
                packs = {entry.path for entry in os.scandir(self.dir / "bodies")}
                self.files = data["files"]
                self.entries = {
                    key: entry
                    for key, entry in data["entries"].items()
                    if not isinstance(entry.page.body, StoredText) or entry.page.body.path in packs
                }
        except (
            OSError,
            pickle.PickleError,
            EOFError,
            AttributeError,
            ValueError,
            TypeError,
            ImportError,
            KeyError,
        ):
            pass  # an unreadable cache is an empty one

    def close(self) -> None:
        self.save()
        if self._pack is not None and self._pack[0] == os.getpid():
            self._pack[2].close()
        self._pack = None
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

    def get(self, key: str) -> tuple[Page, list] | None:
        """The cached (page, diagnostics), or None when absent or out of date."""
        entry = self.entries.get(key)
        if entry is None or not entry.reusable:
            return None
        for name, stamp in entry.stamps:
            if _stamp(name) != stamp:
                return None
        return entry.page, entry.problems

    # --- writing ---------------------------------------------------------------

    def put(self, key: str, page: Page, problems: list, files, reusable: bool = True):
        """Append the page's body to this process's pack; returns (light page, entry)
        for the caller to `commit` (worker processes hand them back to the main one)."""
        body = page.html.encode("utf-8")
        path, handle = self._pack_for_this_process()
        offset = handle.tell()
        handle.write(body)
        handle.flush()
        light = dataclasses.replace(page, body=StoredText(path, offset, len(body)))
        stamps = tuple((name, _stamp(name)) for name in sorted(map(str, files)))
        return light, Entry(light, problems, stamps, reusable)

    def _pack_for_this_process(self):
        if self._pack is None or self._pack[0] != os.getpid():
            folder = self.dir / "bodies"
            folder.mkdir(exist_ok=True)
            path = str(folder / f"{uuid.uuid4().hex}.pack")
            self._pack = (os.getpid(), path, open(path, "ab"))  # noqa: SIM115 - kept open
        return self._pack[1], self._pack[2]

    def commit(self, files: dict[str, tuple], entries: dict[str, Entry]) -> None:
        """Make `entries` (every current source's) the whole cache and save the index."""
        if self._pack is not None and self._pack[0] == os.getpid():
            self._pack[2].flush()
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
        files, entries = self.files, self.entries
        tmp = self.dir / f"{INDEX}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump(
                {"format": FORMAT, "files": files, "entries": entries},
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(tmp, self.dir / INDEX)

    def _collect_garbage(self) -> None:
        folder = self.dir / "bodies"
        if not folder.is_dir():
            return
        live: dict[str, int] = {}
        for entry in self.entries.values():
            body = entry.page.body
            if isinstance(body, StoredText):
                live[body.path] = live.get(body.path, 0) + body.length
        total = 0
        for pack in os.scandir(folder):
            if pack.path not in live and pack.path != (self._pack or (0, ""))[1]:
                os.unlink(pack.path)
            else:
                total += pack.stat().st_size
        if len(live) > 64 or sum(live.values()) < total / 2:
            self._compact()

    def _compact(self) -> None:
        """Copy every live body into one new pack (when most bytes belong to old versions)."""
        old = {
            e.page.body.path for e in self.entries.values() if isinstance(e.page.body, StoredText)
        }
        self._pack = None
        moved = {}
        for key, entry in self.entries.items():
            body = entry.page.body
            if isinstance(body, StoredText):
                light, _ = self.put(key, entry.page, entry.problems, ())
                moved[key] = dataclasses.replace(entry, page=light)
        self.entries.update(moved)
        self._pack[2].flush()
        for path in old:
            os.unlink(path)


def _stamp(name: str):
    try:
        stat = os.stat(name)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


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
