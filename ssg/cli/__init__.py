"""The `ssg` command: argument parsing and printing only; the work happens in the stages.

This module parses the arguments, finds the site (as git finds its repository) and hands
each command to its module: `build` (build, check), `deploy`, `site` (init, new, list,
config); `ssg serve` and `ssg import` live in their own sub-packages."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ssg import __version__
from ssg.cli.style import paint
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
    deploy.add_argument(
        "--force", action="store_true", help="push even where the site's URL will not work"
    )
    _add_site_options(deploy)

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
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    _add_site_options(serve)

    importer = commands.add_parser("import", help="turn a Jekyll site into an ssg site")
    importer.add_argument("kind", choices=["jekyll"], help="what to import")
    importer.add_argument("src", help="the Jekyll site's folder")
    importer.add_argument("dest", help="a new folder for the ssg site")

    new = commands.add_parser("new", help="create a new post or page")
    new.add_argument("kind", choices=["post", "page"], help="what to create")
    new.add_argument("title", help="the post's title, or the page's name (about, projects/x)")
    new.add_argument("--draft", action="store_true", help="mark the post as a draft")
    new.add_argument("--open", action="store_true", help="open the new file in $EDITOR")
    _add_site_options(new, config=False)

    listing = commands.add_parser("list", help="list the posts: date, URL and state")
    listing.add_argument(
        "--why", action="store_true", help="also explain every post left out of the site"
    )
    _add_site_options(listing)

    config = commands.add_parser("config", help="list every ssg.toml key (--check: check it)")
    config.add_argument("--check", action="store_true", help="check the site's ssg.toml")
    _add_site_options(config)

    init = commands.add_parser("init", help="create a new site (a minimal blog)")
    init.add_argument("dir", nargs="?", default=".", help="folder (default: current folder)")
    init.add_argument("--title", help="the blog's title")
    init.add_argument("--author", help="your name")
    init.add_argument("--url", help="where it will be published, e.g. https://user.github.io/")
    init.add_argument("--language", help="language code, e.g. en or ko")
    init.add_argument(
        "--example", action="store_true", help="copy the bundled example blog instead"
    )
    init.add_argument(
        "--github-actions",
        action="store_true",
        help="add a GitHub Actions workflow that publishes to GitHub Pages (only that, in a site)",
    )
    init.add_argument(
        "--branch", help="the branch the workflow publishes from (default: the repository's)"
    )
    for command in commands.choices.values():  # `ssg build --debug` as well as `ssg --debug …`
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP
        )
    return parser


_DEBUG_HELP = "on an internal error (a bug in ssg), print its full traceback (or SSG_DEBUG=1)"


def _add_site_options(parser: argparse.ArgumentParser, config: bool = True) -> None:
    if config:
        parser.add_argument("--config", metavar="FILE", help="config file (default: ssg.toml)")
    parser.add_argument(
        "--source",
        "-s",
        metavar="DIR",
        help="site root (default: here or the nearest folder above)",
    )


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include future-dated posts")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="site URL for this build, e.g. https://user.github.io/repo/",
    )
    parser.add_argument("--output", "-o", metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .ssg-cache/"
    )
    _add_site_options(parser)
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors and warnings"
    )
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print stage timings")


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse `argv`; an option a subcommand does not know is reported with that
    subcommand's usage (argparse would show the top-level one)."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        sub = _subparsers(parser).get(args.command) if args.command else None
        (sub or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parse(parser, argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _run(args)
    except SsgError as exc:
        for diagnostic in exc.diagnostics:
            print(paint(str(diagnostic), sys.stderr), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in ssg: one line, the traceback only when asked for
        if args.debug or os.environ.get("SSG_DEBUG", "") not in ("", "0"):
            raise
        print(internal_error(exc), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if hasattr(args, "source") and not (args.command == "check" and args.site):
        from ssg.project import find_site

        given = args.source is not None
        args.source = str(find_site(Path(args.source or "."), walk_up=not given))
    if args.command in ("build", "check"):
        from ssg.cli.build import run_build, run_check

        return run_build(args)[0] if args.command == "build" else run_check(args)
    if args.command == "deploy":
        from ssg.cli.deploy import run_deploy

        return run_deploy(args)
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
    from ssg.cli import site

    return site.COMMANDS[args.command](args)


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
