"""Headings: GitHub-style ids that keep Korean (`설치`, `설치-1` for a repeat), the table of
contents, and the anchor link each heading ends with."""

from __future__ import annotations

import html
import unicodedata

from markdown_it.token import Token

from ssg.markup.context import RenderContext


def heading_id(text: str) -> str:
    """GitHub's rule: lower-case, drop punctuation, spaces to `-`; Korean letters stay, and
    so do combining marks (Hindi vowel signs), which `\\w` alone would drop."""
    kept = (
        c
        for c in text.strip().lower()
        if c in "-_ " or c.isalnum() or unicodedata.category(c).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


def inline_text(token: Token) -> str:
    return "".join(
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    )


def heading_ids(state) -> None:
    """Give every heading a unique id (`설치`, `설치-1`) and collect the table of contents."""
    ctx: RenderContext = state.env["ctx"]
    used: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[index + 1])
        given = token.attrGet("id")  # `## Title {#id}` in kramdown
        if given:
            used.setdefault(str(given), 0)
            if not token.meta.get("toc_skip"):
                ctx.toc.append((int(token.tag[1]), str(given), text.strip()))
            continue
        base = heading_id(text) or "section"
        slug = base
        if slug in used:
            used[base] += 1
            slug = f"{base}-{used[base]}"
            while slug in used:
                used[base] += 1
                slug = f"{base}-{used[base]}"
        used.setdefault(slug, 0)
        token.attrSet("id", slug)
        if not token.meta.get("toc_skip"):  # kramdown's `{: .no_toc}`
            ctx.toc.append((int(token.tag[1]), slug, text.strip()))


def heading_close(self, tokens, idx, options, env) -> str:
    slug = tokens[idx - 2].attrGet("id")
    if not slug:  # excerpts drop heading ids, and so their anchors
        return f"</{tokens[idx].tag}>\n"
    anchor = html.escape(str(slug), quote=True)
    # a mouse convenience: hidden from assistive technology and the tab order, so the
    # heading's accessible name stays its own text (its id is in the table of contents)
    return (
        f'<a class="anchor" href="#{anchor}" aria-hidden="true" tabindex="-1">#</a>'
        f"</{tokens[idx].tag}>\n"
    )
