#!/usr/bin/env python3
"""ssg's own search on the search relevance set, in a real browser.

    python benchmarks/search_ssg.py [--ssg "python -m ssg"] [--fixture DIR] [--failures]
    python benchmarks/search_ssg.py --fixture BLOG --probe "docker,서울,redis"

Copies the fixture blog tests/sites/search/ to a temporary folder, builds it with
`<--ssg> build -q` (the index is part of the build), serves it on 127.0.0.1 and, in headless
Chromium, runs every query of tests/search_queries.toml through the theme's own search code
(`window.ssgSearch.query`, the function behind the search box), mapping result URLs to post
slugs. Prints recall@5, precision@5 and top-1 per kind and overall (search_relevance.py),
the index size on disk, the bytes and requests of the first query (manifest, term chunks,
the shown results' documents and search.js itself) and the median time of one query.
`--probe` prints, for each of its queries in a browser with nothing cached, the bytes a
first query downloads and those of the next query of the list after it (any blog, e.g.
the 1,000-post synthetic one: the relevance figures then mean nothing).
Standard library and Playwright only.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from search_pagefind import CHROMIUM, FLAGS, REPO, run, serve, slug_of  # noqa: E402
from search_relevance import load_queries, print_report, score  # noqa: E402

# rules turned off (index and query side alike: the query rules come from the manifest)
_NO_ENDINGS = "words.ENDINGS = (); words.RULES['endings'] = []"
_NO_PARTS = "words.MAX_PARTS = 0"
_NO_STEMS = "words.stem = lambda w: w"
VARIANTS = {
    "full": "",
    "no-endings": f"from ssg.search import words\n{_NO_ENDINGS}",
    "no-parts": f"from ssg.search import words\n{_NO_PARTS}",
    "words-only": f"from ssg.search import words\n{_NO_ENDINGS}; {_NO_PARTS}; {_NO_STEMS}",
    # most prefixes split (as the heavy ones of a big blog are): what splitting costs
    "split": "from ssg.search import index\nindex.SPLIT_BYTES = 60",
}
QUERY_JS = """async (q) => {
  const t0 = performance.now();
  const index = document.getElementById('site-search-input').dataset.searchIndex;
  const urls = await window.ssgSearch.query(index, q);
  return {urls, ms: performance.now() - t0};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ssg", default=f"{sys.executable} -m ssg")
    parser.add_argument("--fixture", type=Path, default=REPO / "tests" / "sites" / "search")
    parser.add_argument("--queries", type=Path, default=REPO / "tests" / "search_queries.toml")
    parser.add_argument("--failures", action="store_true", help="list the queries it misses")
    parser.add_argument(
        "--variant",
        choices=sorted(VARIANTS),
        default="full",
        help="build the index with some of its rules turned off, to see what each is worth",
    )
    parser.add_argument("--show", default="", help="print the top 5 of the queries of this kind")
    parser.add_argument("--probe", default="", help="comma-separated queries: bytes of each")
    args = parser.parse_args()
    queries = load_queries(args.queries)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        blog = Path(tmp) / "blog"
        shutil.copytree(args.fixture, blog, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
        if args.variant == "full":
            run([*shlex.split(args.ssg), "build", "-q"], blog, "ssg build")
        else:  # the same build, in a Python whose word rules are patched first
            code = VARIANTS[args.variant] + "\nfrom ssg.cli import main\nmain(['build', '-q'])"
            run([sys.executable, "-c", code], blog, "ssg build")
        site = blog / "site"
        index = site / "search"
        files = list(index.rglob("*.json"))
        size = sum(p.stat().st_size for p in files)
        results, times, requests = {}, [], []
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "/", wait_until="load")
                context.on("requestfinished", lambda request: requests.append(request))
                first_requests = None
                for query in queries:
                    out = page.evaluate(QUERY_JS, query.q)
                    results[query.q] = [slug_of(url) for url in out["urls"]]
                    if first_requests is None:
                        first_requests = list(requests)
                    else:
                        times.append(out["ms"])
                first = sum(r.sizes()["responseBodySize"] for r in first_requests)
                script = (site / "js" / "search.js").stat().st_size
                if args.probe:
                    probe(browser, base, args.probe.split(","), script)
            finally:
                browser.close()
    report = score(queries, results)
    print_report("ssg", report)
    if args.failures:
        for query in queries:
            got = results[query.q][:5]
            if query.kind == "hidden" and got or set(query.expect) - set(got):
                print(
                    f"  miss {query.kind:12} {query.q!r}: expected {list(query.expect)}, got {got}"
                )
    for query in queries:
        if query.kind == args.show:
            print(f"  {query.q!r}: expect {list(query.expect)} got {results[query.q][:5]}")
    print(f"index on disk: {size:,} bytes in {len(files)} files")
    print(
        f"first query: {first + script:,} bytes in {len(first_requests) + 1} requests "
        f"(search.js {script:,} included)"
    )
    print(f"median query: {statistics.median(times):.2f} ms over {len(times)} queries")


def probe(browser, base: str, queries: list[str], script: int) -> None:
    """Each query's first-query bytes (search.js included) and the next one's after it."""
    print(f"{'query':14} {'first query':>22} {'then':14} {'second query':>22}")
    for n, query in enumerate(queries):
        then = queries[(n + 1) % len(queries)]
        context = browser.new_context()  # nothing cached
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        done: list = []
        context.on("requestfinished", lambda request, done=done: done.append(request))
        figures = []
        for q, extra in ((query, script), (then, 0)):  # (search.js came with the page)
            done.clear()
            page.evaluate(QUERY_JS, q)
            size = sum(r.sizes()["responseBodySize"] for r in done)
            figures.append(f"{size + extra:,} B in {len(done)}")
        print(f"{query:14} {figures[0]:>22} {then:14} {figures[1]:>22}")
        context.close()


if __name__ == "__main__":
    main()
