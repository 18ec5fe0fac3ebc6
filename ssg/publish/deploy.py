"""`ssg deploy`: build for production and commit the site onto a `gh-pages` branch, then push.

The approach is ghp-import's, through git plumbing only, so the user's working tree, index,
stash and current branch are never touched:

    build into a temporary folder -> hash-object every file -> a temporary index -> write-tree
    -> commit-tree on top of the branch -> update-ref (only if the branch is still where it
    was) -> push (no force; a rejected push moves the branch back)

The commit holds exactly the built site (without `.ssg-manifest.json`), `.nojekyll`, and a
`CNAME` from the config's `cname`, or the one the branch had when the config has none.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ssg.build import BuildOptions, BuildResult, build
from ssg.config import CONFIG_NAME, Config, base_url_overrides
from ssg.errors import SsgError, warning
from ssg.project import load_config
from ssg.writer import MANIFEST


@dataclass(frozen=True, slots=True)
class DeployOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    push: bool = True
    message: str | None = None
    base_url: str | None = None  # like `ssg build --base-url`


@dataclass(slots=True)
class DeployResult:
    commit: str  # the new commit on the branch (full hash)
    branch: str
    pushed: bool
    public_url: str | None  # None: not a GitHub remote and no CNAME
    warnings: list[str] = field(default_factory=list)  # lines already said through `out`
    build_summary: str = ""
    remote: str = "origin"


def deploy(
    root: Path,
    options: DeployOptions = DeployOptions(),
    config_file: Path | None = None,
    out: Callable[[str], None] = print,
) -> DeployResult:
    """Build the site at `root` for production and publish it on `options.branch`.

    Progress, build warnings and URL warnings go to `out` as they happen (before pushing);
    every expected failure is an `SsgError`, and leaves refs, index and files as they were.
    """
    root = Path(root).resolve()
    git = Git.find(root)
    branch = options.branch
    git.check_branch(branch)
    remote_urls = git.remote_urls(options.remote, required=options.push)
    dirty = git.has_changes(root)
    if dirty:
        out("building from the working tree, which has uncommitted changes")

    overrides = base_url_overrides(options.base_url) if options.base_url else {}
    config = load_config(root, config_file, overrides)
    configured = cname_domain(config.cname) if config.cname else None
    old = git.commit_of(f"refs/heads/{branch}")
    parent = git.parent_for(branch, options.remote, old)
    kept_cname = git.read_blob(parent, "CNAME") if parent else None

    with tempfile.TemporaryDirectory(prefix="ssg-deploy-") as tmp:
        site = Path(tmp) / "site"
        result = build(config, BuildOptions(drafts=False, future=False, output=site))
        if result.report.errors:
            raise SsgError(*result.report.errors)
        (site / MANIFEST).unlink(missing_ok=True)
        if not any(path.is_file() for path in site.rglob("*")):
            raise SsgError("nothing was built: the site has no posts, pages or static files")
        summary = build_summary(result, config)
        out(summary)

        domain = add_cname(site, configured, kept_cname)
        (site / ".nojekyll").write_bytes(b"")  # GitHub serves the files as they are

        public = public_url(domain, remote_urls)
        where = "CNAME" if domain else f"remote {options.remote}"
        label = "--base-url" if options.base_url else (config_file or Path(CONFIG_NAME)).name
        found = result.report.warnings + [
            warning(label, None, text)
            for text in url_warnings(config, public, where, bool(options.base_url))
        ]
        warnings = [str(diagnostic) for diagnostic in found]
        for line in warnings:
            out(line)
        tree = git.write_tree(site, Path(tmp) / "index")

    message = options.message or default_message(git, dirty)
    new = git.commit_tree(tree, parent, message)
    git.update_ref(branch, new, old)
    pushed = False
    if options.push:
        out(f"pushing {branch} to {options.remote}")
        try:
            git.push(options.remote, branch)
        except SsgError as failed:
            try:
                git.update_ref(branch, old, new)  # as it was: a failure leaves nothing behind
            except SsgError as also:
                raise SsgError(*failed.diagnostics, *also.diagnostics) from None
            raise
        pushed = True
    return DeployResult(new, branch, pushed, public, warnings, summary, options.remote)


def describe(result: DeployResult) -> list[str]:
    """The closing lines `ssg deploy` prints: what was committed and where the site is."""
    short = result.commit[:7]
    if result.pushed:
        lines = [f"deployed {short} to {result.branch} on {result.remote}"]
    else:
        lines = [f"committed {short} to {result.branch} (not pushed)"]
    if result.public_url:
        lines.append(f"the site is at {result.public_url}")
    else:
        lines.append("the public URL is unknown (not a GitHub remote and no `cname` in ssg.toml)")
    return lines


# --- URLs --------------------------------------------------------------------------

_SCP = re.compile(r"^(?:[\w.+-]+@)?github\.com:/?(?P<path>.+)$", re.I)


def github_repo(remote_url: str) -> tuple[str, str] | None:
    """(user, repo) of a GitHub remote URL in any of its forms, else None."""
    url = remote_url.strip()
    scp = _SCP.match(url)
    if scp:
        path = scp["path"]
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh"):
            return None
        if (parts.hostname or "").lower() not in ("github.com", "www.github.com"):
            return None
        path = parts.path
    names = [name for name in path.split("/") if name]
    if len(names) != 2:
        return None
    user, repo = names
    repo = repo.removesuffix(".git")
    return (user, repo) if user and repo else None


def pages_url(remote_url: str) -> str | None:
    """GitHub Pages address of a GitHub remote: a user page or a project page."""
    found = github_repo(remote_url)
    if found is None:
        return None
    user, repo = found
    host = f"{user.lower()}.github.io"
    if repo.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{repo}/"


def public_url(domain: str | None, remote_urls: list[str]) -> str | None:
    """`https://<CNAME>/`, else the Pages address of the first GitHub URL among the remote's."""
    if domain:
        return f"https://{domain}/"
    return next(filter(None, map(pages_url, remote_urls)), None)


