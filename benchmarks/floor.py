#!/usr/bin/env python3
"""The floor: what any Python generator must do for a blog, and nothing else.

    python benchmarks/floor.py SITE [--jobs 2]

For every Markdown file under SITE/content/posts: read it, parse its YAML front matter,
render the body with markdown-it-py (CommonMark + tables) with every fenced block
highlighted by Pygments, put it in a trivial Jinja2 page and write it to SITE/floor-out/.
No taxonomies, feeds, caches, images or checks. Time it beside `ssg build` on the same
site (see README.md): ssg's CPU-seconds over the floor's say what ssg's own work costs.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

PAGE = jinja2.Template(
    "<!doctype html><html><head><title>{{ title }}</title></head>"
    "<body><article>{{ body }}</article></body></html>"
)
FORMATTER = HtmlFormatter(nowrap=True)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def code(text: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return f'<pre class="highlight"><code>{highlight(text, lexer, FORMATTER)}</code></pre>'


MD = MarkdownIt("commonmark", {"html": True, "highlight": code}).enable("table")


def one(job: tuple[str, str]) -> None:
    source, target = job
    text = Path(source).read_text(encoding="utf-8")
    meta, body = {}, text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        meta = yaml.load(head, Loader=LOADER) or {}
    html = PAGE.render(title=str(meta.get("title", "")), body=MD.render(body))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    Path(target).write_text(html, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    posts = args.site / "content" / "posts"
    out = args.site / "floor-out"
    jobs = [
        (str(path), str(out / path.relative_to(posts).with_suffix("") / "index.html"))
        for path in sorted(posts.rglob("*.md"))
    ]
    with ProcessPoolExecutor(args.jobs) as pool:
        list(pool.map(one, jobs, chunksize=16))
    print(f"{len(jobs)} posts")


if __name__ == "__main__":
    main()
