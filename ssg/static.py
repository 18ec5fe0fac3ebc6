"""Static files: which file is published at each output path (theme `static/`, the site's
`static/`, files under `content/`, a post bundle's assets), a later source winning.

A symbolic link that is broken or leads outside the site folder (outside the theme's own
folder, for the theme shipped with ssg) is never published: `sources.link_problem`."""

from __future__ import annotations

from pathlib import Path

from ssg import urls
from ssg.errors import Diagnostic
from ssg.page import Page
from ssg.sources import Sources, walk_files


def static_files(
    sources: Sources,
    statics: tuple[Path, ...],
    pages: list[Page],
    site_root: Path | None = None,
    problems: list[Diagnostic] | None = None,
):
    """(source, output path, origin) for theme static, site static, content files and bundle
    assets; a later one wins over an earlier one at the same path. With `site_root`, the
    static folders' symbolic links are checked (warnings in `problems`)."""
    chosen: dict[str, tuple[Path, str, str]] = {}
    for folder in reversed(statics):  # theme first, then the site's static/
        root = site_root or folder
        allowed = None if folder.is_relative_to(root) else folder  # ssg's own theme: its folder
        for path in walk_files(
            folder, root, problems, allowed=allowed, wanted=lambda n: not n.startswith(".")
        ):
            rel = path.relative_to(folder).as_posix()
            chosen[rel] = (path, rel, str(path))
    for item in sources.static:
        if item.bundle_dir is None:
            chosen[item.content_rel] = (item.path, item.content_rel, item.content_rel)
    assets = {item.path for item in sources.static if item.bundle_dir is not None}
    listed = {}
    for page in pages:
        for source, rel in page.assets:
            path = _asset(page, source, rel, site_root)
            if path in assets:  # discovery checked it (a link to a file outside is not there)
                listed[rel] = (path, rel, page.source)
    for rel, entry in listed.items():
        if rel in chosen:
            continue
        chosen[rel] = entry
    return sorted(chosen.values(), key=lambda e: e[1])


def _asset(page: Page, source: str, rel: str, site_root: Path | None) -> Path:
    """The bundle file published at `rel`, in the page's bundle folder as it is now."""
    folder = urls.folder(page.url).lstrip("/")
    if site_root is None or not rel.startswith(folder):
        return Path(source)
    return (site_root / page.source).parent / rel[len(folder) :]
