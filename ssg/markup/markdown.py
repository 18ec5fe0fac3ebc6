"""Markdown to HTML with markdown-it-py: GFM plus what tech posts need.

One `MarkdownIt` is built per process (`renderer()`); per-document state travels in
the `env` dict as a `RenderContext`, so rendering is a pure function of the text
and the context. Adds (each in a module of its own): Unicode heading ids with anchors and a
TOC (`headings`), Pygments code blocks, image sizes and lazy loading, base-path rewriting of
site-absolute links, also inside raw HTML (`rules`, `html_urls`), the excerpt (`excerpt`) and
the reading time (`reading`), CJK-friendly emphasis (`cjk_emphasis`: `**용어(term)**는`
is bold), math (`math`: `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`; `mathml` writes it in both
flavors) and mermaid diagrams; `gfm` and `brackets` keep hostile input linear.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ssg.markup import brackets, cjk_emphasis, excerpt, gfm, headings, math, rules
from ssg.markup.context import RenderContext, Rendered
from ssg.markup.html_urls import rewrite_urls
from ssg.markup.reading import reading_time, search_text

__all__ = ["FLAVORS", "RenderContext", "Rendered", "render", "renderer"]


FLAVORS = ("gfm", "kramdown")


@lru_cache(maxsize=len(FLAVORS))
def renderer(flavor: str = "gfm") -> MarkdownIt:
    """The configured parser of this process for a Markdown flavor: GitHub's (default), or
    kramdown's (Jekyll sites: attribute lists, `{:toc}`, math, typography, …)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "xhtmlOut": False})
    md.use(gfm_plugin)
    md.options["tasklists"] = False  # the plugin's version labels each checkbox with its text
    md.use(tasklists_plugin, enabled=False, label=True)
    md.use(deflist_plugin)
    gfm.use(md)  # the plugins' autolinks and task lists, in linear time
    md.core.ruler.push("ssg_heading_ids", headings.heading_ids)
    md.core.ruler.push("ssg_inline_lines", rules.inline_lines)
    md.add_render_rule("fence", rules.fence)
    md.add_render_rule("code_block", rules.code_block)
    md.add_render_rule("heading_close", headings.heading_close)
    md.add_render_rule("image", rules.image)
    md.add_render_rule("link_open", rules.link_open)
    md.add_render_rule("html_block", rules.raw_html)
    md.add_render_rule("html_inline", rules.raw_html)
    md.add_render_rule("footnote_block_open", rules.footnote_block_open)
    md.add_render_rule("footnote_anchor", rules.footnote_anchor)
    if flavor == "kramdown":
        from ssg.markup.kramdown.plugin import kramdown_plugin

        md.use(kramdown_plugin)  # it wraps the render rules above
    else:
        math.use(md)  # kramdown has math of its own: `$$` only
    cjk_emphasis.use(md)  # `**용어(term)**는` is bold, in both flavors
    brackets.use(md)  # last: it wraps the bracket rules as installed
    gfm.stop_text_at_www_only(md)
    return md


def render(
    text: str,
    ctx: RenderContext,
    *,
    excerpt_separator: str = "<!--more-->",
    excerpt_markdown: str | None = None,
    flavor: str = "gfm",
) -> Rendered:
    """Render a document body; the excerpt is `excerpt_markdown`, else the text before the
    separator, else the first paragraph."""
    md = renderer(flavor)
    env = {"ctx": ctx}
    tokens = md.parse(text, env)
    body = md.renderer.render(tokens, md.options, env)
    if excerpt_markdown:
        excerpt_tokens, excerpt_env = excerpt.parse_part(md, excerpt_markdown, env)
    elif excerpt_separator and excerpt_separator in text:
        excerpt_tokens = excerpt.before_separator(tokens, excerpt_separator)
        if excerpt_tokens is not None:
            excerpt_env = {**env, "ctx": excerpt.quiet(ctx)}
        else:
            head = text.split(excerpt_separator, 1)[0]
            excerpt_tokens, excerpt_env = excerpt.parse_part(md, head, env)
    else:
        excerpt_tokens, excerpt_env = (
            excerpt.first_paragraph(tokens),
            {**env, "ctx": excerpt.quiet(ctx)},
        )
    excerpt_html = md.renderer.render(excerpt.for_excerpt(excerpt_tokens), md.options, excerpt_env)
    if ctx.page_url is not None:
        excerpt_html = rewrite_urls(excerpt_html, excerpt.page_relative_fixer(ctx))
    words, minutes = reading_time(tokens)
    features = _features(tokens, ctx)
    toc = tuple(ctx.toc)
    text = search_text(tokens)
    uses = tuple(dict.fromkeys(ctx.image_uses))  # (the excerpt's are the body's again)
    return Rendered(body, excerpt_html.strip(), toc, words, minutes, features, text, uses)


def _features(tokens: list[Token], ctx: RenderContext) -> tuple[str, ...]:
    """What the page needs: "math" (KaTeX: a formula left to the browser), "mathml" (math
    converted at build time, no script) and "mermaid" (mermaid.js for a diagram)."""
    found = set(ctx.features)  # what rendering the math used
    if any(rules.is_mermaid(t) for t in tokens):
        found.add("mermaid")
    return tuple(f for f in ("math", "mathml", "mermaid") if f in found)
