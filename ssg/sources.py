"""Discover the site's input: sort every file under `content/` into posts, pages, static files.

- posts: Markdown under `content/posts/` (any depth), `YYYY-MM-DD-slug.md` or a folder
  `YYYY-MM-DD-slug/index.md` whose other files are the post's co-located assets;
- pages: any other Markdown file under `content/`;
- static: everything else, copied to the same path relative to `content/`.
Hidden files and folders (`.git`, `.DS_Store`) and editor backups are skipped, and so is a
symbolic link that is broken or leads outside the site folder (`link_problem`, a warning).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ssg.config import Config
from ssg.errors import Diagnostic, SsgError, error, warning

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
    # None: read from `path` when needed (see `read`). Discovery keeps only the hash, so the
    # parent process never holds a big site's text nor sends it to the workers
    data: bytes | None = None
    bundle_dir: Path | None = None  # folder of a `YYYY-MM-DD-slug/index.md` post
    size: int = 0
    mtime_ns: int = 0
    categories: tuple[str, ...] = ()  # Jekyll: the folders above `_posts`
    draft: bool = False  # Jekyll: a file in `_drafts/`
    defaults: dict | None = None  # front matter defaults that apply to this file
    link_name: str = ""  # a post's name for `{% post_url %}` (its path under the posts folder)

    def read(self) -> bytes:
        """The file's bytes (read again by the process that converts it)."""
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
    problems: list[Diagnostic] = field(default_factory=list)  # links skipped, as warnings


def link_problem(path: Path, site_root: Path, allowed: Path | None = None) -> Diagnostic | None:
    """A warning when `path` is a symbolic link that is broken or whose real path is outside
    `allowed` (the site folder unless given): such a file is skipped, never read or published.
    None for anything else (a link whose target is inside may be followed)."""
    if not os.path.islink(path):
        return None
    label = display_path(path, site_root)
    real = Path(os.path.realpath(path))
    if not real.exists():
        return warning(label, None, f"broken symbolic link (to {os.readlink(path)}); skipped")
    if _outside(real, allowed or site_root):
        where = "the site folder" if allowed is None else display_path(allowed, site_root)
        return warning(label, None, f"symbolic link to {real} is outside {where}; skipped")
    return None


def _outside(real: Path, bound: Path) -> bool:
    bound = Path(os.path.realpath(bound))
    return real != bound and bound not in real.parents


def walk_files(
    folder: Path,
    site_root: Path,
    problems: list[Diagnostic] | None = None,
    *,
    allowed: Path | None = None,
    wanted: Callable[[str], bool] | None = None,
) -> list[Path]:
    """Every file under `folder` whose name is `wanted`, sorted, without the symbolic links
    `link_problem` refuses (their warnings go to `problems`); linked folders are not entered."""
    found: list[Path] = []
    real = Path(os.path.realpath(folder))
    if _outside(real, allowed or site_root):  # the folder itself, or one above it, is a link
        if problems is not None:
            problems.append(
                warning(
                    display_path(folder, site_root),
                    None,
                    f"folder is a symbolic link to {real}, outside the site folder; skipped",
                )
            )
        return found
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        names = [(d, False) for d in dirs]
        names += [(f, True) for f in files if wanted is None or wanted(f)]
        for name, is_file in sorted(names):
            path = Path(here, name)
            problem = link_problem(path, site_root, allowed)
            if problem is not None:
                if problems is not None:
                    problems.append(problem)
            elif is_file:
                found.append(path)
    return sorted(found)


def display_path(path: Path, site_root: Path) -> str:
    """`path` relative to the site folder (as diagnostics name files), else as it is."""
    try:
        return path.relative_to(site_root).as_posix()
    except ValueError:
        return str(path)


def check_folders(config: Config) -> list[Diagnostic]:
    """The folders the settings name, before anything is read from them: one whose real path is
    outside the site folder (`/etc`, `../..`, a symbolic link) raises `SsgError` naming the
    setting; a missing content folder is a warning (returned)."""
    root = config.root.resolve()
    problems = []
    for key in ("content_dir", "includes_dir", "data_dir"):
        value = getattr(config, key)
        real = Path(os.path.realpath(config.root / value))
        if _outside(real, root):
            plain = Path(os.path.normpath(config.root / value))
            link = "" if real == plain else f" (a symbolic link to {real})"
            problems.append(
                error(
                    config.config_file,
                    _setting_line(config, key),
                    f'{key} "{value}" is outside the site folder ({root}){link}; '
                    "use a folder inside it",
                )
            )
    if problems:
        raise SsgError(*problems)
    if config.source_layout == "ssg" and not config.content_path.is_dir():
        settings = config.root / config.config_file
        hint = "" if settings.is_file() else f" (no {config.config_file} either: is this a site?)"
        return [
            warning(
                config.config_file,
                _setting_line(config, "content_dir"),
                f'content folder "{config.content_dir}" does not exist; nothing to build{hint}',
            )
        ]
    return []


def _setting_line(config: Config, key: str) -> int | None:
    try:
        text = (config.root / config.config_file).read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return None
    found = re.search(rf"^[ \t]*{key}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


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
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        return Sources(documents, static, problems)
    bundles: set[Path] = set()
    for folder, dirs, files in os.walk(content_dir):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        problems.extend(filter(None, (link_problem(here / d, site_root) for d in dirs)))
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
            problem = link_problem(path, site_root)
            if problem is not None:
                problems.append(problem)
                continue
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
    return Sources(documents, static, problems)


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
