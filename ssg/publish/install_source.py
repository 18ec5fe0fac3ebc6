"""Where the running ssg was installed from, as the pip line a CI machine can install it with.

pip records how it installed a distribution (PEP 610's `direct_url.json`): nothing for an
index (PyPI), `vcs_info` for a git URL, `archive_info` for a wheel or sdist URL, `dir_info`
for a local folder (a clone, often editable). `requirement()` turns that into one line:
`ssg-blog==1.2.0`, `ssg-blog @ git+https://github.com/o/r.git@<commit>`, or, where no
machine but this one could install it (a local folder without a remote, a local wheel),
no line and the reason, so the workflow can say which line to fill in.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["DISTRIBUTION", "Source", "current_source", "git_output", "source_from"]

DISTRIBUTION = "ssg-blog"


@dataclass(frozen=True)
class Source:
    """`requirement` is the pip line (None: none that CI could use); `origin` says in words
    where it points; `problem` says why there is no line, or what the line leaves out."""

    requirement: str | None
    origin: str
    problem: str | None = None


def current_source(version: str) -> Source:
    """How the installed ssg (`version`) can be installed again elsewhere."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return source_from(None, version, Path(__file__).resolve().parents[2])
    try:
        direct = json.loads(text) if text else None
    except ValueError:
        direct = None
    return source_from(direct, version)


def source_from(direct: dict | None, version: str, folder: Path | None = None) -> Source:
    """The `Source` for a PEP 610 record (None: installed from an index), or for an
    uninstalled source `folder`."""
    if direct is None and folder is None:
        return Source(f"{DISTRIBUTION}=={version}", f"PyPI ({DISTRIBUTION} {version})")
    direct = direct or {"url": folder.as_uri(), "dir_info": {}}
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id") or vcs.get("requested_revision") or ""
        pin = f"@{commit}" if commit else ""
        return Source(f"{DISTRIBUTION} @ git+{url}{pin}", f"git {url} at {commit[:12]}")
    if "archive_info" in direct and urlsplit(url).scheme in ("http", "https"):
        return Source(f"{DISTRIBUTION} @ {url}", url)
    if urlsplit(url).scheme == "file":
        where = Path(unquote(urlsplit(url).path))
        return _from_clone(where) if where.is_dir() else _local(where)
    return _local(Path(url))


def _local(where: Path) -> Source:
    return Source(
        None,
        f"the local file {where}",
        f"ssg was installed from {where}, which only this machine has",
    )


def _from_clone(folder: Path) -> Source:
    remote = git_output(folder, "remote", "get-url", "origin") or _first_remote(folder)
    commit = git_output(folder, "rev-parse", "HEAD")
    if not remote or not commit:
        return Source(
            None,
            f"the local folder {folder}",
            f"ssg was installed from the folder {folder}, which has no git remote to "
            "install it from",
        )
    url = _https(remote)
    if urlsplit(url).scheme not in ("http", "https"):
        return Source(
            None,
            f"the local folder {folder}",
            f"ssg was installed from the folder {folder}, whose remote {remote} CI cannot reach",
        )
    dirty = bool(git_output(folder, "status", "--porcelain", "--untracked-files=no"))
    problem = f"{folder} has uncommitted changes, which CI will not have" if dirty else None
    return Source(f"{DISTRIBUTION} @ git+{url}@{commit}", f"git {url} at {commit[:12]}", problem)


def _first_remote(folder: Path) -> str | None:
    names = (git_output(folder, "remote") or "").split()
    return git_output(folder, "remote", "get-url", names[0]) if names else None


def _https(remote: str) -> str:
    """`git@github.com:o/r.git` -> `https://github.com/o/r.git` (CI has no SSH key)."""
    if "://" not in remote and ":" in remote and "@" in remote.split(":", 1)[0]:
        host, path = remote.split(":", 1)
        return f"https://{host.split('@', 1)[1]}/{path}"
    if remote.startswith("ssh://git@"):
        return "https://" + remote.removeprefix("ssh://git@")
    return remote


def git_output(folder: Path, *args: str) -> str | None:
    """What `git -C folder ARGS` prints, stripped; None when git fails or is missing."""
    if not folder.is_dir():
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
