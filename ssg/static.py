"""Static files: which file is published at each output path (theme `static/`, the site's
`static/`, files under `content/`, a post bundle's assets), a later source winning.

The shipped theme's KaTeX and mermaid (4 MB) are published only into a site with a page that
loads them: `FEATURE_FILES`.

A symbolic link that is broken or leads outside the site folder (outside the theme's own
folder, for the theme shipped with ssg) is never published: `sources.link_problem`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ssg import urls
from ssg.errors import Diagnostic
from ssg.page import Page
from ssg.sources import Sources, walk_files

# Files of the theme shipped with ssg that its templates link only from a page with a feature
# (`{% if "math" in page.features %}` in themes/default/templates/base.html): the start of
# their path in its `static/` -> that feature. "math" is a formula left to KaTeX in the
# browser (`math = "katex"`, one MathML could not take, `math: true`), not converted MathML.
FEATURE_FILES = {
    "vendor/katex/": "math",
    "js/math.js": "math",
    "vendor/mermaid/": "mermaid",
    "js/mermaid.js": "mermaid",
}


def static_files(
    sources: Sources,
    statics: tuple[Path, ...],
    pages: list[Page],
    site_root: Path | None = None,
    problems: list[Diagnostic] | None = None,
    *,
    shipped: Path | None = None,
    templates: Path | None = None,
):
    """(source, output path, origin) for theme static, site static, content files and bundle
    assets; a later one wins over an earlier one at the same path. With `site_root`, the
    static folders' symbolic links are checked (warnings in `problems`). `shipped`, the
    static folder of the theme shipped with ssg, has its `FEATURE_FILES` left out when none
    of `pages` needs them and no template of the site's own (in `templates`) names them."""
    unneeded = unneeded_files(pages, templates) if shipped is not None else ()
    chosen: dict[str, tuple[Path, str, str]] = {}
    for folder in reversed(statics):  # theme first, then the site's static/
        root = site_root or folder
        allowed = None if folder.is_relative_to(root) else folder  # ssg's own theme: its folder
        for path in walk_files(
            folder, root, problems, allowed=allowed, wanted=lambda n: not n.startswith(".")
        ):
            rel = path.relative_to(folder).as_posix()
            if folder == shipped and rel.startswith(unneeded):
                continue
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


def unneeded_files(pages: Iterable[Page], templates: Path | None = None) -> tuple[str, ...]:
    """The `FEATURE_FILES` paths no page needs: its feature on none of `pages`, and not named
    by a template in the `templates` folder (the site's own, which may link it otherwise)."""
    features = {feature for page in pages for feature in page.features}
    unneeded = tuple(start for start, f in FEATURE_FILES.items() if f not in features)
    if not unneeded or templates is None or not templates.is_dir():
        return unneeded
    texts = [p.read_bytes() for p in sorted(templates.rglob("*")) if p.is_file()]
    return tuple(start for start in unneeded if not any(start.encode() in t for t in texts))


def _asset(page: Page, source: str, rel: str, site_root: Path | None) -> Path:
    """The bundle file published at `rel`, in the page's bundle folder as it is now."""
    folder = urls.folder(page.url).lstrip("/")
    if site_root is None or not rel.startswith(folder):
        return Path(source)
    return (site_root / page.source).parent / rel[len(folder) :]
