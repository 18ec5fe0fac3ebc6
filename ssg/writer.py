"""Write the site: only into the output folder, only after the whole build succeeded.

Rendered files are staged first and moved in at the end, so a failed build leaves the
previous site as it was. A manifest (`.ssg-manifest.json` in the output folder) records
what ssg wrote, so stale files from an earlier build are removed and a folder that ssg
did not write is never touched.

The output folder is input too (a `site/` restored from a CI cache): a manifest path that is
absolute, climbs out with `..`, or leads outside the folder through a link is never deleted
or written through, and a manifest that is not one is refused like a missing one.

A build killed while writing leaves no wrong page behind: before the first file changes, the
manifest is rewritten with every path about to change marked `PENDING`, a digest no output
has, so the next build renders those again; the final manifest replaces it at the end. Both
are written atomically (a temporary file, fsync, rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from ssg.errors import SsgError, error

MANIFEST = ".ssg-manifest.json"
PENDING = "pending"  # the digest of a path a killed build may have left half-written
_TMP = MANIFEST + ".tmp"


@dataclass(slots=True)
class WriteStats:
    rendered: int = 0
    skipped: int = 0
    copied: int = 0
    removed: int = 0


def check_output_dir(output: Path, *, site_root: Path, protected: list[Path]) -> None:
    """Refuse an output folder that would overwrite the user's files."""
    output = output.resolve()
    home = Path.home().resolve()
    for place, what in [
        (site_root, "the site root"),
        (home, "your home folder"),
        *((p, f"{p.name}/") for p in protected),
    ]:
        place = place.resolve()
        if output == place or output in place.parents:
            raise SsgError(
                error(
                    str(output), None, f"refusing to build into {output}: it is or contains {what}"
                )
            )
        if place in output.parents and what != "the site root" and what != "your home folder":
            raise SsgError(
                error(str(output), None, f"refusing to build into {output}: it is inside {what}")
            )
    if output.exists() and not output.is_dir():
        raise SsgError(error(str(output), None, "output path exists and is not a folder"))
    if not output.is_dir() or not any(output.iterdir()):
        return
    if not os.path.lexists(output / MANIFEST):
        raise SsgError(
            error(
                str(output),
                None,
                "output folder exists and was not written by ssg (no .ssg-manifest.json); "
                "remove it or choose another --output",
            )
        )
    if _read_manifest(output) is None:  # without it, ssg's files and the user's look alike
        raise SsgError(
            error(
                str(output / MANIFEST),
                None,
                "not a manifest ssg wrote (damaged?), so ssg cannot tell its files from "
                f"others; remove {output} or choose another --output",
            )
        )


def load_manifest(output: Path) -> dict[str, str]:
    """Output path -> digest of every file the last build wrote there (paths that could lead
    outside the folder left out)."""
    return Saved(output).outputs


class Saved:
    """The manifest as the build found it: read once, its outputs checked once (a big
    site's manifest has thousands), and handed to `commit`."""

    def __init__(self, output: Path):
        self.data = _read_manifest(output)
        self.outputs = _entries(self.data, "outputs")


def load_sources(output: Path) -> dict[str, str]:
    """Output path -> the source file it was made from (for `ssg check --site`)."""
    return _entries(_read_manifest(output), "sources")


