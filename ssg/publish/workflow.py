"""`ssg init --github-actions`: a GitHub Actions workflow that builds the site and publishes it
to GitHub Pages, plus the one-line requirements file that pins the ssg it installs.

The pin is the ssg that is running (`install_source`): its PyPI version, or its git URL and
commit; where CI could not install it from anywhere, the line is `FILL-IN …` and the
workflow's first step fails on it with an annotation naming that line. The trigger is the
repository's publishing branch: `--branch`, else the remote's default branch, else the
checked-out one, else `main`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import ssg
from ssg.errors import SsgError
from ssg.publish.install_source import DISTRIBUTION, Source, current_source, git_output

__all__ = ["Written", "publishing_branch", "render_workflow", "workflow_files", "write_workflow"]

WORKFLOW_PATH = Path(".github/workflows/pages.yml")
REQUIREMENTS_PATH = Path(".github/ssg-requirements.txt")
TEMPLATE_NAME = "github-pages.yml"
FILL_IN = "FILL-IN"

REQUIREMENTS = """\
# The ssg that .github/workflows/pages.yml installs: one pip requirement line. Change it to
# upgrade, or to install from PyPI ({distribution}==VERSION) or git ({distribution} @ git+URL@REF).
{line}
"""
REQUIREMENT_LINE = 3  # the line of the requirement in that file


@dataclass(frozen=True)
class Written:
    """What `write_workflow` wrote: the files, the branch it publishes from, the pin."""

    paths: list[Path]
    branch: str
    source: Source


def workflow_files(site: Path) -> list[Path]:
    """The files `write_workflow` writes into `site`: the workflow, then its requirements."""
    return [site / WORKFLOW_PATH, site / REQUIREMENTS_PATH]


def render_workflow(
    version: str | None = None, branch: str = "main", source: Source | None = None
) -> str:
    """The workflow's YAML text for `branch`, naming `version` (default: this ssg's)."""
    version = version or ssg.__version__
    source = source or Source(f"{DISTRIBUTION}=={version}", f"PyPI ({DISTRIBUTION} {version})")
    template = files("ssg.publish").joinpath(TEMPLATE_NAME).read_text(encoding="utf-8")
    for name, value in (
        ("@SSG_VERSION@", version),
        ("@SSG_SOURCE@", source.origin),
        ("@BRANCH@", json.dumps(branch)),  # a JSON string is a YAML one
        ("@FILL_LINE@", str(REQUIREMENT_LINE)),
    ):
        template = template.replace(name, value)
    return template


def render_requirements(source: Source) -> str:
    """The requirements file's text: comments and the one requirement line."""
    line = source.requirement or f"{FILL_IN}: {source.problem}; put a pip requirement here"
    return REQUIREMENTS.format(distribution=DISTRIBUTION, line=line)


def publishing_branch(site: Path, remote: str = "origin") -> str:
    """The branch pushes publish from: the remote's default branch (as the last fetch saw
    it), else the checked-out branch, else `main`."""
    head = git_output(site, "symbolic-ref", "--quiet", "--short", f"refs/remotes/{remote}/HEAD")
    if head and head.startswith(f"{remote}/"):
        return head.removeprefix(f"{remote}/")
    current = git_output(site, "symbolic-ref", "--quiet", "--short", "HEAD")
    return current or "main"


def write_workflow(
    site: Path, *, force: bool = False, branch: str | None = None, source: Source | None = None
) -> Written:
    """Write `.github/workflows/pages.yml` and `.github/ssg-requirements.txt` into `site`
    (folders created as needed). Refuses, before writing anything, when either file exists,
    unless `force`."""
    paths = workflow_files(site)
    if not force:
        existing = [path for path in paths if path.exists()]
        if existing:
            names = ", ".join(str(path) for path in existing)
            verb = "exists" if len(existing) == 1 else "exist"
            raise SsgError(f"{names} already {verb}; not overwriting")
    branch = branch or publishing_branch(site)
    source = source or current_source(ssg.__version__)
    texts = [render_workflow(branch=branch, source=source), render_requirements(source)]
    for path, text in zip(paths, texts, strict=True):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise SsgError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return Written(paths, branch, source)
