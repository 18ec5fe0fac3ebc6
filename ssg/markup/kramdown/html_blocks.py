"""kramdown's HTML blocks: a block element's contents are raw unless `markdown="1"`.

CommonMark ends an HTML block such as `<div>` or `<details>` at the first blank line and
reads what follows as Markdown; kramdown (and so Jekyll) keeps everything up to the
matching end tag as raw HTML (to the end of the document when there is none). With
`markdown="1"` (or `"block"`, `"span"`) the contents are Markdown instead, the attribute
is dropped, and nested elements without the attribute are raw again. Elements that
markdown-it already reads to their end tag (`pre`, `script`, `style`, `textarea`) and
void elements (`hr`) are left to it.

kramdown's output is balanced where CommonMark passes HTML through as it is: an element
without its end tag is closed where its container ends (with a warning), and an end tag that
closes nothing is text (`&lt;/div&gt;`). This is what happens to an indented
`{% include %}` whose HTML spans several lines: only its first line is indented, so the
element ends with the list item, and its end tag is left over after the list.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from ssg.errors import warning
from ssg.markup.kramdown.block_syntax import PARSE_BLOCK_HTML

# kramdown's HTML_BLOCK_ELEMENTS and block content model (parser/html.rb)
_BLOCK_TAGS = {
    *("address", "article", "aside", "applet", "body", "blockquote", "caption", "colgroup"),
    *("dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
    *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html"),
    *("head", "iframe", "legend", "menu", "li", "main", "map", "nav", "noscript", "object"),
    *("ol", "optgroup", "p", "section", "summary", "table", "tbody", "td", "th", "thead"),
    *("tfoot", "tr", "ul"),
}
# elements whose Markdown contents are a line of text, not blocks
_SPAN_CONTENT = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "legend", "caption"}
_SPAN_CONTENT |= {"summary"}  # phrasing content in HTML (kramdown itself mangles it)
_ATTRS = r"""(?:"[^"]*"|'[^']*'|[^'">])*"""
_START = re.compile(rf"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]){_ATTRS}>")
_MARKDOWN_ATTR = re.compile(r"""\s+markdown\s*=\s*(["']?)(1|block|span)\1""", re.IGNORECASE)
_NO_ATTRIBUTE = re.compile("").match("")  # "Markdown contents" without the attribute
# `markdown="1"` elements inside one another deeper than this hold raw HTML: each level
# parses the rest of its element again, and `<div markdown="1">` x 5,000 overflowed the stack
MAX_NESTING = 20


def html_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not state.md.options.get("html") or state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.bMarks[start] + state.tShift[start]
    opening = _START.match(state.src, first, state.eMarks[start])
    if opening is None or opening[1].lower() not in _BLOCK_TAGS or opening[0].endswith("/>"):
        return False
    if silent:
        return True
    tag = opening[1].lower()
    text, last, closing = _element(state, start, end, tag)
    opening = _START.match(text, len(text) - len(text.lstrip()))
    markdown = _MARKDOWN_ATTR.search(opening[0])
    if markdown is None and state.env.get(PARSE_BLOCK_HTML) and "markdown" not in opening[0]:
        markdown = _NO_ATTRIBUTE  # `{::options parse_block_html="true" /}` is in force
    nesting: list[int] = state.env.setdefault("kramdown_html_nesting", [])
    if markdown is not None and len(nesting) >= MAX_NESTING:
        attribute = markdown[0].strip() or 'parse_block_html="true"'
        _warn(
            state, start, f"<{tag} {attribute}> nested more than {MAX_NESTING} deep: left as HTML"
        )
        markdown = None
    if closing is None:
        _warn(state, start, f"<{tag}> has no end tag: closed at the end of its block")
    if markdown is None:
        token = state.push("html_block", "", 0)
        token.content = text if closing else f"{text.rstrip()}\n</{tag}>\n"
        token.map = [start, last + 1]
    else:
        contents = text[opening.end() : closing.start() if closing else len(text)]
        span = tag in _SPAN_CONTENT  # `<p markdown="1">` holds text, not blocks
        start_tag = opening[0].replace(markdown[0], "") if markdown[0] else opening[0]
        _push_raw(state, start_tag + ("" if span else "\n"), [start, start + 1])
        if span:
            token = state.push("inline", "", 0)
            token.content = contents.strip()
            token.map = [start, last + 1]
            token.children = []
        else:
            _parse_blocks(state, contents.lstrip(" \t").removeprefix("\n"), start + 1)
        _push_raw(state, f"</{tag}>\n", [last, last + 1])
    state.line = last + 1
    return True


def _warn(state: StateBlock, line: int, message: str) -> None:
    ctx = state.env.get("ctx")
    if ctx is not None:
        nesting = state.env.get("kramdown_html_nesting", [])
        ctx.diagnostics.append(warning(ctx.path, ctx.line(sum(nesting) + line), message))


def _element(state: StateBlock, start: int, end: int, tag: str) -> tuple[str, int, re.Match | None]:
    """(text, last line, end tag match or None) of the element starting on line `start`:
    lines up to its end tag, nesting counted, or to the end of the container."""
    tags = re.compile(rf"<(/?){tag}(?=[\s/>]){_ATTRS}>", re.IGNORECASE)
    text, depth = "", 0
    for line in range(start, end):
        if line > start and state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            return text, line - 1, None
        scanned = len(text)
        text += state.getLines(line, line + 1, state.blkIndent, True)
        for m in tags.finditer(text, scanned):
            if m[1]:
                depth -= 1
            elif not m[0].endswith("/>"):
                depth += 1
            if depth == 0:
                return text, line, m
    return text, end - 1, None


def _push_raw(state: StateBlock, content: str, line_map: list[int]) -> None:
    token = state.push("html_block", "", 0)
    token.content = content
    token.map = line_map


def _parse_blocks(state: StateBlock, text: str, first_line: int) -> None:
    """Parse `text` as Markdown blocks into the current token stream, nested at the
    current level, with line numbers counted from `first_line`."""
    tokens: list[Token] = []
    nesting = state.env["kramdown_html_nesting"]
    nesting.append(first_line)  # where `text` starts in its container, for diagnostics
    try:
        state.md.block.parse(text, state.md, state.env, tokens)
    finally:
        nesting.pop()
    for token in tokens:
        token.level += state.level
        if token.map:
            token.map = [token.map[0] + first_line, token.map[1] + first_line]
    state.tokens.extend(tokens)


# kramdown's HTML_SPAN_ELEMENTS: a line that starts with one of these is a paragraph with
# inline HTML in kramdown, where CommonMark opens an HTML block (its type 7) that runs to the
# next blank line and leaves the Markdown lines after it as literal text
SPAN_TAGS = {
    *("a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del"),
    *("dfn", "em", "i", "img", "input", "ins", "kbd", "label", "option", "q", "rb", "rbc"),
    *("rp", "rt", "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup"),
    *("tt", "u", "var"),
}
_TAG_AT_START = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")


def span_html_stays_inline(rule):
    """Wrap markdown-it's `html_block` rule: a line starting with a span element's tag, or
    with the end tag of a block element (which closes nothing there), never opens an HTML
    block: kramdown reads it as part of a paragraph."""

    def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = state.bMarks[start] + state.tShift[start]
        tag = _TAG_AT_START.match(state.src, first, state.eMarks[start])
        if tag is not None and (
            tag[1].lower() in SPAN_TAGS or (tag[0][1] == "/" and tag[1].lower() in _BLOCK_TAGS)
        ):
            return False
        return rule(state, start, end, silent)

    return html_block


_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")


def stray_end_tags_are_text(rule):
    """Wrap markdown-it's `html_inline` rule: the end tag of a block element that no start
    tag in the same paragraph opened is text, as kramdown writes it (`&lt;/div&gt;`)."""

    def html_inline(state, silent: bool) -> bool:
        end = _END_TAG.match(state.src, state.pos)
        if end is not None and end[1].lower() in _BLOCK_TAGS:
            opened = re.search(rf"<{end[1]}(?=[\s/>])", state.src[: state.pos], re.IGNORECASE)
            if opened is None:
                return False  # the `<` is then text, escaped by the renderer
        return rule(state, silent)

    return html_inline
