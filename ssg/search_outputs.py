"""Plan the site search: the `/search/` page and the index files under `/search/`.

The index is made from the records that conversion left in each page (`ssg.search`), for
the published posts and pages (never drafts or future posts, whatever the build shows).
Merging them is skipped when no searchable page changed: the last index's file digests are
kept in the cache (`search.json`), so a no-change build plans the same files unread.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ssg import urls
from ssg.page import Page
from ssg.plan import Planner
from ssg.search.index import FORMAT, SearchDoc, index_files
from ssg.search.words import RULES

STATE = "search.json"


def searchable(page: Page) -> bool:
    return (
        page.url != "/404.html"
        and page.extra.get("search") is not False
        and "redirect_to" not in page.extra
        and bool(page.search_part)
    )


def plan_search(planner: Planner, published: list[Page], cache_dir: Path | None) -> None:
    """Add the search page and the index files to `planner`'s outputs."""
    site, config = planner.site, planner.config
    planner.add(
        "/search/",
        "search page",
        ",".join(p.summary_digest or p.digest for p in site.posts),
        "search.html",
        kind="search",
        posts=site.posts,
        page={"title": "Search", "url": "/search/", "kind": "list"},
    )
    kept = {id(page) for page in published}
    pages = [p for p in (*site.posts, *site.pages) if id(p) in kept and searchable(p)]
    key = _digest(FORMAT, json.dumps(RULES), config.base_path, *(_identity(p) for p in pages))
    state_path = cache_dir / STATE if cache_dir is not None else None
    known = _load(state_path, key)
    made: dict[str, str] = {}

    def files() -> dict[str, str]:
        if not made:
            made.update(index_files([_doc(p, config.base_path) for p in pages]))
        return made

    digests = known if known is not None else {n: _digest(t) for n, t in files().items()}
    for name, digest in sorted(digests.items()):
        planner.add(
            "/search/" + name,
            "search index",
            digest,
            make=lambda name=name: files()[name],
        )
    if known is None and state_path is not None:
        _save(state_path, key, digests)


def _identity(page: Page) -> str:
    """What a page gives the index: its record (in its digest), URL, title, date, tags."""
    return f"{page.digest}|{page.url}|{page.title}|{page.date}|{page.tags}"


def _doc(page: Page, base_path: str) -> SearchDoc:
    date = page.date.date().isoformat() if page.date else ""
    href = urls.href(base_path, page.url)
    return SearchDoc(href, page.title, date, page.tags, page.search_record)


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]


def _load(path: Path | None, key: str) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(state, dict) or state.get("key") != key:
        return None
    files = state.get("files")
    if not isinstance(files, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def _save(path: Path, key: str, digests: dict[str, str]) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"key": key, "files": digests}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only or full disk: the next build merges the index again
        tmp.unlink(missing_ok=True)
