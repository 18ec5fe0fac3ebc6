#!/usr/bin/env python3
"""How faithfully ssg builds a Jekyll site's posts, measured against Jekyll itself.

    python benchmarks/jekyll_fidelity.py SITE [SITE ...] [--worst 5]
    python benchmarks/jekyll_fidelity.py SITE --record DIR

For each Jekyll site folder (`_config.yml`, `_posts/`): builds its posts with Jekyll (a
stripped config: no theme, no plugins, `safe: true`, and minimal layouts that print only the
post body and its URL) and with ssg (`ssg build` in a copy), then compares every post Jekyll
built: its URL, the visible text of its body (similarity 0..1), its code blocks, headings
(text and id) and images. Prints, per site, the share of posts at >= 0.98 similarity, of
identical code blocks and of identical URLs, and lists the worst posts. Needs `jekyll` on PATH
(Debian: apt-get install jekyll) and beautifulsoup4.

`--record DIR` builds with Jekyll only and writes what it built into DIR, so a test can
compare ssg with it without Jekyll (`tests/test_jekyll_recorded.py`, with the functions
below): one file per post (`record_name`) holding the exact inner HTML of its body,
`urls.txt` (source file -> URL) and `README` (the Jekyll and kramdown versions).
"""

from __future__ import annotations

import argparse
import copy
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).parent.parent
MARK = "ssg-fidelity"
LAYOUT = (
    f'<div id="{MARK}" data-url="{{{{ page.url }}}}" data-path="{{{{ page.path }}}}">'
    "{{ content }}</div>\n"
)
# the measuring layout's output: the body div and nothing else
BODY = re.compile(rf'<div id="{MARK}" data-url="([^"]*)" data-path="([^"]*)">(.*)</div>\s*\Z', re.S)


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


def jekyll_bodies(folder: Path) -> dict[str, tuple[str, str]]:
    """URL -> (source path, the exact inner HTML of the body div) of every post Jekyll built."""
    bodies = {}
    for html in sorted(folder.rglob("*.html")):
        match = BODY.match(html.read_text(encoding="utf-8", errors="replace"))
        if match:
            url, path, inner = match.groups()
            bodies[unquote(unescape(url))] = (unescape(path), inner)
    return bodies


def parse_body(inner_html: str) -> BeautifulSoup:
    """A post body as the comparisons read it (from Jekyll's output or a recording)."""
    return BeautifulSoup(inner_html, "html.parser")


def jekyll_posts(folder: Path) -> dict[str, BeautifulSoup]:
    return {url: parse_body(inner) for url, (_, inner) in jekyll_bodies(folder).items()}


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
    # a footnote back-link: kramdown's default `footnote_backlink` is `&#8617;` (Debian's
    # 2.4.0 writes that), ssg writes `&#8617;&#xfe0e;` (the arrow in text presentation, as
    # many sites set it in `_config.yml`); U+FE0E is dropped so both are the same word
    text = node.get_text(" ").replace("\ufe0e", "")
    return [blocks.get(word, word) for word in text.split()]


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


PARTS = ("words", "code", "links", "headings", "images")


def features(body) -> dict[str, list]:
    """What the comparison looks at in a post body, by part (`PARTS`); `body` is left as is."""
    node = copy.copy(body)  # visible() takes parts out of the tree
    found = {"code": code_blocks(node), "links": links(node), "words": visible(node)}
    return {**found, "headings": headings(node), "images": images(node)}


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
            theirs, mine = features(jekyll_body), features(ours)
            code_ok = theirs["code"] == mine["code"]
            notes = [f"{part} differ" for part in PARTS[2:] if theirs[part] != mine[part]]
            ratio = difflib.SequenceMatcher(
                None, theirs["words"], mine["words"], autojunk=False
            ).ratio()
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


def record_name(url: str) -> str:
    """The file a recording keeps a post's body in: its URL as one ASCII file name."""
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", url.strip("/").removesuffix(".html")).strip("-")
    return f"{stem or 'index'}.html"


def versions() -> str:
    jekyll = subprocess.run(["jekyll", "--version"], capture_output=True, text=True)
    kramdown = subprocess.run(
        ["ruby", "-rkramdown", "-e", "print Kramdown::VERSION"], capture_output=True, text=True
    )
    return f"{jekyll.stdout.strip()}, kramdown {kramdown.stdout.strip() or '?'}"


def shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def record(site: Path, folder: Path) -> None:
    """Write what Jekyll built for `site` into `folder`, for tests that must not need Jekyll:
    `<record_name(url)>` per post (the exact inner HTML of its body), `urls.txt` (source
    file -> URL) and `README` (the versions and the command that recorded it)."""
    with tempfile.TemporaryDirectory(prefix="ssg-fidelity-") as tmp:
        bodies = jekyll_bodies(jekyll_build(site, Path(tmp)))
    if not bodies:
        sys.exit(f"{site}: Jekyll built no posts; nothing recorded")
    names = {url: record_name(url) for url in bodies}
    if len(set(names.values())) != len(names):
        sys.exit(f"{site}: two post URLs give the same file name: {sorted(names.values())}")
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.html"), folder / "urls.txt", folder / "README"]:
        old.unlink(missing_ok=True)
    lines = []
    for url, (path, inner) in sorted(bodies.items(), key=lambda item: item[1][0]):
        (folder / names[url]).write_text(inner, encoding="utf-8")
        lines.append(f"{path} -> {url}\n")
    (folder / "urls.txt").write_text("".join(lines), encoding="utf-8")
    command = f"python benchmarks/jekyll_fidelity.py {shown(site)} --record {shown(folder)}"
    (folder / "README").write_text(f"recorded with {versions()} by `{command}`\n")
    print(f"{site.name}: recorded {len(bodies)} posts into {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument(
        "--record", type=Path, metavar="DIR", help="write what Jekyll built into DIR instead"
    )
    args = parser.parse_args()
    if shutil.which("jekyll") is None:
        sys.exit("jekyll is not on PATH (Debian: apt-get install jekyll)")
    if args.record is not None:
        if len(args.sites) != 1:
            parser.error("--record takes exactly one site")
        record(args.sites[0], args.record)
        return
    for site in args.sites:
        measure(site, args.worst)


if __name__ == "__main__":
    main()
