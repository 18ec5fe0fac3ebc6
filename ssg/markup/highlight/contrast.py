"""Colour contrast of Pygments styles: WCAG 2 ratios, a style's worst token on a
background, and a line-highlight colour that keeps every token readable.

- `contrast_ratio(foreground, background)`: the WCAG 2 ratio of two hex colours.
- `worst_contrast(style, background)`: the lowest ratio of any coloured token.
- `hll_color(style, background)`: the style's `.hll` colour, toned down towards the
  block background until the tokens keep their contrast.
- `get_style(name)`: a Pygments style by name (`ValueError` listing the known ones).
- `HEX_COLOR`: matches (with `fullmatch`) the hex colours the maths above can read.
"""

from __future__ import annotations

import re

from pygments.styles import get_all_styles, get_style_by_name
from pygments.token import Whitespace
from pygments.util import ClassNotFound

__all__ = [
    "AA_CONTRAST",
    "HEX_COLOR",
    "contrast_ratio",
    "get_style",
    "hll_color",
    "worst_contrast",
]

AA_CONTRAST = 4.5  # WCAG AA for normal text

HEX_COLOR = re.compile(r"#?(?:[0-9a-fA-F]{3}){1,2}")


def get_style(name: str):
    """The Pygments style class called `name`; `ValueError` listing the known styles."""
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        known = ", ".join(sorted(get_all_styles()))
        raise ValueError(f'unknown Pygments style "{name}"; known styles: {known}') from None


def _luminance(color: str) -> float:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = []
    for i in (0, 2, 4):
        c = int(value[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb`/`rrggbb`/`#rgb` colours (1.0 to 21.0)."""
    a, b = _luminance(foreground), _luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def worst_contrast(style_name: str, background: str) -> tuple[float, str]:
    """Lowest contrast of any coloured token of a Pygments style on `background`.

    Tokens with their own background are measured against it; whitespace tokens
    (invisible) and non-hex colours (ansi names, CSS variables) are skipped.
    Returns `(ratio, token name)`, `(21.0, "")` when no token has a colour.
    """
    style = get_style(style_name)
    worst = (21.0, "")
    for ttype, spec in style:
        color = spec["color"]
        if not color or ttype in Whitespace or not HEX_COLOR.fullmatch(color):
            continue
        under = spec["bgcolor"] or background
        if not HEX_COLOR.fullmatch(under):
            continue
        ratio = contrast_ratio(color, under)
        if ratio < worst[0]:
            worst = (ratio, str(ttype))
    return worst


def _mix(a: str, b: str, t: float) -> str:
    """`a` moved a fraction `t` towards `b` (both `#rrggbb`)."""
    a, b = a.lstrip("#"), b.lstrip("#")
    if len(a) == 3:
        a = "".join(c * 2 for c in a)
    if len(b) == 3:
        b = "".join(c * 2 for c in b)
    channels = (
        round(int(a[i : i + 2], 16) * (1 - t) + int(b[i : i + 2], 16) * t) for i in (0, 2, 4)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


def hll_color(style_name: str, background: str) -> str:
    """The style's line-highlight colour, toned down towards the theme's block
    background until every token keeps its contrast (>= 4.5, or the style's own
    worst on the plain background if that is lower).

    With dark styles this can leave a faint highlight (github-dark: 1.11:1 against
    the block background), so the theme should also mark `.hll` lines another way
    (a left border or inset box-shadow), which also avoids relying on colour alone.
    """
    target = get_style(style_name).highlight_color or "#ffffcc"
    if not HEX_COLOR.fullmatch(target):
        return target
    need = min(AA_CONTRAST, worst_contrast(style_name, background)[0])
    for step in range(20, 1, -1):  # 100 %, 95 %, … 10 % of the way to the style's colour
        candidate = _mix(background, target, step / 20)
        if worst_contrast(style_name, candidate)[0] >= need:
            return candidate
    return _mix(background, target, 0.05)
