"""Liquid pre-pass over a post's Markdown body, run before Markdown rendering.

Built on python-liquid 2 with a Jekyll-flavoured `Environment` subclass; Jekyll's
own tags and filters live in `ssg.liquid_jekyll` (`include`, `include_relative`,
`post_url`, `link`, `highlight`, `relative_url`, `date_to_string`, `where`, ...).

* Undefined variables render as empty text; unknown filters pass their input
  through (both lenient, like Jekyll). Unknown tags render nothing.
* Code is not a template in a native ssg site: fenced code blocks, indented code
  blocks and inline code spans are masked with placeholders before Liquid runs and
  restored after. With `mask_code=False` (a Jekyll site) code is Liquid too, as in
  Jekyll, and only `{% raw %}` protects it.
* `render_with_liquid: false` in the page's front matter turns Liquid off.

Problems never raise: they become `Diagnostic` warnings located at `path:line`.
A syntax error in the post leaves the whole body unchanged (as if Liquid were off);
any other problem only blanks the offending tag, output statement or include.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from liquid import BoundTemplate, Environment, Mode, Node, RenderContext, Tag
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.token import Token

from ssg.errors import Diagnostic, warning
from ssg.liquid import filters as liquid_filters
from ssg.liquid import jekyll_tags as liquid_jekyll
from ssg.liquid.jekyll_tags import (
    PARSE_SINK,
    RUN,
    JekyllContext,
    Run,
    TemplateFiles,
    describe_error,
    render_warning,
    token_line,
    wants_liquid,
)

__all__ = [
    "JekyllContext",
    "JekyllEnvironment",
    "expand_liquid",
    "get_environment",
    "includes_fingerprint",
    "mask_code",
    "needs_liquid",
    "wants_liquid",
]


# --------------------------------------------------------------------------- API


def needs_liquid(text: str) -> bool:
    """Fast check: could `text` contain Liquid markup at all?"""
    return "{%" in text or "{{" in text


def expand_liquid(
    text: str,
    *,
    path: str,
    first_line: int,
    includes_dir: Path | None,
    site: dict,
    page: dict,
    jekyll: JekyllContext | None = None,
    mask_code: bool = True,
) -> tuple[str, list[Diagnostic]]:
    """Render the Liquid in a Markdown body; return (text, warnings). Never raises.

    `path` names the file in diagnostics and `first_line` is the file line on which
    `text` starts, so a problem on line n of `text` is reported at first_line + n - 1.
    `jekyll` tells Jekyll's tags and filters about the site (default: base path and
    URL from `site.baseurl` / `site.url`, no posts or pages). `mask_code=False` lets
    Liquid run inside code, as Jekyll does.
    """
    if not needs_liquid(text) or not wants_liquid(page):
        return text, []
    run = Run(path=path, first_line=first_line, jekyll=jekyll or JekyllContext.from_site(site))
    try:
        out = _expand(text, run, includes_dir, site, page, masked=mask_code)
    except Exception as exc:  # noqa: BLE001 - a bug or exotic input must not kill a build
        run.add(warning(path, None, f"Liquid failed, left unrendered: {exc!r}"))
        out = text
    # The post's own problems first, then those inside included files; by line.
    order = sorted(run.diagnostics, key=lambda d: (d.path != path, d.path, d.line or 0))
    return out, order


def includes_fingerprint(includes_dir: Path | None) -> str:
    """sha256 over the relative names and bytes of every file under `includes_dir`.

    Returns "" when there is no includes folder. Use it in cache keys of anything
    rendered with `expand_liquid`.
    """
    if includes_dir is None or not includes_dir.is_dir():
        return ""
    files: list[tuple[str, Path]] = []
    for root, _dirs, names in os.walk(includes_dir):
        for name in names:
            file = Path(root, name)
            files.append((file.relative_to(includes_dir).as_posix(), file))
    digest = hashlib.sha256()
    for rel, file in sorted(files):
        try:
            data = file.read_bytes()
        except OSError:
            continue
        digest.update(rel.encode("utf-8", "surrogateescape"))
        digest.update(b"\0%d\0" % len(data))
        digest.update(data)
    return digest.hexdigest()


# ------------------------------------------------------------------ the engine


def _expand(
    text: str, run: Run, includes_dir: Path | None, site: dict, page: dict, *, masked: bool
) -> str:
    masked_text, restore = mask_code(text) if masked else (text, _identity)
    if not needs_liquid(masked_text):
        return text  # all the Liquid-looking text was code
    env = get_environment(includes_dir)
    try:
        template, sink = _parse_body(env, masked_text)
    except LiquidError as err:
        # Liquid tags indented by 4+ spaces after a blank line look like an indented
        # code block; if hiding those breaks the Liquid, the author meant them as
        # Liquid (Jekyll never hides them), so parse again without that mask.
        retry = mask_code(text, indented=False) if masked else (text, _identity)
        if retry[0] == masked_text:
            return _syntax_error(run, err, masked_text, text)
        masked_text, restore = retry
        try:
            template, sink = _parse_body(env, masked_text)
        except LiquidError as err2:
            return _syntax_error(run, err2, masked_text, text)
    run.sources[id(masked_text)] = (run.path, run.first_line)
    run.restore = restore
    for line, message in sink:
        run.add(warning(run.path, run.first_line + line - 1, message))

    run_token = RUN.set(run)
    try:
        out = template.render(site=site, page=page)
    finally:
        RUN.reset(run_token)
    return restore(out)


def _parse_body(env: JekyllEnvironment, source: str) -> tuple[BoundTemplate, list]:
    """Parse `source`; return the template and its parse-time (line, message) warnings."""
    sink: list[tuple[int, str]] = []
    sink_token = PARSE_SINK.set(sink)
    try:
        return env.from_string(source), sink
    finally:
        PARSE_SINK.reset(sink_token)


def _syntax_error(run: Run, err: LiquidError, source: str, text: str) -> str:
    """Record a syntax error in the post; return the post text unchanged."""
    token = err.token
    line = None
    if token is not None and token.start_index >= 0 and token.source is source:
        line = run.first_line + token_line(token) - 1
    run.add(warning(run.path, line, f"Liquid syntax error, Liquid skipped: {describe_error(err)}"))
    return text


# --------------------------------------------------------- Jekyll environment


class LenientRenderContext(RenderContext):
    """Render context: an unknown filter is a warning and passes its input through."""

    __slots__ = ()

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:
        if name not in self.env.filters:
            render_warning(token, f'unknown Liquid filter "{name}" (input passed through)')
            return _passthrough
        return super().filter(name, token)


def _passthrough(left: object, *_args: object, **_kwargs: object) -> object:
    return left


class JekyllTemplate(BoundTemplate):
    context_class = LenientRenderContext


class JekyllEnvironment(Environment):
    """python-liquid Environment with Jekyll's tags and lenient, diagnosable errors."""

    template_class = JekyllTemplate

    def __init__(self, includes_dir: Path | None = None):
        self.includes_dir = includes_dir
        self.includes_label = f"{includes_dir.name if includes_dir is not None else 'includes'}/"
        self.files = TemplateFiles(self)
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=extra)
        # Jekyll runs Liquid 4, which has no `render` tag; keep it an unknown tag.
        self.tags.pop("render", None)
        liquid_jekyll.register(self)
        liquid_filters.register(self)

    def tokenizer(self) -> Callable[[str], object]:
        return liquid_jekyll.tokenize

    def add_tag(self, tag: type[Tag]) -> None:
        """Register a tag; its parse errors get located at the tag when they have no
        position (python-liquid reports e.g. an unclosed `{% if %}` at "end of file")."""
        super().add_tag(tag)
        instance = self.tags[tag.name]
        instance.get_node = _located(instance.get_node)  # type: ignore[method-assign]

    @property
    def structural_tags(self) -> frozenset[str]:
        """Names that are valid Liquid only inside a block (`else`, `endif`, ...)."""
        ends = {getattr(tag, "end", "") for tag in self.tags.values()}
        return frozenset(ends - {""}) | {"else", "elsif", "when", "raw", "endraw"}

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        """Parse errors raise (the caller turns them into one warning); render errors
        become a warning at the offending node, which renders nothing."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        run = RUN.get()
        if run is None or PARSE_SINK.get() is not None:
            raise exc
        run.warn_at(exc.token, f"Liquid error: {exc.message}")


def _located(get_node: Callable[[TokenStream], Node]) -> Callable[[TokenStream], Node]:
    def get_node_located(stream: TokenStream) -> Node:
        start = stream.current
        try:
            return get_node(stream)
        except LiquidError as err:
            if err.token is None or err.token.start_index < 0:
                err.token = start
            raise

    return get_node_located


_ENVIRONMENTS: dict[str, JekyllEnvironment] = {}


def get_environment(includes_dir: Path | None) -> JekyllEnvironment:
    """The process-wide environment for `includes_dir` (built once, caches includes)."""
    key = os.path.abspath(includes_dir) if includes_dir is not None else ""
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = _ENVIRONMENTS[key] = JekyllEnvironment(includes_dir)
    return env


# -------------------------------------------------------------- code masking


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
    bodies = [m.span(1) for m in _HIGHLIGHT_BODY.finditer(text)]
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


_HIGHLIGHT_BODY = re.compile(
    r"\{%-?\s*highlight\b(?:(?!%\}).)*%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)


def _blank(text: str, regions: list[tuple[int, int]]) -> str:
    """`text` with the characters of `regions` (but not their newlines) made spaces."""
    for start, end in regions:
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


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