def cname_domain(value: str) -> str:
    """The config's `cname` as a bare domain: `blog.example.com` (a URL is accepted too)."""
    domain = value.strip()
    if "://" in domain:
        domain = urlsplit(domain).netloc
    domain = domain.strip("/").lower()
    if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", domain) or "." not in domain:
        raise SsgError(f"`cname` must be a domain like blog.example.com, not {value!r}")
    return domain


def add_cname(site: Path, configured: str | None, kept: bytes | None) -> str | None:
    """Write `CNAME` into the built site: the config's domain, else the site's own CNAME file,
    else the one already on the branch. Returns the domain, if any."""
    cname = site / "CNAME"
    if configured:
        cname.write_text(configured + "\n", encoding="utf-8")
        return configured
    if cname.is_file():
        return _first_line(cname.read_bytes())
    if kept is not None:
        cname.write_bytes(kept)
        return _first_line(kept)
    return None


def _first_line(data: bytes) -> str | None:
    """The domain in an existing CNAME file (GitHub reads its first line)."""
    words = data.decode("utf-8", errors="replace").split()
    try:
        return cname_domain(words[0]) if words else None
    except SsgError:
        return None  # not a domain: kept as it is, but no address to report


def url_warnings(config: Config, public: str | None, where: str, from_flag: bool) -> list[str]:
    """Warnings when the site is built for another address than the one it is published at."""
    if public is None:
        return []
    found = []
    default = next(f.default for f in dataclasses.fields(Config) if f.name == "url")
    if config.url.rstrip("/") == default.rstrip("/") and not from_flag:
        found.append(
            f"no `url` is set, so links and feeds will point to {default}/, but {where} "
            f'publishes to {public}: set url = "{public}" in ssg.toml (or pass --base-url)'
        )
    elif _normal(config.url) != _normal(public):
        found.append(
            f"url is {config.url} but {where} publishes to {public}; "
            f"links and feeds will point to {config.url}"
        )
    expected = urlsplit(public).path or "/"
    if config.base_path != expected:
        found.append(
            f"the site is built for base path {config.base_path} but {where} serves it "
            f"under {expected}: links, styles and images will not load there"
        )
    return found


def _normal(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}/"


# --- messages ----------------------------------------------------------------------


def build_summary(result: BuildResult, config: Config) -> str:
    """`built 31 files (4 posts, 1 page) for https://…/; left out 1 draft`."""
    site = result.site
    files, posts, pages = (
        _count(len(result.outputs), "file"),
        _count(len(site.posts), "post"),
        _count(len(site.pages), "page"),
    )
    text = f"built {files} ({posts}, {pages}) for {config.url}"
    if result.left_out:
        nouns = {"draft": "draft", "future": "future-dated post"}
        parts = [
            _count(count, nouns.get(reason, reason))
            for reason, count in sorted(result.left_out.items())
        ]
        text += "; left out " + ", ".join(parts)
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def default_message(git: Git, dirty: bool) -> str:
    head = git.commit_of("HEAD")
    source = head[:7] if head else "no commit"
    branch = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    time = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    message = f"Deploy {source} ({branch or 'detached HEAD'}) at {time}"
    if dirty:
        message += " from the working tree with uncommitted changes"
    return message