def is_written(path: Path | str) -> bool:
    """Whether an output path holds a plain file (a link there is not one ssg wrote)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def written(output: str, rels: list[str]) -> set[str]:
    """Which of the output paths `rels` hold a plain file (`is_written`): a folder that
    holds many is listed once (a search index's thousand files) instead of one `lstat`
    a file."""
    by_folder: dict[str, list[str]] = {}
    for rel in rels:
        by_folder.setdefault(rel.rpartition("/")[0], []).append(rel)
    found = set()
    for folder, inside in by_folder.items():
        if len(inside) < _LISTED:
            found.update(rel for rel in inside if is_written(f"{output}/{rel}"))
            continue
        prefix = folder + "/" if folder else ""
        try:
            with os.scandir(f"{output}/{folder}") as entries:  # (no lstat where d_type tells)
                files = {prefix + e.name for e in entries if e.is_file(follow_symlinks=False)}
        except OSError:
            continue
        found.update(rel for rel in inside if rel in files)
    return found


_LISTED = 32  # from this many paths in one folder, listing it costs less than an lstat each


def _read_manifest(output: Path) -> dict | None:
    """The manifest as saved, or None when it is missing or not one."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return None
    return data


def _entries(data: dict | None, key: str) -> dict[str, str]:
    found = (data or {}).get(key)
    if not isinstance(found, dict):
        return {}
    return {rel: v for rel, v in found.items() if _safe(rel) and isinstance(v, str)}


# a path of word characters, with `-%~+=,@` and single dots inside its parts: plain, as
# most are; anything else is looked at part by part
_PLAIN = re.compile(r"[\w\-%~+=,@]+(?:\.[\w\-%~+=,@]+)*(?:/[\w\-%~+=,@]+(?:\.[\w\-%~+=,@]+)*)*")


def _safe(rel) -> bool:
    """A path ssg may have written: relative, plain (no `..`, `.`, empty part or NUL), not
    the manifest itself."""
    if type(rel) is str and _PLAIN.fullmatch(rel):  # (a manifest has thousands)
        return rel not in (MANIFEST, _TMP)
    if not isinstance(rel, str) or not rel or "\0" in rel or os.path.isabs(rel):
        return False
    parts = rel.replace(os.sep, "/").split("/")
    return all(p not in ("", ".", "..") for p in parts) and rel not in (MANIFEST, _TMP)


class Stage:
    """Rendered files waiting to be moved into the output folder.

    For a first build they are staged as the output tree itself, which then becomes the
    output folder in one rename. For a rebuild (`flat`) each is one file named by a hash of
    its path in one folder: a rebuild after a title change stages every page, and making and
    removing a staging folder per post cost more than moving the files."""

    def __init__(self, folder: Path, flat: bool = False):
        self.folder = folder
        self.flat = flat
        _clear(folder)  # a killed build's, or whatever took its place
        folder.mkdir(parents=True)
        self.paths: list[str] = []

    def staged(self, rel: str) -> Path:
        """Where the file for output path `rel` is staged."""
        if self.flat:
            return self.folder / hashlib.sha1(rel.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / rel

    def make_folders(self, rels) -> None:
        """Create every folder the files `rels` need, each once, parents first (one `mkdir`
        per folder: on some disks each costs most of a millisecond)."""
        if self.flat:
            return
        folders = set()
        for rel in rels:
            parent = rel.rpartition("/")[0]
            while parent and parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for folder in sorted(folders, key=lambda f: (f.count("/"), f)):
            with contextlib.suppress(FileExistsError):
                os.mkdir(self.folder / folder)

    def add(self, rel: str, content: str | bytes) -> None:
        """Write one file, text as UTF-8 or bytes as they are (from the main process or a
        forked render worker); its folder exists already (`make_folders`)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(self.staged(rel), "wb") as handle:
            handle.write(data)
        self.paths.append(rel)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def commit(
    stage: Stage,
    output: Path,
    manifest: dict[str, str],
    sources: dict[str, str],
    static: list[tuple[Path, str]],
    stats: WriteStats,
    saved: Saved | None = None,
) -> None:
    """Move staged files in, copy changed static files, remove stale ones, save the manifest
    (`saved`: as the build read it before, if it did)."""
    try:
        data = {"outputs": manifest, "sources": sources}
        _commit(stage, output, data, static, stats, saved or Saved(output))
    except OSError as exc:  # a full disk, a file where a folder must go: the next build redoes it
        where = exc.filename or output
        raise SsgError(error(str(where), None, f"cannot write the site: {exc.strerror}")) from None


def _commit(stage: Stage, output: Path, data: dict, static, stats, found: Saved) -> None:
    manifest = data["outputs"]
    if not stage.flat and not os.path.lexists(output):  # the staged tree becomes the output
        _write_manifest(stage.folder, data)
        if _rename(stage.folder, output):
            _copy_static(output, static, stats)  # listed already: copied again if cut short
            return
        os.unlink(stage.folder / MANIFEST)  # another file system: move file by file
        output.mkdir(parents=True, exist_ok=True)
    saved, old = found.data, found.outputs
    if os.path.lexists(output / _TMP):
        os.unlink(output / _TMP)  # a killed build's
    real = os.path.realpath(output)
    copies = [(source, rel) for source, rel in static if not _same_file(source, output / rel)]
    stale = sorted(set(old) - set(manifest), reverse=True)
    changing = set(stage.paths) | {rel for _, rel in copies} | set(stale)
    if changing:  # first say which paths may be half-written, should the build die now
        pending = {
            rel: PENDING if rel in changing else manifest[rel] for rel in set(old) | set(manifest)
        }
        _write_manifest(output, {"outputs": pending, "sources": data["sources"]})
    made: set[Path] = set()
    for rel in stage.paths:
        target = output / rel
        _make_parent(target, output, real, made)
        _move(stage.staged(rel), target)
    stage.discard()
    _copy_static(output, copies, stats, real, made)
    for rel in stale:
        target = output / rel
        if not _within(target.parent, real):
            continue  # a link in the output folder leads elsewhere: not ssg's file
        if is_written(target) or os.path.islink(target):
            os.unlink(target)
            stats.removed += 1
        _prune_empty(target.parent, output)
    if changing or saved != data:
        _write_manifest(output, data)


def copy_static(output: Path, static) -> int:
    """Copy `(source, rel)` static files into the output folder as a build copies them (the
    dev server's in-place stylesheet swap); how many were copied."""
    stats = WriteStats()
    _copy_static(output, static, stats)
    return stats.copied


def _copy_static(output: Path, static, stats: WriteStats, real=None, made=None) -> None:
    real = real or os.path.realpath(output)
    made = set() if made is None else made
    for source, rel in static:
        target = output / rel
        if _same_file(source, target):
            continue
        _make_parent(target, output, real, made)
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)
        elif os.path.lexists(target):
            os.unlink(target)  # never copy into a link or a file shared with another place
        shutil.copy2(source, target)
        stats.copied += 1


def _make_parent(target: Path, output: Path, real: str, made: set[Path]) -> None:
    """Create the target's folder, refusing a link that leads out of the output folder."""
    parent = target.parent
    if parent in made:
        return
    existing = parent
    while not os.path.lexists(existing) and existing != output:
        existing = existing.parent
    if not _within(existing, real):
        link = output
        for part in existing.relative_to(output).parts:  # name the link, not what is past it
            link = link / part
            if os.path.islink(link) and not _within(link, real):
                break
        rel = link.relative_to(output).as_posix()
        message = f"{rel} is a link that leads outside the output folder; remove it"
        raise SsgError(error(str(link), None, message))
    parent.mkdir(parents=True, exist_ok=True)
    made.add(parent)


def _within(folder: Path, real: str) -> bool:
    resolved = os.path.realpath(folder)
    return resolved == real or resolved.startswith(real.rstrip(os.sep) + os.sep)


def _write_manifest(folder: Path, data: dict) -> None:
    """Write the manifest so a crash leaves the old one or the new one, never a torn one."""
    tmp = folder / _TMP
    # (no indent: with one, `json` encodes in Python, ten times slower for a big site)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        view = memoryview(text)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, folder / MANIFEST)


def _clear(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _rename(source: Path, target: Path) -> bool:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
    except OSError:
        return False
    return True


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError:  # another file system
        if os.path.islink(target):
            os.unlink(target)
        shutil.copyfile(source, target)


def _same_file(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), os.lstat(target)
    except OSError:
        return False
    return stat.S_ISREG(b.st_mode) and a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _prune_empty(folder: Path, output: Path) -> None:
    """Remove `folder` and its parents while they are empty (a killed build may have removed
    some already)."""
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            return
        folder = folder.parent
