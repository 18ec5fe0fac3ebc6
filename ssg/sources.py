"""Discover the site's input: sort every file under `content/` into posts, pages, static files.

- posts: Markdown under `content/posts/` (any depth), `YYYY-MM-DD-slug.md` or a folder
  `YYYY-MM-DD-slug/index.md` whose other files are the post's co-located assets;
- pages: any other Markdown file under `content/`;
- static: everything else, copied to the same path relative to `content/`.
Hidden files and folders (`.git`, `.DS_Store`) and editor backups are skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
POSTS_DIR = "posts"
DRAFTS_DIR = "drafts"  # posts not yet published: built with --drafts, dated by modification
POST_NAME = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})-(?P<slug>.+)$")  # 2017-2-5 too


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One Markdown document: where it is and a hash of its bytes (its cache identity)."""

    path: Path  # absolute
    rel: str  # relative to the site root, with `/`: what diagnostics show
    content_rel: str  # relative to content/
    kind: str  # "post" or "page"
    sha256: str
    data: bytes | None = None  # None: read from `path` when needed (see `read`)
    bundle_dir: Path | None = None  # folder of a `YYYY-MM-DD-slug/index.md` post
    size: int = 0
    mtime_ns: int = 0
    categories: tuple[str, ...] = ()  # Jekyll: the folders above `_posts`
    draft: bool = False  # Jekyll: a file in `_drafts/`
    defaults: dict | None = None  # front matter defaults that apply to this file
    link_name: str = ""  # a post's name for `{% post_url %}` (its path under the posts folder)

    def read(self) -> bytes:
        """The file's bytes; `discover` keeps only the hash, so a big site's text is not
        held in memory while its posts come from the cache."""
        return self.data if self.data is not None else self.path.read_bytes()

    @property
    def stem(self) -> str:
        """The name the slug and file-name date come from (the folder's name for a bundle)."""
        return self.bundle_dir.name if self.bundle_dir else self.path.stem


@dataclass(frozen=True, slots=True)
class StaticFile:
    path: Path  # absolute
    content_rel: str  # relative to content/
    bundle_dir: Path | None = None  # set for a post's co-located asset


@dataclass(frozen=True, slots=True)
class Sources:
    documents: list[SourceFile]
    static: list[StaticFile]


def has_front_matter(path: Path) -> bool:
    """Whether a file opens with `---` (after an optional BOM): a page, not a static file."""
    try:
        with open(path, "rb") as handle:
            return handle.read(6).lstrip(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _folder_categories(rel_folder: str, category_folders: tuple[str, ...]) -> tuple[str, ...]:
    """`category_folders = ["linux"]`: posts in content/posts/linux/ are in category linux."""
    below = rel_folder.removeprefix(POSTS_DIR).strip("/")
    best = max(
        (f for f in category_folders if below == f or below.startswith(f + "/")),
        key=len,
        default="",
    )
    return tuple(best.split("/")) if best else ()


def _skipped(name: str) -> bool:
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def discover(
    content_dir: Path,
    site_root: Path,
    known_hash: Callable[[str, int, int], str | None] | None = None,
    category_folders: tuple[str, ...] = (),
    defaults: Callable[[str, str], dict] | None = None,
) -> Sources:
    """Walk `content_dir` in a stable (sorted) order.

    `known_hash(path, size, mtime_ns)` may name the hash of a file that has not changed since
    the last build (the cache remembers), so it is not read again; a file that is read keeps
    its bytes for the parse that follows.
    """
    documents: list[SourceFile] = []
    static: list[StaticFile] = []
    if not content_dir.is_dir():
        return Sources(documents, static)
    bundles: set[Path] = set()
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        here = Path(folder)
        rel_folder = here.relative_to(content_dir).as_posix()
        in_posts = rel_folder == POSTS_DIR or rel_folder.startswith(POSTS_DIR + "/")
        in_drafts = rel_folder == DRAFTS_DIR or rel_folder.startswith(DRAFTS_DIR + "/")
        is_bundle = in_posts and "index.md" in files and POST_NAME.match(here.name)
        if is_bundle:
            bundles.add(here)
        bundle = here if is_bundle else next((b for b in bundles if b in here.parents), None)
        for name in sorted(files):
            if _skipped(name):
                continue
            path = here / name
            content_rel = path.relative_to(content_dir).as_posix()
            if bundle is not None and not (here == bundle and name == "index.md"):
                static.append(StaticFile(path, content_rel, bundle))
            elif name.lower().endswith(MARKDOWN_SUFFIXES) or (
                (in_posts or in_drafts)
                and name.lower().endswith((".html", ".htm"))
                and has_front_matter(path)  # a post written in HTML (from Jekyll)
            ):
                stat = path.stat()
                sha = known_hash(str(path), stat.st_size, stat.st_mtime_ns) if known_hash else None
                data = None if sha else path.read_bytes()
                rel = path.relative_to(site_root).as_posix()
                kind = "post" if in_posts or in_drafts else "page"
                documents.append(
                    SourceFile(
                        path=path,
                        rel=rel,
                        content_rel=content_rel,
                        kind=kind,
                        sha256=sha or hashlib.sha256(data).hexdigest(),
                        data=data,
                        bundle_dir=bundle,
                        size=stat.st_size,
                        mtime_ns=stat.st_mtime_ns,
                        categories=_folder_categories(rel_folder, category_folders),
                        draft=in_drafts,
                        defaults=(defaults(rel, kind + "s") or None) if defaults else None,
                        link_name=content_rel.removeprefix(POSTS_DIR + "/").rsplit(".", 1)[0]
                        if in_posts
                        else "",
                    )
                )
            else:
                static.append(StaticFile(path, content_rel))
    return Sources(documents, static)


def front_matter_defaults(defaults: list) -> Callable[[str, str], dict] | None:
    """`defaults` settings (`path` from the site root, optional `type`, `values`) as a function
    of (path from the site root, "posts"/"pages")."""
    if not defaults:
        return None
    scopes = tuple(
        (str(d.get("path", "")).strip("/"), d.get("type"), dict(d.get("values") or {}))
        for d in defaults
        if isinstance(d, dict)
    )
    return lambda rel, kind: _defaults_for(scopes, rel, kind)


def _defaults_for(defaults: tuple, rel: str, scope_type: str) -> dict:
    """Every matching scope, later and more specific ones winning (Jekyll's rule)."""
    merged: dict = {}
    for prefix, kind, values in sorted(defaults, key=lambda d: len(d[0])):
        if prefix and rel != prefix and not rel.startswith(prefix + "/"):
            continue
        if kind and kind != scope_type and not (kind == "drafts" and scope_type == "posts"):
            continue
        merged.update(values)
    return merged
