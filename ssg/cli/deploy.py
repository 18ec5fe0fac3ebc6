"""`ssg deploy` on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from ssg.cli.style import paint


def run_deploy(args) -> int:
    """`ssg deploy`: build for production, commit onto gh-pages, push, say where it is."""
    from ssg.publish.deploy import DeployOptions, deploy, describe

    options = DeployOptions(
        remote=args.remote,
        branch=args.branch,
        push=not args.no_push,
        message=args.message,
        base_url=args.base_url,
        force=args.force,
    )

    def out(line: str) -> None:
        stream = sys.stderr if ": warning: " in line else sys.stdout
        print(paint(line, stream), file=stream, flush=True)

    result = deploy(Path(args.source), options, Path(args.config) if args.config else None, out)
    for line in describe(result):
        print(line)
    return 0
