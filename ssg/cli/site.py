"""The commands that make and describe a site: `ssg init`, `ssg new`, `ssg list`, `ssg config`."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from ssg.errors import SsgError


def run_init(args) -> int:
    from ssg.scaffold import SiteAnswers, init_site

    answers = None
    if not args.example:
        answers = _answers(args)
    for line in init_site(
        Path(args.dir),
        answers or SiteAnswers(),
        example=args.example,
        github_actions=args.github_actions,
        branch=args.branch,
    ):
        print(line)
    return 0


def _answers(args):
    """The new blog's settings: flags, else asked on a terminal, else the defaults."""
    from ssg.scaffold import SiteAnswers

    default = SiteAnswers()
    asked = {
        "title": args.title,
        "author": args.author,
        "url": args.url,
        "language": args.language,
    }
    ask = sys.stdin.isatty() and sys.stdout.isatty() and not _is_site(Path(args.dir))
    questions = {
        "title": "Title of the blog",
        "author": "Your name",
        "url": "Where it will be published (e.g. https://USER.github.io/)",
        "language": "Language code (en, ko, …)",
    }
    for key, value in asked.items():
        if value is None and ask:
            shown = getattr(default, key)
            reply = input(f"{questions[key]} [{shown}]: ").strip()
            asked[key] = reply or None
    values = {k: v for k, v in asked.items() if v is not None}
    if "url" in values and not values["url"].endswith("/"):
        values["url"] += "/"
    return SiteAnswers(**values)


def _is_site(folder: Path) -> bool:
    return (folder / "ssg.toml").exists() or (folder / "content").exists()


def run_new(args) -> int:
    from ssg.scaffold import new_page, new_post

    root = Path(args.source)
    if args.kind == "page":
        path = new_page(root, args.title)
    else:
        path = new_post(root, args.title, draft=args.draft)
    print(f"created {_shown(path)}")
    if args.open:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            raise SsgError("--open needs $EDITOR (or $VISUAL) set to your editor's command")
        try:
            return subprocess.call([*shlex.split(editor), str(path)])
        except OSError as exc:
            raise SsgError(f"could not start the editor {editor!r}: {exc}") from None
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_list(args) -> int:
    from ssg.listing import list_posts

    config = _config(args)
    rows, left_out = list_posts(config, datetime.now(UTC))
    for row in rows:
        print(f"{row.date}  {row.state:<9} {row.url}  {row.title}")
    noun = "post" if len(rows) == 1 else "posts"
    published = sum(row.state == "published" for row in rows)
    print(f"{len(rows)} {noun}, {published} published", file=sys.stderr)
    if args.why:
        for line in left_out:
            print(line)
    elif left_out:
        print("`ssg list --why` says why each one is left out", file=sys.stderr)
    return 0


def run_config(args) -> int:
    from ssg.config import FIELDS, Config

    defaults = Config(root=Path("."))
    if args.check:
        config = _config(args)
        print(f"{config.config_file}: ok")
        return 0
    for key, (kind, meaning) in FIELDS.items():
        default = getattr(defaults, key)
        print(f"{key} ({_type(kind)}, default {_toml(default)})\n    {meaning}")
    return 0


def _config(args):
    from ssg.project import load_config

    return load_config(Path(args.source), Path(args.config) if args.config else None)


def _type(kind: type) -> str:
    return {str: "string", int: "integer", bool: "true/false", list: "list", dict: "table"}.get(
        kind, kind.__name__
    )


def _toml(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict) and not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


COMMANDS = {"init": run_init, "new": run_new, "list": run_list, "config": run_config}
