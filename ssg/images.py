"""Local images: find the file a post refers to and read its pixel size.

imagesize reads only the file header, so probing is cheap.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import imagesize


@dataclass(frozen=True, slots=True)
class LocalRef:
    """Where a relative or site-absolute reference in a post points."""

    file: Path | None  # the file in the site's content or static folders, None if missing
    url: str | None  # site path (`/images/x.png`) or None to keep the reference relative


def is_external(src: str) -> bool:
    parts = urlsplit(src)
    return bool(parts.scheme or parts.netloc) or src.startswith(("#", "data:", "mailto:"))


def resolve(
    src: str,
    *,
    post_dir: Path,
    bundle_dir: Path | None,
    content_dir: Path,
    static_dirs: tuple[Path, ...],
) -> LocalRef:
    """Resolve `src` written in a post whose source lives in `post_dir`.

    `/images/x.png` is looked up in `content/`, then in the site's and theme's `static/`;
    `x.png` is looked up beside the post (a bundle's assets are copied beside its page, so
    the reference stays relative), else resolved against the post's folder in `content/`.
    """
    path = unquote(urlsplit(src).path)
    if path.startswith("/"):
        rel = posixpath.normpath(path).lstrip("/")  # `/../x.png` stays inside the site
        for root in (content_dir, *static_dirs):
            candidate = root / rel
            if candidate.is_file():
                return LocalRef(candidate, path)
        return LocalRef(None, path)
    candidate = (post_dir / path).resolve()
    if bundle_dir is not None and _inside(candidate, bundle_dir):
        return LocalRef(candidate if candidate.is_file() else None, None)
    content = _real(content_dir)
    if _inside(candidate, content) and candidate.is_file():
        return LocalRef(candidate, "/" + candidate.relative_to(content).as_posix())
    return LocalRef(None, None)


@lru_cache(maxsize=64)
def _real(folder: Path) -> Path:
    return folder.resolve()


def _inside(path: Path, folder: Path) -> bool:
    folder = _real(folder)
    return path == folder or folder in path.parents


@lru_cache(maxsize=4096)
def _size(path: str, mtime_ns: int, length: int) -> tuple[int, int] | None:
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        return None
    if width <= 0 or height <= 0:
        return None
    return int(width), int(height)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels, or None for a format without a readable size."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _size(str(path), stat.st_mtime_ns, stat.st_size)
