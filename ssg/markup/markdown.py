"""Markdown to HTML with markdown-it-py: GFM plus what tech posts need.

One `MarkdownIt` is built per process (`renderer()`); per-document state travels in
the `env` dict as a `RenderContext`, so rendering is a pure function of the text
and the context. Adds: Unicode heading ids with anchors and a TOC, Pygments code
blocks, image sizes and lazy loading, base-path rewriting of site-absolute links
(also inside raw HTML), and the excerpt.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ssg import images
from ssg.errors import Diagnostic, warning
from ssg.markup.highlight.code import render_code_block

# a start tag with a URL attribute (quoted values may hold `>`); tags without one, such as
# the thousands of `<span class="k">` in highlighted code, are skipped by the regex engine
_TAG = re.compile(
    r"""<[a-zA-Z](?:"[^"]*"|'[^']*'|[^"'>])*?\s(?:href|src|poster|srcset)\s*="""
    r"""(?:"[^"]*"|'[^']*'|[^"'>])*>""",
    re.IGNORECASE,
)
_URL_ATTR = re.compile(
    r"""(?P<lead>\s(?P<name>href|src|poster|srcset)\s*=\s*)"""
    r"""(?:(?P<q>["'])(?P<quoted>.*?)(?P=q)|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE | re.DOTALL,
)
# One `url descriptor` candidate of a srcset; a URL may hold commas but not end with one.
_SRCSET_CANDIDATE = re.compile(r"(?P<sep>[\s,]*)(?P<url>[^\s,]\S*[^\s,]|[^\s,])(?P<rest>[^,]*)")
_PATH_SAFE = "/!$&'()*+,;=:@-._~"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
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
    # the page's site path (`/2021/05/25/도커/`); lets the excerpt, shown on list pages,
    # turn the page-relative links and images it holds into site-absolute ones
    page_url: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    files: set[Path] = field(default_factory=set)  # local files read (cache dependencies)

    def line(self, token_line: int | None) -> int | None:
        return None if token_line is None else self.body_line + token_line

    def has_base(self, url: str) -> bool:
        return self.base_path != "/" and (
            url.startswith(self.base_path) or url == self.base_path[:-1]
        )

    def prefix(self, url: str) -> str:
        """`/images/x.png` -> `/repo/images/x.png` (left alone when it already has the base)."""
        if self.base_path == "/" or self.has_base(url):
            return url
        return self.base_path + url.lstrip("/")

    def site_path(self, url: str) -> str:
        """`/repo/images/x.png` -> `/images/x.png` (what `{{ site.baseurl }}/…` expands to)."""
        return "/" + url[len(self.base_path) :] if self.has_base(url) else url


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    excerpt_html: str
    toc: tuple[tuple[int, str, str], ...]
    words: int
    reading_minutes: int
    features: tuple[str, ...] = ()  # "math", "mermaid": what the page needs scripts for


def heading_id(text: str) -> str:
    """GitHub's rule: lower-case, drop punctuation, spaces to `-`; Korean letters stay, and
    so do combining marks (Hindi vowel signs), which `\\w` alone would drop."""
    kept = (
        c
        for c in text.strip().lower()
        if c in "-_ " or c.isalnum() or unicodedata.category(c).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


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


def _inline_lines(state) -> None:
    """Record the source line of every image and link, for diagnostics."""
    for token in state.tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        line = token.map[0]
        for child in token.children:
            if child.type in ("image", "link_open", "html_inline"):
                child.meta["line"] = line
            line += _line_breaks(child)


def _line_breaks(token: Token) -> int:
    """Source lines an inline token spans beyond its first (an image's alt text may wrap)."""
    if token.type in ("softbreak", "hardbreak"):
        return 1
    if token.type == "html_inline":
        return token.content.count("\n")
    if token.type == "image":
        return sum(_line_breaks(child) for child in token.children or ())
    return 0


# --- render rules ----------------------------------------------------------


def _fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    line = ctx.line(token.map[0] if token.map else None)
    info = unescapeAll(token.info)  # backslash escapes and entities: ``` f&ouml;\+ ```
    code_html, problems = render_code_block(token.content, info, path=ctx.path, line=line)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def _code_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ctx: RenderContext = env["ctx"]
    code_html, problems = render_code_block(token.content, "", path=ctx.path, line=None)
    ctx.diagnostics.extend(problems)
    return code_html + "\n"


def _heading_close(self, tokens, idx, options, env) -> str:
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
            ctx.site_path(src),
            post_dir=ctx.post_dir,
            bundle_dir=ctx.bundle_dir,
            content_dir=ctx.content_dir,
            static_dirs=ctx.static_dirs,
        )
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
            size = images.image_size(ref.file)
            if size:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
        if ref.url is not None:
            attrs["src"] = ctx.prefix(_encoded(ref.url, src))
    attrs["loading"] = "lazy"
    attrs["decoding"] = "async"
    return "<img" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">"


def _link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if href.startswith("/") and not href.startswith("//"):
        token.attrSet("href", env["ctx"].prefix(href))
    return self.renderToken(tokens, idx, options, env)


def _encoded(site_path: str, written: str) -> str:
    """A resolved site path, percent-encoded, with the query and fragment `written` had."""
    parts = urlsplit(written)
    url = quote(site_path, safe=_PATH_SAFE)
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url


def rewrite_urls(fragment: str, fix: Callable[[str], str]) -> str:
    """Apply `fix` to every URL in the `href`, `src`, `poster` and `srcset` attributes of the
    tags of an HTML fragment (each candidate of a srcset); quoting and descriptors are kept.
    Text that merely looks like an attribute (`href=&quot;/x&quot;` in prose) is left alone."""

    def attribute(m: re.Match) -> str:
        quote_char = m.group("q") or ""
        value = m.group("quoted") if quote_char else m.group("bare")
        if m.group("name").lower() == "srcset":
            value = _SRCSET_CANDIDATE.sub(
                lambda c: c.group("sep") + fix(c.group("url")) + c.group("rest"), value
            )
        else:
            value = fix(value)
        return f"{m.group('lead')}{quote_char}{value}{quote_char}"

    return _TAG.sub(lambda tag: _URL_ATTR.sub(attribute, tag.group(0)), fragment)


def _raw_html(self, tokens, idx, options, env) -> str:
    ctx: RenderContext = env["ctx"]
    content = tokens[idx].content
    if ctx.base_path == "/" or "/" not in content:
        return content
    return rewrite_urls(
        content,
        lambda url: ctx.prefix(url) if url.startswith("/") and not url.startswith("//") else url,
    )


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    """As GitHub writes it: a section named by a heading only screen readers show."""
    return (
        '<hr class="footnotes-sep">\n'
        '<section class="footnotes" aria-labelledby="footnote-label">\n'
        '<h2 class="visually-hidden" id="footnote-label">Footnotes</h2>\n'
        '<ol class="footnotes-list">\n'
    )


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if meta["subId"] > 0:
        ident += f":{meta['subId']}"
    return (
        f' <a href="#fnref{ident}" class="footnote-backref" '
        f'aria-label="Back to reference {meta["id"] + 1}">\u21a9\ufe0e</a>'
    )


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
    md.core.ruler.push("ssg_heading_ids", _heading_ids)
    md.core.ruler.push("ssg_inline_lines", _inline_lines)
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _code_block)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("html_block", _raw_html)
    md.add_render_rule("html_inline", _raw_html)
    md.add_render_rule("footnote_block_open", _footnote_block_open)
    md.add_render_rule("footnote_anchor", _footnote_anchor)
    if flavor == "kramdown":
        from ssg.markup.kramdown.plugin import kramdown_plugin

        md.use(kramdown_plugin)  # last: it wraps the render rules above
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
        excerpt_tokens, excerpt_env = _parse_part(md, excerpt_markdown, env)
    elif excerpt_separator and excerpt_separator in text:
        head = text.split(excerpt_separator, 1)[0]
        excerpt_tokens, excerpt_env = _parse_part(md, head, env)
    else:
        excerpt_tokens, excerpt_env = _first_paragraph(tokens), {**env, "ctx": _quiet(ctx)}
    excerpt = md.renderer.render(_for_excerpt(excerpt_tokens), md.options, excerpt_env)
    if ctx.page_url is not None:
        excerpt = rewrite_urls(excerpt, _page_relative_fixer(ctx))
    words, minutes = reading_time(tokens)
    return Rendered(body, excerpt.strip(), tuple(ctx.toc), words, minutes, _features(tokens))


