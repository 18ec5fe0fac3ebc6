"""The `ssg` command: argument parsing and printing only; the work happens in the stages."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ssg import __version__
from ssg.errors import Diagnostic, SsgError, error


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssg", description="A static blog generator for technical writing."
    )
    parser.add_argument("--version", action="version", version=f"ssg {__version__}")
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/")
    _add_build_options(build)

    check = commands.add_parser("check", help="build the site and check its links, feeds, images")
    _add_build_options(check)
    check.add_argument("--site", metavar="DIR", help="check this built folder instead of building")
    check.add_argument(
        "--external", action="store_true", help="also check external links (uses the network)"
    )

    deploy = commands.add_parser("deploy", help="build and publish to the gh-pages branch")
    deploy.add_argument("--remote", default="origin", help="git remote (default: origin)")
    deploy.add_argument("--branch", default="gh-pages", help="branch (default: gh-pages)")
    deploy.add_argument("--no-push", action="store_true", help="commit locally, do not push")
    deploy.add_argument("--message", "-m", help="commit message")
    deploy.add_argument(
        "--base-url", metavar="URL", help="site URL, e.g. https://user.github.io/repo/"
    )
    deploy.add_argument("--config", metavar="FILE", help="config file (default: ssg.toml)")
    deploy.add_argument("--source", "-s", metavar="DIR", default=".", help="site root (default: .)")

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

    importer = commands.add_parser("import", help="turn a Jekyll site into an ssg site")
    importer.add_argument("kind", choices=["jekyll"], help="what to import")
    importer.add_argument("src", help="the Jekyll site's folder")
    importer.add_argument("dest", help="a new folder for the ssg site")

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
    for command in commands.choices.values():  # `ssg build --debug` as well as `ssg --debug …`
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP
        )
    return parser


_DEBUG_HELP = "on an internal error (a bug in ssg), print its full traceback (or SSG_DEBUG=1)"


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include future-dated posts")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="site URL for this build, e.g. https://user.github.io/repo/",
    )
    parser.add_argument("--output", "-o", metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: ssg.toml)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .ssg-cache/"
    )
    parser.add_argument("--source", "-s", metavar="DIR", default=".", help="site root (default: .)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print stage timings")


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "build":
            return _build(args)[0]
        if args.command == "check":
            return _check(args)
        if args.command == "deploy":
            return _deploy(args)
        if args.command == "serve":
            from ssg.serve.command import ServeOptions, serve

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
        if args.command == "import":
            from ssg.jekyll.importer import import_jekyll

            for line in import_jekyll(Path(args.src), Path(args.dest)):
                print(line)
            return 0
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
    except Exception as exc:  # a bug in ssg: one line, the traceback only when asked for
        if args.debug or os.environ.get("SSG_DEBUG", "") not in ("", "0"):
            raise
        print(internal_error(exc), file=sys.stderr)
        return 1
    return 2


def internal_error(exc: Exception) -> Diagnostic:
    """An unexpected exception as one line: the file being processed when it is known, what
    happened, and how to see the traceback."""
    from ssg.convert import PROCESSING

    notes = [n for n in getattr(exc, "__notes__", ()) if str(n).startswith(PROCESSING)]
    where = notes[0][len(PROCESSING) :] if notes else "ssg"
    what = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    what = what if len(what) <= 200 else what[:199] + "…"
    return error(
        where,
        None,
        f"internal error (a bug in ssg): {what}; "
        "run again with --debug (or SSG_DEBUG=1) for the traceback",
    )


def _build(args):
    """`ssg build`: (exit status, result)."""
    from ssg.build import BuildOptions, build
    from ssg.config import base_url_overrides
    from ssg.project import load_config

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
        for note in result.notes:  # a damaged cache, repaired
            print(f"cache: {note}", file=sys.stderr)
        print(
            "  " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items()),
            file=sys.stderr,
        )
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    if not args.quiet or failed:
        print(summary(result, elapsed), file=sys.stderr if failed else sys.stdout)
    return (1 if failed else 0), result


def _check(args) -> int:
    """`ssg check`: build (or take `--site DIR`), then check links, anchors, feeds, images."""
    from ssg.check.site import check_site
    from ssg.config import base_url_overrides
    from ssg.project import load_config
    from ssg.writer import load_sources

    if args.site:
        folder = Path(args.site)
        if not folder.is_dir():
            raise SsgError(f"{folder} is not a folder")
        overrides = base_url_overrides(args.base_url) if args.base_url else {}
        config = load_config(
            Path(args.source), Path(args.config) if args.config else None, overrides
        )
    else:
        status, result = _build(args)
        if status:
            return status
        folder, config = result.output, result.site.config
    problems, stats = check_site(folder, base_path=config.base_path, site_url=config.url)
    if args.external:
        from ssg.check.external import check_external
        from ssg.check.problems import external_problems

        cache = config.root / ".ssg-cache" / "external-links.json"
        cache.parent.mkdir(exist_ok=True)
        broken = check_external(stats.external, cache_file=cache)
        problems = sorted(
            problems + external_problems(broken, stats, load_sources(folder)),
            key=lambda p: (p.page, p.target, p.reason),
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    external = "checked" if args.external else "not checked"
    print(
        f"checked {stats.pages} pages, {stats.feeds} feeds and {stats.urls} links "
        f"({stats.external_count} external, {external}): {len(problems)} problems",
        file=sys.stderr if problems else sys.stdout,
    )
    return 1 if problems else 0


def _deploy(args) -> int:
    """`ssg deploy`: build for production, commit onto gh-pages, push, say where it is."""
    from ssg.publish.deploy import DeployOptions, deploy, describe

    options = DeployOptions(
        remote=args.remote,
        branch=args.branch,
        push=not args.no_push,
        message=args.message,
        base_url=args.base_url,
    )

    def out(line: str) -> None:
        print(line, file=sys.stderr if ": warning: " in line else sys.stdout, flush=True)

    result = deploy(Path(args.source), options, Path(args.config) if args.config else None, out)
    for line in describe(result):
        print(line)
    return 0


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
