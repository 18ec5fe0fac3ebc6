"""`ssg init`, `ssg new post` and `ssg new page`: create files for the user, never
overwriting one.

`ssg init` makes a minimal site (an `ssg.toml` with the blog's title, author, address and
language, one welcome post with an image, a `.gitignore`); `--example` copies the bundled
example blog instead.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ssg.config import CONFIG_NAME
from ssg.errors import SsgError
from ssg.project import load_config
from ssg.publish.workflow import Written, workflow_files, write_workflow
from ssg.urls import slugify

EXAMPLE_ROOT = Path(__file__).parent / "example"  # in an installed wheel
SOURCE_ROOT = Path(__file__).parent.parent  # in a source checkout
STARTER = Path(__file__).parent / "starter"
EXAMPLE_PARTS = ("ssg.toml", "content", "includes")
WELCOME = Path("content/posts")
WELCOME_IMAGE = Path("content/images/welcome.svg")
GITIGNORE = "/site/\n.ssg-cache/\n"


@dataclass(frozen=True)
class SiteAnswers:
    """What `ssg init` asks (or takes from --title/--author/--url/--language)."""

    title: str = "My Tech Blog"
    author: str = ""
    url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"


def new_post(site: Path, title: str, *, draft: bool = False, now: datetime | None = None) -> Path:
    config = load_config(site)
    now = (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    slug = slugify(title) or "post"
    path = config.content_path / "posts" / f"{now:%Y-%m-%d}-{slug}.md"
    lines = ["---", f"title: {_yaml_text(title)}", f"date: {now:%Y-%m-%d %H:%M:%S %z}", "tags: []"]
    if draft:
        lines.append("draft: true")
    lines += ["---", "", "Write your post here.", ""]
    return _create(path, "\n".join(lines))


def new_page(site: Path, name: str) -> Path:
    """`content/NAME.md`, published at `/NAME/` (`about`, `projects/ssg`)."""
    config = load_config(site)
    parts = [slugify(part) for part in name.replace("\\", "/").strip("/").split("/")]
    if not name.strip("/ ") or not all(parts):
        raise SsgError(f"{name!r} is not a page name; use letters, digits and - (e.g. about)")
    path = config.content_path.joinpath(*parts).with_suffix(".md")
    title = name.strip("/").split("/")[-1].replace("-", " ").strip().capitalize()
    return _create(path, f"---\ntitle: {_yaml_text(title)}\n---\n\nWrite this page here.\n")


def _create(path: Path, text: str) -> Path:
    if path.exists():
        raise SsgError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _example_source() -> Path:
    for root in (EXAMPLE_ROOT, SOURCE_ROOT):
        if (root / CONFIG_NAME).is_file() and (root / "content").is_dir():
            return root
    raise SsgError("the example blog is missing from this installation of ssg")


def init_site(
    target: Path,
    answers: SiteAnswers = SiteAnswers(),
    *,
    example: bool = False,
    github_actions: bool = False,
    branch: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Make a new site in `target` (created if needed): the minimal one, or the example blog
    with `example`. Refuses to overwrite anything. With `github_actions`, also write the
    GitHub Pages workflow; in a folder that already holds a site only the workflow is added."""
    target = target.resolve()
    if github_actions and any((target / part).exists() for part in (CONFIG_NAME, "content")):
        return _workflow_messages(target, write_workflow(target, branch=branch))
    parts = EXAMPLE_PARTS if example else (CONFIG_NAME, "content")
    clashes = [part for part in parts if (target / part).exists()]
    if github_actions:
        clashes += [p.relative_to(target).as_posix() for p in workflow_files(target) if p.exists()]
    if clashes:
        raise SsgError(f"{target} already has {', '.join(clashes)}; not overwriting anything")
    target.mkdir(parents=True, exist_ok=True)
    if example:
        source = _example_source()
        for part in EXAMPLE_PARTS:
            if (source / part).is_dir():
                shutil.copytree(source / part, target / part)
            elif (source / part).is_file():
                shutil.copy2(source / part, target / part)
    else:
        _write_starter(target, answers, now)
    (target / ".gitignore").exists() or (target / ".gitignore").write_text(GITIGNORE)
    kind = "the example blog" if example else "a new blog"
    messages = [f"created {kind} in {target}"]
    if github_actions:
        messages += _workflow_messages(target, write_workflow(target, branch=branch))
    go = "" if target == Path.cwd().resolve() else f"cd {target} && "
    return messages + [f"next: {go}ssg serve (then open http://localhost:8000)"]


def _write_starter(target: Path, answers: SiteAnswers, now: datetime | None) -> None:
    from zoneinfo import ZoneInfo

    now = (now or datetime.now(ZoneInfo(answers.timezone))).replace(microsecond=0)
    toml = (STARTER / "ssg.toml").read_text(encoding="utf-8")
    for key in ("title", "author", "url", "language", "timezone"):
        value = json.dumps(getattr(answers, key), ensure_ascii=False)  # a TOML basic string
        toml = toml.replace(f"@{key.upper()}_TOML@", value)
    post = (STARTER / "welcome.md").read_text(encoding="utf-8")
    post = post.replace("@TITLE@", answers.title.replace('"', "'"))
    post = post.replace("@DATE@", f"{now:%Y-%m-%d %H:%M:%S %z}")
    (target / CONFIG_NAME).write_text(toml, encoding="utf-8")
    _create(target / WELCOME / f"{now:%Y-%m-%d}-welcome.md", post)
    (target / WELCOME_IMAGE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(STARTER / "welcome.svg", target / WELCOME_IMAGE)


def _workflow_messages(target: Path, written: Written) -> list[str]:
    names = ", ".join(path.relative_to(target).as_posix() for path in written.paths)
    messages = [
        f"added the GitHub Pages workflow: {names}",
        f"it installs ssg from {written.source.origin} and publishes every push to "
        f"{written.branch} (`--branch` chooses another)",
    ]
    if written.source.requirement is None:
        messages.append(
            f"fill in line 3 of .github/ssg-requirements.txt: {written.source.problem}; "
            "name a released version (ssg-blog==X.Y.Z) or a git URL (ssg-blog @ git+URL@REF)"
        )
    elif written.source.problem:
        messages.append(f"note: {written.source.problem}")
    messages.append(
        f"then on GitHub: Settings → Pages → Source: GitHub Actions, and push {written.branch}"
    )
    return messages
