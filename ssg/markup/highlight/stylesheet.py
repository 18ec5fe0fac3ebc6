"""The code blocks' CSS: `stylesheet(light, dark)` writes the token rules of two Pygments
styles, the light one always and the dark one in dark mode.

The stylesheet never sets `.highlight`'s background (the theme owns block backgrounds:
`LIGHT_BACKGROUND`/`DARK_BACKGROUND` below must match it); it sets token colours, the
base text colour when the style has one, and the `.hll` background (chosen with
`contrast.hll_color` so every token stays readable on it). Dark rules apply under
`@media (prefers-color-scheme: dark)` unless `<html data-theme="light">`, and always
under `<html data-theme="dark">`. Every selector is scoped to `.highlight`.
"""

from __future__ import annotations

from functools import lru_cache

from pygments.formatters import HtmlFormatter
from pygments.token import Token

from ssg.markup.highlight.contrast import HEX_COLOR, get_style, hll_color

__all__ = [
    "DARK_BACKGROUND",
    "DEFAULT_DARK_STYLE",
    "DEFAULT_LIGHT_STYLE",
    "LIGHT_BACKGROUND",
    "stylesheet",
]

# Code-block backgrounds set by the theme CSS; used to choose the `.hll` colours and,
# in the tests, to check that the default styles pass WCAG AA (4.5:1) on them.
LIGHT_BACKGROUND = "#f6f8fa"
DARK_BACKGROUND = "#161b22"
# Worst token contrast, measured with Pygments 2.21: xcode 4.76 on the light
# background, github-dark 4.78 on the dark one (friendly is 1.8-2.4, monokai 4.61).
DEFAULT_LIGHT_STYLE = "xcode"
DEFAULT_DARK_STYLE = "github-dark"


def _declarations(style_name: str) -> dict[str, dict[str, str]]:
    """CSS class ("" = the block itself) -> {property: value}, as Pygments writes them."""
    formatter = HtmlFormatter(style=get_style(style_name))
    rules: dict[str, dict[str, str]] = {}
    for css_class, (css, _ttype, _level) in formatter.class2style.items():
        if not css or not css_class:  # "" (the block itself) is handled below
            continue
        props = rules.setdefault(css_class, {})
        for declaration in css.split("; "):
            prop, _, value = declaration.partition(": ")
            props[prop.strip()] = value.strip()
    # The base colour: Pygments writes it with the background; we keep the colour only.
    base = formatter.style.style_for_token(Token.Text)["color"]
    if base and HEX_COLOR.fullmatch(base):
        rules[""] = {"color": "#" + base.lstrip("#")}
    else:
        rules.pop("", None)
    return rules


# Value that undoes a light-only property in dark mode.
_RESET = {
    "color": "inherit",
    "font-weight": "inherit",
    "font-style": "inherit",
    "text-decoration": "inherit",
    "background-color": "transparent",
    "border": "none",
}


def _rule(prefix: str, css_class: str, props: dict[str, str]) -> str:
    selector = f"{prefix}.highlight" + (f" .{css_class}" if css_class else "")
    body = "; ".join(f"{p}: {v}" for p, v in props.items())
    return f"{selector} {{ {body} }}"


@lru_cache(maxsize=8)
def stylesheet(light: str = DEFAULT_LIGHT_STYLE, dark: str = DEFAULT_DARK_STYLE) -> str:
    """CSS for the code blocks: `light` style always, `dark` style in dark mode.

    Raises `ValueError` (listing the known styles) for an unknown style name.
    """
    light_rules = _declarations(light)
    dark_rules = _declarations(dark)
    light_rules["hll"] = {"background-color": hll_color(light, LIGHT_BACKGROUND)}
    dark_rules["hll"] = {"background-color": hll_color(dark, DARK_BACKGROUND)}
    # Dark rules also undo whatever the light style sets and the dark one does not
    # (bold, borders, backgrounds, colours of classes the dark style leaves alone).
    for css_class, props in light_rules.items():
        target = dark_rules.setdefault(css_class, {})
        for prop in props:
            if prop not in target:
                target[prop] = _RESET.get(prop, "initial")

    out = [f"/* Code highlighting: Pygments styles {light!r} (light), {dark!r} (dark). */"]
    out.extend(_rule("", c, light_rules[c]) for c in sorted(light_rules))
    dark_classes = sorted(dark_rules)
    out.append("@media (prefers-color-scheme: dark) {")
    out.extend(
        "  " + _rule(':root:not([data-theme="light"]) ', c, dark_rules[c]) for c in dark_classes
    )
    out.append("}")
    out.extend(_rule(':root[data-theme="dark"] ', c, dark_rules[c]) for c in dark_classes)
    return "\n".join(out) + "\n"
