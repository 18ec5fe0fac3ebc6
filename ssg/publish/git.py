"""Git plumbing for `ssg deploy`: the `Git` class, the git command line run in one repository.

Nothing waits for input (no password, passphrase or host-key prompt). A tree is written from a
folder through a throwaway index, so the repository's own index and working tree are left
alone, and `update_ref` moves a branch only if it is still at the commit it was at. Failures
are `SsgError`s that pass on what git said, without its `hint:` lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from ssg.errors import SsgError


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
        """Refuse a name git would not take for a branch, before anything is built."""
        if branch in ("HEAD", "@"):  # refs/heads/HEAD would be taken for the current commit
            raise SsgError(
                f"{branch!r} cannot be the deploy branch: git reads it as the checked-out "
                "commit; choose another --branch (the default is gh-pages)"
            )
        # `--branch` refuses what `git branch` refuses (`-x`, `HEAD`) and expands `@{-1}`
        said = self.run("check-ref-format", "--branch", branch, check=False)
        full = self.run("check-ref-format", f"refs/heads/{branch}", check=False)
        if said.returncode or said.stdout.strip() != branch or full.returncode:
            raise SsgError(
                f"{branch!r} is not a valid branch name (`git check-ref-format --branch` "
                "refuses it); choose another --branch (the default is gh-pages)"
            )
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
