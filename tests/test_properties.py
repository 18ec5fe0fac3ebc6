"""Property-based tests: whatever a user writes, each parser gives a result or ssg's own
diagnostic, within a time bound; never a traceback, never a hang.

Inputs are built from the tokens that matter to each parser (YAML, Markdown, Liquid, TOML
syntax, Korean text, odd whitespace), so a few dozen examples reach the corners. The CI
profile keeps the suite fast; `benchmarks/fuzz.py` runs the same tests with thousands of
examples each (`HYPOTHESIS_PROFILE=long`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssg.config import read_config
from ssg.errors import Diagnostic, SsgError
from ssg.frontmatter import parse_document
from ssg.liquid.engine import expand_liquid
from ssg.markup.markdown import RenderContext, render
from ssg.sources import SourceFile

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,  # the time bound is asserted per example below, with a clearer message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same examples on every run: CI never fails by chance
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("SSG_FUZZ_EXAMPLES", "3000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BOUND = 2.0  # seconds one small input may take, whatever it holds
SEOUL = ZoneInfo("Asia/Seoul")

WORDS = ["도커", "컨테이너", "Python", "asyncio", "x", "1", "0x1F", "-", "é", "\u200b", "😀"]
SPACE = [" ", "  ", "\t", "\n", "\r\n", "\n\n"]


def joined(tokens: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens + WORDS + SPACE), max_size=max_size).map("".join)


YAML_TOKENS = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!int ",
    "!!str ",
    "!!float ",
    "!!binary ",
    "!!timestamp ",
    "? ",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\\",
    "~",
    "null",
    "true",
    "no",
    "2021-05-25",
    "2021-13-45 25:00",
    "+0900",
    "Z",
    "99999999999999999999999",
    "title",
    "date",
    "tags",
    "image",
    "permalink",
    "layout",
    "draft",
    "published",
    "excerpt",
    "categories",
    "slug",
    "\x00",
    "\ufeff",
    "---",
    "...",
]
MARKDOWN_TOKENS = [
    "#",
    "## ",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "</div>",
    "<div>",
    "<!--",
    "-->",
    "|",
    "| --- |",
    "---",
    "===",
    "\\",
    "&amp;",
    "&#",
    "[^1]",
    "[^1]: ",
    "{:",
    "{: .c}",
    "{#id}",
    "$$",
    "$",
    "*[HTML]: ",
    ":",
    "    ",
    "http://x.y",
    "www.",
    "@",
    "~~",
    "[ ] ",
    "[x] ",
    "> [!NOTE]",
    "<!--more-->",
    "{:toc}",
    'markdown="1"',
    "```python {hl_lines=[1]}",
    "```mermaid",
]
LIQUID_TOKENS = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{%-",
    "-%}",
    " raw ",
    " endraw ",
    " if ",
    " endif ",
    " for ",
    " in ",
    " endfor ",
    " assign ",
    " capture ",
    " endcapture ",
    " include ",
    " highlight ",
    " endhighlight ",
    " post_url ",
    " link ",
    " comment ",
    " endcomment ",
    "|",
    " | ",
    "upcase",
    "date:",
    '"%Y"',
    "site.title",
    "page.title",
    "(1..3)",
    "x",
    "=",
    "==",
    "'",
    '"',
    ".",
    "[0]",
    "nil",
    "forloop.index",
    " else ",
    " elsif ",
    " unless ",
    " case ",
    " when ",
]
TOML_TOKENS = [
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    '"',
    "'",
    '"""',
    "#",
    ".",
    "title",
    "url",
    "base_path",
    "permalink",
    "posts_per_page",
    "timezone",
    "defaults",
    "values",
    "params",
    "theme",
    "true",
    "1",
    "-1",
    "1e999",
    "99999999999999999999",
    "2021-05-25",
    "https://x.github.io/",
    "Asia/Seoul",
    "Mars/Olympus",
    "\\u0000",
    "\\",
]


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND, f"took {elapsed:.2f} s"
    return value


