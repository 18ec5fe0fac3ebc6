"""`.ssg-cache/`: converted pages memoised by a key over the source bytes and every setting
that changes the result. Safe to delete; never shows in `git status`."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

CACHE_DIR = ".ssg-cache"


class BuildCache:
    def __init__(self, site_root: Path, enabled: bool = True):
        self.dir = site_root / CACHE_DIR
        self.enabled = enabled
        self._made: set[Path] = set()
        if enabled:
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n")

    def _path(self, key: str) -> Path:
        return self.dir / "pages" / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        """The cached (page, diagnostics), or None when absent, unreadable or out of date."""
        if not self.enabled:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                files, value = pickle.load(handle)
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
        for name, stamp in files:
            if _stamp(name) != stamp:
                return None
        return value

    def put(self, key: str, value, files) -> None:
        """Store `value`; it stays valid while every file in `files` keeps its size and mtime."""
        if not self.enabled:
            return
        path = self._path(key)
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        stamps = [(str(f), _stamp(str(f))) for f in sorted(files)]
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # one writer per process
        with open(tmp, "wb") as handle:
            pickle.dump((stamps, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in `keep` (edited or deleted sources)."""
        removed = 0
        pages = self.dir / "pages"
        if not self.enabled or not pages.is_dir():
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
