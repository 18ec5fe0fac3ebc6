#!/usr/bin/env python3
"""How faithfully ssg builds a Jekyll site's posts, measured against Jekyll itself.

    python benchmarks/jekyll_fidelity.py SITE [SITE ...] [--worst 5]

For each Jekyll site folder (`_config.yml`, `_posts/`): builds its posts with Jekyll (a
stripped config: no theme, no plugins, `safe: true`, and minimal layouts that print only the
post body and its URL) and with ssg (`ssg build` in a copy), then compares every post Jekyll
built: its URL, the visible text of its body (similarity 0..1), its code blocks, headings
(text and id) and images. Prints, per site, the share of posts at >= 0.98 similarity, of
identical code blocks and of identical URLs, and lists the worst posts. Needs `jekyll` on PATH
(Debian: apt-get install jekyll) and beautifulsoup4.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).parent.parent
MARK = "ssg-fidelity"
LAYOUT = f'<div id="{MARK}" data-url="{{{{ page.url }}}}">{{{{ content }}}}</div>\n'


def copy_site(site: Path, source: Path) -> None:
    """A copy of the site; a folder of posts without `_config.yml` gets an empty one."""
    shutil.copytree(site, source, ignore=shutil.ignore_patterns("_site", ".jekyll-cache"))
    if not (source / "_config.yml").exists():
        (source / "_config.yml").write_text("title: Fidelity\n")


def jekyll_build(site: Path, work: Path) -> Path:
    source = work / "jekyll"
    copy_site(site, source)
    config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")) or {}
    for key in ("theme", "remote_theme", "plugins", "gems", "whitelist", "jekyll-archives"):
        config.pop(key, None)
    if isinstance(config.get("kramdown"), dict):  # engines that need gems we do not have
        for key in ("math_engine", "syntax_highlighter_opts"):
            config["kramdown"].pop(key, None)
    config["safe"] = True
    # posts without a layout get the measuring one too (Jekyll gives them none)
    defaults = [d for d in config.get("defaults") or [] if isinstance(d, dict)]
    config["defaults"] = [{"scope": {"path": ""}, "values": {"layout": "post"}}, *defaults]
    (source / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    shutil.rmtree(source / "_layouts", ignore_errors=True)
    (source / "_layouts").mkdir()
    names = {"default", "post", "page", "home", "none"}
    for post in source.rglob("_posts/**/*"):
        if not post.is_file():
            continue
        match = re.search(r"^layout:\s*(\S+)", post.read_text(errors="replace"), re.M)
        if match:
            names.add(match.group(1).strip("'\""))
    for name in names:
        (source / "_layouts" / f"{name}.html").write_text(LAYOUT)
    done = subprocess.run(
        ["jekyll", "build", "--safe", "-s", str(source), "-d", str(source / "_site")],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"  jekyll failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
    return source / "_site"


def ssg_build(site: Path, work: Path) -> Path:
    source = work / "ssg"
    copy_site(site, source)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "ssg", "build", "-q"],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        print(f"  ssg failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
    return source / "_site"


def ssg_post_count(source: Path) -> int:
    """How many posts ssg published (`ssg list`), wherever their URLs are."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "ssg", "list", "-s", str(source)],
        capture_output=True,
        text=True,
        env=env,
    )
    return sum(" published " in line for line in done.stdout.splitlines())


def jekyll_posts(folder: Path) -> dict[str, BeautifulSoup]:
    posts = {}
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8", errors="replace")
        if MARK not in text:
            continue
        body = BeautifulSoup(text, "html.parser").find(id=MARK)
        if body is not None:
            posts[unquote(body["data-url"])] = body
    return posts


def ssg_post(folder: Path, url: str) -> BeautifulSoup | None:
    rel = url.lstrip("/")
    path = folder / (rel + "index.html" if rel.endswith("/") or not rel else rel)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    return page.select_one(".e-content") or page


