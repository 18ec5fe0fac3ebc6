"""The first hour of a new user, walked end to end with the built wheel installed into a
fresh virtual environment: init, new post, build, check, the Pages workflow in a repository
whose branch is `master`, and a deploy to a local bare remote. Every step exits 0 and says
what to do next."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent


def new_venv(folder: Path) -> Path:
    """A venv without pip whose dependencies come from the test environment (no network);
    its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin/python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


@pytest.fixture(scope="module")
def fresh_ssg(tmp_path_factory) -> Path:
    """`bin/ssg` of a new venv holding only the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("install")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(work), str(ROOT)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("ssg_blog-*.whl")
    python = new_venv(work / "venv")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return python.parent / "ssg"


def test_the_first_hour(fresh_ssg, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SSG_"))},
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "New User",
        "GIT_AUTHOR_EMAIL": "new@example.org",
        "GIT_COMMITTER_NAME": "New User",
        "GIT_COMMITTER_EMAIL": "new@example.org",
        "NO_COLOR": "1",
    }

    def step(*argv: str, cwd: Path) -> str:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
        return done.stdout + done.stderr

    ssg = str(fresh_ssg)
    said = step(ssg, "--version", cwd=tmp_path)
    assert said.startswith("ssg ")
    said = step(
        ssg, "init", "blog", "--title", "First Notes", "--author", "New User",
        "--url", "https://newuser.github.io/blog/", "--language", "en", cwd=tmp_path,
    )  # fmt: skip
    assert "created a new blog" in said and "next: cd " in said
    blog = tmp_path / "blog"
    said = step(ssg, "new", "post", "My first real post", cwd=blog / "content")
    assert "created " in said and "my-first-real-post.md" in said
    said = step(ssg, "build", "--strict", cwd=blog)
    assert "built " in said and "0 errors, 0 warnings" in said
    assert "First Notes" in (blog / "site/index.html").read_text(encoding="utf-8")
    said = step(ssg, "check", cwd=blog)
    assert ": 0 problems" in said

    step("git", "init", "-q", "-b", "master", cwd=blog)
    step("git", "add", ".", cwd=blog)
    step("git", "commit", "-qm", "My blog", cwd=blog)
    said = step(ssg, "init", "--github-actions", cwd=blog)
    assert "publishes every push to master" in said
    assert "Settings → Pages → Source: GitHub Actions" in said
    # a wheel on this disk is nowhere CI could install it from: it names the line to fill in
    assert "fill in line 3 of .github/ssg-requirements.txt" in said
    workflow = yaml.safe_load((blog / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["master"]

    remote = tmp_path / "remote.git"
    step("git", "init", "-q", "--bare", str(remote), cwd=tmp_path)
    step("git", "remote", "add", "origin", str(remote), cwd=blog)
    said = step(ssg, "deploy", "--no-push", cwd=blog)
    assert "gh-pages" in said
    files = step("git", "ls-tree", "-r", "--name-only", "gh-pages", cwd=blog).split()
    assert "index.html" in files and ".nojekyll" in files


def test_the_workflow_installs_its_pinned_ssg_and_builds(tmp_path):
    """The generated workflow's install and build steps, run as the runner would: pip
    installs the pinned git commit of ssg, whose `ssg build` builds with the base URL."""
    from test_workflow import load_workflow, run_step

    from ssg.publish.install_source import source_from
    from ssg.publish.workflow import write_workflow
    from ssg.scaffold import SiteAnswers, init_site

    clone = tmp_path / "ssg-clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    commit = subprocess.run(
        ["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    url = "file://localhost" + clone.as_posix()  # pip 23's parser wants a host in git URLs
    pinned = source_from({"url": url, "vcs_info": {"vcs": "git", "commit_id": commit}}, "x")
    blog = tmp_path / "blog"
    init_site(blog, SiteAnswers(title="CI"))
    write_workflow(blog, branch="main", source=pinned)
    build = load_workflow(blog)["jobs"]["build"]
    python = new_venv(tmp_path / "runner")
    env = {
        **os.environ,
        "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        "PIP_NO_DEPS": "1",  # the dependencies are there already: no network
        "PIP_NO_BUILD_ISOLATION": "0",  # (pip reads 0 as "no isolation")
        "PIP_NO_INDEX": "1",
    }
    install = run_step(build, "pip install").replace(
        "python -m pip", f"{sys.executable} -m pip --python {python}"
    )
    done = subprocess.run(install, shell=True, cwd=blog, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    command = run_step(build, "ssg build").replace(
        "${{ steps.pages.outputs.base_url }}", "https://me.github.io/notes"
    )
    done = subprocess.run(command, shell=True, cwd=blog, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = (blog / "site/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://me.github.io/notes/">' in html
    assert (python.parent / "ssg").is_file()  # the runner's own ssg did it
