"""Markdown to HTML with markdown-it-py: GFM plus what tech posts need.

One `MarkdownIt` is built per process (`renderer()`); per-document state travels in
the `env` dict as a `RenderContext`, so rendering is a pure function of the text
and the context. Adds: Unicode heading ids with anchors and a TOC, Pygments code
blocks, image sizes and lazy loading, base-path rewriting of site-absolute links
(also inside raw HTML), and the excerpt.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin

from ssg import images
from ssg.errors import Diagnostic, warning
from ssg.highlight import render_code_block

_HEADING_DROP = re.compile(r"[^\w\- ]+")
_RAW_URL_ATTR = re.compile(r"""(\s(?:src|href|poster|srcset)\s*=\s*)(["'])/(?!/)""", re.IGNORECASE)
_HANGUL_OR_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[^\W\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]+")


@dataclass(slots=True)
class RenderContext:
    """What rendering one document needs to know, and what it collects."""

    path: str  # file shown in diagnostics
    body_line: int  # file line where the Markdown starts
    post_dir: Path
    bundle_dir: Path | None
    content_dir: Path
    static_dirs: tuple[Path, ...]
    base_path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    files: set[Path] = field(default_factory=set)  # local files read (cache dependencies)

    def line(self, token_line: int | None) -> int | None:
        return None if token_line is None else self.body_line + token_line

    def prefix(self, url: str) -> str:
        """`/images/x.png` -> `/repo/images/x.png` (left alone when it already has the base)."""
        if self.base_path == "/" or url.startswith(self.base_path):
            return url
        return self.base_path + url.lstrip("/")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    excerpt_html: str
    toc: tuple[tuple[int, str, str], ...]
    words: int
    reading_minutes: int


def heading_id(text: str) -> str:
    """GitHub's rule: lower-case, drop punctuation, spaces to `-`; Korean letters stay."""
    return _HEADING_DROP.sub("", text.strip().lower()).replace(" ", "-")


def _inline_text(token: Token) -> str:
    return "".join(
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    )


# --- core rules ------------------------------------------------------------


def _heading_ids(state) -> None:
    """Give every heading a unique id (`설치`, `설치-1`) and collect the table of contents."""
    ctx: RenderContext = state.env["ctx"]
    used: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = _inline_text(tokens[index + 1])
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
        ctx.toc.append((int(token.tag[1]), slug, text.strip()))


def _inline_lines(state) -> None:
    """Record the source line of every image and link, for diagnostics."""
    for token in state.tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        line = token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("image", "link_open", "html_inline"):
                child.meta["line"] = line


# --- render rules ----------------------------------------------------------


def _fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    line = ctx.line(token.map[0] if token.map else None)
    code_html, problems = render_code_block(token.content, token.info, path=ctx.path, line=line)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def _code_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    code_html, problems = render_code_block(token.content, "", path=ctx.path, line=None)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def _heading_close(self, tokens, idx, options, env) -> str:
    opening = tokens[idx - 2]
    anchor = html.escape(opening.attrGet("id") or "", quote=True)
    return (
        f'<a class="anchor" href="#{anchor}" aria-label="Link to this section">#</a>'
        f"</{tokens[idx].tag}>\n"
    )


def _image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    attrs = {"src": src, "alt": alt}
    if token.attrGet("title"):
        attrs["title"] = token.attrGet("title")
    if src and not images.is_external(src):
        ref = images.resolve(
            src,
            post_dir=ctx.post_dir,
            bundle_dir=ctx.bundle_dir,
            content_dir=ctx.content_dir,
            static_dirs=ctx.static_dirs,
        )
        if ref.file is None:
            ctx.diagnostics.append(
                warning(ctx.path, ctx.line(token.meta.get("line")), f"image not found: {src}")
            )
        else:
            ctx.files.add(ref.file)
            size = images.image_size(ref.file)
            if size:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
        if ref.url is not None:
            attrs["src"] = ctx.prefix(ref.url)
    attrs["loading"] = "lazy"
    attrs["decoding"] = "async"
    return "<img" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if href.startswith("/") and not href.startswith("//"):
        token.attrSet("href", env["ctx"].prefix(href))
    return self.renderToken(tokens, idx, options, env)


def _raw_html(self, tokens, idx, options, env) -> str:
    ctx: RenderContext = env["ctx"]
    content = tokens[idx].content
    if ctx.base_path != "/" and "/" in content:
        content = _RAW_URL_ATTR.sub(
            lambda m: (
                m.group(0)
                if _has_base(content, m.end(), ctx.base_path)
                else m.group(1) + m.group(2) + ctx.base_path
            ),
            content,
        )
    return content


def _has_base(text: str, end: int, base_path: str) -> bool:
    return text.startswith(base_path[1:], end)


def _list_item_open(self, tokens, idx, options, env) -> str:
    result = self.list_item_open(tokens, idx, options, env)
    token = tokens[idx]
    if token.meta and "checked" in token.meta:
        label = "done" if token.meta["checked"] else "to do"
        result = result.replace(
            '<input class="task-list-item-checkbox"',
            f'<input class="task-list-item-checkbox" aria-label="{label}"',
            1,
        )
    return result


@lru_cache(maxsize=1)
def renderer() -> MarkdownIt:
    """The one configured parser of this process."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.use(gfm_plugin)
    md.use(deflist_plugin)
    md.core.ruler.push("ssg_heading_ids", _heading_ids)
    md.core.ruler.push("ssg_inline_lines", _inline_lines)
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _code_block)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("html_block", _raw_html)
    md.add_render_rule("html_inline", _raw_html)
    md.add_render_rule("list_item_open", _list_item_open)
    return md


def render(
    text: str,
    ctx: RenderContext,
    *,
    excerpt_separator: str = "<!--more-->",
    excerpt_markdown: str | None = None,
) -> Rendered:
    """Render a document body; the excerpt is `excerpt_markdown`, else the text before the
    separator, else the first paragraph."""
    md = renderer()
    env = {"ctx": ctx}
    tokens = md.parse(text, env)
    body = md.renderer.render(tokens, md.options, env)
    if excerpt_markdown:
        excerpt = md.render(excerpt_markdown, {"ctx": _quiet(ctx)})
    elif excerpt_separator and excerpt_separator in text:
        head = text.split(excerpt_separator, 1)[0]
        excerpt = md.render(head, {"ctx": _quiet(ctx)})
    else:
        excerpt = _first_paragraph(md, tokens, env)
    excerpt = _strip_anchors(excerpt)
    words, minutes = reading_time(tokens)
    return Rendered(body, excerpt, tuple(ctx.toc), words, minutes)


def _quiet(ctx: RenderContext) -> RenderContext:
    """A context for a second rendering of part of the text: diagnostics are not repeated."""
    return RenderContext(
        ctx.path,
        ctx.body_line,
        ctx.post_dir,
        ctx.bundle_dir,
        ctx.content_dir,
        ctx.static_dirs,
        ctx.base_path,
    )


def _first_paragraph(md: MarkdownIt, tokens: list[Token], env: dict) -> str:
    for start, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            end = start
            while tokens[end].type != "paragraph_close":
                end += 1
            return md.renderer.render(tokens[start : end + 1], md.options, env)
    return ""


_ANCHOR = re.compile(r'<a class="anchor" href="#[^"]*" aria-label="[^"]*">#</a>')
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>')


def _strip_anchors(excerpt: str) -> str:
    return _FOOTNOTE_REF.sub("", _ANCHOR.sub("", excerpt)).strip()


def reading_time(tokens: list[Token]) -> tuple[int, int]:
    """Words and minutes: ~230 English words or ~500 Hangul/CJK characters a minute."""
    prose = []
    code_words = 0
    for token in tokens:
        if token.type == "inline":
            prose.extend(c.content for c in token.children or () if c.type == "text")
        elif token.type in ("fence", "code_block"):
            code_words += len(token.content.split()) // 2  # code is skimmed, not read
    text = " ".join(prose)
    cjk = len(_HANGUL_OR_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text)) + code_words
    minutes = max(1, round(latin / 230 + cjk / 500))
    return latin + cjk, minutes
