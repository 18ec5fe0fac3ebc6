#!/usr/bin/env python3
"""Save-to-updated-page time of `ssg serve` in a real browser.

    python benchmarks/livereload.py [--posts 1000] [--corpus DIR] [--edits 10]

Makes a blog (with `gen_blog.py`, or a copy of `--corpus DIR`) in a temporary folder, with a
copy of the default theme inside it (so its stylesheet can be edited), starts
`python -m ssg serve --port 0` there, and opens a post in headless Chromium (Debian's, driven
by Playwright; never a downloaded browser). Then, `--edits` times each:

- post edit: append a paragraph with a unique marker to the post's Markdown file and time
  until the page's text contains it (the page reloads itself: live reload);
- CSS edit: append `:root { --probe: "marker" }` to the theme's stylesheet and time until
  `getComputedStyle` sees it; also reports whether the page reloaded (it should not).

Prints min/median/max milliseconds for each. Needs `pip install playwright` and Chromium.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
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


def make_blog(args, folder: Path) -> Path:
    blog = folder / "blog"
    if args.corpus:
        shutil.copytree(args.corpus, blog, ignore=shutil.ignore_patterns("site", ".ssg-cache"))
    else:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "gen_blog.py"),
                "--posts",
                str(args.posts),
                "--out",
                str(blog),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    shutil.copytree(REPO / "themes" / "default", blog / "themes" / "default", dirs_exist_ok=True)
    return blog


def start_server(blog: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ssg", "serve", "--port", "0"],
        cwd=blog,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            sys.exit("ssg serve exited before serving")
        if line.startswith("serving "):
            return process, line.split()[1]
    sys.exit("ssg serve did not start within 10 minutes")


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: min {min(values):.0f} ms, median {statistics.median(values):.0f} ms, "
        f"max {max(values):.0f} ms ({len(values)} edits)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, help="copy this ssg site instead of generating one")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--settle", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ssg-livereload-") as tmp:
        blog = make_blog(args, Path(tmp))
        post = sorted((blog / "content" / "posts").glob("*.md"))[-1]
        css = blog / "themes" / "default" / "static" / "css" / "style.css"
        original_post, original_css = post.read_bytes(), css.read_bytes()
        started = time.perf_counter()
        process, url = start_server(blog)
        print(f"ssg serve ready in {time.perf_counter() - started:.1f} s at {url}")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
                page = browser.new_page()
                page.goto(url)
                page.click("a.u-url >> nth=0")  # the newest post
                page.wait_for_load_state()
                page_path = page.url
                time.sleep(1)
                post_times, css_times, reloads = [], [], 0
                for n in range(args.edits):
                    marker = f"LIVE-{n}-{time.time_ns()}"
                    before = time.perf_counter()
                    with open(post, "a", encoding="utf-8") as handle:
                        handle.write(f"\n\n{marker}\n")
                    page.wait_for_function(
                        f"document.body && document.body.innerText.includes('{marker}')",
                        polling=10,
                        timeout=30_000,
                    )
                    post_times.append((time.perf_counter() - before) * 1000)
                    time.sleep(args.settle)
                assert page.url == page_path
                for n in range(args.edits):
                    marker = f"css-{n}-{time.time_ns()}"
                    page.evaluate("window.__probeToken = 1")
                    before = time.perf_counter()
                    with open(css, "a", encoding="utf-8") as handle:
                        handle.write(f'\n:root {{ --probe: "{marker}"; }}\n')
                    page.wait_for_function(
                        "getComputedStyle(document.documentElement).getPropertyValue('--probe')"
                        f".includes('{marker}')",
                        polling=10,
                        timeout=30_000,
                    )
                    css_times.append((time.perf_counter() - before) * 1000)
                    reloads += page.evaluate("window.__probeToken === undefined")
                    time.sleep(args.settle)
                browser.close()
        finally:
            post.write_bytes(original_post)
            css.write_bytes(original_css)
            process.terminate()
            process.wait(10)
    print(summary("post edit", post_times) + ", each a full reload")
    print(summary("css edit ", css_times) + f", {args.edits - reloads} of {args.edits} in place")
    print(f"reproduce: {' '.join([sys.executable, *sys.argv])}")


if __name__ == "__main__":
    main()
