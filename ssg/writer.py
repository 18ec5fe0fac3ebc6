"""Write the site: only into the output folder, only after the whole build succeeded.

Rendered files are staged first and moved in at the end, so a failed build leaves the
previous site as it was. A manifest (`.ssg-manifest.json` in the output folder) records
what ssg wrote, so stale files from an earlier build are removed and a folder that ssg
did not write is never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ssg.errors import SsgError, error

MANIFEST = ".ssg-manifest.json"


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
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise SsgError(
            error(
                str(output),
                None,
                "output folder exists and was not written by ssg (no .ssg-manifest.json); "
                "remove it or choose another --output",
            )
        )


def load_manifest(output: Path) -> dict[str, str]:
    """Output path -> digest of every file the last build wrote there."""
    return _read_manifest(output).get("outputs", {})


def load_sources(output: Path) -> dict[str, str]:
    """Output path -> the source file it was made from (for `ssg check --site`)."""
    return _read_manifest(output).get("sources", {})


def _read_manifest(output: Path) -> dict:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("outputs"), dict) else {}


class Stage:
    """Rendered files waiting to be moved into the output folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        self.paths: list[str] = []

    def make_folders(self, rels) -> None:
        """Create every folder the files `rels` need, each once, parents first (one `mkdir`
        per folder: on some disks each costs most of a millisecond)."""
        folders = set()
        for rel in rels:
            parent = rel.rpartition("/")[0]
            while parent and parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for folder in sorted(folders, key=lambda f: (f.count("/"), f)):
            with contextlib.suppress(FileExistsError):
                os.mkdir(self.folder / folder)

    def add(self, rel: str, text: str) -> None:
        """Write one file (from the main process or a forked render worker); its folder
        exists already (`make_folders`)."""
        with open(self.folder / rel, "wb") as handle:
            handle.write(text.encode("utf-8"))
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
) -> None:
    """Move staged files in, copy changed static files, remove stale ones, save the manifest."""
    old = load_manifest(output)
    if not output.exists() and _rename(stage.folder, output):
        pass  # a first build: the staged tree becomes the output folder in one step
    else:
        output.mkdir(parents=True, exist_ok=True)
        made: set[Path] = set()
        for rel in stage.paths:
            target = output / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            _move(stage.folder / rel, target)
        stage.discard()
    for source, rel in static:
        target = output / rel
        if _same_file(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            shutil.rmtree(target)
        shutil.copy2(source, target)
        stats.copied += 1
    for rel in sorted(set(old) - set(manifest), reverse=True):
        target = output / rel
        if target.is_file() or target.is_symlink():
            target.unlink()
            stats.removed += 1
            _prune_empty(target.parent, output)
    tmp = output / (MANIFEST + ".tmp")
    data = {"outputs": manifest, "sources": sources}
    tmp.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, output / MANIFEST)


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
        shutil.copyfile(source, target)


def _same_file(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _prune_empty(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
