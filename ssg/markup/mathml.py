"""Math written at build time as MathML (latex2mathml), in both flavors; what it cannot
convert is left to KaTeX in the browser, for that page only.

A formula becomes `<math>` (inline) or `<math display="block">` whose `<semantics>` keeps
the TeX as an `application/x-tex` annotation, so copying and searching still find it. A
formula that latex2mathml rejects, or turns into something wrong, is a warning at its line
and is written in the client-side form instead: `<span class="math">\\(…\\)</span>`, or
`\\[…\\]` inside `<div class="math">` (`<span>` within a paragraph). `math = "katex"`
writes every formula in that form. What rendering used is collected in the context's
`features`: "mathml" for a converted formula, "math" for one left to KaTeX (the theme
loads KaTeX only when "math" is there).

Render rules for the tokens both flavors make: `math_block` (a display formula of its
own), `math_inline`, and `math_inline_double` (`$$…$$` inside a paragraph: display).
Without a `RenderContext` in `env` (a bare markdown-it parser) formulas are written for KaTeX.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ssg.budget import OverBudget
from ssg.errors import warning

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from ssg.markup.context import RenderContext

__all__ = ["KATEX", "MATHML", "as_tex", "render_math", "to_mathml"]

MATHML = "mathml"
KATEX = "katex"

_BEGIN = re.compile(r"\\begin\s*\{([^{}]*)\}")
_NEW_ENVIRONMENT = re.compile(r"\\newenvironment\s*\{([^{}]*)\}")
_BARE_AMPERSAND = re.compile(r"&(?!#x[0-9A-Fa-f]+;|#[0-9]+;)")  # not a character reference
_TOKENS = frozenset({"mi", "mo", "mn", "mtext", "ms"})
_ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "mroot": 2}
_ARITY |= {"mover": 2, "munder": 2, "munderover": 3}
_EXCERPT = 40  # characters of a formula quoted in a warning
_FORMULA = re.compile(
    r"<math\b[^>]*>.*?<annotation encoding=\"application/x-tex\">(.*?)</annotation>.*?</math>",
    re.DOTALL,
)


@lru_cache(maxsize=4096)
def to_mathml(tex: str, display: bool) -> tuple[str | None, str]:
    """`(<math>…</math>, "")`, or `(None, why)` when latex2mathml cannot convert `tex`
    or gives something wrong (a command it does not know, an environment it flattens,
    a fraction without its denominator, nothing at all)."""
    from latex2mathml.converter import convert_to_element  # 50 ms: only for a page with math

    for name in _BEGIN.findall(tex):
        if name not in _environments() and name not in _NEW_ENVIRONMENT.findall(tex):
            return None, f"environment {name} is not supported"
    try:
        root = convert_to_element(tex, display="block" if display else "inline")
    except OverBudget:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the converter is a fallback
        return None, _error_name(exc)
    problem = _problem(root, tex)
    if problem:
        return None, problem
    opening = '<math display="block">' if display else "<math>"
    body = "".join(_serialize(child) for child in root)
    annotation = f'<annotation encoding="application/x-tex">{_escape(tex)}</annotation>'
    return f"{opening}<semantics>{body}{annotation}</semantics></math>", ""


def render_math(tex: str, ctx: RenderContext, *, display: bool, block: bool, line) -> str:
    """One formula as HTML (`block`: on its own, not inside a paragraph); a warning at
    the document's `line` (0-based, as token maps are) when it falls back to KaTeX."""
    tex = tex.strip()
    if ctx.math != KATEX:
        mathml, problem = to_mathml(tex, display)
        if mathml is not None:
            ctx.features.add(MATHML)
            return mathml + ("\n" if block else "")
        quoted = " ".join(tex.split())
        quoted = quoted if len(quoted) <= _EXCERPT else quoted[: _EXCERPT - 1] + "…"
        message = f"formula left to KaTeX in the browser, not MathML ({problem}): {quoted}"
        ctx.diagnostics.append(warning(ctx.path, ctx.line(line), message))
    ctx.features.add("math")
    return client_side(tex, display=display, block=block)


def as_tex(fragment: str) -> str:
    """HTML with each formula written here as its TeX source (still escaped), for text made
    from HTML (a description, a summary): `a^2` rather than `a2a^2`."""
    return _FORMULA.sub(r"\1", fragment) if "<math" in fragment else fragment


def client_side(tex: str, *, display: bool, block: bool) -> str:
    """The form KaTeX's auto-render (and MathJax) typesets in the browser."""
    source = _escape(tex)
    if display and block:
        return f'<div class="math">\\[{source}\\]</div>\n'
    if display:
        return f'<span class="math">\\[{source}\\]</span>'
    return f"\\({source}\\)"  # bare, as kramdown writes it: `\\(x\\)은` stays one word


# --- render rules -------------------------------------------------------------------


def render_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return _render(token, env, display=True, block=True, line=token.map and token.map[0])


def render_inline(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return _render(token, env, display=False, block=False, line=token.meta.get("line"))


def render_inline_display(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return _render(token, env, display=True, block=False, line=token.meta.get("line"))


def _render(token, env, *, display: bool, block: bool, line) -> str:
    ctx = env.get("ctx")
    if ctx is None:  # a bare parser, not ssg's render: nowhere to warn, so for KaTeX
        return client_side(token.content.strip(), display=display, block=block)
    return render_math(token.content, ctx, display=display, block=block, line=line)


# --- checking and writing latex2mathml's tree ---------------------------------------


@lru_cache(maxsize=1)
def _environments() -> frozenset[str]:
    """The environments latex2mathml lays out as tables; any other one it flattens."""
    from latex2mathml import commands

    return frozenset(name.removeprefix("\\") for name in commands.MATRICES)


def _problem(root: Element, tex: str) -> str:
    """Why the converted tree is wrong, or ""."""
    has_content = False
    for parent in root.iter():
        for element in parent:
            if element.tag == "mspace" and "linebreak" in element.attrib and parent.tag != "mtd":
                return "a line break outside an environment it supports"
        if parent.tag in _ARITY and len(parent) != _ARITY[parent.tag]:
            return f"{parent.tag} needs {_ARITY[parent.tag]} parts, has {len(parent)}"
        text = parent.text or ""
        if _BARE_AMPERSAND.search(text):
            return "& outside an environment it supports"
        if parent.tag in _TOKENS and "\\" in text:
            return f"unknown command {text.split()[0]}"
        has_content = has_content or bool(text.strip()) or parent.tag == "mspace"
    if not has_content and tex:
        return "it gives nothing"
    return ""


def _serialize(element: Element) -> str:
    """HTML for a latex2mathml element: its texts hold character references (`&#x0003D;`),
    which become the characters; text and attributes are escaped."""
    attrs = "".join(
        f' {name}="{html.escape(html.unescape(value), quote=True)}"'
        for name, value in element.attrib.items()
    )
    inner = _escape(html.unescape(element.text or ""))
    inner += "".join(_serialize(child) for child in element)
    tail = _escape(html.unescape(element.tail or ""))
    return f"<{element.tag}{attrs}>{inner}</{element.tag}>{tail}"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _error_name(exc: Exception) -> str:
    """`MissingSuperScriptOrSubscriptError` -> "missing super script or subscript"."""
    name = type(exc).__name__.removesuffix("Error")
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
    detail = str(exc).strip()
    return f"{words}: {detail}" if detail else words
