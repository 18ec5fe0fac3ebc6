"""What a changed path means to `ssg serve`: whether it counts, and what kind of change it is.

- `is_ignored`: changes that are of no interest to the build: see `IGNORED_DIRS` and
  `IGNORED_NAMES` below (hidden files and folders, editors' temp, swap and backup files). A
  temp file renamed over a real one (an atomic save) still counts as a change of the real one:
  only the ignored end of the move is dropped.
- `classify` names the most significant kind of change in a burst, like Zola's `ChangeKind`;
  a burst becomes one `ChangeSet`.

Pure functions on paths: no file system access, no threads (the watcher is `watch`).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

# The kinds, most significant first; `classify` returns the first that applies.
CONFIG = "config"  # the config file: reload it, rebuild everything
TEMPLATE = "template"  # templates/ or a theme's templates/: new template set, full re-render
CONTENT = "content"  # Markdown under content/, anything under includes/: rebuild (cached)
CSS = "css"  # only .css files, wherever they live: swap stylesheets in place
STATIC = "static"  # anything else (images, JS, fonts, ...): copy/serve, reload the page
KINDS = (CONFIG, TEMPLATE, CONTENT, CSS, STATIC)

MARKDOWN_SUFFIXES = (".md", ".markdown")

# Folders never watched nor reported, besides every hidden one (`.git/`, `.ssg-cache/`, ...).
IGNORED_DIRS = frozenset({"__pycache__", "node_modules"})

# File names never reported. Hidden files are all ignored anyway (the build skips them too);
# the hidden patterns are listed to say which editor makes them.
IGNORED_NAMES = (
    ".DS_Store",  # macOS Finder
    "*.swp",  # vim swap files (.x.md.swp, then .swo, .swn, ...; .swx: vim's write test)
    "*.swx",
    "*.swo",
    ".*.sw?",
    "4913",  # vim checks it may write to a folder by creating and deleting this file
    "*~",  # vim, emacs, gedit backups
    "#*#",  # emacs auto-save
    ".#*",  # emacs lock (a dangling symlink)
    "*.tmp",  # atomic saves by many tools
    "*.bak",
    "*.kate-swp",  # Kate
    "*___jb_tmp___",  # JetBrains "safe write"
    "*___jb_old___",
    "*.crswap",  # Chrome's File System Access API
    ".goutputstream-*",  # gedit, GIO
    "*.part",  # partial downloads
)
_IGNORED_NAME = re.compile("|".join(fnmatch.translate(p) for p in IGNORED_NAMES), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One burst of changes: every path created, modified, deleted or moved (both ends of a
    move, except an ignored end such as an editor's temp file), and its `classify` kind."""

    paths: frozenset[Path]  # absolute
    kind: str  # one of KINDS

    @property
    def css_only(self) -> bool:
        """Every changed path is a stylesheet: pages can swap them without a reload."""
        return bool(self.paths) and all(p.suffix.lower() == ".css" for p in self.paths)


def classify(
    paths: Iterable[Path],
    *,
    site_root: Path,
    config_file: Path,
    extra_roots: Collection[Path] = (),
    dirs: Collection[Path] = (),
    content_dir: str = "content",
    includes_dir: str = "includes",
) -> str:
    """The most significant kind of change among `paths` (absolute), checked in this order:

    1. "config": the config file changed (reload it, full rebuild);
    2. "template": anything under `templates/`, `themes/<name>/templates/` (or a whole theme),
       or the templates of an extra root: a theme folder or a folder of themes;
    3. "content": Markdown under `content_dir`, or anything under `includes_dir`, or a folder
       under either (a folder moved away or deleted as a whole: `dirs` names them);
    4. "css": every path is a `.css` file, wherever it lives (content, static, a theme);
    5. "static": anything else (images, scripts, fonts, other files).
    """
    paths = [Path(os.path.abspath(p)) for p in paths]
    if not paths:
        return STATIC
    root = Path(os.path.abspath(site_root))
    if Path(os.path.abspath(config_file)) in paths:
        return CONFIG
    dirs = {Path(os.path.abspath(d)) for d in dirs}
    extras = [Path(os.path.abspath(r)) for r in extra_roots]
    if any(_is_template(p, root, extras, p in dirs) for p in paths):
        return TEMPLATE
    for path in paths:
        parts = relative_parts(path, root)
        if not parts:
            continue
        if parts[0] == includes_dir:
            return CONTENT
        if parts[0] == content_dir and (path.suffix.lower() in MARKDOWN_SUFFIXES or path in dirs):
            return CONTENT
    if all(p.suffix.lower() == ".css" for p in paths):
        return CSS
    return STATIC


def _is_template(path: Path, root: Path, extras: list[Path], is_dir: bool) -> bool:
    parts = relative_parts(path, root)
    if parts is not None and not any(inside(path, e) for e in extras):
        if parts[:1] == ("templates",):
            return True
        if parts[:1] == ("themes",):  # themes/<name>/templates/..., or a theme removed whole
            return (len(parts) > 2 and parts[2] == "templates") or (len(parts) <= 2 and is_dir)
        return False
    for extra in extras:  # a theme folder (templates/...) or a folder of themes (x/templates/...)
        parts = relative_parts(path, extra)
        if parts is not None:
            return not parts or "templates" in parts[:2] or (len(parts) == 1 and is_dir)
    return "templates" in path.parts[:-1]  # outside every known root: judge by the path alone


def relative_parts(path: Path, root: Path) -> tuple[str, ...] | None:
    """`path`'s components below `root`; () for the root itself, None when outside it."""
    text, base = str(path), str(root)
    if text == base:
        return ()
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not text.startswith(prefix):
        return None
    return tuple(text[len(prefix) :].split(os.sep))


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies below it (by its text: no symlink is resolved)."""
    return relative_parts(path, folder) is not None


def is_ignored(path: Path, *, site_root: Path, ignored_dirs: tuple[Path, ...]) -> bool:
    """Whether a change to `path` is of no interest to the build: it lies in one of
    `ignored_dirs` (absolute), in a hidden, `__pycache__` or `node_modules` folder, or its name
    is hidden or an editor's temp, swap or backup file (`IGNORED_NAMES`).

    Folders are judged only below `site_root` (for the watcher: the watched root `path` lies
    in), so a site or theme kept in a hidden folder such as `~/.venv/...` still works.
    """
    text = str(path)
    for folder in ignored_dirs:
        base = str(folder)
        if text == base or text.startswith(base if base.endswith(os.sep) else base + os.sep):
            return True
    parts = relative_parts(Path(text), Path(site_root))
    if parts == ():
        return False
    folders = parts[:-1] if parts is not None else ()
    if any(p.startswith(".") or p in IGNORED_DIRS for p in folders):
        return True
    name = os.path.basename(text)
    return name.startswith(".") or name in IGNORED_DIRS or bool(_IGNORED_NAME.match(name))
