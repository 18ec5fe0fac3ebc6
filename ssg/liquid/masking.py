"""Masking code in Markdown so Liquid leaves it alone (native ssg sites).

`mask_code` replaces fenced and indented code blocks and inline code spans with
placeholders that keep their line count, and returns a function that puts them back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["mask_code"]


def mask_code(text: str, *, indented: bool = True) -> tuple[str, Callable[[str], str]]:
    """Replace code in Markdown `text` with placeholders Liquid leaves alone.

    Masked: fenced code blocks (``` or ~~~ of 3+, with info strings, indented up to
    3 spaces, or any amount inside list items; also in block quotes), indented
    (4-space) code blocks outside lists when `indented`, and inline code spans. Each
    placeholder is two private-use characters absent from `text` around a number
    and the region's newlines (so line numbers stay right, and `{%-`/`-%}`
    whitespace control cannot eat them). The body of a `{% highlight %}` block is
    masked whole, so a fence or backtick inside it cannot hide its `{% endhighlight %}`.
    Returns (masked text, restore function).
    """
    bodies = _highlight_bodies(text)
    scan = _blank(text, bodies)
    regions = _block_code_regions(scan, indented=indented)
    regions = _merge(regions + _code_span_regions(scan, regions) + bodies)
    if not regions:
        return text, _identity
    open_mark, close_mark = _unused_chars(text)
    originals: list[str] = []
    parts: list[str] = []
    last = 0
    for start, end in regions:
        original = text[start:end]
        parts.append(text[last:start])
        parts.append(f"{open_mark}{len(originals)}{chr(10) * original.count(chr(10))}{close_mark}")
        originals.append(original)
        last = end
    parts.append(text[last:])
    pattern = re.compile(f"{open_mark}(\\d+)\n*{close_mark}")

    def restore(rendered: str) -> str:
        return pattern.sub(lambda m: originals[int(m.group(1))], rendered)

    return "".join(parts), restore


def _identity(text: str) -> str:
    return text


_HIGHLIGHT_HEAD = re.compile(r"\{%-?\s*highlight\b(?:(?!%\}).)*%\}", re.DOTALL)
_HIGHLIGHT_END = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")


def _highlight_bodies(text: str) -> list[tuple[int, int]]:
    """The spans of `{% highlight %}` bodies, in one pass: a head with no end after it
    means no later head has one either (a search per head would be quadratic)."""
    bodies = []
    pos, stop = 0, text.rfind("%}") + 2  # a head ends at a `%}`: never search past the last
    while (head := _HIGHLIGHT_HEAD.search(text, pos, stop)) is not None:
        end = _HIGHLIGHT_END.search(text, head.end())
        if end is None:
            break
        bodies.append((head.end(), end.start()))
        pos = end.end()
    return bodies


def _blank(text: str, regions: list[tuple[int, int]]) -> str:
    """`text` with the characters of `regions` (but not their newlines) made spaces."""
    parts, last = [], 0
    for start, end in regions:
        parts += (text[last:start], re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _unused_chars(text: str) -> tuple[str, str]:
    found: list[str] = []
    for code in range(0xE000, 0xF900):
        if chr(code) not in text:
            found.append(chr(code))
            if len(found) == 2:
                return found[0], found[1]
    raise ValueError("no free private-use character for code placeholders")


def _merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# Optional block-quote markers and list marker, then the fence and its info string.
_FENCE_OPEN = re.compile(
    r"(?P<lead>(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?)"
    r"(?P<fence>`{3,}|~{3,})(?P<info>.*)"
)
_FENCE_CLOSE = re.compile(r"(?:[ \t]*>)*[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_BLOCK_START = re.compile(r"#{1,6}(?:[ \t]|$)|>|<|(?:[-*_][ \t]*){3,}$")


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _block_code_regions(text: str, *, indented: bool) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced and indented code blocks, whole lines."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    regions: list[tuple[int, int]] = []
    in_list = False
    code_may_start = True  # after a blank line, a heading, a fence or at the start
    i = 0
    while i < len(lines):
        start, raw = lines[i]
        line = raw.rstrip("\r\n")
        blank = not line.strip()
        indent = _indent(line)
        opening = _FENCE_OPEN.fullmatch(line) if indent < 4 or in_list else None
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            fence = opening["fence"]
            j = i + 1
            while j < len(lines):
                closing = _FENCE_CLOSE.fullmatch(lines[j][1].rstrip("\r\n"))
                if (
                    closing
                    and closing["fence"][0] == fence[0]
                    and len(closing["fence"]) >= len(fence)
                ):
                    break
                j += 1
            last = min(j, len(lines) - 1)  # an unclosed fence runs to the end
            regions.append((start, lines[last][0] + len(lines[last][1].rstrip("\r\n"))))
            if _LIST_ITEM.match(opening["lead"]):
                in_list = True
            i, code_may_start = last + 1, True
            continue
        if indented and not blank and indent >= 4 and code_may_start and not in_list:
            j = end_line = i
            while j < len(lines):
                text_j = lines[j][1].rstrip("\r\n")
                if text_j.strip():
                    if _indent(text_j) < 4:
                        break
                    end_line = j
                j += 1
            regions.append((start, lines[end_line][0] + len(lines[end_line][1].rstrip("\r\n"))))
            i, code_may_start = end_line + 1, False
            continue
        if _LIST_ITEM.match(line) and indent < 4:
            in_list = True
        elif not blank and indent == 0 and (code_may_start or _BLOCK_START.match(line)):
            in_list = False
        code_may_start = blank or bool(_HEADING.match(line))
        i += 1
    return regions


_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\r?\n")


def _code_span_regions(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) offsets of inline code spans outside the code blocks."""
    regions: list[tuple[int, int]] = []
    bounds = [0, *[edge for block in blocks for edge in block], len(text)]
    for seg_start, seg_end in zip(bounds[::2], bounds[1::2], strict=True):
        runs = list(_BACKTICKS.finditer(text, seg_start, seg_end))
        i = 0
        while i < len(runs):
            start, end = runs[i].span()
            backslash = start
            while backslash > seg_start and text[backslash - 1] == "\\":
                backslash -= 1
            if (start - backslash) % 2:  # an escaped backtick is literal; the rest may open
                start += 1
            width = end - start
            closer = next(
                (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == width), None
            )
            if width and closer is not None:
                close_end = runs[closer].end()
                if not _PARAGRAPH_BREAK.search(text, start, runs[closer].start()):
                    regions.append((start, close_end))
                    i = closer + 1
                    continue
            i += 1
    return regions
