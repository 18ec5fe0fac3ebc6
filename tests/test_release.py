"""The project's own release workflow: a version tag builds, tests and publishes the wheel
with PyPI trusted publishing (no stored token)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from test_workflow import actionlint

import ssg

RELEASE = Path(__file__).parent.parent / ".github/workflows/release.yml"


def load() -> dict:
    doc = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True)  # YAML 1.1 reads `on` as true
    return doc


def test_a_version_tag_and_nothing_else_releases():
    doc = load()
    assert doc["on"] == {"push": {"tags": ["v*"]}}
    assert doc["permissions"] == {"contents": "read"}


def test_publishing_is_trusted_and_only_after_the_wheel_was_tried():
    jobs = load()["jobs"]
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    (step,) = [s for s in publish["steps"] if "pypi-publish" in s.get("uses", "")]
    assert "with" not in step  # no password, no token: PyPI trusts this workflow
    runs = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "python -m build" in runs
    assert "pip install dist/*.whl" in runs and "ssg build --strict" in runs


def test_the_tag_check_reads_the_packages_version():
    runs = "\n".join(s.get("run", "") for s in load()["jobs"]["build"]["steps"])
    (script,) = re.findall(r"python -c '(.+?)'", runs)
    assert "ssg/__init__.py" in script and '"v$version" != "$GITHUB_REF_NAME"' in runs
    text = (Path(ssg.__file__).parent / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r"__version__ = \"(.+?)\"", text).group(1) == ssg.__version__


def test_actionlint_passes_the_release_workflow():
    assert actionlint(RELEASE) == []
