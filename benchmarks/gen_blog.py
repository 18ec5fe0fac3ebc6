#!/usr/bin/env python3
"""Generate a deterministic synthetic blog in the layout `ssg` reads.

    python3 benchmarks/gen_blog.py --posts 1000 --out /tmp/blog [--seed 1] [--force]

The result is a site folder:

    ssg.toml                              title, url, timezone
    content/about.md                      a page
    content/images/figN.png, <topic>.png  shared figures and cover images
    content/posts/YYYY-MM-DD-slug.md      most posts
    content/posts/YYYY-MM-DD-slug/        some posts as folders: index.md + a co-located image

Each post reads like a Korean/English tech-blog article: Jekyll-style front matter (layout,
title, date with a UTC offset, tags as a list or a single string, sometimes an `image:`),
~800-1500 words of mixed Korean and English prose, h2/h3 headings, bullet and numbered lists,
a table, inline code, links, bare URLs, one or two images, exactly three fenced code blocks of
10-40 lines in varied languages, and sometimes a `<!--more-->` excerpt marker. No Liquid syntax
(`{{`, `{%`, `{#`) appears anywhere, so the corpus times the generator, not its error paths.

Post i depends only on (seed, i), so the first N posts of a larger corpus are the same files as
a corpus of N posts. The same seed gives a byte-identical tree (with the same Python version).
Only the standard library is used.

The code: this file is the command line and the site layout (`generate`); blog_posts.py writes
the posts and the about page from blog_text.py (sentences), blog_code.py (code blocks) and
blog_images.py (PNG files); blog_topics.py, blog_words.py and blog_code_styles.py hold the data.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from blog_images import FIGURE_COUNT, figure_size, png_bytes
from blog_posts import about_page, make_post
from blog_topics import TOPICS


def generate(out: Path, posts: int, seed: int = 1) -> dict[str, int]:
    """Write the site into `out` (which should not hold a previous `content/`)."""
    content = out / "content"
    post_dir = content / "posts"
    image_dir = content / "images"
    post_dir.mkdir(parents=True, exist_ok=True)
    image_dir.mkdir(parents=True, exist_ok=True)
    (out / "ssg.toml").write_text(
        'title = "Synthetic Dev Notes"\nurl = "https://example.org"\ntimezone = "Asia/Seoul"\n',
        encoding="utf-8",
    )
    (content / "about.md").write_text(about_page(seed), encoding="utf-8")

    stats = {"posts": posts, "folder_posts": 0, "images": 0, "bytes": 0, "words": 0}

    def write(path: Path, data: bytes) -> None:
        path.write_bytes(data)
        stats["bytes"] += len(data)

    for n in range(1, FIGURE_COUNT + 1):
        write(image_dir / f"fig{n}.png", png_bytes(*figure_size(n), variant=n))
    for k, topic in enumerate(TOPICS):
        size = (1200, 630) if k % 2 == 0 else (400, 400)
        write(image_dir / f"{topic.key}.png", png_bytes(*size, variant=100 + k))
    stats["images"] = FIGURE_COUNT + len(TOPICS)

    used: set[str] = set()
    png_cache: dict[tuple[tuple[int, int], int], bytes] = {}
    for i in range(posts):
        post = make_post(seed, i, used)
        path = post_dir / post.path
        path.parent.mkdir(exist_ok=True)
        write(path, post.text.encode("utf-8"))
        stats["words"] += post.words
        if post.colocated:
            name, size, variant = post.colocated
            key = (size, variant)
            if key not in png_cache:
                png_cache[key] = png_bytes(*size, variant=200 + variant)
            write(path.parent / name, png_cache[key])
            stats["folder_posts"] += 1
            stats["images"] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100, help="number of posts (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="site folder to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing content/ folder in --out"
    )
    args = parser.parse_args(argv)
    if args.posts < 0:
        parser.error("--posts must be >= 0")
    if (args.out / "content").exists():
        if not args.force:
            parser.error(f"{args.out / 'content'} exists; pass --force to replace it")
        shutil.rmtree(args.out / "content")
    start = time.perf_counter()
    stats = generate(args.out, args.posts, args.seed)
    print(
        f"wrote {stats['posts']} posts ({stats['folder_posts']} as folders), "
        f"{stats['images']} images, {stats['words'] // max(stats['posts'], 1)} words/post, "
        f"{stats['bytes'] / 1e6:.1f} MB to {args.out} in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
