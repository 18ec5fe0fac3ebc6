"""`ssg deploy` against a local bare repository as the remote: what lands on the branch, what
is left alone (working tree, index, stash, HEAD), and every expected failure as a message."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
from pathlib import Path

import pytest

from ssg.build import BuildOptions, build
from ssg.errors import SsgError
from ssg.project import load_config
from ssg.publish.deploy import DeployOptions, deploy, describe
from ssg.writer import MANIFEST

from conftest import write_site

SITE = {
    "ssg.toml": 'title = "Deploy test"\nurl = "https://me.github.io/blog/"\n',
    "content/posts/2024-01-02-first.md": "---\ntitle: First\ntags: [a]\n---\nHello.\n",
    "content/posts/2024-02-03-second.md": "---\ntitle: Second\n---\nWorld.\n",
    "content/posts/2024-03-04-secret.md": "---\ntitle: Secret\ndraft: true\n---\nDraft.\n",
    "content/about.md": "---\ntitle: About\n---\nMe.\n",
    ".gitignore": "/site/\n",
}


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch, tmp_path):
    """No user or system git config (signing, hooks, default branch) reaches the tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in list(os.environ):
        if name.startswith("GIT_") and name not in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("EMAIL", raising=False)


def git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


def init_repo(path: Path, identity: bool = True) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    if identity:
        git(path, "config", "user.name", "Tester")
        git(path, "config", "user.email", "tester@example.com")
    return path


GITHUB = "git@github.com:me/blog.git"


