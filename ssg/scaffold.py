"""`ssg new post` and `ssg init`: create files for the user, never overwriting one."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ssg.config import CONFIG_NAME
from ssg.errors import SsgError
from ssg.project import load_config
from ssg.publish.workflow import workflow_files, write_workflow
from ssg.urls import slugify

EXAMPLE_ROOT = Path(__file__).parent / "example"  # in an installed wheel
SOURCE_ROOT = Path(__file__).parent.parent  # in a source checkout
EXAMPLE_PARTS = ("ssg.toml", "content", "includes")


def new_post(site: Path, title: str, *, draft: bool = False, now: datetime | None = None) -> Path:
    config = load_config(site)
    now = (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    slug = slugify(title) or "post"
    folder = config.content_path / "posts"
    path = folder / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        raise SsgError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    lines = ["---", f'title: "{quoted}"', f"date: {now:%Y-%m-%d %H:%M:%S %z}", "tags: []"]
    if draft:
        lines.append("draft: true")
    lines += ["---", "", "Write your post here.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _example_source() -> Path:
    for root in (EXAMPLE_ROOT, SOURCE_ROOT):
        if (root / CONFIG_NAME).is_file() and (root / "content").is_dir():
            return root
    raise SsgError("the example blog is missing from this installation of ssg")


def init_site(target: Path, github_actions: bool = False) -> list[str]:
    """Copy the example blog into `target` (created if needed); refuses to overwrite files.

    With `github_actions`, also write the GitHub Pages workflow (`ssg.workflow`); in a folder
    that already holds a site (an ssg.toml or a content folder) only the workflow is added."""
    target = target.resolve()
    if github_actions and any((target / part).exists() for part in (CONFIG_NAME, "content")):
        return _workflow_messages(target, write_workflow(target))
    source = _example_source()
    clashes = [part for part in EXAMPLE_PARTS if (target / part).exists()]
    if github_actions:
        clashes += [p.relative_to(target).as_posix() for p in workflow_files(target) if p.exists()]
    if clashes:
        raise SsgError(f"{target} already has {', '.join(clashes)}; not overwriting anything")
    target.mkdir(parents=True, exist_ok=True)
    for part in EXAMPLE_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        elif src.is_file():
            shutil.copy2(src, target / part)
    (target / ".gitignore").exists() or (target / ".gitignore").write_text("/site/\n.ssg-cache/\n")
    messages = [f"created a new site in {target}"]
    if github_actions:
        messages += _workflow_messages(target, write_workflow(target))
    return messages + [f"next: cd {target} && ssg build"]


def _workflow_messages(target: Path, written: list[Path]) -> list[str]:
    names = ", ".join(path.relative_to(target).as_posix() for path in written)
    return [
        f"added the GitHub Pages workflow: {names}",
        "then on GitHub: Settings → Pages → Source: GitHub Actions, and push to main",
    ]
