"""What a request path names in the built folder that `ssg serve` serves, and as what type.

URL rules follow GitHub Pages: `/a/b/` serves `a/b/index.html`, `/a/b` redirects to `/a/b/`
when `a/b` is a folder, `/about` also tries `about.html`. With a base path (`/repo/`), `/`
redirects to it and every other path outside it names nothing. A path that is malformed,
tries to leave the folder (`..`, encoded separators, backslashes, NUL bytes, symlinks
pointing outside) or names no file names nothing: the server answers it with a 404.

No HTTP here (that is `http`): `resolve` only looks at the folder, and returns what to send.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_to_bytes

# Our own table, so the answer never depends on the machine's /etc/mime.types.
# Feeds are `application/xml` like every other .xml: browsers show it as a document
# instead of offering a download, and feed readers sniff the content anyway.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".xsl": "application/xml",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
}
UNKNOWN_TYPE = "application/octet-stream"

# Characters that may stay as they are in a path segment (RFC 3986 sub-delims, ":", "@").
_PATH_SAFE = "/!$&'()*+,;=:@"
_FORBIDDEN_IN_NAME = ("/", "\\", "\0")


def content_type(name: str) -> str:
    """The Content-Type header for a file name (by its extension, case-insensitive)."""
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), UNKNOWN_TYPE)


def normalize_base_path(base_path: str) -> str:
    """`repo`, `/repo` and `/repo/` all become `/repo/`; empty means `/`; `%XX` is decoded."""
    names = [unquote(n) for n in base_path.split("/") if n]
    return "/" + "".join(n + "/" for n in names)


def quote_path(path: str) -> str:
    """A decoded URL path as it goes in a URL or a `Location` header (`%XX` where needed)."""
    return quote(path, safe=_PATH_SAFE)


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a request path leads: a file to send, a redirect, or neither (a 404)."""

    file: str | None = None  # the file's real path, inside the folder
    redirect: str | None = None  # the decoded path to redirect to
    permanent: bool = False  # a folder without its slash (301), not the base path (302)


def resolve(root: str, target: str, base_path: str) -> Resolved:
    """What the request path `target` (no query) names in the folder `root` (a real path),
    served under `base_path` (as `normalize_base_path` makes it)."""
    names, trailing_slash = _split(target)
    base = base_path.strip("/").split("/") if base_path != "/" else []
    if names is None or names[: len(base)] != base:
        if target == "/":  # only reachable with a base path
            return Resolved(redirect=base_path)
        return Resolved()
    wanted = os.path.join(root, *names[len(base) :])
    path = _inside(root, wanted)
    if path is not None and os.path.isdir(path):
        if not trailing_slash:
            return Resolved(redirect="/".join(["", *names, ""]), permanent=True)
        path = _inside(root, os.path.join(path, "index.html"))
    elif path is None or trailing_slash or not os.path.isfile(path):
        # like GitHub Pages, /about is also about.html
        bare = not trailing_slash and len(names) > len(base)
        path = _inside(root, wanted + ".html") if bare else None
    if path is None or not os.path.isfile(path):
        return Resolved()
    return Resolved(file=path)


def error_page(root: str) -> str | None:
    """The site's own `404.html` in the folder `root` (a real path), if it has one."""
    page = _inside(root, os.path.join(root, "404.html"))
    return page if page and os.path.isfile(page) else None


def _split(target: str) -> tuple[list[str] | None, bool]:
    """The decoded names in a request path and whether it ends with a slash.

    None when the path is not one a browser would send for a file: not starting with `/`
    (absolute-form `http://…`, `*`), empty segments (`//etc`), `.`/`..` (encoded or not),
    encoded separators, backslashes, NUL bytes, or bytes that are not UTF-8. `+` stays a `+`.
    """
    if not target.startswith("/"):
        return None, False
    segments = target[1:].split("/")
    trailing_slash = segments[-1] == ""
    if trailing_slash:
        segments.pop()
    names = []
    for segment in segments:
        # http.server decodes the request line as Latin-1: back to bytes, then UTF-8
        try:
            name = unquote_to_bytes(segment.encode("latin-1")).decode("utf-8")
        except UnicodeError:
            return None, False
        if name in ("", ".", "..") or any(c in name for c in _FORBIDDEN_IN_NAME):
            return None, False
        names.append(name)
    return names, trailing_slash


def _inside(root: str, path: str) -> str | None:
    """`path` with every symlink resolved, or None if that leaves the `root` folder."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return real
    return None
