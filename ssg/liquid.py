"""Liquid pre-pass over a post's Markdown body, run before Markdown rendering.

Built on python-liquid 2 with a Jekyll-flavoured `Environment` subclass:

* `{% include NAME [key="value" key=var ...] %}` follows Jekyll: NAME is a bare
  (or quoted) file name under the includes folder, parameters are exposed as
  `include.key`, and `{{ ... }}` inside NAME is rendered first.
* Undefined variables render as empty text; unknown filters pass their input
  through (both lenient, like Jekyll). Unknown tags render nothing.
* Code is never a template: fenced code blocks, indented code blocks and inline
  code spans are masked with placeholders before Liquid runs and restored after.

Problems never raise: they become `Diagnostic` warnings located at `path:line`.
A syntax error in the post leaves the whole body unchanged (as if Liquid were off);
any other problem only blanks the offending tag, output statement or include.

To grow towards full Jekyll: add tags in `JekyllEnvironment.setup_tags_and_filters`
(subclass `liquid.Tag`, record problems with `_parse_warning` / `_render_warning`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from liquid import BoundTemplate, Environment, Mode, Node, RenderContext, Tag
from liquid.ast import IllegalNode
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_ILLEGAL, TOKEN_TAG, Token

from ssg.errors import Diagnostic, warning

__all__ = [
    "JekyllEnvironment",
    "expand_liquid",
    "get_environment",
    "includes_fingerprint",
    "needs_liquid",
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
) -> tuple[str, list[Diagnostic]]:
    """Render the Liquid in a Markdown body; return (text, warnings). Never raises.

    `path` names the file in diagnostics and `first_line` is the file line on which
    `text` starts, so a problem on line n of `text` is reported at first_line + n - 1.
    """
    if not needs_liquid(text):
        return text, []
    run = _Run(path=path, first_line=first_line)
    try:
        out = _expand(text, run, includes_dir, site, page)
    except Exception as exc:  # noqa: BLE001 - a bug or exotic input must not kill a build
        run.add(warning(path, None, f"Liquid failed, left unrendered: {exc!r}"))
        out = text
    # The post's own problems first, then those inside include files; by line.
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


# ------------------------------------------------------------ per-call state


@dataclass(slots=True)
class _Run:
    """State of one `expand_liquid` call, reachable from tags via a ContextVar."""

    path: str
    first_line: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # id(template source) -> (diagnostic path, file line of the source's first line)
    sources: dict[int, tuple[str, int]] = field(default_factory=dict)
    include_stack: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.diagnostics.append(diagnostic)

    def warn_at(self, token: Token | None, message: str) -> None:
        """Add a warning located at `token` (in the post or in an include file)."""
        where = self.sources.get(id(token.source)) if token is not None else None
        if where is None or token is None or token.start_index < 0:
            self.add(warning(self.path, None, message))
            return
        label, offset = where
        self.add(warning(label, offset + _token_line(token) - 1, message))


_RUN: ContextVar[_Run | None] = ContextVar("ssg_liquid_run", default=None)
# While a template is being parsed: where parse-time warnings go, as (line, message).
_PARSE_SINK: ContextVar[list[tuple[int, str]] | None] = ContextVar(
    "ssg_liquid_parse_sink", default=None
)


def _parse_warning(token: Token, message: str) -> None:
    """Record a warning found while parsing (line within the template source)."""
    sink = _PARSE_SINK.get()
    if sink is not None:
        sink.append((_token_line(token), message))


def _render_warning(token: Token | None, message: str) -> None:
    """Record a warning found while rendering."""
    run = _RUN.get()
    if run is not None:
        run.warn_at(token, message)


def _token_line(token: Token) -> int:
    """1-based line of `token` in its source; for a tag, the line of its `{%`."""
    source, index = token.source, token.start_index
    if index < 0:
        return 1
    if token.kind == TOKEN_TAG:
        opening = source.rfind("{%", 0, index)
        if opening != -1 and _TAG_HEAD.fullmatch(source, opening, index):
            index = opening
    return source.count("\n", 0, index) + 1


_TAG_HEAD = re.compile(r"\{%-?\s*")


# ------------------------------------------------------------------ the engine


def _expand(text: str, run: _Run, includes_dir: Path | None, site: dict, page: dict) -> str:
    masked, restore = mask_code(text)
    if not needs_liquid(masked):
        return text  # all the Liquid-looking text was code
    env = get_environment(includes_dir)
    try:
        template, sink = _parse_body(env, masked)
    except LiquidError as err:
        # Liquid tags indented by 4+ spaces after a blank line look like an indented
        # code block; if hiding those breaks the Liquid, the author meant them as
        # Liquid (Jekyll never hides them), so parse again without that mask.
        retry = mask_code(text, indented=False)
        if retry[0] == masked:
            return _syntax_error(run, err, masked, text)
        masked, restore = retry
        try:
            template, sink = _parse_body(env, masked)
        except LiquidError as err2:
            return _syntax_error(run, err2, masked, text)
    run.sources[id(masked)] = (run.path, run.first_line)
    for line, message in sink:
        run.add(warning(run.path, run.first_line + line - 1, message))

    run_token = _RUN.set(run)
    try:
        out = template.render(site=site, page=page)
    finally:
        _RUN.reset(run_token)
    return restore(out)


def _parse_body(env: JekyllEnvironment, source: str) -> tuple[BoundTemplate, list]:
    """Parse `source`; return the template and its parse-time (line, message) warnings."""
    sink: list[tuple[int, str]] = []
    sink_token = _PARSE_SINK.set(sink)
    try:
        return env.from_string(source), sink
    finally:
        _PARSE_SINK.reset(sink_token)


def _syntax_error(run: _Run, err: LiquidError, source: str, text: str) -> str:
    """Record a syntax error in the post; return the post text unchanged."""
    token = err.token
    line = None
    if token is not None and token.start_index >= 0 and token.source is source:
        line = run.first_line + _token_line(token) - 1
    run.add(warning(run.path, line, f"Liquid syntax error, Liquid skipped: {_describe(err)}"))
    return text


def _describe(err: LiquidError) -> str:
    message = str(err.message)
    unclosed = re.match(r"expected tag (end\w+)", message)
    token = err.token
    if unclosed and token is not None and token.kind == TOKEN_TAG:
        return f"{{% {token.value} %}} is never closed with {{% {unclosed.group(1)} %}}"
    if message == "unexpected tag 'raw'":
        return "{% raw %} is never closed with {% endraw %}"
    return message


# --------------------------------------------------------- Jekyll environment


class JekyllContext(RenderContext):
    """Render context: an unknown filter is a warning and passes its input through."""

    __slots__ = ()

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:
        if name not in self.env.filters:
            _render_warning(token, f'unknown Liquid filter "{name}" (input passed through)')
            return _passthrough
        return super().filter(name, token)


def _passthrough(left: object, *_args: object, **_kwargs: object) -> object:
    return left


class JekyllTemplate(BoundTemplate):
    context_class = JekyllContext


@dataclass(slots=True)
class _Include:
    """A parsed include file, cached per (file identity, mtime, size)."""

    stamp: tuple[int, int, int]
    label: str  # diagnostics path, e.g. "includes/note.html"
    source: str
    template: BoundTemplate | None  # None: syntax error (in `problems`)
    problems: list[tuple[int, str]]  # (line in the include, message)


class JekyllEnvironment(Environment):
    """python-liquid Environment with Jekyll's tags and lenient, diagnosable errors."""

    template_class = JekyllTemplate

    def __init__(self, includes_dir: Path | None = None):
        self.includes_dir = includes_dir
        self.includes_root = includes_dir.resolve() if includes_dir is not None else None
        self.includes_label = f"{includes_dir.name if includes_dir is not None else 'includes'}/"
        self._include_cache: dict[str, _Include] = {}
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=extra)
        # Jekyll runs Liquid 4, which has no `render` tag; keep it an unknown tag.
        self.tags.pop("render", None)
        self.add_tag(JekyllIncludeTag)
        self.add_tag(UnknownTag)

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
        run = _RUN.get()
        if run is None or _PARSE_SINK.get() is not None:
            raise exc
        run.warn_at(exc.token, f"Liquid error: {exc.message}")

    def load_include(self, name: str) -> _Include | str | None:
        """The parsed include `name`, "escape" if it points outside the includes
        folder, or None if there is no such file."""
        if self.includes_root is None:
            return None
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            return "escape"
        file = (self.includes_root / relative).resolve()
        if not file.is_relative_to(self.includes_root):
            return "escape"
        try:
            stat = file.stat()
        except OSError:
            return None
        if not file.is_file():
            return None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        key = file.as_posix()
        cached = self._include_cache.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached
        label = self.includes_label + file.relative_to(self.includes_root).as_posix()
        try:
            source = file.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        except OSError:
            return None
        problems: list[tuple[int, str]] = []
        sink_token = _PARSE_SINK.set(problems)
        try:
            template: BoundTemplate | None = self.from_string(source, name=label, path=label)
        except LiquidError as err:
            template = None
            line = _token_line(err.token) if err.token and err.token.source is source else 1
            problems.append((line, f"Liquid syntax error, include skipped: {_describe(err)}"))
        finally:
            _PARSE_SINK.reset(sink_token)
        entry = _Include(stamp, label, source, template, problems)
        self._include_cache[key] = entry
        return entry


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


