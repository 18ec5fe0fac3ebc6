"""kramdown's inline attribute lists (IALs): `{: .class #id key="value" ref}`.

A line holding only an IAL applies to the block right above it (no blank line between),
otherwise to the next block; an IAL right after a span element (image, link, emphasis,
code span) applies to that element. Attribute list definitions (`{:name: .class}`) name a
set that an IAL can reference by `name`. Text that does not parse as attributes stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ssg.markup.scan import find_from

# kramdown's grammar (parser/kramdown/extensions.rb), item by item
_KEY_VALUE = (
    r"""(?P<key>\w[\w-]*)="""
    r"""(?:(?P<q>["'])(?P<quoted>(?:\\.|[^\\}])*?)(?P=q)|(?P<bare>[^\s"'=<>`{}]+))"""
)
_ID_OR_CLASS = r"(?P<idclass>(?:#[A-Za-z][\w:-]*|\.[^\s.#{}]+)+)"
_REF = r"(?P<ref>\w[\w-]*)"
_ITEM = re.compile(rf"\s*(?:{_KEY_VALUE}|{_ID_OR_CLASS}|{_REF})(?=\s|$)")
_ID_CLASS_PART = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#{}]+)")
_BLOCK_IAL = re.compile(r"\{:(?![:/])((?:\\\}|[^}])+)\}[ \t]*")
_ALD = re.compile(r"\{:(\w[\w-]*):((?:\\\}|[^}])+)\}[ \t]*")
_SPAN_IAL = re.compile(r"\{:(?![:/])((?:\\\}|[^}])+)\}")
_SPAN_IAL_END = re.compile(r"(?<!\\)\}")  # an IAL ends at the first `}` not escaped
_SPAN_IAL_MAX = 1000  # characters: longer `{:…}` is text (and never read to its end again)
_BLANK_REST = re.compile(r"\s*\Z")

# tokens whose renderer writes HTML itself: their attributes are kept in
# `meta["kramdown_attrs"]` and merged
# into the first tag of what the renderer wrote (see `kramdown.py`)
RAW_RENDERED = frozenset(
    {"image", "fence", "code_block", "html_block", "math_block", "math_inline"}
)


@dataclass(slots=True)
class Ial:
    attrs: dict[str, str] = field(default_factory=dict)  # `class` holds all classes
    refs: list[str] = field(default_factory=list)  # names such as `toc`

    def update(self, other: Ial) -> None:
        self.attrs = merged(self.attrs, other.attrs.items())
        self.refs.extend(other.refs)


def merged(attrs: dict[str, str], updates: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`attrs` with each (key, value) of `updates` set in turn, a class added to the classes
    (`class = f"{class} {value}".strip()` each time), in time linear in what is added."""
    out = dict(attrs)
    classes: list[str] | None = None  # the class so far, in parts to join with spaces
    for key, value in updates:
        if key != "class":
            out[key] = value
        elif classes is None:
            first = f"{out.get('class', '')} {value}".strip()
            out["class"] = ""  # keeps the attribute's place
            classes = [first] if first else []
        elif value.strip():
            classes.append(value.rstrip() if classes else value.strip())
    if classes is not None:
        out["class"] = " ".join(classes)
    return out


def parse_ial(text: str) -> Ial | None:
    """`.a #b c="d" toc` -> Ial; None when any part is not kramdown attribute syntax."""
    if not text.strip():
        return None
    updates: list[tuple[str, str]] = []
    refs: list[str] = []
    pos = 0
    while pos < len(text) and not _BLANK_REST.match(text, pos):
        m = _ITEM.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        if m["key"]:
            value = m["quoted"] if m["q"] else m["bare"]
            if m["q"]:
                value = re.sub(r"\\([}\"'])", r"\1", value)
            updates.append((m["key"], value))
        elif m["idclass"]:
            for ident, cls in _ID_CLASS_PART.findall(m["idclass"]):
                updates.append(("id", ident) if ident else ("class", cls))
        else:
            refs.append(m["ref"])
    return Ial(merged({}, updates), refs)


def apply_ial(token: Token, ial: Ial | list[Ial], env: dict) -> None:
    """Add IALs in turn, each after the definitions it references, to a token's attributes
    (a list of them at once: applying one after another would copy the classes each time)."""
    updates: list[tuple[str, str]] = []
    refs: list[str] = []
    alds = env.get("kramdown_alds", {})
    for one in ial if isinstance(ial, list) else [ial]:
        resolved = Ial()
        for ref in one.refs:
            if ref in alds:
                resolved.update(alds[ref])
        resolved.update(one)
        updates.extend(resolved.attrs.items())
        refs.extend(resolved.refs)
    raw = token.type in RAW_RENDERED
    current = {
        k: str(v) for k, v in (token.meta.get("kramdown_attrs", {}) if raw else token.attrs).items()
    }
    current = merged(current, updates)
    if raw:
        token.meta["kramdown_attrs"] = current
    else:
        token.attrs = current
    token.meta.setdefault("ial_refs", []).extend(refs)
    classes = current.get("class", "").split()
    if token.type == "heading_open" and ("no_toc" in classes or "data-toc-skip" in current):
        token.meta["toc_skip"] = True


# --- block level -------------------------------------------------------------


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def block_ial_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that is only `{: …}` (an IAL) or `{:name: …}` (a definition)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _line(state, start)
    if not text.startswith("{:"):
        return False
    ald = _ALD.fullmatch(text)
    if ald:
        ial = parse_ial(ald[2])
    else:
        m = _BLOCK_IAL.fullmatch(text)
        ial = parse_ial(m[1]) if m else None
    if ial is None:
        return False
    if silent:
        return True
    if ald:
        state.env.setdefault("kramdown_alds", {})[ald[1]] = ial
    else:
        token = state.push("kramdown_ial", "", 0)
        token.map = [start, start + 1]
        token.meta["ial"] = ial
        token.meta["after_blank"] = start == 0 or state.isEmpty(start - 1)
    state.line = start + 1
    return True


def attach_block_ials(tokens: list[Token], env: dict) -> list[Token]:
    """Apply each block IAL to the block it belongs to, and drop the IAL tokens."""
    out: list[Token] = []
    openers: list[int] = []  # indexes in `out` of the open containers
    closed: dict[int, int] = {}  # index of a closing token -> index of its opener
    pending: list[Ial] = []
    pending_level = -1
    after: list[Ial] = []  # IALs for the block that ends `out`, applied together
    for token in tokens:
        if token.type == "kramdown_ial":
            previous = out[-1] if out else None
            if (
                previous is not None
                and previous.level == token.level
                and previous.nesting <= 0
                and not token.meta["after_blank"]
            ):
                after.append(token.meta["ial"])
            else:
                pending.append(token.meta["ial"])
                pending_level = token.level
            continue
        if after:
            apply_ial(out[closed.get(len(out) - 1, len(out) - 1)], after, env)
            after = []
        if pending and token.level < pending_level:
            pending = []  # the container ended before any block came
        if pending and token.level == pending_level and token.nesting >= 0:
            apply_ial(token, pending, env)
            pending = []
        out.append(token)
        if token.nesting == 1:
            openers.append(len(out) - 1)
        elif token.nesting == -1 and openers:
            closed[len(out) - 1] = openers.pop()
    if after:
        apply_ial(out[closed.get(len(out) - 1, len(out) - 1)], after, env)
    return out


# --- span level --------------------------------------------------------------


def span_ial_rule(state: StateInline, silent: bool) -> bool:
    """`{: …}` right after a span element; the element is known only after emphasis
    is resolved, so `attach_span_ials` decides (and turns it back into text if none)."""
    pos = state.pos
    if not state.src.startswith("{:", pos) or state.pending or not state.tokens:
        return False
    end = find_from(state, _SPAN_IAL_END, pos + 2)  # read once, not from every `{:`
    if end == -1 or end >= state.posMax or end - pos > _SPAN_IAL_MAX:
        return False
    m = _SPAN_IAL.match(state.src, pos, end + 1)
    ial = parse_ial(m[1]) if m else None
    if ial is None:
        return False
    if not silent:
        token = state.push("kramdown_span_ial", "", 0)
        token.content = m[0]
        token.meta["ial"] = ial
    state.pos = m.end()
    return True


_SPAN_TARGETS = frozenset({"image", "code_inline", "math_inline"})


def attach_span_ials(children: list[Token], env: dict) -> list[Token]:
    out: list[Token] = []
    target: Token | None = None  # of the IALs in `after`
    after: list[Ial] = []  # IALs right after one another, applied together
    for token in children:
        if token.type != "kramdown_span_ial":
            if after:
                apply_ial(target, after, env)
                after = []
            out.append(token)
            continue
        if not after:
            target = _span_target(out)
        if target is None:
            out.append(_as_text(token))
        else:
            after.append(token.meta["ial"])
    if after:
        apply_ial(target, after, env)
    return out


def _span_target(out: list[Token]) -> Token | None:
    # emphasis leaves an empty text token where a `**` delimiter was
    index = len(out) - 1
    while index >= 0 and out[index].type == "text" and not out[index].content:
        index -= 1
    if index < 0:
        return None
    last = out[index]
    if last.type in _SPAN_TARGETS:
        return last
    if last.nesting == -1:  # `</a>`, `</em>`, `</strong>`, `</s>`: find the opener
        depth = 0
        for back in range(index, -1, -1):
            depth += out[back].nesting
            if depth == 0:
                return out[back]
    return None


def _as_text(token: Token) -> Token:
    text = Token("text", "", 0)
    text.content = token.content
    text.level = token.level
    return text