def source(data: bytes) -> SourceFile:
    return SourceFile(
        path=Path("/nowhere/content/posts/2024-01-02-fuzz.md"),
        rel="content/posts/2024-01-02-fuzz.md",
        content_rel="posts/2024-01-02-fuzz.md",
        kind="post",
        sha256="0" * 64,
        data=data,
    )


def is_diagnostic_list(items) -> bool:
    return all(isinstance(d, Diagnostic) and d.path for d in items)


@given(front=joined(YAML_TOKENS), body=joined(MARKDOWN_TOKENS, 20), closed=st.booleans())
def test_front_matter_gives_a_document_or_diagnostics(front, body, closed):
    text = f"---\n{front}\n{'---' if closed else ''}\n{body}"
    for data in (text.encode("utf-8", "surrogatepass"), text.encode("utf-8")[:-1] + b"\xff"):
        doc, problems = timed(parse_document, source(data), SEOUL)
        assert is_diagnostic_list(problems)
        assert doc is not None or any(p.level == "error" for p in problems)


def markdown_context(tmp: Path) -> RenderContext:
    from conftest import plain_context

    path = "content/posts/2024-01-02-fuzz.md"
    settings = dict(post_dir=tmp, content_dir=tmp, base_path="/repo/", body_line=4)
    return plain_context(path, page_url="/2024/01/02/fuzz/", **settings)


@given(text=joined(MARKDOWN_TOKENS, 120), flavor=st.sampled_from(["gfm", "kramdown"]))
def test_markdown_always_renders(text, flavor, tmp_path):
    ctx = markdown_context(tmp_path)
    rendered = timed(render, text, ctx, flavor=flavor)
    assert isinstance(rendered.html, str) and isinstance(rendered.excerpt_html, str)
    assert rendered.words >= 0 and rendered.reading_minutes >= 1
    assert is_diagnostic_list(ctx.diagnostics)


@given(text=joined(LIQUID_TOKENS, 80), code_is_liquid=st.booleans())
def test_liquid_gives_text_and_warnings(text, code_is_liquid, tmp_path):
    out, problems = timed(
        expand_liquid,
        text,
        path="content/posts/2024-01-02-fuzz.md",
        first_line=4,
        includes_dir=tmp_path,
        site={"title": "블로그", "baseurl": "/repo", "url": "https://x.github.io"},
        page={"title": "글", "date": "2024-01-02T00:00:00+09:00"},
        code_is_liquid=code_is_liquid,
    )
    assert isinstance(out, str)
    assert is_diagnostic_list(problems)
    assert all(p.level == "warning" for p in problems)  # Liquid never stops a build


@given(text=joined(TOML_TOKENS, 60))
def test_ssg_toml_gives_a_config_or_located_errors(text, tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "ssg.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        config = timed(read_config, root)
    except SsgError as exc:
        assert exc.diagnostics and is_diagnostic_list(exc.diagnostics)
        assert all(d.path == "ssg.toml" for d in exc.diagnostics)
    else:
        assert config.base_path.startswith("/") and config.base_path.endswith("/")


PIECES = st.sampled_from([*"wW. :/@*_(-xa한\n", "www.", "http://", "ww.", "a.b"])


@given(st.lists(PIECES, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_text_stopping_only_at_www_changes_nothing(text):
    """`gfm.stop_text_at_www_only`: the same HTML as stopping at every `w`."""
    import re

    from ssg.markup.markdown import renderer

    from conftest import plain_context

    md = renderer("gfm")
    fast = md.inline.terminator_re
    every_w = re.compile(fast.pattern.split("|", 1)[0].rstrip("]") + "w]")
    html = md.render(text, {"ctx": plain_context()})
    md.inline.terminator_re = every_w
    try:
        assert md.render(text, {"ctx": plain_context()}) == html
    finally:
        md.inline.terminator_re = fast
