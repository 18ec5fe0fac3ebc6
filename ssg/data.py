"""Data files: the YAML and JSON files of a site's data folder, as `site.data` in Liquid."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ssg.errors import SsgError, error


def data_files(folder: Path) -> dict:
    """`data/*.yml|yaml|json` (sub-folders nest) as `site.data`; read once per process
    while no file there changes."""
    if not folder.is_dir():
        return {}
    stamp = tuple(
        (p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )
    if _DATA.get(str(folder), (None,))[0] != stamp:
        _DATA[str(folder)] = (stamp, _read_data(folder))
    return _DATA[str(folder)][1]


_DATA: dict[str, tuple] = {}


def _read_data(folder: Path) -> dict:
    found: dict = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".yml", ".yaml", ".json") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            value = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError, OSError) as exc:
            raise SsgError(
                error(
                    path.relative_to(folder.parent).as_posix(),
                    None,
                    f"cannot read data file: {exc}",
                )
            ) from None
        place = found
        for part in path.relative_to(folder).parent.parts:
            place = place.setdefault(part, {})
        place[path.stem] = value
    return found
