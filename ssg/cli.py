"""The `ssg` command: argument parsing and printing only; the work happens in the stages."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ssg import __version__
from ssg.errors import SsgError


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssg", description="A static blog generator for technical writing."
    )
    parser.add_argument("--version", action="version", version=f"ssg {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/")
    build.add_argument("--drafts", action="store_true", help="include drafts")
    build.add_argument("--future", action="store_true", help="include future-dated posts")
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="site URL for this build, e.g. https://user.github.io/repo/",
    )
    build.add_argument("--output", "-o", metavar="DIR", help="output folder (default: site/)")
    build.add_argument("--config", metavar="FILE", help="config file (default: ssg.toml)")
    build.add_argument("--strict", action="store_true", help="exit with status 1 on warnings")
    build.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    build.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .ssg-cache/"
    )
    build.add_argument("--source", "-s", metavar="DIR", default=".", help="site root (default: .)")
    verbosity = build.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print stage timings")

    serve = commands.add_parser("serve", help="build, serve and live-reload on every save")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8000, help="port (default: 8000, or the next free)"
    )
    serve.add_argument(
        "--drafts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include drafts (default: yes)",
    )
    serve.add_argument("--future", action="store_true", help="include future-dated posts")
    serve.add_argument("--base-url", metavar="URL", help="serve as if published at this URL")
    serve.add_argument("--config", metavar="FILE", help="config file (default: ssg.toml)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--source", "-s", metavar="DIR", default=".", help="site root (default: .)")

    new = commands.add_parser("new", help="create a new post")
    new.add_argument("kind", choices=["post"], help="what to create")
    new.add_argument("title", help="the post's title")
    new.add_argument("--source", "-s", metavar="DIR", default=".", help="site root (default: .)")
    new.add_argument("--draft", action="store_true", help="mark the post as a draft")

    init = commands.add_parser("init", help="create a new site from the example blog")
    init.add_argument("dir", nargs="?", default=".", help="folder (default: current folder)")
    init.add_argument(
        "--github-actions",
        action="store_true",
        help="add a GitHub Actions workflow that publishes to GitHub Pages (only that, in a site)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "serve":
            from ssg.serve import ServeOptions, serve

            options = ServeOptions(
                host=args.host,
                port=args.port,
                drafts=args.drafts,
                future=args.future,
                base_url=args.base_url,
                open_browser=args.open,
                config_file=Path(args.config) if args.config else None,
            )
            return serve(Path(args.source), options)
        if args.command == "new":
            from ssg.scaffold import new_post

            path = new_post(Path(args.source), args.title, draft=args.draft)
            print(f"created {path}")
            return 0
        if args.command == "init":
            from ssg.scaffold import init_site

            for line in init_site(Path(args.dir), github_actions=args.github_actions):
                print(line)
            return 0
    except SsgError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


def _build(args) -> int:
    from ssg.build import BuildOptions, build
    from ssg.config import base_url_overrides, load_config

    started = time.perf_counter()
    root = Path(args.source)
    overrides = base_url_overrides(args.base_url) if args.base_url else {}
    config = load_config(root, Path(args.config) if args.config else None, overrides)
    options = BuildOptions(
        drafts=args.drafts,
        future=args.future,
        output=Path(args.output) if args.output else None,
        jobs=args.jobs,
        use_cache=not args.no_cache,
    )
    progress = Progress() if not args.quiet and sys.stderr.isatty() else None
    result = build(config, options, progress=progress)
    if progress:
        progress.clear()
    report = result.report
    for diagnostic in report.items:
        if not args.quiet or diagnostic.level == "error":
            print(diagnostic, file=sys.stderr)
    elapsed = time.perf_counter() - started
    if args.verbose:
        print(
            "  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items()),
            file=sys.stderr,
        )
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    if not args.quiet or failed:
        print(summary(result, elapsed), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


class Progress:
    """One self-updating status line on a terminal: `  converting 340/1000`."""

    def __init__(self):
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        text = f"  {stage} {done}/{total}" if done else f"  {stage} {total}…"
        print(f"\r{text:<40}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.shown:
            print(f"\r{'':<40}\r", end="", file=sys.stderr, flush=True)


def summary(result, elapsed: float) -> str:
    report = result.report
    counts = f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    if report.errors:
        return f"build failed: {counts}; nothing was written ({elapsed:.2f} s)"
    site = result.site
    stats = result.stats
    left = ""
    if result.left_out:
        reasons = {"draft": ("draft", "--drafts"), "future": ("future-dated post", "--future")}
        parts = []
        for reason, count in sorted(result.left_out.items()):
            noun, flag = reasons[reason]
            parts.append(f"{count} {noun}{'s' if count != 1 else ''} (use {flag})")
        left = "; left out " + ", ".join(parts)
    return (
        f"built {len(result.outputs)} files ({len(site.posts)} posts, {len(site.pages)} pages, "
        f"{len(site.tags)} tags) into {_short(result.output)}: {stats.rendered} rendered, "
        f"{stats.skipped} unchanged, {result.converted} converted; {counts}{left} "
        f"in {elapsed:.2f} s"
    )


def _short(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"