@pytest.fixture
def repos(tmp_path):
    """(site repository with one commit, bare remote). `origin` is written as a GitHub URL
    that git rewrites to the local bare repository (`insteadOf`): no network."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    site = write_site(init_repo(tmp_path / "blog"), SITE)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "posts")
    git(site, "remote", "add", "origin", GITHUB)
    git(site, "config", f"url.{remote}.insteadOf", GITHUB)
    return site, remote


def files_on(repo: Path, ref: str) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", "-z", ref).split("\0")) - {""}


def production_files(site: Path, tmp_path: Path) -> set[str]:
    out = tmp_path / "expected"
    result = build(load_config(site), BuildOptions(output=out, use_cache=False))
    assert result.ok
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}


def test_deploy_twice_publishes_exactly_the_production_site(repos, tmp_path):
    site, remote = repos
    said: list[str] = []
    first = deploy(site, DeployOptions(), out=said.append)
    second = deploy(site, DeployOptions(), out=said.append)

    expected = production_files(site, tmp_path)
    assert "index.html" in expected and "about/index.html" in expected
    assert files_on(remote, "gh-pages") == expected | {".nojekyll"}
    assert not any("secret" in name for name in files_on(remote, "gh-pages"))
    assert git(remote, "cat-file", "-s", "gh-pages:.nojekyll").strip() == "0"
    assert first.pushed and second.pushed and second.commit != first.commit
    assert git(remote, "rev-parse", "gh-pages").strip() == second.commit
    assert git(remote, "rev-parse", "gh-pages^").strip() == first.commit
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"
    head = git(site, "rev-parse", "--short", "HEAD").strip()
    message = git(remote, "log", "-1", "--format=%s", "gh-pages").strip()
    assert message.startswith(f"Deploy {head} (main) at 20") and "uncommitted" not in message
    assert git(remote, "log", "-1", "--format=%an <%ae>", "gh-pages").strip() == (
        "Tester <tester@example.com>"
    )
    assert second.public_url == "https://me.github.io/blog/" and second.warnings == []
    assert "left out 1 draft" in second.build_summary
    assert describe(second)[-1] == "the site is at https://me.github.io/blog/"
    assert not (site / "site").exists()  # built elsewhere: the user's output folder is untouched


def snapshot(repo: Path) -> dict:
    files = {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in repo.rglob("*")
        if p.is_file() and p.relative_to(repo).parts[0] not in (".git", ".ssg-cache")
    }
    return {
        "files": files,
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "staged": git(repo, "diff", "--cached"),
        "unstaged": git(repo, "diff"),
        "stash": git(repo, "stash", "list", "--format=%H %s"),
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "symbolic-ref", "HEAD"),
        "refs": [line for line in git(repo, "for-each-ref").splitlines() if "gh-pages" not in line],
    }


def test_uncommitted_work_is_left_exactly_as_it_was(repos):
    site, remote = repos
    posts = site / "content/posts"
    (posts / "stashed.md").write_text("---\ntitle: Stashed\n---\nx\n")
    git(site, "add", "-A")
    git(site, "stash", "-q")
    (posts / "2024-01-02-first.md").write_text("---\ntitle: First, edited\n---\nNew words.\n")
    (posts / "2024-05-06-staged.md").write_text("---\ntitle: Staged post\n---\nStaged.\n")
    git(site, "add", "content/posts/2024-05-06-staged.md")
    (posts / "2024-06-07-untracked.md").write_text("---\ntitle: Untracked post\n---\nNew.\n")
    before = snapshot(site)
    assert before["stash"] and before["staged"] and before["unstaged"]
    index = (site / ".git/index").read_bytes()

    said: list[str] = []
    result = deploy(site, DeployOptions(), out=said.append)

    assert (site / ".git/index").read_bytes() == index  # not even refreshed
    assert snapshot(site) == before
    assert said[0] == "building from the working tree, which has uncommitted changes"
    message = git(remote, "log", "-1", "--format=%s", "gh-pages").strip()
    assert message.endswith(" from the working tree with uncommitted changes")
    published = files_on(remote, "gh-pages")
    assert {"2024/05/06/staged/index.html", "2024/06/07/untracked/index.html"} <= published
    page = git(remote, "show", "gh-pages:2024/01/02/first/index.html")
    assert "New words." in page  # the working tree's bytes, not HEAD's
    assert not any("stashed" in name for name in published)
    assert result.pushed


def test_clean_tree_says_nothing_about_changes(repos):
    site, _ = repos
    said: list[str] = []
    deploy(site, DeployOptions(push=False), out=said.append)
    assert not any("uncommitted" in line for line in said)


def test_cname_from_config(repos):
    site, remote = repos
    (site / "ssg.toml").write_text(
        'url = "https://blog.example.com/"\ncname = "blog.example.com"\n'
    )
    result = deploy(site, DeployOptions(), out=lambda line: None)
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.com\n"
    assert result.public_url == "https://blog.example.com/"
    assert result.warnings == []


def test_existing_cname_is_kept_when_config_has_none(repos):
    site, remote = repos
    (site / "ssg.toml").write_text('url = "https://old.example.org/"\ncname = "old.example.org"\n')
    deploy(site, DeployOptions(), out=lambda line: None)
    (site / "ssg.toml").write_text('url = "https://old.example.org/"\n')
    result = deploy(site, DeployOptions(), out=lambda line: None)
    assert git(remote, "show", "gh-pages:CNAME") == "old.example.org\n"
    assert result.public_url == "https://old.example.org/"
    assert "CNAME" in files_on(remote, "gh-pages~1")


def test_no_cname_without_config_or_earlier_one(repos):
    site, remote = repos
    deploy(site, DeployOptions(), out=lambda line: None)
    assert "CNAME" not in files_on(remote, "gh-pages")


def test_no_push_commits_locally_only(repos):
    site, remote = repos
    result = deploy(site, DeployOptions(push=False, message="by hand"), out=lambda line: None)
    assert not result.pushed
    assert git(remote, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""
    assert git(site, "rev-parse", "gh-pages").strip() == result.commit
    assert git(site, "log", "-1", "--format=%B", "gh-pages").strip() == "by hand"
    assert describe(result)[0].startswith("committed ") and "(not pushed)" in describe(result)[0]


def test_branch_and_remote_are_configurable(repos, tmp_path):
    site, _ = repos
    other = tmp_path / "other.git"
    git(tmp_path, "init", "-q", "--bare", str(other))
    git(site, "remote", "add", "pages", str(other))
    result = deploy(site, DeployOptions(remote="pages", branch="site"), out=lambda line: None)
    assert git(other, "rev-parse", "site").strip() == result.commit
    assert ".nojekyll" in files_on(other, "site")


def test_missing_identity_uses_ssg_for_that_commit_only(tmp_path):
    site = write_site(init_repo(tmp_path / "blog", identity=False), SITE)
    result = deploy(site, DeployOptions(push=False), out=lambda line: None)
    assert git(site, "log", "-1", "--format=%an <%ae>|%cn <%ce>", result.commit).strip() == (
        "ssg <ssg@localhost>|ssg <ssg@localhost>"
    )
    assert git(site, "config", "user.name", check=False) == ""
    message = git(site, "log", "-1", "--format=%s", "gh-pages")
    assert message.startswith("Deploy no commit (main) at ")  # a repository with no commit yet


def test_base_url_option_builds_for_that_address(repos):
    site, remote = repos
    options = DeployOptions(base_url="https://me.github.io/other/", force=True)
    result = deploy(site, options, out=lambda line: None)
    page = git(remote, "show", "gh-pages:index.html")
    assert 'href="/other/' in page and 'href="/blog/' not in page
    assert any(
        "--base-url: warning: url is https://me.github.io/other/" in w for w in result.warnings
    )


# --- failures ----------------------------------------------------------------------


def test_not_a_git_repository(tmp_path):
    site = write_site(tmp_path / "plain", SITE)
    with pytest.raises(SsgError, match="is not in a git repository; run `git init`"):
        deploy(site, DeployOptions(), out=lambda line: None)


def test_git_missing(repos, monkeypatch, tmp_path):
    site, _ = repos
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(SsgError, match="git is not installed"):
        deploy(site, DeployOptions(), out=lambda line: None)


def test_no_such_remote_names_the_remotes_there(repos):
    site, _ = repos
    with pytest.raises(SsgError) as caught:
        deploy(site, DeployOptions(remote="upstream"), out=lambda line: None)
    assert "no remote named 'upstream'; the remotes here are origin" in str(caught.value)
    assert git(site, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_build_error_is_reported_and_nothing_committed(repos):
    site, _ = repos
    (site / "content/posts/2024-02-03-second.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    with pytest.raises(SsgError) as caught:
        deploy(site, DeployOptions(), out=lambda line: None)
    assert "content/posts/2024-02-03-second.md:2" in str(caught.value)
    assert git(site, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_deploying_to_the_checked_out_branch_is_refused(repos):
    site, _ = repos
    with pytest.raises(SsgError, match="cannot deploy to main: it is checked out"):
        deploy(site, DeployOptions(branch="main", push=False), out=lambda line: None)


@pytest.mark.parametrize(
    "branch, says",
    [
        ("HEAD", "'HEAD' cannot be the deploy branch: git reads it as the checked-out commit"),
        ("@", "'@' cannot be the deploy branch"),
        ("-x", "'-x' is not a valid branch name (`git check-ref-format --branch` refuses it)"),
        ("@{-1}", "'@{-1}' is not a valid branch name"),
        ("a..b", "'a..b' is not a valid branch name"),
        ("pages.lock", "'pages.lock' is not a valid branch name"),
        ("has space", "'has space' is not a valid branch name"),
        ("", "'' is not a valid branch name"),
    ],
)
def test_branch_names_git_refuses_are_refused_before_building(repos, monkeypatch, branch, says):
    site, remote = repos
    git(site, "checkout", "-q", "-b", "other")  # so that `@{-1}` names a branch (main)
    git(site, "checkout", "-q", "main")
    before = snapshot(site)

    def no_build(*args, **kwargs):
        raise AssertionError("built before the branch name was checked")

    monkeypatch.setattr("ssg.publish.deploy.build", no_build)
    with pytest.raises(SsgError) as caught:
        deploy(site, DeployOptions(branch=branch), out=lambda line: None)
    message = str(caught.value)
    assert says in message and "\n" not in message
    assert snapshot(site) == before
    assert "gh-pages" not in git(site, "for-each-ref")
    assert git(remote, "for-each-ref") == ""  # nothing pushed


def test_rejected_push_explains_and_leaves_the_branch_as_it_was(repos, tmp_path):
    site, remote = repos
    deploy(site, DeployOptions(), out=lambda line: None)
    before = git(site, "rev-parse", "gh-pages").strip()
    other = tmp_path / "other-clone"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(remote), str(other))
    git(other, "config", "user.name", "Someone")
    git(other, "config", "user.email", "someone@example.com")
    (other / "extra.html").write_text("theirs")
    git(other, "add", "extra.html")
    git(other, "commit", "-q", "-m", "their deploy")
    git(other, "push", "-q", "origin", "gh-pages")

    with pytest.raises(SsgError) as caught:
        deploy(site, DeployOptions(), out=lambda line: None)
    message = str(caught.value)
    assert "the push to origin was rejected" in message
    assert "`git fetch origin gh-pages:gh-pages`" in message and "reset" in message
    assert git(site, "rev-parse", "gh-pages").strip() == before

    git(site, "fetch", "-q", "origin", "gh-pages:gh-pages")  # the advice works
    result = deploy(site, DeployOptions(), out=lambda line: None)
    assert git(remote, "rev-parse", "gh-pages^").strip() == git(other, "rev-parse", "HEAD").strip()
    assert result.pushed


def test_other_push_failure_passes_git_message_on(repos, tmp_path):
    site, _ = repos
    git(site, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    with pytest.raises(SsgError) as caught:
        deploy(site, DeployOptions(), out=lambda line: None)
    message = str(caught.value)
    assert "pushing gh-pages to origin failed" in message and "gone.git" in message
    assert git(site, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_deploy_starts_from_the_remote_branch_in_a_fresh_clone(repos, tmp_path):
    site, remote = repos
    first = deploy(site, DeployOptions(), out=lambda line: None)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(remote), str(clone))
    git(clone, "config", "user.name", "Tester")
    git(clone, "config", "user.email", "tester@example.com")
    git(clone, "fetch", "-q", "origin", "gh-pages")
    result = deploy(clone, DeployOptions(), out=lambda line: None)
    assert git(remote, "rev-parse", "gh-pages^").strip() == first.commit
    assert result.pushed


# --- addresses ---------------------------------------------------------------------


def test_a_site_that_would_not_work_at_the_pages_address_is_not_pushed(repos):
    site, remote = repos
    (site / "ssg.toml").write_text('url = "https://me.github.io/"\n')
    refs = (git(site, "for-each-ref"), git(remote, "for-each-ref"))
    with pytest.raises(SsgError) as refused:
        deploy(site, DeployOptions(), out=lambda line: None)
    said = [str(d) for d in refused.value.diagnostics]
    assert any("url is https://me.github.io/ but remote origin publishes to" in s for s in said)
    assert any("serves it under /blog/" in line for line in said)
    assert 'set url = "https://me.github.io/blog/" in ssg.toml' in said[-1]
    assert "`--force` pushes it anyway" in said[-1]
    assert (git(site, "for-each-ref"), git(remote, "for-each-ref")) == refs  # nothing changed


def test_url_mismatch_with_force_is_warned_before_pushing(repos):
    site, _ = repos
    (site / "ssg.toml").write_text('url = "https://me.github.io/"\n')
    said: list[str] = []
    result = deploy(site, DeployOptions(force=True), out=said.append)
    pushing = said.index("pushing gh-pages to origin")
    warned = [i for i, line in enumerate(said) if "warning: url is https://me.github.io/" in line]
    assert warned and warned[0] < pushing
    assert any("serves it under /blog/" in line for line in said[:pushing])
    assert len(result.warnings) == 2


def test_unknown_host_deploys_without_a_public_url(repos, tmp_path):
    site, remote = repos
    git(site, "remote", "set-url", "origin", str(remote))
    result = deploy(site, DeployOptions(), out=lambda line: None)
    assert result.public_url is None  # a local path is no GitHub remote
    assert "unknown" in describe(result)[-1]


class _AskForPassword(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_authentication_failure_passes_git_message_on_without_asking(repos):
    site, _ = repos
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AskForPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/me/blog.git"
    git(site, "remote", "set-url", "--push", "origin", url)
    failures: list[BaseException] = []

    def run():
        try:
            deploy(site, DeployOptions(), out=lambda line: None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failures.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    server.shutdown()
    server.server_close()
    assert not worker.is_alive(), "deploy is waiting for a password"
    message = str(failures[0])
    assert isinstance(failures[0], SsgError)
    assert "pushing gh-pages to origin failed" in message
    assert "terminal prompts disabled" in message and "never asks for a password" in message
    assert git(site, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_cname_must_be_a_domain(repos):
    site, _ = repos
    (site / "ssg.toml").write_text('cname = "my blog"\n')
    with pytest.raises(SsgError, match="`cname` must be a domain like blog.example.com"):
        deploy(site, DeployOptions(), out=lambda line: None)
    assert git(site, "rev-parse", "--verify", "-q", "gh-pages", check=False) == ""


def test_cname_given_as_url_is_written_as_domain(repos):
    site, remote = repos
    (site / "ssg.toml").write_text(
        'url = "https://Blog.Example.com/"\ncname = "https://Blog.Example.com/"\n'
    )
    deploy(site, DeployOptions(), out=lambda line: None)
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.com\n"