# --- git -----------------------------------------------------------------------------


class Git:
    """The git command line, run in one repository without ever waiting for input."""

    def __init__(self, top: Path):
        self.top = top
        self.env = os.environ | {
            "GIT_TERMINAL_PROMPT": "0",  # no username/password prompt for https remotes
            "GCM_INTERACTIVE": "never",  # nor from Git Credential Manager
            "GIT_OPTIONAL_LOCKS": "0",  # `git status` must not rewrite the index
        }
        self.env.pop("GIT_INDEX_FILE", None)

    @classmethod
    def find(cls, root: Path) -> Git:
        if shutil.which("git") is None:
            raise SsgError("git is not installed (or not on PATH); ssg deploy needs it")
        if not root.is_dir():
            raise SsgError(f"{root} is not a folder")
        probe = cls(root)
        found = probe.run("rev-parse", "--show-toplevel", check=False)
        if found.returncode != 0:
            if "safe.directory" in found.stderr:  # owned by another user: git says what to do
                raise SsgError(f"git cannot use {root}: {_git_message(found)}")
            raise SsgError(
                f"{root} is not in a git repository; run `git init` there and add a "
                "remote (`git remote add origin git@github.com:USER/REPO.git`) first"
            )
        return cls(Path(found.stdout.strip()))

    def run(
        self, *args: str, check: bool = True, input: str | None = None, env: dict | None = None
    ) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.top,
                env=self.env | (env or {}),
                input=input,
                stdin=None if input is not None else subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
            )
        except OSError as exc:
            raise SsgError(f"could not run git: {exc}") from None
        if check and done.returncode != 0:
            raise SsgError(f"git {args[0]} failed: {_git_message(done)}")
        return done

    def check_branch(self, branch: str) -> None:
        if self.run("check-ref-format", f"refs/heads/{branch}", check=False).returncode:
            raise SsgError(f"{branch!r} is not a valid branch name")
        listing = self.run("worktree", "list", "--porcelain", check=False).stdout
        for line in listing.splitlines():
            if line == f"branch refs/heads/{branch}":
                raise SsgError(
                    f"cannot deploy to {branch}: it is checked out in this repository, and "
                    "the deploy branch holds only the built site; choose another --branch "
                    "(the default is gh-pages)"
                )

    def remote_urls(self, remote: str, required: bool) -> list[str]:
        """The remote's URL with `insteadOf` applied, and as written; [] for no such remote."""
        found = self.run("remote", "get-url", remote, check=False)
        if found.returncode == 0:
            written = self.run("config", "--get", f"remote.{remote}.url", check=False)
            return [found.stdout.strip(), written.stdout.strip()]
        if not required:
            return []
        names = self.run("remote", check=False).stdout.split()
        there = (
            "the remotes here are " + ", ".join(names)
            if names
            else "this repository has no remotes: add one with "
            "`git remote add origin git@github.com:USER/REPO.git`"
        )
        raise SsgError(f"no remote named {remote!r}; {there} (or use --no-push)")

    def has_changes(self, root: Path) -> bool:
        try:
            pathspec = root.relative_to(self.top).as_posix() or "."
        except ValueError:
            pathspec = "."
        status = self.run("status", "--porcelain", "--untracked-files=normal", "--", pathspec)
        return bool(status.stdout.strip())

    def commit_of(self, ref: str) -> str | None:
        found = self.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False)
        if found.returncode != 0:
            return None
        return found.stdout.strip() or None

    def parent_for(self, branch: str, remote: str, local: str | None) -> str | None:
        """The local branch, or the remote's copy of it when that is ahead (a fresh clone)."""
        tracking = self.commit_of(f"refs/remotes/{remote}/{branch}")
        if tracking is None or tracking == local:
            return local
        if local is None:
            return tracking
        behind = self.run("merge-base", "--is-ancestor", local, tracking, check=False)
        return tracking if behind.returncode == 0 else local

    def read_blob(self, commit: str, path: str) -> bytes | None:
        if self.run("cat-file", "-e", f"{commit}:{path}", check=False).returncode:
            return None
        done = subprocess.run(
            ["git", "cat-file", "blob", f"{commit}:{path}"],
            cwd=self.top,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        return done.stdout if done.returncode == 0 else None

    def write_tree(self, folder: Path, index: Path) -> str:
        """A tree of every file under `folder`, written with a throwaway index file."""
        paths = sorted(
            path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
        )
        git_dir = self.run("rev-parse", "--absolute-git-dir").stdout.strip()
        hashes: list[str] = []
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            try:
                done = subprocess.run(
                    ["git", f"--git-dir={git_dir}", "hash-object", "-w", "--no-filters", "--"]
                    + chunk,
                    cwd=folder,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    encoding="utf-8",
                    errors="surrogateescape",
                )
            except OSError as exc:
                raise SsgError(f"could not run git: {exc}") from None
            if done.returncode != 0:
                raise SsgError(f"git hash-object failed: {_git_message(done)}")
            hashes.extend(done.stdout.split())
        entries = "".join(
            f"100644 blob {sha}\t{path}\0" for sha, path in zip(hashes, paths, strict=True)
        )
        env = {"GIT_INDEX_FILE": str(index)}
        self.run("update-index", "--add", "-z", "--index-info", input=entries, env=env)
        return self.run("write-tree", env=env).stdout.strip()

    def commit_tree(self, tree: str, parent: str | None, message: str) -> str:
        args = ["commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-"]
        return self.run(*args, input=message + "\n", env=self._identity()).stdout.strip()

    def _identity(self) -> dict:
        """`ssg <ssg@localhost>` for whatever git has no name or email for (this commit only)."""
        env = {}
        for role in ("author", "committer"):
            for part, fallback in (("name", "ssg"), ("email", "ssg@localhost")):
                variable = f"GIT_{role.upper()}_{part.upper()}"
                if os.environ.get(variable) or (part == "email" and os.environ.get("EMAIL")):
                    continue
                keys = (f"{role}.{part}", f"user.{part}")
                if not any(self.run("config", key, check=False).stdout.strip() for key in keys):
                    env[variable] = fallback
        return env

    def update_ref(self, branch: str, new: str | None, old: str | None) -> None:
        """Move `branch` from `old` to `new` (None: absent), failing if it moved meanwhile."""
        ref = f"refs/heads/{branch}"
        if new is None:
            done = self.run("update-ref", "-m", "ssg deploy", "-d", ref, old or "", check=False)
        else:
            done = self.run("update-ref", "-m", "ssg deploy", ref, new, old or "", check=False)
        if done.returncode != 0:
            raise SsgError(
                f"could not move {branch}: it changed while deploying ({_git_message(done)}); "
                "run ssg deploy again"
            )

    def push(self, remote: str, branch: str) -> None:
        env = {}
        if not any(os.environ.get(v) for v in ("GIT_SSH_COMMAND", "GIT_SSH")) and not (
            self.run("config", "core.sshCommand", check=False).stdout.strip()
        ):
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"  # no passphrase or host-key prompt
        ref = f"refs/heads/{branch}"
        done = self.run("push", "--porcelain", remote, f"{ref}:{ref}", check=False, env=env)
        if done.returncode == 0:
            return
        said = done.stdout + done.stderr
        if "\t[rejected]" in done.stdout:  # `--porcelain`: a non-fast-forward, untranslated
            raise SsgError(
                f"the push to {remote} was rejected: {remote}'s {branch} has commits that are "
                f"not here (someone else deployed, or a deploy from another clone). Fetch it: "
                f"`git fetch {remote} {branch}:{branch}` (or `+{branch}:{branch}` to drop local "
                f"deploys that were never pushed), then deploy again. Your local {branch} "
                "was reset to what it was before this deploy."
            )
        hint = ""
        if re.search(
            r"terminal prompts disabled|Authentication failed|Permission denied|"
            r"could not read (Username|Password)|Host key verification failed",
            said,
        ):
            hint = (
                " (ssg never asks for a password: set up an SSH key or a credential helper "
                "so that `git push` works without asking)"
            )
        raise SsgError(
            f"pushing {branch} to {remote} failed; the local {branch} was reset to what it "
            f"was before this deploy. git says: {_git_message(done)}{hint}"
        )


def _git_message(done: subprocess.CompletedProcess) -> str:
    """What git said about a failure, without its `hint:` lines."""
    lines = [
        line.strip()
        for line in (done.stderr or "").splitlines()
        if line.strip() and not line.startswith("hint:")
    ]
    if not lines:
        lines = [line.strip() for line in (done.stdout or "").splitlines() if line.startswith("!")]
    return " / ".join(lines) or f"exit status {done.returncode}"