def _features(tokens: list[Token]) -> tuple[str, ...]:
    """Math (kramdown's `$$`) and mermaid diagrams need the theme's scripts."""
    features = []
    if any(t.type in ("math_block", "math_inline") for t in tokens) or any(
        c.type == "math_inline" for t in tokens if t.type == "inline" for c in t.children or ()
    ):
        features.append("math")
    if any(t.type == "fence" and t.info.strip().split(" ")[:1] == ["mermaid"] for t in tokens):
        features.append("mermaid")
    return tuple(features)


def _quiet(ctx: RenderContext) -> RenderContext:
    """A context for a second rendering of part of the text: diagnostics are not repeated."""
    return dataclasses.replace(ctx, diagnostics=[], toc=[])  # `files` stays shared


def _parse_part(md: MarkdownIt, text: str, env: dict) -> tuple[list[Token], dict]:
    """Parse part of a document (its excerpt) knowing the whole document's link
    references and footnote labels, as Jekyll does, so `[text][ref]` and `[^1]` resolve."""
    labels = env.get("footnotes", {}).get("refs", {})
    part_env = {
        "ctx": _quiet(env["ctx"]),
        "references": dict(env.get("references", {})),
        "footnotes": {"refs": dict.fromkeys(labels, -1), "list": {}},
    }
    return md.parse(text, part_env), part_env


def _page_relative_fixer(ctx: RenderContext) -> Callable[[str], str]:
    """`diagram.png` or `#setup` in an excerpt -> `/repo/2021/05/25/post/diagram.png`."""
    page = quote(ctx.page_url or "/", safe=_PATH_SAFE)

    def fix(url: str) -> str:
        if not url or url.startswith("/") or _SCHEME.match(url):
            return url
        return ctx.prefix(urljoin(page, url))

    return fix


def _first_paragraph(tokens: list[Token]) -> list[Token]:
    for start, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            end = start
            while tokens[end].type != "paragraph_close":
                end += 1
            return tokens[start : end + 1]
    return []


def _for_excerpt(tokens: list[Token]) -> list[Token]:
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
