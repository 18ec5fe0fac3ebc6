"""Static files: which file is published at each output path (theme `static/`, the site's
`static/`, files under `content/`, a post bundle's assets), a later source winning."""

from __future__ import annotations

from pathlib import Path

from ssg.page import Page
from ssg.sources import Sources


def static_files(sources: Sources, statics: tuple[Path, ...], pages: list[Page]):
    """(source, output path, origin) for theme static, site static, content files and bundle
    assets; a later one wins over an earlier one at the same path."""
    chosen: dict[str, tuple[Path, str, str]] = {}
    for folder in reversed(statics):  # theme first, then the site's static/
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(folder).as_posix()
                chosen[rel] = (path, rel, str(path))
    for item in sources.static:
        if item.bundle_dir is None:
            chosen[item.content_rel] = (item.path, item.content_rel, item.content_rel)
    listed = {}
    for page in pages:
        for source, rel in page.assets:
            listed[rel] = (Path(source), rel, page.source)
    for rel, entry in listed.items():
        if rel in chosen:
            continue
        chosen[rel] = entry
    return sorted(chosen.values(), key=lambda e: e[1])
