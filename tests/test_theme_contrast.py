"""The default theme's colours, measured with WCAG 2's relative luminance: the mark on
highlighted code lines (`{3,5-7}`) stands out from the code block in light and dark mode, and
the bundled example's highlight demo marks lines that hold code.

The mark is the 3 px bar at the line's left edge (`--hll-bar`), not the line's tint: a tint
with 3:1 against github-dark's block (#666666 at the least) would leave its tokens at 1.7:1,
so the tint stays where every token keeps 4.5:1 (test_highlight_stylesheet.py) and the bar
carries the contrast, which also does not rely on colour alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ssg.markup.highlight.fence_info import parse_fence_info
from ssg.markup.highlight.stylesheet import DARK_BACKGROUND, LIGHT_BACKGROUND, stylesheet

REPO = Path(__file__).parent.parent
CSS = (REPO / "themes/default/static/css/style.css").read_text(encoding="utf-8")
NON_TEXT = 3.0  # WCAG 2.1 SC 1.4.11: user-interface marks against what is next to them


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of `#rgb` / `#rrggbb` (written out here, not imported)."""
    value = color.lstrip("#")
    value = "".join(c * 2 for c in value) if len(value) == 3 else value
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", block))


def theme_colours(mode: str) -> dict[str, str]:
    """The custom properties of `:root` (light) or `:root[data-theme="dark"]` (dark)."""
    selector = ":root {" if mode == "light" else ':root[data-theme="dark"] {'
    start = CSS.index(selector)
    return variables(CSS[start : CSS.index("}", start)])


def test_the_formula_matches_known_ratios():
    assert ratio("#000", "#fff") == pytest.approx(21.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert ratio("#fff", "#fff") == 1.0


def test_dark_mode_under_the_media_query_has_the_same_colours():
    start = CSS.index("@media (prefers-color-scheme: dark)")
    media = variables(CSS[start : CSS.index("}", CSS.index("{", start + 40))])
    assert media == theme_colours("dark")


@pytest.mark.parametrize(
    ("mode", "background"), [("light", LIGHT_BACKGROUND), ("dark", DARK_BACKGROUND)]
)
def test_the_highlighted_line_mark_has_3_to_1_against_the_code_block(mode, background):
    colours = theme_colours(mode)
    assert colours["code-bg"].lower() == background  # code.css picks .hll for this background
    # the mark is drawn on the line's own background, which sits on the block's
    css = stylesheet()
    scope = r"^\.highlight" if mode == "light" else r'"dark"\] \.highlight'
    hll = re.search(scope + r" \.hll \{ background-color: (#\w+)", css, re.M).group(1)
    assert ratio(colours["hll-bar"], background) >= NON_TEXT
    assert ratio(colours["hll-bar"], hll) >= NON_TEXT
    assert "box-shadow: inset 3px 0 0 var(--hll-bar)" in CSS  # the mark itself


def test_a_faint_mark_would_fail():
    assert ratio("#1f242c", DARK_BACKGROUND) < NON_TEXT  # github-dark's own .hll tint


def test_the_example_posts_highlight_lines_that_hold_code():
    fence = re.compile(r"^```(\w[^\n]*)\n(.*?)^```", re.S | re.M)
    demos = []
    for path in sorted((REPO / "content/posts").rglob("*.md")):
        for info, body in fence.findall(path.read_text(encoding="utf-8")):
            lines = body.splitlines()
            for number in sorted(parse_fence_info(info).highlight_lines):
                demos.append((path.name, number, lines[number - 1] if number <= len(lines) else ""))
    assert demos  # the example blog shows the feature
    assert [demo for demo in demos if not demo[2].strip()] == []
