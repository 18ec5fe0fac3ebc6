"""`ssg init --github-actions`: a GitHub Actions workflow that builds the site and publishes it
to GitHub Pages, plus the one-line requirements file that pins the ssg it installs."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import ssg
from ssg.errors import SsgError

WORKFLOW_PATH = Path(".github/workflows/pages.yml")
REQUIREMENTS_PATH = Path(".github/ssg-requirements.txt")
TEMPLATE_NAME = "github-pages.yml"
PLACEHOLDER = "@SSG_VERSION@"
DISTRIBUTION = "ssg-blog"

REQUIREMENTS = """\
# The ssg that .github/workflows/pages.yml installs: one pip requirement line. Change it to
# upgrade, or to install from git, e.g. ssg-blog @ git+https://github.com/OWNER/REPO.git@main
{distribution}=={version}
"""


def workflow_files(site: Path) -> list[Path]:
    """The files `write_workflow` writes into `site`: the workflow, then its requirements."""
    return [site / WORKFLOW_PATH, site / REQUIREMENTS_PATH]


def render_workflow(version: str | None = None) -> str:
    """The workflow's YAML text, naming `version` (default: this ssg's version)."""
    template = files("ssg.publish").joinpath(TEMPLATE_NAME).read_text(encoding="utf-8")
    return template.replace(PLACEHOLDER, version or ssg.__version__)


def render_requirements(version: str | None = None) -> str:
    """The requirements file's text: comments and one line `ssg-blog==<version>`."""
    return REQUIREMENTS.format(distribution=DISTRIBUTION, version=version or ssg.__version__)


def write_workflow(site: Path, *, force: bool = False) -> list[Path]:
    """Write `.github/workflows/pages.yml` and `.github/ssg-requirements.txt` into `site`
    (folders created as needed) and return their paths. Refuses, before writing anything, when
    either file exists, unless `force`."""
    paths = workflow_files(site)
    if not force:
        existing = [path for path in paths if path.exists()]
        if existing:
            names = ", ".join(str(path) for path in existing)
            verb = "exists" if len(existing) == 1 else "exist"
            raise SsgError(f"{names} already {verb}; not overwriting")
    texts = [render_workflow(), render_requirements()]
    for path, text in zip(paths, texts, strict=True):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise SsgError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return paths
