"""The convert stage: every source document parsed and converted into a `Page`, taken from the
cache when its key matches, otherwise converted (in a process pool when there is enough work).

A document's key covers what its conversion reads: its bytes, the ssg version, the settings
that Markdown and URLs depend on, and the static folders (`conversion_fingerprint`). The
files it read (images, includes) are its cache entry's dependencies, checked by their size
and mtime. A document whose Liquid ran may also have read any setting (`site.*`), the data
files and the post URLs: its entry keeps their `site_fingerprint`, and a change to them
converts it again, while a title change leaves every document without Liquid alone.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

from ssg.budget import OverBudget, within
from ssg.cache import BuildCache, files_fingerprint
from ssg.code_version import code_version
from ssg.config import Config
from ssg.errors import SsgError, warning
from ssg.frontmatter import parse_document
from ssg.liquid import needs_liquid
from ssg.page import cache_key, convert
from ssg.sources import SourceFile

# Settings that converting a document never reads but through Liquid: the site's name and
# what the theme, the feeds and the listings show
NOT_READ_BY_CONVERSION = (
    *("title", "description", "url", "language", "params", "liquid_site", "posts_per_page"),
    *("theme", "code_style_light", "code_style_dark", "feed_size", "feed_path", "tag_feeds"),
    *("related_posts", "date_format", "twitter", "cname", "output_dir", "rss_feed"),
    *("json_feed", "home_layout", "share_links", "comments", "analytics", "author_profile"),
    *("seo", "warnings", "warn_unknown_layouts", "config_file"),
)


class ConvertContext(NamedTuple):
    """What converting any document may read besides the config and its own files."""

    statics: tuple  # the static folders images are looked up in
    links: dict  # `{% post_url %}` names -> URLs (Jekyll sites)
    site_fp: str  # `site_fingerprint`: kept by the entries of documents whose Liquid ran


PARALLEL_THRESHOLD = 24  # below this many pages to convert, a process pool costs more than it saves

_worker_state: dict = {}
PROCESSING = "while processing "  # the note an unexpected exception gets, then the file


def _init_worker(config, context, cache) -> None:
    _worker_state.update(config=config, context=context, cache=cache)


def _process_in_worker(item):
    source, key = item
    state = _worker_state
    return process(source, key, state["config"], state["context"], state["cache"])


def process(source: SourceFile, key: str, config: Config, context, cache: BuildCache):
    """parse + convert one source, the unit of caching: (page, problems, cache entry).
    `context` is a `ConvertContext`. A source that takes longer than
    `config.convert_timeout` is left out with a warning (and not cached: the next build
    tries again). An unexpected exception (a bug) is noted with the file it met, for the
    CLI's one-line message."""
    statics, links, site_fp = context
    try:
        with within(config.convert_timeout):
            doc, problems = parse_document(source, config.tz)
            if doc is None:
                return None, problems, None
            page, found, files = convert(doc, config, statics, key, links)
    except OverBudget:
        return None, [_over_budget(source, config.convert_timeout)], None
    except SsgError:
        raise
    except Exception as exc:
        exc.add_note(f"{PROCESSING}{source.rel}")
        raise
    problems = problems + found
    missing = any("not found" in p.message for p in problems)  # it may appear: convert again
    liquid = needs_liquid(doc.body)  # as `convert` decides to run it
    known = {str(source.path): source.sha256[:32]}  # its bytes: hashed by discovery already
    site = site_fp if liquid else ""
    page, entry = cache.put(key, page, problems, files, not missing, site, known)
    return page, problems, entry


def _over_budget(source: SourceFile, seconds: float):
    return warning(
        source.rel,
        None,
        f"converting took longer than {seconds:g} s and was stopped; the file is left out "
        "of the site (`convert_timeout` in ssg.toml sets the limit)",
    )


def conversion_fingerprint(config: Config, statics) -> str:
    """What every document's conversion reads besides its own bytes and files."""
    return "|".join(
        [
            code_version(),
            config.fingerprint(leave_out=NOT_READ_BY_CONVERSION),
            ",".join(  # relative to the site: a moved site keeps its cache
                str(d.relative_to(config.root)) if d.is_relative_to(config.root) else str(d)
                for d in statics
            ),
        ]
    )


def site_fingerprint(config: Config, links: dict) -> str:
    """What a document's Liquid may read besides files: every setting, the data files and
    the post URLs of `{% post_url %}`."""
    data = files_fingerprint(config.root / config.data_dir)
    return "|".join([config.fingerprint(), data, repr(sorted(links.items()))])


def load_pages(sources, config, context, fingerprint, cache, report, jobs, progress):
    """Every document as a `Page`: from the cache when its key matches, else converted."""
    results: dict[int, tuple] = {}
    entries = {}
    todo = []
    keys = [cache_key(source.sha256, fingerprint) for source in sources]
    for index, (source, key) in enumerate(zip(sources, keys, strict=True)):
        hit = cache.get(key, context.site_fp)
        if hit is not None:
            results[index] = hit
            entries[key] = cache.entries[key]
        else:
            todo.append((index, source, key))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    report_progress = progress or (lambda stage, done, total: None)

    def collect(done, index, key, value) -> None:
        page, problems, entry = value
        results[index] = (page, problems)
        if entry is not None:
            entries[key] = entry
        report_progress("converting", done, len(todo))

    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # only when there is work for it

        start = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(
            workers,
            mp_context=start,
            initializer=_init_worker,
            initargs=(config, context, cache),
        ) as pool:
            chunk = max(1, min(8, len(todo) // (workers * 16)))  # small: no long tail
            items = [(source, key) for _, source, key in todo]
            values = pool.map(_process_in_worker, items, chunksize=chunk)
            for done, ((index, _, key), value) in enumerate(zip(todo, values, strict=True), 1):
                collect(done, index, key, value)
    else:
        for done, (index, source, key) in enumerate(todo, 1):
            collect(done, index, key, process(source, key, config, context, cache))
    files = {str(s.path): (s.size, s.mtime_ns, s.sha256) for s in sources}
    if todo or len(entries) != len(cache.entries) or cache.refreshed or files != cache.files:
        cache.commit(files, entries)  # something changed (if only an mtime): save the index
    pages = []
    for index in range(len(sources)):
        page, problems = results[index]
        report.extend(problems)
        if page is not None:
            pages.append(page)
    return pages, len(todo)
