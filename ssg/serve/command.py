"""`ssg serve`: build, serve, watch, rebuild, and tell every open page.

The dev server has no renderer of its own: each change runs the same `build()` as
`ssg build`, into `.ssg-cache/serve/` (drafts included, `site/` untouched), with one cache
kept in memory, so a one-post edit re-renders that post and the pages listing it. A failed
build leaves the last good site served and shows its errors on every open page.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from ssg.build import BuildOptions, BuildResult, build
from ssg.cache import BuildCache
from ssg.config import Config, base_url_overrides
from ssg.errors import SsgError
from ssg.project import load_config
from ssg.serve.changes import CONFIG, ChangeSet
from ssg.serve.http import SiteServer
from ssg.serve.livereload import EVENTS_PATH, ReloadHub, inject
from ssg.serve.watch import Watcher
from ssg.templates import find_theme
from ssg.writer import copy_static


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = True
    future: bool = False
    base_url: str | None = None
    config_file: Path | None = None
    open_browser: bool = False
    debounce: float = 0.015  # an editor's atomic save (temp file + rename) takes a few ms


class DevServer:
    def __init__(self, root: Path, options: ServeOptions = ServeOptions(), out=print):
        self.root = root.resolve()
        self.options = options
        self.out = out
        self.hub = ReloadHub()
        self.lock = threading.Lock()  # one build at a time
        self.config = self._load_config()  # a broken config at start-up is an SsgError
        # the index is written when the server stops, not after every edit (saves ~20 ms)
        self.cache = BuildCache(self.config.root, autosave=False)
        self.output = self.cache.dir / "serve"
        self.server: SiteServer | None = None
        self.watcher: Watcher | None = None
        self.stopped = threading.Event()
        self.static: dict = {}  # the last good build's static files: source -> output path
        self.serving = False  # set just before "serving …" is printed
        self.interrupted = False  # Ctrl-C while serving (`serve_forever`)

    # --- life cycle -------------------------------------------------------------

    def start(self) -> None:
        result = self._build()
        self.static = result.static
        self._report(result, first=True)
        if result.report.errors:  # pages (the 404 page, at first) show them until fixed
            self.hub.errors = [str(d) for d in result.report.errors]
        self.server = SiteServer(
            self.output,
            base_path=self.config.base_path,
            host=self.options.host,
            port=self.options.port,
            inject=lambda body: inject(body, self.hub),
            routes={EVENTS_PATH: lambda handler: self.hub.handle(handler, self.server.stopping)},
        )
        self.server.start()
        if self.server.port_was_taken:
            self.out(f"port {self.options.port} is taken; using {self.server.port}")
        theme = find_theme(self.config)
        outside = () if self.root in theme.path.parents else (theme.path,)
        self.watcher = Watcher(
            self.root,
            self.on_change,
            config_file=self._config_path(),
            ignored_dirs=(self.cache.dir, self.config.output_path),
            debounce=self.options.debounce,
            extra_roots=outside,
        )
        self.watcher.start()
        self.serving = True
        self.out(f"serving {self.server.url} (Ctrl-C to stop)")
        if self.options.open_browser:
            webbrowser.open(self.server.url)

    def stop(self) -> None:
        self.stopped.set()
        if self.watcher is not None:
            self.watcher.stop()
        if self.server is not None:
            self.server.stop()
        with self.lock:
            self.cache.close()

    def serve_forever(self) -> None:
        """Run until Ctrl-C (or `stop()` from another thread)."""
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, self._on_ctrl_c) if main else None
        try:
            self.start()
            while not self.interrupted and not self.stopped.wait(0.1):
                pass
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)  # a second Ctrl-C cuts a slow stop short
            self.stop()

    def _on_ctrl_c(self, signum, frame) -> None:
        """Ctrl-C during the first build interrupts it, as in `ssg build`. Once serving, it
        only sets a flag the main loop reads: a KeyboardInterrupt raised inside a lock's
        `with` (the loop's `Event.wait`) can leave the lock held, and `stop()` then hangs
        on it."""
        if not self.serving:
            raise KeyboardInterrupt
        self.interrupted = True

    # --- rebuilding -------------------------------------------------------------

    def on_change(self, changes: ChangeSet) -> None:
        started = time.perf_counter()
        if changes.css_only and self._swap_stylesheets(changes, started):
            return
        if changes.kind == CONFIG:
            try:
                self.config = self._load_config()
            except SsgError as exc:  # keep serving with the old config until it is fixed
                errors = [str(d) for d in exc.diagnostics]
                self.hub.publish({"type": "errors", "errors": errors})
                self.out("\n".join(errors))
                return
            if self.server is not None and self.server.base_path != self.config.base_path:
                self.server.base_path = self.config.base_path  # read on every request
                self.out(f"serving {self.server.url} (the base path changed)")
        result = self._build()
        if result.ok:
            self.static = result.static
        took = time.perf_counter() - started
        if result.report.errors:
            self.hub.publish({"type": "errors", "errors": [str(d) for d in result.report.errors]})
        elif changes.css_only:
            self.hub.publish({"type": "css", "paths": self._css_urls(changes)})
        else:
            self.hub.publish({"type": "reload"})
        names = ", ".join(sorted(_short(p, self.root) for p in shown_changes(changes.paths))[:3])
        self.out(f"{names} changed: {result.stats.rendered} rendered in {took * 1000:.0f} ms")
        self._report(result)

    def _swap_stylesheets(self, changes: ChangeSet, started: float) -> bool:
        """Stylesheets the last build copied, edited in place: copied again, as the build
        would copy them, and swapped in the open pages, with no build. False when one is
        new, gone or not a copied file: then the build runs."""
        pairs = []
        for path in changes.paths:
            rel = self.static.get(os.path.abspath(path))
            if rel is None or not os.path.isfile(path):
                return False
            pairs.append((Path(path), rel))
        with self.lock:
            copy_static(self.output, pairs)
        self.hub.publish({"type": "css", "paths": sorted("/" + rel for _, rel in pairs)})
        took = (time.perf_counter() - started) * 1000
        names = ", ".join(sorted(_short(p, self.root) for p in shown_changes(changes.paths))[:3])
        self.out(f"{names} changed: copied in place in {took:.0f} ms")
        return True

    def _build(self) -> BuildResult:
        options = BuildOptions(
            drafts=self.options.drafts, future=self.options.future, output=self.output
        )
        with self.lock:
            try:
                return build(self.config, options, cache=self.cache)
            except SsgError as exc:  # e.g. the theme went missing: report it like a build error
                return BuildResult(report=_report_of(exc))

    def _report(self, result: BuildResult, first: bool = False) -> None:
        for diagnostic in result.report.items:
            self.out(str(diagnostic))
        if first and not result.report.errors:
            site = result.site
            self.out(
                f"built {len(site.posts)} posts, {len(site.pages)} pages (drafts "
                f"{'included' if self.options.drafts else 'left out'})"
            )

    def _css_urls(self, changes: ChangeSet) -> list[str]:
        """URL paths the changed stylesheets are served at (matched by their ends)."""
        urls = []
        for path in changes.paths:
            parts = path.parts
            for marker in ("static", "content"):
                if marker in parts:
                    index = len(parts) - 1 - parts[::-1].index(marker)
                    urls.append("/" + "/".join(parts[index + 1 :]))
                    break
            else:
                urls.append("/" + path.name)
        return sorted(urls)

    def _config_path(self) -> Path:
        return (self.root / self.config.config_file).resolve()

    def _load_config(self) -> Config:
        overrides = base_url_overrides(self.options.base_url) if self.options.base_url else {}
        return load_config(self.root, self.options.config_file, overrides)


def _report_of(exc: SsgError):
    from ssg.errors import Report

    report = Report()
    report.extend(exc.diagnostics)
    return report


def shown_changes(paths) -> list[Path]:
    """The files a change log line names: an editor's temporary file (saved, then renamed
    over the real one, so gone by now) is left out when the batch has a real file."""
    real = [p for p in paths if p.exists() or not _temporary(p.name)]
    return real or list(paths)


def _temporary(name: str) -> bool:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    return (
        not suffix
        or name.startswith((".#", "#", ".~"))
        or name.endswith(("~", ".tmp", ".swp", ".swx", "___jb_tmp___", "___jb_old___"))
        or suffix.isdigit()
    )


def _short(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def serve(root: Path, options: ServeOptions) -> int:
    """The `ssg serve` command."""
    try:
        server = DevServer(root, options, out=lambda line: print(line, flush=True))
    except SsgError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    server.serve_forever()
    print("stopped")
    return 0
