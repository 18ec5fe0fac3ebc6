"""Data files: the YAML and JSON files of a site's data folder, as `site.data` in Liquid.

A symbolic link that is broken or leads outside the site folder is not read (`data_links`
names each one, for the build report)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ssg.errors import Diagnostic, SsgError, error
from ssg.safe_yaml import load_yaml, yaml_problem
from ssg.sources import walk_files

SUFFIXES = (".yml", ".yaml", ".json")


def data_files(folder: Path, site_root: Path | None = None) -> dict:
    """`data/*.yml|yaml|json` (sub-folders nest) as `site.data`; read once per process
    while no file there changes. A symbolic link is read only when its real path is inside
    `site_root` (inside `folder` when not given)."""
    if not folder.is_dir():
        return {}
    files = walk_files(folder, site_root or folder, wanted=_wanted)
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if _DATA.get(str(folder), (None,))[0] != stamp:
        _DATA[str(folder)] = (stamp, _read_data(folder, files))
    return _DATA[str(folder)][1]


def data_links(folder: Path, site_root: Path) -> list[Diagnostic]:
    """A warning for each data file that is a broken symbolic link or leads outside the site."""
    problems: list[Diagnostic] = []
    if folder.is_dir():
        walk_files(folder, site_root, problems, wanted=_wanted)
    return problems


def _wanted(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES


_DATA: dict[str, tuple] = {}


def _read_data(folder: Path, files: list[Path]) -> dict:
    found: dict = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
            value = json.loads(text) if path.suffix.lower() == ".json" else load_yaml(text)[0]
        except (ValueError, yaml.YAMLError, OSError, RecursionError) as exc:
            line, reason = yaml_problem(exc) if isinstance(exc, yaml.YAMLError) else (None, exc)
            raise SsgError(
                error(
                    path.relative_to(folder.parent).as_posix(),
                    line + 1 if line is not None else None,
                    f"cannot read data file: {reason}",
                )
            ) from None
        place = found
        for part in path.relative_to(folder).parent.parts:
            place = place.setdefault(part, {})
        place[path.stem] = value
    return found
