"""The wheel carries the default theme and the example blog, so an installed `ssg` (not
editable) builds a site in any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("ssg_blog-*.whl")
    return path


def test_wheel_contains_theme_and_example(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "ssg/build.py",
        "ssg/themes/default/templates/base.html",
        "ssg/themes/default/static/css/style.css",
        "ssg/example/ssg.toml",
        "ssg/example/content/about.md",
        "ssg/publish/github-pages.yml",
        "ssg/serve/livereload.js",
    ):
        assert required in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "ssg = ssg.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_unpacked_wheel_builds_a_site_elsewhere(wheel, tmp_path):
    packages = tmp_path / "packages"
    zipfile.ZipFile(wheel).extractall(packages)
    site = tmp_path / "elsewhere"
    env = {**os.environ, "PYTHONPATH": str(packages)}
    init = subprocess.run(
        [sys.executable, "-m", "ssg", "init", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert init.returncode == 0, init.stderr
    done = subprocess.run(
        [sys.executable, "-m", "ssg", "build"], capture_output=True, text=True, env=env, cwd=site
    )
    assert done.returncode == 0, done.stderr
    assert (site / "site/index.html").is_file()
    assert (site / "site/css/style.css").is_file()
