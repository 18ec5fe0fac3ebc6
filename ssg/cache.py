"""`.ssg-cache/`: converted pages memoised by a key over the source bytes and every setting
that changes the result. Safe to delete; never shows in `git status`."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from ssg.page import Page, StoredText

CACHE_DIR = ".ssg-cache"


class BuildCache:
    """The cache of one site: `.ssg-cache/`, or a throwaway folder when caching is off.

    An entry is one file, `pages/ab/<key>.page`: a pickled header (whether it may be reused,
    the files it depends on with their size and mtime, the page without its body, its
    diagnostics) followed by the body's UTF-8 bytes, which are read only when needed.
    One file per post keeps file-system work (slow on some virtual disks) to a minimum.
    """

    def __init__(self, site_root: Path, enabled: bool = True):
        self.enabled = enabled
        self._made: set[Path] = set()
        if enabled:
            self.dir = site_root / CACHE_DIR
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n")
        else:
            self.dir = Path(tempfile.mkdtemp(prefix="ssg-build-"))

    def close(self) -> None:
        if not self.enabled:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _entry(self, key: str) -> Path:
        return self.dir / "pages" / key[:2] / f"{key}.page"

    def get(self, key: str):
        """The cached (page, diagnostics), or None when absent, unreadable or out of date."""
        if not self.enabled:
            return None
        try:
            with open(self._entry(key), "rb") as handle:
                reusable, files, value = pickle.load(handle)
        except (
            OSError,
            pickle.PickleError,
            EOFError,
            AttributeError,
            ValueError,
            TypeError,
            ImportError,
        ):
            return None
        if not reusable:
            return None
        for name, stamp in files:
            if _stamp(name) != stamp:
                return None
        return value

    def put(self, key: str, page: Page, problems: list, files, reusable: bool = True) -> Page:
        """Store the entry and return the page with its body left in it on disk. The entry is
        reused while every file in `files` is unchanged (and only if `reusable`)."""
        path = self._entry(key)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        body = page.html.encode("utf-8")
        light = dataclasses.replace(page, body=StoredText(str(path), len(body)))
        stamps = [(name, _stamp(name)) for name in sorted(map(str, files))]
        header = (reusable and self.enabled, stamps, (light, problems))
        with open(path, "wb") as handle:  # a torn write is an unreadable entry: a cache miss
            handle.write(pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
            handle.write(body)
        return light

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in `keep` (edited or deleted sources)."""
        removed = 0
        pages = self.dir / "pages"
        if not pages.is_dir():
            return 0
        for folder in os.scandir(pages):
            if not folder.is_dir():
                continue
            for entry in os.scandir(folder.path):
                if entry.name.split(".", 1)[0] not in keep:
                    os.unlink(entry.path)
                    removed += 1
        return removed

    @property
    def staging(self) -> Path:
        return self.dir / "staging"


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
