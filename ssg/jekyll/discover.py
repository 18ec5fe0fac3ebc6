"""A Jekyll folder read into `Sources`: posts in every `_posts/` (categories from the folders
above it), drafts in `_drafts/`, Markdown pages anywhere else, other files copied; a symbolic
link that is broken or leads outside the site folder is skipped with a warning."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import Path

from ssg.config import Config
from ssg.errors import Diagnostic, warning
from ssg.sources import (
    SourceFile,
    Sources,
    StaticFile,
    front_matter_defaults,
    has_front_matter,
    link_problem,
)

POST_SUFFIXES = (".md", ".markdown", ".mkdn", ".mkd", ".html", ".htm")


def discover_jekyll(
    config: Config, known_hash: Callable[[str, int, int], str | None] | None = None
) -> Sources:
    """Posts in every `_posts/` (categories from the folders above it), drafts in
    `_drafts/`, Markdown pages anywhere else, other files copied; `_*` and dot folders,
    `exclude:` and Jekyll's own files are skipped."""
    root = config.root
    excluded = tuple(p for p in config.exclude if p not in config.include)
    excluded += (config.output_dir,)
    defaults = front_matter_defaults(config.defaults)
    documents: list[SourceFile] = []
    static: list[StaticFile] = []
    problems: list[Diagnostic] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_folder = here.relative_to(root).as_posix()
        rel_folder = "" if rel_folder == "." else rel_folder
        dirs[:] = sorted(
            d
            for d in dirs
            if _wanted(f"{rel_folder}/{d}".lstrip("/"), excluded, config.include, folder=True)
            or d in ("_posts", "_drafts")
        )
        parts = rel_folder.split("/") if rel_folder else []
        kind = "post" if "_posts" in parts else "draft" if "_drafts" in parts else None
        if kind is None and any(p.startswith("_") for p in parts):
            continue  # _includes, _layouts, _data, _sass …: read by Jekyll, not published
        problems.extend(filter(None, (link_problem(here / d, root) for d in dirs)))
        for name in sorted(files):
            rel = f"{rel_folder}/{name}".lstrip("/")
            if not _wanted(rel, excluded, config.include):
                continue
            path = here / name
            if kind is not None and (
                name.startswith(".") or not name.lower().endswith(POST_SUFFIXES)
            ):
                continue  # in `_posts/`: only posts
            problem = link_problem(path, root)
            if problem is not None:
                problems.append(problem)
                continue
            if kind is not None:
                marker = "_posts" if kind == "post" else "_drafts"
                above = parts[: parts.index(marker)]
                documents.append(
                    _source(
                        defaults,
                        path,
                        rel,
                        "post",
                        known_hash,
                        categories=tuple(above),
                        draft=kind == "draft",
                        scope_type="posts",
                    )
                )
            elif name.lower().endswith(POST_SUFFIXES[:4]) and has_front_matter(path):
                documents.append(
                    _source(defaults, path, rel, "page", known_hash, scope_type="pages")
                )
            elif not has_front_matter(path):
                static.append(StaticFile(path, rel))
            elif rel not in _OURS:
                # a Liquid template of the Jekyll theme (a feed, a search index, a page in
                # HTML): it needs Jekyll's layouts and plugins, which are not carried over
                problems.append(warning(rel, 1, _TEMPLATE_LEFT_OUT))
    return Sources(documents, static, problems)


# Jekyll templates whose place ssg's own output takes: no warning when they are left out
_OURS = {"index.html", "404.html", "feed.xml", "atom.xml", "rss.xml", "sitemap.xml"}
_OURS |= {"robots.txt", "feed.json"}
_TEMPLATE_LEFT_OUT = (
    "left out: a file with front matter that is not Markdown is a Jekyll template, and "
    "ssg builds with its own theme (its feeds, sitemap and home page take the place of the "
    "theme's); write the page in Markdown to keep it"
)


def _wanted(
    rel: str,
    excluded: tuple[str, ...],
    included: tuple[str, ...],
    *,
    folder: bool = False,
) -> bool:
    """Jekyll's entry filter (`EntryFilter#filter`, Jekyll 4.3): `include` wins (matched
    against the path and against the name); then special names (`_`, `.`, `#`, `~`) and
    `exclude` (matched against the path from the site root only) leave an entry out."""
    name = rel.rsplit("/", 1)[-1]
    if _matches(included, rel, folder) or _matches(included, name, folder):
        return True
    if name.startswith((".", "_", "#")) or name.endswith("~"):
        return False
    return not _matches(excluded, rel, folder)


def _matches(patterns: tuple[str, ...], rel: str, folder: bool) -> bool:
    """Jekyll's `glob_include?`: a pattern matches a path (from the site root) as a glob in
    which `*` also crosses `/`, as a prefix of it, or, for a folder, with a trailing `/`."""
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if not pattern:
            continue
        if fnmatchcase(rel, pattern) or rel.startswith(pattern):
            return True
        if folder and pattern == f"{rel}/":
            return True
    return False


def _source(
    defaults: Callable[[str, str], dict] | None,
    path: Path,
    rel: str,
    kind: str,
    known_hash,
    *,
    scope_type: str,
    categories: tuple[str, ...] = (),
    draft: bool = False,
) -> SourceFile:
    stat = path.stat()
    sha = known_hash(str(path), stat.st_size, stat.st_mtime_ns) if known_hash else None
    data = None if sha else path.read_bytes()
    return SourceFile(
        path=path,
        rel=rel,
        content_rel=rel,
        kind=kind,
        sha256=sha or hashlib.sha256(data).hexdigest(),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        categories=categories,
        draft=draft,
        defaults=(defaults(rel, scope_type) or None) if defaults else None,
        link_name=post_name(rel) if kind == "post" else "",
    )


def post_name(rel: str) -> str:
    """`{% post_url %}`'s name for a post: its path under `_posts/` (with the category folders
    above it, as Jekyll accepts them: `linux/2021-07-01-x`), without the extension."""
    above, below = rel.split("_posts/", 1) if "_posts/" in rel else ("", rel)
    return (above + below).rsplit(".", 1)[0]
