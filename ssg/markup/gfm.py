"""GitHub's autolinks and task lists in linear time, in place of mdit-py-plugins' rules.

mdit-py-plugins 0.7's versions give the same HTML but are quadratic on hostile input: its
protocol rule copies the rest of the paragraph and searches all pending text at every `:`
(`a:` x 50,000 took two minutes), its URL trimming recounts parentheses for each trailing `)`,
and its task lists look for each item's list by walking back to the list's start. These are
ports that read only the text a link can span (up to the next space) and find each list in
one pass. `use(md)` installs them after `gfm_plugin` and `tasklists_plugin`.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = ["use"]

_VALID_PREV = frozenset(" \t\r\n*_~(")
_SPACE = frozenset(" \t\r\n\x00\x0b\x0c")
_URL_END = re.compile(r"[ \t\r\n\x00\x0b\x0c<]")  # a URL never goes past these
_TRIMMED = frozenset("?!.,:*_~'\"[]")
_EMAIL_LOCAL = frozenset(".+-_")
_PROTOCOLS = ("https", "http", "mailto", "xmpp")


def use(md: MarkdownIt) -> None:
    """Swap the gfm autolink rules and the task-list rule for the linear ones."""
    md.inline.ruler.at("gfm_autolink_www", www_rule)
    md.inline.ruler.at("gfm_autolink_protocol", protocol_rule)
    md.inline.ruler.at("gfm_autolink_email", email_rule)
    md.core.ruler.at("github-tasklists", task_lists)


def stop_text_at_www_only(md: MarkdownIt) -> None:
    """The plugin makes the `text` rule stop at every `w` (for `www.` links), so every
    inline rule is tried at each `w` of English prose; stop only where `www.` starts, the
    one place `www_rule` can match. Call it after the last plugin that adds stop chars."""
    pattern = md.inline.terminator_re.pattern
    if pattern.startswith("[") and pattern.endswith("]") and "w" in pattern:
        md.inline.terminator_re = re.compile(pattern.replace("w", "") + r"|w(?=ww\.)")


# --- autolinks: GFM's extension (https://github.github.com/gfm/#autolinks-extension-) -----


def _is_hostchar(ch: str) -> bool:
    return not ch.isspace() and not unicodedata.category(ch).startswith("P")


def _domain_end(src: str, start: int, end: int, allow_short: bool) -> int | None:
    """Where a valid domain starting at `start` ends (`end` at most), or None."""
    if start >= end:
        return None
    periods = underscores_before = underscores = 0
    for i in range(start, end):
        ch = src[i]
        if ch == "_":
            underscores += 1
        elif ch == ".":
            underscores_before, underscores = underscores, 0
            periods += 1
        elif ch != "-" and not _is_hostchar(ch):
            if not underscores_before and not underscores and (allow_short or periods):
                return i
            return None
    if (underscores_before or underscores) and periods <= 10:
        return None
    return end if allow_short or periods else None


def _link_end(src: str, start: int, domain_end: int, end: int) -> int:
    """The end of a URL from `start` whose domain ends at `domain_end`: up to a space or `<`,
    less trailing punctuation, an entity-like `&name;` and unbalanced `)`."""
    cut = src.find("<", start, domain_end)
    if cut == -1:
        stop = _URL_END.search(src, domain_end, end)
        cut = stop.start() if stop else end
    opening = src.count("(", start, cut)
    closing = src.count(")", start, cut)
    while cut > start:
        last = src[cut - 1]
        if last in _TRIMMED:
            cut -= 1
        elif last == ";":
            back = cut - 2
            while back > start and src[back].isalpha():
                back -= 1
            cut = back if back < cut - 2 and src[back] == "&" else cut - 1
        elif last == ")" and closing > opening:
            cut -= 1
            closing -= 1
        else:
            break  # `(` is never trimmed, so `opening` stays true
    return cut


def _push_link(state: StateInline, back: int, length: int, url: str, text: str) -> bool:
    """Link tokens for `text` (its first `back` characters already in pending text)."""
    if back:
        state.pending = state.pending[:-back]
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    token = state.push("link_open", "a", 1)
    token.attrs = {"href": full_url}
    token.markup, token.info = "autolink", "auto"
    token = state.push("text", "", 0)
    token.content = state.md.normalizeLinkText(text)
    token = state.push("link_close", "a", -1)
    token.markup, token.info = "autolink", "auto"
    state.pos += length - back
    return True


def www_rule(state: StateInline, silent: bool) -> bool:
    """`www.example.com` (the text rule stops at every `w`)."""
    src, pos, end = state.src, state.pos, state.posMax
    if silent or state.linkLevel > 0 or not src.startswith("www.", pos) or pos + 4 > end:
        return False  # silent: autolinks are made only when emitting (as the plugin does)
    pending = state.pending
    preceding = pending[-1] if pending else (src[pos - 1] if pos > 0 else " ")
    if preceding not in _VALID_PREV:
        return False
    domain = _domain_end(src, pos + 4, end, False)
    if domain is None:
        return False
    cut = _link_end(src, pos, domain, end)
    return _push_link(state, 0, cut - pos, "http://" + src[pos:cut], src[pos:cut])


def protocol_rule(state: StateInline, silent: bool) -> bool:
    """`https://…`, `http://…`, `mailto:…@…`, `xmpp:…@…` (at the `:`, the scheme pending)."""
    src, pos, end = state.src, state.pos, state.posMax
    if silent or state.linkLevel > 0 or end - pos < 4 or src[pos] != ":":
        return False
    pending = state.pending
    scheme = next((p for p in _PROTOCOLS if pending.endswith(p)), None)
    if scheme is None:
        return False
    back = len(scheme)
    if pos - back > 0 and src[pos - back - 1] not in _VALID_PREV:
        return False
    if scheme in ("http", "https"):
        if not src.startswith("://", pos):
            return False
        domain = _domain_end(src, pos + 3, end, True)
        if domain is None:
            return False
        cut = _link_end(src, pos, domain, end)  # the scheme holds nothing trimmed
        url = scheme + src[pos:cut]
        return _push_link(state, back, len(url), url, url)
    cut = _email_end(src, pos + 1, end, scheme)
    if cut is None:
        return False
    url = scheme + src[pos:cut]
    return _push_link(state, back, len(url), url, url)


def _email_end(src: str, start: int, end: int, scheme: str) -> int | None:
    """The end of `local@domain` starting at `start` after `mailto:`/`xmpp:`, or None."""
    at = start
    while at < end and src[at] != "@":
        ch = src[at]
        if not (ch.isascii() and (ch.isalnum() or ch in _EMAIL_LOCAL)):
            return None
        at += 1
    if at == start:
        return None
    cut, periods, slashes = at + 1, 0, 0
    while cut < end:
        ch = src[cut]
        if ch.isascii() and ch.isalnum():
            pass
        elif ch == "@":
            if scheme != "xmpp":
                return None
        elif ch == "." and cut < end - 1 and src[cut + 1].isascii() and src[cut + 1].isalnum():
            periods += 1
        elif ch == "/" and scheme == "xmpp" and not slashes:
            slashes += 1
        elif ch not in "-_":
            break
        cut += 1
    if cut > end or not periods:
        return None
    last = src[cut - 1]
    if not (last.isascii() and last.isalpha()) and last != ".":
        return None
    return cut


def email_rule(state: StateInline, silent: bool) -> bool:
    """A bare `local@domain.tld` (at the `@`, the local part pending)."""
    src, pos, end = state.src, state.pos, state.posMax
    if silent or state.linkLevel > 0 or pos + 1 >= end or src[pos] != "@":
        return False
    pending = state.pending
    local = 0
    while local < len(pending):
        ch = pending[-1 - local]
        if not (ch.isascii() and (ch.isalnum() or ch in _EMAIL_LOCAL)):
            break
        local += 1
    if not local or (pos - local > 0 and src[pos - local - 1] not in _VALID_PREV):
        return False
    cut, periods = pos + 1, 0
    while cut < end:
        ch = src[cut]
        if ch.isascii() and ch.isalnum():
            pass
        elif ch == "@":
            return False
        elif ch == "." and cut + 1 < end and src[cut + 1].isascii() and src[cut + 1].isalnum():
            periods += 1
        elif ch not in "-_":
            break
        cut += 1
    if cut == pos + 1 or not periods:
        return False
    last = src[cut - 1]
    if not (last.isascii() and last.isalnum()) and last != ".":
        return False
    text = pending[len(pending) - local :] + src[pos:cut]
    return _push_link(state, local, len(text), "mailto:" + text, text)


# --- task lists: `- [ ] item`, disabled checkboxes wrapped in a <label> ------------------

_TODO = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")
_BOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'


def task_lists(state: StateCore) -> None:
    """As the plugin's rule with `label=True`, finding each item's list in one pass."""
    tokens = state.tokens
    last_at_level: dict[int, int] = {}  # level -> index of the last token seen at it
    for i, token in enumerate(tokens[:-1]):
        if i >= 2 and _is_todo(tokens, i):
            _todoify(token)
            item = tokens[i - 2]
            item.attrSet("class", "task-list-item")
            tokens[last_at_level.get(item.level - 1, -1)].attrSet("class", "contains-task-list")
        if i >= 2:
            last_at_level[tokens[i - 2].level] = i - 2


def _is_todo(tokens: list[Token], i: int) -> bool:
    return (
        tokens[i].type == "inline"
        and tokens[i - 1].type == "paragraph_open"
        and tokens[i - 2].type == "list_item_open"
        and _TODO.match(tokens[i].content) is not None
    )


def _todoify(token: Token) -> None:
    assert token.children is not None
    box = Token("html_inline", "", 0)
    if token.content.startswith("[ ] "):
        box.content = _BOX.format("")
    elif token.content.startswith(("[x] ", "[X] ")):
        box.content = _BOX.format('checked="checked" ')
    token.children.insert(0, box)
    token.children[1].content = token.children[1].content[3:]
    token.content = token.content[3:]
    token.children.insert(0, Token("html_inline", "", 0, content="<label>"))
    token.children.append(Token("html_inline", "", 0, content="</label>"))
