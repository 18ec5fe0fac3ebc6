"""kramdown syntax for Jekyll sites, as a markdown-it-py plugin: `md.use(kramdown_plugin)`.

Apply it last, after every other plugin and render rule: it wraps the `fence`,
`code_block`, `image` and `html_block` renderers that are set when it is applied.

What it adds, and the conventions other code can rely on:
- Inline attribute lists (`kramdown_ial.py`): `{: .class #id key="value"}` after a block or a
  span. Most tokens get the attributes in `token.attrs`; tokens whose renderer writes HTML
  itself (images, code blocks, raw HTML, math) keep them in `meta["kramdown_attrs"]`, and
  the wrapped renderer merges them into the first tag it writes (classes added, other
  attributes replaced; on an image a lone `width` or `height` drops the other size, and
  Chirpy's `w`/`h` mean `width`/`height`). Block IALs are applied right after block parsing,
  before any core rule that comes later.
- Header ids: `## Title {#custom-id}` (or `{: #custom-id}`) sets the `id` of `heading_open`
  and drops the text, before inline parsing; a heading-id rule must keep an id that is
  already there (and count it as used).
- `{: .no_toc}` (kramdown) and `data-toc-skip` (Chirpy) on a heading keep their class or
  attribute in the output and set `heading_open.meta["toc_skip"] = True`: a TOC collector
  should leave such headings out.
- The `{:toc}` marker list (`* TOC` / `1. TOC` then `{:toc}`) becomes one `kramdown_toc`
  token, written at render time, when every heading id is known, as kramdown writes it: a
  `<ul id="markdown-toc">` (or `<ol>`, or the IAL's own id) nesting links
  `<a href="#id" id="markdown-toc-id">` to all headings with an id but without `no_toc`.
- `markdown="1"` HTML blocks (`html_blocks.py`), abbreviations and typography
  (`text.py`), math (`math.py`), `{::comment}` and `{::nomarkdown}` (`extensions.py`);
  `uses_math(tokens)` tells whether a page holds math (written by `ssg.markup.mathml`, as
  MathML or for KaTeX), `uses_mermaid(tokens)` whether it needs mermaid.
- A ```` ```mermaid ```` fence is written `<pre class="mermaid">…</pre>` for mermaid.js (by
  `rules.mermaid`, as in the default flavor; also when the fence renderer is not ssg's).
- Chirpy's caption (`![…](…)` then `_caption_` on the next line) needs nothing: as in
  kramdown it is one paragraph, `<p><img …>\\n<em>caption</em></p>`, styled `img + em`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from ssg.markup.kramdown import block_syntax, extensions, fences
from ssg.markup.kramdown.html_blocks import (
    html_block_rule,
    span_html_stays_inline,
    stray_end_tags_are_text,
)
from ssg.markup.kramdown.ial import (
    RAW_RENDERED,
    attach_block_ials,
    attach_span_ials,
    block_ial_rule,
    span_ial_rule,
)
from ssg.markup.kramdown.math import (
    display_paragraphs,
    math_block_rule,
    math_inline_rule,
    render_math_block,
    render_math_inline,
    uses_math,
)
from ssg.markup.kramdown.text import abbreviation_rule, abbreviations, guillemets_rule, typography
from ssg.markup.rules import is_mermaid
from ssg.markup.rules import mermaid as render_mermaid

__all__ = ["kramdown_plugin", "uses_math", "uses_mermaid"]

# kramdown's HEADER_ID: an XML name after a space at the end of the heading text
_HEADER_ID = re.compile(r"[\t ]\{#((?:[^\W\d]|:)[\w.:\u00b7-]*)\}$")
_FIRST_TAG = re.compile(r"""<([a-zA-Z][\w:-]*)((?:"[^"]*"|'[^']*'|[^'">])*?)(\s*/?)>""")
_TAG_ATTR = re.compile(r"""\s+([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_NOT_IN_TOC = frozenset({"link_open", "link_close", "footnote_ref", "image"})


def kramdown_plugin(md: MarkdownIt) -> None:
    block = md.block.ruler
    block.before("lheading", "kramdown_ial", block_ial_rule, {"alt": ["paragraph", "blockquote"]})
    block.before("lheading", "kramdown_math", math_block_rule)
    block.before("lheading", "kramdown_abbreviation", abbreviation_rule)
    block.before(
        "html_block",
        "kramdown_html",
        html_block_rule,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    original = block.__rules__[block.__find__("html_block")]
    block.at("html_block", span_html_stays_inline(original.fn), {"alt": list(original.alt)})
    inline = md.inline.ruler.__rules__[md.inline.ruler.__find__("html_inline")]
    md.inline.ruler.at("html_inline", stray_end_tags_are_text(inline.fn))
    block_syntax.use(md)
    extensions.use(md)
    fences.use(md)
    md.inline.ruler.before("escape", "kramdown_math", math_inline_rule)
    md.inline.ruler.after("text", "kramdown_ial", span_ial_rule)
    md.inline.ruler.before("html_inline", "kramdown_guillemets", guillemets_rule)
    # kramdown (and kramdown-parser-gfm, which Jekyll uses) links no bare URL or address
    md.inline.ruler.disable(["gfm_autolink_www", "gfm_autolink_protocol", "gfm_autolink_email"])
    md.core.ruler.after("block", "kramdown_blocks", _blocks)
    md.core.ruler.after("inline", "kramdown_spans", _spans)
    for name in RAW_RENDERED - {"math_block", "math_inline"}:
        md.add_render_rule(name, _with_attrs(md.renderer.rules[name], name == "fence"))
    md.add_render_rule("math_block", _with_attrs(render_math_block))
    md.add_render_rule("math_inline", _with_attrs(render_math_inline))
    md.add_render_rule("kramdown_toc", _render_toc)
    for name, rule in _FOOTNOTE_RULES.items():
        md.add_render_rule(name, rule)


BACK_ARROW = "&#8617;&#xfe0e;"  # as kramdown writes it: the arrow, shown as text


def uses_mermaid(tokens: list[Token]) -> bool:
    """Whether a parsed document holds a mermaid diagram (so the page needs mermaid.js)."""
    return any(is_mermaid(token) for token in tokens)


# --- core rules ----------------------------------------------------------------


def _blocks(state) -> None:
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open":
            inline = state.tokens[index + 1]
            m = _HEADER_ID.search(inline.content.rstrip())
            if m:
                token.attrSet("id", m[1])
                inline.content = inline.content.rstrip()[: m.start()].rstrip()
        elif token.type == "ordered_list_open":  # kramdown numbers every list from 1
            token.attrs.pop("start", None)  # (`{: start="3"}` after it still sets one)
    tokens = attach_block_ials(state.tokens, state.env)
    state.tokens = display_paragraphs(_toc_markers(tokens))


def _spans(state) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            children = attach_span_ials(token.children, state.env)
            typography(children)  # before abbreviations split the text runs it reads
            token.children = abbreviations(children, state.env)


def _toc_markers(tokens: list[Token]) -> list[Token]:
    """Replace each list marked `{:toc}` by a `kramdown_toc` token."""
    out: list[Token] = []
    skip_to_level = None
    for token in tokens:
        if skip_to_level is not None:
            if token.level == skip_to_level and token.nesting == -1:
                skip_to_level = None
            continue
        if token.type in ("bullet_list_open", "ordered_list_open") and "toc" in token.meta.get(
            "ial_refs", ()
        ):
            toc = Token("kramdown_toc", token.tag, 0, attrs=dict(token.attrs), map=token.map)
            toc.level, toc.block = token.level, True
            out.append(toc)
            skip_to_level = token.level
            continue
        out.append(token)
    return out


# --- rendering -----------------------------------------------------------------


def _render_toc(self, tokens, idx, options, env) -> str:
    """kramdown's table of contents: each heading nests under the last one of a lower level."""
    token = tokens[idx]
    toc_id = str(token.attrs.get("id", "markdown-toc"))
    roots: list[list] = []  # [level, id, html, children]
    stack: list[list] = []
    for index, heading in enumerate(tokens):
        classes = str(heading.attrs.get("class", "")).split()
        if heading.type != "heading_open" or not heading.attrGet("id") or "no_toc" in classes:
            continue
        children = [c for c in tokens[index + 1].children or () if c.type not in _NOT_IN_TOC]
        node = [int(heading.tag[1]), str(heading.attrGet("id")), "", []]
        node[2] = self.renderInline(children, options, env)
        while stack and stack[-1][0] >= node[0]:
            stack.pop()
        (stack[-1][3] if stack else roots).append(node)
        stack.append(node)
    attrs = {**{k: str(v) for k, v in token.attrs.items()}, "id": toc_id}
    opening = "".join(f' {k}="{escapeHtml(v)}"' for k, v in attrs.items())
    return f"<{token.tag}{opening}>\n{_toc_items(roots, token.tag, toc_id)}</{token.tag}>\n"


def _toc_items(nodes: list[list], tag: str, toc_id: str) -> str:
    items = []
    for _level, ident, text, children in nodes:
        nested = f"\n<{tag}>\n{_toc_items(children, tag, toc_id)}</{tag}>\n" if children else ""
        ident = escapeHtml(ident)
        items.append(f'<li><a href="#{ident}" id="{toc_id}-{ident}">{text}</a>{nested}</li>\n')
    return "".join(items)


def _with_attrs(previous: Callable, mermaid: bool = False) -> Callable:
    """A render rule: the `previous` one (a bound rule, or an unbound one taking the
    renderer first), then the token's IAL attributes merged into its first tag."""

    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if mermaid and is_mermaid(token):
            out = render_mermaid(token)
        elif hasattr(previous, "__self__"):
            out = previous(tokens, idx, options, env)
        else:
            out = previous(self, tokens, idx, options, env)
        attrs = token.meta.get("kramdown_attrs")
        return merge_first_tag(out, attrs) if attrs else out

    return render


def merge_first_tag(fragment: str, attrs: dict[str, str]) -> str:
    """Add attributes to the first start tag of an HTML fragment (classes accumulate)."""
    m = _FIRST_TAG.search(fragment)
    if m is None:
        return fragment
    tag = m[1].lower()
    existing: dict[str, str | None] = {}
    for a in _TAG_ATTR.finditer(m[2]):
        value = next((v for v in a.groups()[1:] if v is not None), None)
        existing[a[1].lower()] = None if value is None else html.unescape(value)
    if tag == "img":
        attrs = {{"w": "width", "h": "height"}.get(k, k): v for k, v in attrs.items()}
        if ("width" in attrs) != ("height" in attrs):  # one size given: keep the ratio
            existing.pop("height" if "width" in attrs else "width", None)
    for key, value in attrs.items():
        if key == "class" and existing.get("class"):
            existing["class"] = f"{existing['class']} {value}"
        else:
            existing[key] = value
    written = "".join(
        f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"'
        for k, v in existing.items()
    )
    return f"{fragment[: m.start()]}<{m[1]}{written}{m[3]}>{fragment[m.end() :]}"


# --- footnotes, as kramdown writes them (`fn:name` ids: old links to them keep working) -----


def _footnote_name(token: Token) -> str:
    return str(token.meta.get("label") or token.meta["id"] + 1)


def _footnote_ref(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    name = escapeHtml(_footnote_name(token))
    suffix = f":{token.meta['subId']}" if token.meta.get("subId") else ""
    return (
        f'<sup id="fnref:{name}{suffix}" role="doc-noteref">'
        f'<a href="#fn:{name}" class="footnote" rel="footnote">{token.meta["id"] + 1}</a></sup>'
    )


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnotes" role="doc-endnotes">\n<ol>\n'


def _footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def _footnote_open(self, tokens, idx, options, env) -> str:
    name = escapeHtml(_footnote_name(tokens[idx]))
    return f'<li id="fn:{name}" role="doc-endnote">'


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    name = escapeHtml(_footnote_name(token))
    suffix = f":{token.meta['subId']}" if token.meta.get("subId") else ""
    link = f'<a href="#fnref:{name}{suffix}" class="reversefootnote" role="doc-backlink">'
    return f" {link}{BACK_ARROW}</a>"


_FOOTNOTE_RULES = {
    "footnote_ref": _footnote_ref,
    "footnote_block_open": _footnote_block_open,
    "footnote_block_close": _footnote_block_close,
    "footnote_open": _footnote_open,
    "footnote_anchor": _footnote_anchor,
}