def visible(node) -> list[str]:
    """The body's words, each `<pre>` one item holding its exact text."""
    for tag in node.find_all(["script", "style"]):
        tag.decompose()
    for anchor in node.select("a.anchor"):
        anchor.decompose()
    blocks = {}
    for number, pre in enumerate(node.find_all("pre")):
        key = f"\x00pre{number}\x00"
        blocks[key] = re.sub(r"\s+$", "", pre.get_text(), flags=re.M).strip("\n")
        pre.replace_with(f" {key} ")
    return [blocks.get(word, word) for word in node.get_text(" ").split()]


def links(node) -> list[str]:
    """Every link's target, as a path on the site (an absolute link to the site counts as
    its path) without a trailing `index.html`."""
    found = []
    for anchor in node.find_all("a", href=True):
        if "anchor" in (anchor.get("class") or []) or "reversefootnote" in (
            anchor.get("class") or []
        ):
            continue
        href = unquote(anchor["href"]).removesuffix("index.html")
        found.append(re.sub(r"^https?://[^/]+", "", href) if href.startswith("http") else href)
    return found


def code_blocks(node) -> list[str]:
    """The code of every block, without line-number gutters (Rouge writes a table inside an
    outer `<pre>`, with the numbers in `<pre class="lineno">`)."""
    blocks = []
    for pre in node.find_all("pre"):
        if pre.find("table") is not None or "lineno" in (pre.get("class") or []):
            continue
        blocks.append(re.sub(r"\s+$", "", pre.get_text(), flags=re.M).strip("\n"))
    return blocks


def headings(node) -> list[tuple[str, str]]:
    return [
        (h.get("id", ""), re.sub(r"\s+", " ", h.get_text(" ")).replace("#", "").strip())
        for h in node.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    ]


def images(node) -> list[str]:
    return [unquote(img.get("src", "")).split("/")[-1] for img in node.find_all("img")]


def measure(site: Path, worst: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ssg-fidelity-") as tmp:
        work = Path(tmp)
        expected = jekyll_posts(jekyll_build(site, work))
        built = ssg_build(site, work)
        ours_total = ssg_post_count(work / "ssg")
        rows = []
        for url, jekyll_body in sorted(expected.items()):
            ours = ssg_post(built, url)
            if ours is None:
                rows.append((0.0, url, False, False, "missing in ssg's output (URL differs?)"))
                continue
            code_ok = code_blocks(jekyll_body) == code_blocks(ours)
            notes = [] if links(jekyll_body) == links(ours) else ["links differ"]
            a, b = visible(jekyll_body), visible(ours)
            ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            if headings(jekyll_body) != headings(ours):
                notes.append("headings differ")
            if images(jekyll_body) != images(ours):
                notes.append("images differ")
            rows.append((ratio, url, code_ok, True, ", ".join(notes)))
    total = len(rows)
    if not total:
        print(f"{site.name}: Jekyll built no posts")
        return
    good = sum(r[0] >= 0.98 for r in rows)
    code = sum(r[2] for r in rows)
    urls = sum(r[3] for r in rows)
    linked = sum(r[3] and "links differ" not in r[4] for r in rows)
    print(
        f"{site.name}: Jekyll built {total} posts, ssg {ours_total}; >= 0.98 text similarity "
        f"{good}/{total} ({100 * good / total:.0f}%); code blocks identical {code}/{total}; "
        f"URLs identical {urls}/{total}; links identical {linked}/{total}"
    )
    for ratio, url, code_ok, _, note in sorted(rows)[:worst]:
        flags = "" if code_ok else " code differs;"
        print(f"  {ratio:.3f} {url}{flags} {note}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--worst", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("jekyll") is None:
        sys.exit("jekyll is not on PATH (Debian: apt-get install jekyll)")
    for site in args.sites:
        measure(site, args.worst)


if __name__ == "__main__":
    main()