# ---------------------------------------------------------------------- tags


class UnknownTag(Tag):
    """Fallback for unregistered tag names (python-liquid's "illegal" tag slot).

    An unknown tag (`{% gist x %}`) is a warning and renders nothing; the closing
    `{% endX %}` of an unknown block is dropped silently. A misplaced structural tag
    (`{% endif %}` with no `if`) stays a syntax error.
    """

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        name = token.value
        env: JekyllEnvironment = self.env  # type: ignore[assignment]
        if not name:
            raise LiquidSyntaxError("missing tag name", token=token)
        if name in env.structural_tags:
            raise LiquidSyntaxError(f"unexpected tag '{name}'", token=token)
        if not (name.startswith("end") and name[3:] and name[3:] not in env.tags):
            _parse_warning(token, f'unknown Liquid tag "{name}" (rendered nothing)')
        return IllegalNode(token)


# Jekyll's include parameters: key="value", key='value' or key=variable.
_INCLUDE_PARAM = re.compile(
    r"""\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([\w.-]+))(?=\s|$)"""
)
# The file part: non-space characters and whole `{{ ... }}` output statements.
_INCLUDE_FILE = re.compile(r"(?:\{\{.*?\}\}|[^\s{]|\{(?!\{))+", re.DOTALL)
_LITERALS: dict[str, object] = {"true": True, "false": False, "nil": None, "null": None}


