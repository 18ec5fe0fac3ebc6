"""Watch a site's sources for `ssg serve`: each burst of editor saves becomes one `ChangeSet`.

- What is watched: the site root (content, includes, templates, static files, themes, the
  config) and any `extra_roots`, such as the theme shipped inside the package. The site root
  itself is watched one level deep, and each of its folders on its own, recursively, so that
  ignored folders (the output, `.ssg-cache/`, `.git/`, `node_modules/`) cost no inotify watch
  and no event traffic while a build writes. A folder that appears later is picked up.
- What counts: `changes.is_ignored` decides, path by path. Of a move, only the ends that
  count are reported, so an atomic save (a temp file renamed over the real one) is a change
  of the real file.
- Debounce: changes are collected and `on_change` is called once per burst, `debounce`
  seconds after the last event, on one background thread, never concurrently. Events that
  arrive during a call go into the next one. (An endless stream of writes is still reported
  every `MAX_DELAY` seconds rather than never.) Each burst is named by `changes.classify`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import watchdog.events as wd_events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ssg.serve.changes import ChangeSet, classify, inside, is_ignored

logger = logging.getLogger(__name__)

# watchdog's inotify backend warns when a folder made with its parent (`mkdir -p`, a folder
# moved in) gets its watch twice; it keeps one, so nothing is lost but the terminal's calm.
warnings.filterwarnings("ignore", r"Callback with id .* already exists", RuntimeWarning)

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
            elif extra != root and not any(inside(extra, w) for w in watched):
                handler = _Handler(self, extra)
                observer.schedule(handler, str(extra), recursive=True, event_filter=_EVENT_TYPES)
                watched.append(extra)
        config_dir = self.config_file.parent  # a config kept outside the site, or hidden in it
        if config_dir != root and not any(inside(config_dir, w) for w in watched):
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
            if not inside(root, variant):
                out[variant] = None
            else:
                logger.warning("watch: not ignoring %s: the site is inside it", variant)
    return tuple(out)
