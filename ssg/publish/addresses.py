"""Where a deployed site is served: the GitHub Pages URL of a remote, or the CNAME domain.

Also writes `CNAME` into the built site, and warns when the site was built for another address
(`url`, base path) than the one it will be published at.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

from ssg.config import Config
from ssg.errors import SsgError

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
