"""markdown-it render rules for what tech posts hold: Pygments code blocks, mermaid diagrams
(`<pre class="mermaid">`, drawn by the theme's mermaid.js), images with their size and lazy
loading, base-path links (also in raw HTML), GitHub-style footnotes; and the source line of
every inline link, image and formula, for diagnostics."""

from __future__ import annotations

import html
from urllib.parse import unquote

from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.token import Token

from ssg import images
from ssg.errors import warning
from ssg.markup.context import RenderContext
from ssg.markup.highlight.code import render_code_block
from ssg.markup.html_urls import encoded, rewrite_urls
from ssg.markup.picture import html_images, picture

_LINED = frozenset({"image", "link_open", "html_inline", "math_inline", "math_inline_double"})


def inline_lines(state) -> None:
    """Record the source line of every image, link and formula, for diagnostics."""
    for token in state.tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        line = token.map[0]
        for child in token.children:
            if child.type in _LINED:
                child.meta["line"] = line
            line += _line_breaks(child)


def _line_breaks(token: Token) -> int:
    """Source lines an inline token spans beyond its first (an image's alt text may wrap)."""
    if token.type in ("softbreak", "hardbreak"):
        return 1
    if token.type in ("html_inline", "math_inline", "math_inline_double"):
        return token.content.count("\n")
    if token.type == "image":
        return sum(_line_breaks(child) for child in token.children or ())
    return 0


def is_mermaid(token: Token) -> bool:
    return token.type == "fence" and token.info.split(maxsplit=1)[:1] == ["mermaid"]


def mermaid(token: Token) -> str:
    """A mermaid fence as mermaid.js looks for it: its source, escaped, in `pre.mermaid`."""
    return f'<pre class="mermaid">{escapeHtml(token.content)}</pre>\n'


def fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if is_mermaid(token):
        return mermaid(token)
    ctx: RenderContext = env["ctx"]
    line = ctx.line(token.map[0] if token.map else None)
    info = unescapeAll(token.info)  # backslash escapes and entities: ``` f&ouml;\+ ```
    code_html, problems = render_code_block(token.content, info, path=ctx.path, line=line)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def code_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    code_html, problems = render_code_block(token.content, "", path=ctx.path, line=None)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    attrs = {"src": src, "alt": alt}
    if token.attrGet("title"):
        attrs["title"] = token.attrGet("title")
    if src and not images.is_external(src):
        ref = _resolve(ctx, src)
        if ref.file is None:
            ctx.diagnostics.append(
                warning(
                    ctx.path,
                    ctx.line(token.meta.get("line")),
                    f"image not found: {unquote(src)}",
                )
            )
        else:
            ctx.files.add(ref.file)
            size, problem = images.probe(ref.file)
            if size:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
            elif problem:
                line = ctx.line(token.meta.get("line"))
                ctx.diagnostics.append(warning(ctx.path, line, f"image {unquote(src)} {problem}"))
        if ref.url is not None:
            attrs["src"] = ctx.prefix(encoded(ref.url, src))
        if ref.file is not None and size and ctx.images is not None:
            found, problem = picture(
                ctx, ref.file, attrs["src"], alt, attrs.get("title"), _in_link(tokens, idx)
            )
            if problem:
                line = ctx.line(token.meta.get("line"))
                ctx.diagnostics.append(warning(ctx.path, line, f"image {unquote(src)} {problem}"))
            if found is not None:
                return found
    attrs["loading"] = "lazy"
    attrs["decoding"] = "async"
    return "<img" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _resolve(ctx: RenderContext, src: str) -> images.LocalRef:
    """Where the local image `src` written in the document points."""
    return images.resolve(
        ctx.site_path(src),
        post_dir=ctx.post_dir,
        bundle_dir=ctx.bundle_dir,
        content_dir=ctx.content_dir,
        static_dirs=ctx.static_dirs,
        site_root=ctx.site_root,
    )


def _local_image(ctx: RenderContext, src: str):
    """The file of a local image that raw HTML shows (a dependency of the page), or None."""
    if images.is_external(src):
        return None
    ref = _resolve(ctx, src)
    if ref.file is None or images.probe(ref.file)[0] is None:
        return None
    ctx.files.add(ref.file)
    return ref.file


def _in_link(tokens, idx: int) -> bool:
    """Whether inline token `idx` is inside a link (whose target a click already opens)."""
    depth = 0
    for token in tokens[:idx]:
        depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
    return depth > 0


def link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if href.startswith("/") and not href.startswith("//"):
        token.attrSet("href", env["ctx"].prefix(href))
    return self.renderToken(tokens, idx, options, env)


def raw_html(self, tokens, idx, options, env) -> str:
    ctx: RenderContext = env["ctx"]
    content = tokens[idx].content
    if ctx.images is not None and "<img" in content.lower():
        content = html_images(ctx, content, lambda src: _local_image(ctx, src))
    if ctx.base_path == "/" or "/" not in content:
        return content
    return rewrite_urls(
        content,
        lambda url: ctx.prefix(url) if url.startswith("/") and not url.startswith("//") else url,
    )


def footnote_block_open(self, tokens, idx, options, env) -> str:
    """As GitHub writes it: a section named by a heading only screen readers show."""
    return (
        '<hr class="footnotes-sep">\n'
        '<section class="footnotes" aria-labelledby="footnote-label">\n'
        '<h2 class="visually-hidden" id="footnote-label">Footnotes</h2>\n'
        '<ol class="footnotes-list">\n'
    )


def footnote_anchor(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if meta["subId"] > 0:
        ident += f":{meta['subId']}"
    return (
        f' <a href="#fnref{ident}" class="footnote-backref" '
        f'aria-label="Back to reference {meta["id"] + 1}">\u21a9\ufe0e</a>'
    )
