"""The excerpt shown on list pages: the front matter's, the text before the separator, or the
first paragraph; without heading ids or footnotes, and with page-relative links made
site-absolute (it is shown away from its page)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from urllib.parse import quote, urljoin

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ssg.markup.context import RenderContext
from ssg.markup.html_urls import PATH_SAFE, SCHEME


def quiet(ctx: RenderContext) -> RenderContext:
    """A context for a second rendering of part of the text: diagnostics are not repeated."""
    return dataclasses.replace(ctx, diagnostics=[], toc=[])  # `files` stays shared


def parse_part(md: MarkdownIt, text: str, env: dict) -> tuple[list[Token], dict]:
    """Parse part of a document (its excerpt) knowing the whole document's link
    references and footnote labels, as Jekyll does, so `[text][ref]` and `[^1]` resolve."""
    labels = env.get("footnotes", {}).get("refs", {})
    part_env = {
        "ctx": quiet(env["ctx"]),
        "references": dict(env.get("references", {})),
        "footnotes": {"refs": dict.fromkeys(labels, -1), "list": {}},
    }
    return md.parse(text, part_env), part_env


def page_relative_fixer(ctx: RenderContext) -> Callable[[str], str]:
    """`diagram.png` or `#setup` in an excerpt -> `/repo/2021/05/25/post/diagram.png`."""
    page = quote(ctx.page_url or "/", safe=PATH_SAFE)

    def fix(url: str) -> str:
        if not url or url.startswith("/") or SCHEME.match(url):
            return url
        return ctx.prefix(urljoin(page, url))

    return fix


def before_separator(tokens: list[Token], separator: str) -> list[Token] | None:
    """The document's own tokens before a separator that stands alone as a top-level block
    (`<!--more-->` on its line), so the excerpt needs no second parse. None when it first
    stands elsewhere (in a paragraph, a list, code): Jekyll cuts the text at its first
    occurrence, and only parsing the text before it says what that excerpt holds."""
    for index, token in enumerate(tokens):
        if token.level == 0 and token.type == "html_block" and token.content.strip() == separator:
            return tokens[:index]
        if separator in token.content:  # in code, a paragraph or a list: the text decides
            return None
    return None


def first_paragraph(tokens: list[Token]) -> list[Token]:
    for start, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            end = start
            while tokens[end].type != "paragraph_close":
                end += 1
            return tokens[start : end + 1]
    return []


def for_excerpt(tokens: list[Token]) -> list[Token]:
    """Excerpt tokens without heading ids (so no anchors), footnote references or the
    footnote list: an excerpt is shown on list pages, beside other posts' excerpts."""
    out = []
    for token in tokens:
        if token.type == "footnote_block_open":
            break
        if token.type == "heading_open" and "id" in token.attrs:
            attrs = {k: v for k, v in token.attrs.items() if k != "id"}
            token = dataclasses.replace(token, attrs=attrs)
        elif token.type == "inline" and token.children:
            children = [c for c in token.children if c.type != "footnote_ref"]
            token = dataclasses.replace(token, children=children)
        out.append(token)
    return out
