"""Watch a site's sources for `ssg serve`: each burst of editor saves becomes one `ChangeSet`.

- What is watched: the site root (content, includes, templates, static files, themes, the
  config) and any `extra_roots`, such as the theme shipped inside the package. The site root
  itself is watched one level deep, and each of its folders on its own, recursively, so that
  ignored folders (the output, `.ssg-cache/`, `.git/`, `node_modules/`) cost no inotify watch
  and no event traffic while a build writes. A folder that appears later is picked up.
- What is ignored (`is_ignored`): see `IGNORED_DIRS` and `IGNORED_NAMES` below. A temp file
  renamed over a real one (an atomic save) still counts as a change of the real one.
- Debounce: changes are collected and `on_change` is called once per burst, `debounce`
  seconds after the last event, on one background thread, never concurrently. Events that
  arrive during a call go into the next one. (An endless stream of writes is still reported
  every `MAX_DELAY` seconds rather than never.)
- `classify` names the most significant kind of change in a burst, like Zola's `ChangeKind`.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import os
import re
import threading
import time
import warnings
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchdog.events as wd_events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

logger = logging.getLogger(__name__)

# watchdog's inotify backend warns when a folder made with its parent (`mkdir -p`, a folder
# moved in) gets its watch twice; it keeps one, so nothing is lost but the terminal's calm.
warnings.filterwarnings("ignore", r"Callback with id .* already exists", RuntimeWarning)

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

DEBOUNCE = 0.05  # seconds of quiet that end a burst
MAX_DELAY = 2.0  # a burst that never goes quiet is still reported this often
STOP_TIMEOUT = 1.0

# Reads (opened, closed without writing) and folder "modified" events are left out, so a build
# reading the sources triggers nothing. Attribute changes count: `touch` is a way to rebuild.
_EVENT_TYPES = [
    getattr(wd_events, name)
    for name in (
        "FileCreatedEvent",
        "FileModifiedEvent",
        "FileAttribEvent",  # watchdog >= 5; older versions report it as modified
        "FileClosedEvent",
        "FileDeletedEvent",
        "FileMovedEvent",
        "DirCreatedEvent",
        "DirDeletedEvent",
        "DirMovedEvent",
    )
    if hasattr(wd_events, name)
]


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
        parts = _relative_parts(path, root)
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
    parts = _relative_parts(path, root)
    if parts is not None and not any(_inside(path, e) for e in extras):
        if parts[:1] == ("templates",):
            return True
        if parts[:1] == ("themes",):  # themes/<name>/templates/..., or a theme removed whole
            return (len(parts) > 2 and parts[2] == "templates") or (len(parts) <= 2 and is_dir)
        return False
    for extra in extras:  # a theme folder (templates/...) or a folder of themes (x/templates/...)
        parts = _relative_parts(path, extra)
        if parts is not None:
            return not parts or "templates" in parts[:2] or (len(parts) == 1 and is_dir)
    return "templates" in path.parts[:-1]  # outside every known root: judge by the path alone


def _relative_parts(path: Path, root: Path) -> tuple[str, ...] | None:
    """`path`'s components below `root`; () for the root itself, None when outside it."""
    text, base = str(path), str(root)
    if text == base:
        return ()
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not text.startswith(prefix):
        return None
    return tuple(text[len(prefix) :].split(os.sep))


def _inside(path: Path, folder: Path) -> bool:
    return _relative_parts(path, folder) is not None


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
    parts = _relative_parts(Path(text), Path(site_root))
    if parts == ():
        return False
    folders = parts[:-1] if parts is not None else ()
    if any(p.startswith(".") or p in IGNORED_DIRS for p in folders):
        return True
    name = os.path.basename(text)
    return name.startswith(".") or name in IGNORED_DIRS or bool(_IGNORED_NAME.match(name))


class _Handler(FileSystemEventHandler):
    """Passes one watch's events to the watcher, with what it needs to judge them."""

    def __init__(self, watcher: Watcher, root: Path, *, top: bool = False, only=None):
        self.watcher = watcher
        self.root = root  # ignore rules apply below it
        self.top = top  # the site root's own (non-recursive) watch
        self.only = only  # a single file to report (the config outside the site)

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            self.watcher._on_event(event, self)
        except Exception:  # never let one odd event kill the observer thread
            logger.exception("watch: could not handle %r", event)