class JekyllIncludeNode(Node):
    __slots__ = ("file", "file_template", "params")

    def __init__(
        self,
        token: Token,
        file: str,
        file_template: BoundTemplate | None,
        params: list[tuple[str, bool, str]] | None,
    ):
        super().__init__(token)
        self.file = file
        self.file_template = file_template
        self.params = params  # (key, is_literal, value); None when there are none
        self.blank = False

    def __str__(self) -> str:
        return f"{{% include {self.file} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        run = _RUN.get()
        name = self.file
        if self.file_template is not None:
            rendered = StringIO()
            self.file_template.render_with_context(context, rendered)
            name = rendered.getvalue().strip()
        if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
            name = name[1:-1]
        entry = env.load_include(name)
        if entry is None:
            _render_warning(self.token, f'include "{name}" not found in {env.includes_label}')
            return 0
        if isinstance(entry, str):
            _render_warning(self.token, f'include "{name}" is outside {env.includes_label}')
            return 0
        if run is not None:
            run.sources[id(entry.source)] = (entry.label, 1)
            for line, message in entry.problems:
                run.add(warning(entry.label, line, message))
            if entry.label in run.include_stack:
                _render_warning(self.token, f'include "{name}" includes itself')
                return 0
        if entry.template is None:
            return 0
        namespace: dict[str, object] = {}
        if self.params is not None:
            namespace["include"] = {
                key: value if literal else _lookup(context, value, self.token)
                for key, literal, value in self.params
            }
        if run is not None:
            run.include_stack.append(entry.label)
        try:
            with context.extend(namespace, template=entry.template):
                entry.template.render_with_context(context, buffer, partial=True)
        finally:
            if run is not None:
                run.include_stack.pop()
        return 1


def _lookup(context: RenderContext, value: str, token: Token) -> object:
    """An unquoted include parameter: a literal or a variable path like page.title."""
    if value in _LITERALS:
        return _LITERALS[value]
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    segments: list[Any] = [int(s) if s.isdigit() else s for s in value.split(".")]
    return context.get(segments, token=token)


class JekyllIncludeTag(Tag):
    """`{% include file.html key="value" %}` as Jekyll writes it."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        if stream.peek.kind != TOKEN_EXPRESSION:
            _parse_warning(token, "include without a file name (rendered nothing)")
            return IllegalNode(token)
        next(stream)
        markup = stream.current.value.strip()
        match = _INCLUDE_FILE.match(markup)
        file = match.group() if match else ""
        rest = markup[len(file) :]
        params: list[tuple[str, bool, str]] | None = None
        if rest.strip():
            params = []
            pos = 0
            while match := _INCLUDE_PARAM.match(rest, pos):
                key, double, single, variable = match.groups()
                if double is not None:
                    params.append((key, True, double.replace('\\"', '"')))
                elif single is not None:
                    params.append((key, True, single.replace("\\'", "'")))
                else:
                    params.append((key, False, variable))
                pos = match.end()
            if rest[pos:].strip():
                _parse_warning(
                    token,
                    f"invalid include parameters {rest.strip()!r} "
                    '(expected key="value" pairs; rendered nothing)',
                )
                return IllegalNode(token)
        file_template = self.env.from_string(file) if "{{" in file else None
        return JekyllIncludeNode(token, file, file_template, params)


# -------------------------------------------------------------- code masking


def mask_code(text: str, *, indented: bool = True) -> tuple[str, Callable[[str], str]]:
    """Replace code in Markdown `text` with placeholders Liquid leaves alone.

    Masked: fenced code blocks (``` or ~~~ of 3+, with info strings, indented up to
    3 spaces, or any amount inside list items; also in block quotes), indented
    (4-space) code blocks outside lists when `indented`, and inline code spans. Each
    placeholder is two private-use characters absent from `text` around a number
    and the region's newlines (so line numbers stay right, and `{%-`/`-%}`
    whitespace control cannot eat them). Returns (masked text, restore function).
    """
    regions = _block_code_regions(text, indented=indented)
    regions = _merge(regions + _code_span_regions(text, regions))
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
