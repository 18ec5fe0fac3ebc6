#!/usr/bin/env python3
"""Pagefind as it is, on the search relevance set, in a real browser.

    python benchmarks/search_pagefind.py [--pagefind "python -m pagefind"] [--ssg "python -m ssg"]
        [--root-selector "article.h-entry"] [--pagefind-arg ARG ...] [--failures] [--keep]

Pagefind: `pip install 'pagefind[bin]'` puts the indexer binary into the environment, run as
`python -m pagefind` (the default command: the Python running this script). Any other build
of it works, e.g. `--pagefind "npx pagefind"` or `--pagefind /path/to/pagefind`.

Steps:
1. copy the fixture blog tests/sites/search/ to a temporary folder and build it with
   `<--ssg> build -q` (default: this Python's `-m ssg`);
2. run `<--pagefind> --site site --root-selector "article.h-entry"` there. Without a
   `data-pagefind-body` element Pagefind indexes every page's `<body>`, header, footer and
   all; ssg's post pages wrap the post in `<article class="post h-entry">` (its title in the
   `<h1>`, date, tags, then the text in `.e-content`), and only post pages have that element,
   so Pagefind indexes the posts alone, with their titles (weighted as headings) and tags, and
   skips list, tag and archive pages. `--root-selector ""` indexes whole pages instead;
   `--pagefind-arg` passes more options (e.g. `--pagefind-arg=--force-language=en`);
3. serve the site on 127.0.0.1 (a free port, stdlib http.server in a thread) and open its
   home page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright);
4. for each query in tests/search_queries.toml run, in the page,
   `const r = await pf.search(q)` with `pf = await import('/pagefind/pagefind.js')` and load
   the data of the first five results; result URLs are mapped back to post slugs (the last
   path segment);
5. print recall@5, precision@5 and top-1 accuracy per kind and overall (see
   search_relevance.py), the index size on disk (all of site/pagefind/, and without the UI
   bundles that a `pf.search` never loads), the bytes and requests the first query fetched
   (response bodies, from Playwright's request sizes, pagefind.js and the WebAssembly included)
   and the median time of one search with its five results' data.

Exits 1 if a build fails. Standard library and Playwright only.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from search_relevance import load_queries, print_report, score

HERE = Path(__file__).parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = "install it with `pip install 'pagefind[bin]'` (then `python -m pagefind`)"
# the files of site/pagefind/ that only Pagefind's ready-made UIs load
UI_FILES = ("-ui.", "-highlight.", "-component-")

SEARCH_JS = """async (q) => {
  window.pf ??= await import('/pagefind/pagefind.js');
  const start = performance.now();
  const r = await window.pf.search(q);
  const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  return {ms: performance.now() - start, urls: data.map((d) => d.url)};
}"""


def run(command: list[str], cwd: Path, what: str) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit(f"{what}: {command[0]} not found" + (f"; {INSTALL}" if what == "pagefind" else ""))
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        hint = f" ({INSTALL})" if what == "pagefind" else ""
        sys.exit(f"{what} failed with exit status {done.returncode}: {shlex.join(command)}{hint}")
    return done.stdout + done.stderr


def build(args, folder: Path) -> Path:
    blog = folder / "blog"
    shutil.copytree(args.fixture, blog, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    run([*shlex.split(args.ssg), "build", "-q"], blog, "ssg build")
    command = [*shlex.split(args.pagefind), "--site", "site"]
    if args.root_selector:
        command += ["--root-selector", args.root_selector]
    log = run(command + args.pagefind_arg, blog, "pagefind")
    if args.verbose:
        print(log)
    return blog / "site"


def index_sizes(bundle: Path) -> tuple[int, int]:
    """Bytes of every file in the Pagefind bundle, and of those a search can load."""
    files = [p for p in bundle.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    search = sum(p.stat().st_size for p in files if not any(u in p.name for u in UI_FILES))
    return total, search


@contextmanager
def serve(folder: Path):
    """Serve `folder` on a free port of 127.0.0.1; always shut down."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def slug_of(url: str) -> str:
    """The post slug of a result URL: its last path segment (ssg's default permalink
    /:year/:month/:day/:slug/ ends with it)."""
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s and s != "index.html"]
    return segments[-1] if segments else "/"


def search_all(site: Path, queries) -> tuple[dict[str, list[str]], dict]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[str]] = {}
    times: list[float] = []
    requests = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "/", wait_until="load")
            # the context sees requests of the page and of its workers
            context.on("requestfinished", lambda request: requests.append(request))
            first = True
            for query in queries:
                out = page.evaluate(SEARCH_JS, query.q)
                results[query.q] = [slug_of(url) for url in out["urls"]]
                if first:
                    first_requests = list(requests)
                    first = False
                else:
                    times.append(out["ms"])
            first_bytes = sum(r.sizes()["responseBodySize"] for r in first_requests)
            all_bytes = sum(r.sizes()["responseBodySize"] for r in requests)
        finally:
            browser.close()
    stats = {
        "first_bytes": first_bytes,
        "first_requests": len(first_requests),
        "all_bytes": all_bytes,
        "median_ms": statistics.median(times) if times else None,
    }
    return results, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here_python = shlex.quote(sys.executable)
    parser.add_argument(
        "--pagefind",
        default=f"{here_python} -m pagefind",
        help=f"Pagefind command (default: this Python's -m pagefind; {INSTALL})",
    )
    parser.add_argument(
        "--ssg", default=f"{here_python} -m ssg", help="ssg command (default: %(default)s)"
    )
    parser.add_argument("--fixture", type=Path, default=REPO / "tests" / "sites" / "search")
    parser.add_argument("--queries", type=Path, default=REPO / "tests" / "search_queries.toml")
    parser.add_argument(
        "--root-selector",
        default="article.h-entry",
        help='Pagefind --root-selector (default: %(default)s; "" for whole pages)',
    )
    parser.add_argument(
        "--pagefind-arg", action="append", default=[], help="one more Pagefind option"
    )
    parser.add_argument("--failures", action="store_true", help="list the queries it misses")
    parser.add_argument("--verbose", action="store_true", help="print Pagefind's log")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    queries = load_queries(args.queries)
    folder = Path(tempfile.mkdtemp(prefix="search-pagefind-"))
    try:
        started = time.monotonic()
        site = build(args, folder)
        indexed = time.monotonic() - started
        total, searchable = index_sizes(site / "pagefind")
        version = run([*shlex.split(args.pagefind), "--version"], folder, "pagefind").strip()
        results, stats = search_all(site, queries)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    name = f"{version} (root selector {args.root_selector or 'none'}"
    name += "".join(f", {a}" for a in args.pagefind_arg) + ")"
    print_report(name, score(queries, results), failures=args.failures)
    print(f"  build + index: {indexed:.1f} s")
    print(f"  index on disk: {total:,} bytes ({searchable:,} without the UI bundles)")
    print(
        f"  first query fetched {stats['first_bytes']:,} bytes in {stats['first_requests']}"
        f" requests; all {len(queries)} queries {stats['all_bytes']:,} bytes"
    )
    if stats["median_ms"] is not None:
        print(f"  median search + 5 results' data after the first: {stats['median_ms']:.1f} ms")


if __name__ == "__main__":
    main()
