"""`ssg check` over a built folder: walk its files, parse every page (in worker processes when
there are many), then check the pages, stylesheets, feeds and sitemaps.

`check_site` is what `ssg check` calls; the parsing is `ssg.check.scan`, the resolving of URLs
`ssg.check.links`, the feeds and sitemaps `ssg.check.feeds`, and what it returns
`ssg.check.problems`.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from ssg.check.feeds import FeedChecker
from ssg.check.links import LinkResolver
from ssg.check.problems import CheckStats, Problem, problem_order
from ssg.check.scan import Page, css_urls, read_page
from ssg.writer import load_sources

_HTML = (".html", ".htm")
PARALLEL_PAGES = 400  # below this many pages, worker processes cost more than they save


def check_site(
    folder: Path,
    *,
    base_path: str = "/",
    site_url: str | None = None,
    sources: dict[str, str] | None = None,
) -> tuple[list[Problem], CheckStats]:
    """Every problem in the built site in `folder`, sorted by page, then target."""
    sources = load_sources(folder) if sources is None else sources
    links = LinkResolver(_written_files(folder), base_path, site_url, sources)
    pages = _read_pages(folder, sorted(r for r in links.files if r.endswith(_HTML)))
    links.ids = {rel: page.ids for rel, page in pages.items()}
    for rel, page in pages.items():
        links.check_page(rel, page)
    xml = FeedChecker(links)
    feeds = 0
    for rel in sorted(links.files):
        if rel.endswith(".css"):
            base = links.served(rel)
            for url in css_urls((folder / rel).read_text(encoding="utf-8", errors="replace")):
                links.check_url(rel, base, url)
        elif rel.endswith(".xml"):
            feeds += xml.check_xml(rel, (folder / rel).read_bytes())
        elif rel.endswith(".json"):
            feeds += xml.check_json(rel, (folder / rel).read_bytes())
    stats = CheckStats(
        pages=len(pages),
        feeds=feeds,
        urls=len(links.checked),
        external={url: tuple(sorted(on)) for url, on in sorted(links.external.items())},
    )
    return sorted(links.problems, key=problem_order), stats


def _read_pages(folder: Path, rels: list[str]) -> dict[str, Page]:
    """Parse every page; in forked worker processes when there are many (parsing is most of
    the time: 2.7 s for the 1,300 pages of the 1,000-post benchmark blog on one core)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_PAGES or workers < 2 or sys.platform != "linux":
        return {rel: read_page(folder, rel) for rel in rels}
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pages = pool.map(partial(read_page, folder), rels, chunksize=32)
        return dict(zip(rels, pages, strict=True))


def _written_files(folder: Path) -> set[str]:
    files = set()
    for dirpath, _, names in os.walk(folder):
        rel = Path(dirpath).relative_to(folder).as_posix()
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in names)
    return files