class Watcher:
    """Watches a site and calls `on_change(ChangeSet)` once per burst of changes.

    `ignored_dirs`: folders whose changes never count (the output folder, `.ssg-cache/`);
    relative ones are taken from `site_root`. `extra_roots`: more folders to watch
    recursively, such as the theme shipped with ssg. `content_dir`/`includes_dir`: as in the
    config, for `classify`. Use `start()`/`stop()`, or `with Watcher(...):`.
    """

    def __init__(
        self,
        site_root: Path,
        on_change: Callable[[ChangeSet], None],
        *,
        config_file: Path,
        ignored_dirs: tuple[Path, ...] = (),
        debounce: float = DEBOUNCE,
        extra_roots: tuple[Path, ...] = (),
        content_dir: str = "content",
        includes_dir: str = "includes",
    ):
        self.site_root = Path(site_root).resolve()
        self.on_change = on_change
        config_file = Path(os.path.abspath(config_file))  # the link itself if it is one
        self.config_file = config_file.parent.resolve() / config_file.name
        self.ignored_dirs = _ignored_variants(self.site_root, ignored_dirs)
        self.debounce = debounce
        self.extra_roots = tuple(dict.fromkeys(Path(r).resolve() for r in extra_roots))
        self.content_dir = content_dir
        self.includes_dir = includes_dir
        self._observer = None
        self._thread: threading.Thread | None = None
        self._subtrees: dict[Path, object] = {}  # top-level folder -> its watchdog watch
        self._cond = threading.Condition()
        self._pending: set[Path] = set()
        self._pending_dirs: set[Path] = set()
        self._first = self._last = 0.0
        self._started = self._stopping = False

    def __enter__(self) -> Watcher:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        """Start watching. Watches are in place when this returns: any later change counts."""
        with self._cond:
            if self._started:
                raise RuntimeError("a Watcher can be started only once")
            self._started = True
        self._observer = Observer()
        try:
            self._schedule_all()
            self._thread = threading.Thread(target=self._run, name="ssg-watch", daemon=True)
            self._thread.start()
            self._observer.start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the observer and the debounce thread (within about a second, unless an
        `on_change` call is still running: that one is left to finish on its daemon thread).
        Pending changes are dropped. Safe to call more than once, or from `on_change`."""
        deadline = time.monotonic() + STOP_TIMEOUT
        with self._cond:
            self._started = self._stopping = True
            self._pending.clear()
            self._pending_dirs.clear()
            self._cond.notify_all()
        observer, self._observer = self._observer, None
        current = threading.current_thread()
        if observer is not None:
            observer.stop()
            if observer.is_alive() and observer is not current:
                observer.join(max(0.0, deadline - time.monotonic()))
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not current:
            thread.join(max(0.0, deadline - time.monotonic()))

    # --- watching -------------------------------------------------------------------------

    def _schedule_all(self) -> None:
        observer = self._observer
        root = self.site_root
        observer.schedule(_Handler(self, root, top=True), str(root), event_filter=_EVENT_TYPES)
        for child in sorted(root.iterdir()):
            self._watch_subtree(child)
        watched = [*self._subtrees]
        for extra in self.extra_roots:
            if not extra.is_dir():
                logger.debug("watch: %s is not a folder, not watched", extra)
            elif extra != root and not any(_inside(extra, w) for w in watched):
                handler = _Handler(self, extra)
                observer.schedule(handler, str(extra), recursive=True, event_filter=_EVENT_TYPES)
                watched.append(extra)
        config_dir = self.config_file.parent  # a config kept outside the site, or hidden in it
        if config_dir != root and not any(_inside(config_dir, w) for w in watched):
            handler = _Handler(self, config_dir, only=self.config_file)
            observer.schedule(handler, str(config_dir), event_filter=_EVENT_TYPES)

    def _watch_subtree(self, folder: Path) -> bool:
        """Watch a top-level folder of the site recursively, unless it is ignored."""
        if folder in self._subtrees or not folder.is_dir():
            return False
        if is_ignored(folder, site_root=self.site_root, ignored_dirs=self.ignored_dirs):
            return False
        try:
            self._subtrees[folder] = self._observer.schedule(
                _Handler(self, self.site_root),
                str(folder),
                recursive=True,
                event_filter=_EVENT_TYPES,
                follow_symlink=folder.is_symlink(),  # a symlinked content/ is watched through
            )
        except OSError as exc:  # gone already, or the inotify watch limit (see README)
            logger.warning("watch: cannot watch %s: %s", folder, exc)
            return False
        return True

    def _unwatch_subtree(self, folder: Path) -> None:
        watch = self._subtrees.pop(folder, None)
        if watch is not None and self._observer is not None:
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(watch)

    def _on_event(self, event: FileSystemEvent, handler: _Handler) -> None:
        kind = event.event_type
        ends = [event.src_path] + ([event.dest_path] if kind == "moved" else [])
        ends = [Path(os.fsdecode(e)) for e in ends if e]
        folder = event.is_directory
        if folder and kind not in ("created", "deleted", "moved"):
            return
        arrived = self._on_top_folder(kind, ends) if folder and handler.top else []
        if folder and kind == "created":
            changed = []  # an empty folder changes nothing; files in it get their own events
        else:
            changed = [p for p in ends if self._counts(p, handler)]
        if changed or arrived:
            self._add([*changed, *arrived], changed if folder else ())

    def _on_top_folder(self, kind: str, ends: list[Path]) -> list[Path]:
        """Keep one recursive watch per top-level folder as folders come and go; the files of
        a folder that arrived whole (moved in, checked out) are returned as new."""
        if kind in ("deleted", "moved"):
            self._unwatch_subtree(ends[0])
        if kind in ("created", "moved") and self._watch_subtree(ends[-1]):
            return list(self._files_below(ends[-1]))
        return []

    def _files_below(self, folder: Path) -> Iterable[Path]:
        for here, dirs, files in os.walk(folder):
            base = Path(here)
            dirs[:] = [d for d in dirs if not self._ignored(base / d, self.site_root)]
            for name in files:
                if not self._ignored(base / name, self.site_root):
                    yield base / name

    def _counts(self, path: Path, handler: _Handler) -> bool:
        if path == self.config_file:
            return True
        if handler.only is not None:
            return False
        return not self._ignored(path, handler.root)

    def _ignored(self, path: Path, root: Path) -> bool:
        return is_ignored(path, site_root=root, ignored_dirs=self.ignored_dirs)

    # --- debouncing -----------------------------------------------------------------------

    def _add(self, paths: Iterable[Path], dirs: Iterable[Path]) -> None:
        now = time.monotonic()
        with self._cond:
            if self._stopping:
                return
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._pending_dirs.update(dirs)
            self._last = now
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    if not self._pending:
                        self._cond.wait()
                        continue
                    max_delay = max(MAX_DELAY, 4 * self.debounce)
                    due = min(self._last + self.debounce, self._first + max_delay)
                    wait = due - time.monotonic()
                    if wait <= 0:
                        break
                    self._cond.wait(wait)
                paths, dirs = frozenset(self._pending), frozenset(self._pending_dirs)
                self._pending.clear()
                self._pending_dirs.clear()
            kind = classify(
                paths,
                site_root=self.site_root,
                config_file=self.config_file,
                extra_roots=self.extra_roots,
                dirs=dirs,
                content_dir=self.content_dir,
                includes_dir=self.includes_dir,
            )
            logger.debug("watch: %s change: %s", kind, sorted(map(str, paths)))
            try:
                self.on_change(ChangeSet(paths, kind))
            except Exception:  # the server reports build errors itself; keep watching
                logger.exception("watch: on_change failed")


def _ignored_variants(root: Path, folders: Iterable[Path]) -> tuple[Path, ...]:
    """Absolute forms of each ignored folder, as given and with symlinks resolved; a folder
    that is the site root or holds it is dropped (it would silence every change)."""
    out: dict[Path, None] = {}
    for folder in folders:
        folder = root / folder  # no-op for an absolute path
        for variant in (Path(os.path.abspath(folder)), folder.resolve()):
            if not _inside(root, variant):
                out[variant] = None
            else:
                logger.warning("watch: not ignoring %s: the site is inside it", variant)
    return tuple(out)
