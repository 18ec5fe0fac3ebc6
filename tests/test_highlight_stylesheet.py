import re

import pytest

from ssg.markup.highlight.contrast import worst_contrast
from ssg.markup.highlight.stylesheet import (
    DARK_BACKGROUND,
    DEFAULT_DARK_STYLE,
    DEFAULT_LIGHT_STYLE,
    LIGHT_BACKGROUND,
    stylesheet,
)


def test_stylesheet_light_and_dark_rules():
    css = stylesheet()
    dark_query = css.index("@media (prefers-color-scheme: dark) {")
    light_part = css[:dark_query]
    assert re.search(r"^\.highlight \.k \{ color: #", light_part, re.MULTILINE)
    assert re.search(r"^\.highlight \.hll \{ background-color: #", light_part, re.MULTILINE)
    media = css[dark_query : css.index("\n}\n", dark_query)]
    assert re.search(r':root:not\(\[data-theme="light"\]\) \.highlight \.k \{ color: #', media)
    assert ':root:not([data-theme="light"]) .highlight .hll { background-color: #' in media
    after = css[css.index("\n}\n", dark_query) :]
    assert re.search(
        r'^:root\[data-theme="dark"\] \.highlight \.k \{ color: #', after, re.MULTILINE
    )
    assert ':root[data-theme="dark"] .highlight .hll { background-color: #' in after
    # every selector is scoped to .highlight
    for line in css.splitlines():
        if "{ " in line:
            assert ".highlight" in line


def test_stylesheet_never_sets_the_block_background():
    css = stylesheet("friendly", "monokai")  # both have a background colour
    assert "f0f0f0" not in css.lower()
    assert "272822" not in css.lower()
    for line in css.splitlines():
        if re.match(r"\s*(:root\S* )?\.highlight \{", line.strip()):
            assert "background" not in line


def test_dark_rules_undo_light_only_properties():
    css = stylesheet("friendly", "monokai")  # friendly's keywords are bold, monokai's not
    assert re.search(r"^\.highlight \.k \{[^}]*font-weight: bold", css, re.MULTILINE)
    dark_k = re.search(
        r'^:root\[data-theme="dark"\] \.highlight \.k \{([^}]*)\}', css, re.MULTILINE
    )
    assert "font-weight: inherit" in dark_k.group(1)
    assert "color: #66D9EF" in dark_k.group(1)


def test_stylesheet_unknown_style_raises():
    with pytest.raises(ValueError, match="nosuchstyle") as caught:
        stylesheet("nosuchstyle")
    assert "monokai" in str(caught.value) and "xcode" in str(caught.value)
    with pytest.raises(ValueError, match="nosuchdark"):
        stylesheet(dark="nosuchdark")


def test_default_styles_pass_wcag_aa():
    assert worst_contrast(DEFAULT_LIGHT_STYLE, LIGHT_BACKGROUND)[0] >= 4.5
    assert worst_contrast(DEFAULT_DARK_STYLE, DARK_BACKGROUND)[0] >= 4.5
    # and on the highlighted-line backgrounds the stylesheet picks
    css = stylesheet()
    light_hll = re.search(r"^\.highlight \.hll \{ background-color: (#\w+)", css, re.MULTILINE)
    dark_hll = re.search(r'"dark"\] \.highlight \.hll \{ background-color: (#\w+)', css)
    assert worst_contrast(DEFAULT_LIGHT_STYLE, light_hll.group(1))[0] >= 4.5
    assert worst_contrast(DEFAULT_DARK_STYLE, dark_hll.group(1))[0] >= 4.5
