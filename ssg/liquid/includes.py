"""Jekyll's include tags and the files they read.

`{% include %}` and `{% include_cached %}` read from the includes folder,
`{% include_relative %}` from the current file's folder; parameters become
`include.*`. `TemplateFiles` parses each file once per version (identity, mtime,
size), and `includes_fingerprint` hashes the includes folder for cache keys.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, replace
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from liquid import BoundTemplate, Node, RenderContext, Tag
from liquid.ast import IllegalNode
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

from ssg.errors import WARNING, Diagnostic, not_utf8, warning
from ssg.liquid.context import (
    PARSE_SINK,
    RUN,
    current_context,
    describe_error,
    parse_warning,
    render_warning,
)
from ssg.liquid.lexer import tag_markup, token_line

__all__ = [
    "IncludeCachedTag",
    "IncludeRelativeTag",
    "IncludeTag",
    "TemplateFiles",
    "includes_fingerprint",
    "register",
]

# Jekyll's include parameters: key="value", key='value' or key=variable.
_INCLUDE_PARAM = re.compile(
    r"""\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([\w.-]+))(?=\s|$)"""
)
# The file part: non-space characters and whole `{{ ... }}` output statements.
_INCLUDE_FILE = re.compile(r"(?:\{\{.*?\}\}|[^\s{]|\{(?!\{))+", re.DOTALL)
_LITERALS: dict[str, object] = {"true": True, "false": False, "nil": None, "null": None}


class IncludeTag(Tag):
    """`{% include file.html key="value" %}` as Jekyll writes it."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        if stream.peek.kind != TOKEN_EXPRESSION:
            parse_warning(token, f"{token.value} without a file name (rendered nothing)")
            return IllegalNode(token)
        markup = tag_markup(stream).strip()
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
                parse_warning(
                    token,
                    f"invalid include parameters {rest.strip()!r} "
                    '(expected key="value" pairs; rendered nothing)',
                )
                return IllegalNode(token)
        file_template = self.env.from_string(file) if "{{" in file else None
        return IncludeNode(token, file, file_template, params)


class IncludeCachedTag(IncludeTag):
    """jekyll-include-cache's tag: an include whose output Jekyll may reuse."""

    name = "include_cached"


class IncludeRelativeTag(IncludeTag):
    """`{% include_relative file.md %}`: a file next to the current one."""

    name = "include_relative"


class IncludeNode(Node):
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
        return f"{{% {self.token.value} {self.file} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: Any = context.env
        run = RUN.get()
        name = self.file
        if self.file_template is not None:
            rendered = StringIO()
            self.file_template.render_with_context(context, rendered)
            name = rendered.getvalue().strip()
        if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
            name = name[1:-1]
        if self.token.value == "include_relative":
            here = posixpath.dirname(run.path) if run is not None else ""
            folder, where = current_context().source_dir, f"{here or '.'}/"
            label = f"{here}/" if here else ""
        else:
            folder, where = env.includes_dir, env.includes_label
            label = where
        if run is not None and folder is not None:
            run.files.add(Path(folder) / name)  # a dependency even when missing: it may appear
        entry = env.files.load(folder, name, label) if folder is not None else None
        if entry is None:
            render_warning(self.token, f'{self.token.value} "{name}" not found in {where}')
            return 0
        if isinstance(entry, str):
            render_warning(self.token, f'{self.token.value} "{name}" is outside {where}')
            return 0
        if run is not None:
            run.sources[id(entry.source)] = (entry.label, 1)
            for line, message in entry.problems:
                run.add(warning(entry.label, line, message))
            if entry.undecodable is not None:
                said = entry.undecodable
                run.add(replace(said, message=f"{said.message} (included by {run.path})"))
            if entry.label in run.include_stack:
                render_warning(self.token, f'include "{name}" includes itself')
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


# ------------------------------------------------------------ the file cache


@dataclass(slots=True)
class IncludedFile:
    """A parsed include file, cached per (file identity, mtime, size)."""

    stamp: tuple[int, int, int]
    label: str  # diagnostics path, e.g. "includes/note.html"
    source: str
    template: BoundTemplate | None  # None: syntax error (in `problems`)
    problems: list[tuple[int, str]]  # (line in the file, message)
    undecodable: Diagnostic | None = None  # the warning when its bytes are not UTF-8


class TemplateFiles:
    """Files read by `include` and `include_relative`, parsed once per version."""

    def __init__(self, env: Any):
        self.env = env
        self._cache: dict[str, IncludedFile] = {}

    def load(self, folder: Path, name: str, label: str) -> IncludedFile | str | None:
        """The parsed file `name` under `folder` (named `label + name` in diagnostics),
        "escape" if it points outside `folder`, or None if there is no such file."""
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            return "escape"
        root = folder.resolve()
        file = (root / relative).resolve()
        if not file.is_relative_to(root):
            return "escape"
        try:
            stat = file.stat()
        except OSError:
            return None
        if not file.is_file():
            return None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        label += file.relative_to(root).as_posix()
        key = f"{label}\0{file.as_posix()}"
        cached = self._cache.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            data = file.read_bytes()
        except OSError:
            return None
        undecodable = None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:  # rendered with U+FFFD for the bad bytes, and a warning
            undecodable = not_utf8(label, data, exc, WARNING)
            source = data.decode("utf-8", "replace")
        source = source.removeprefix("\ufeff")
        problems: list[tuple[int, str]] = []
        sink_token = PARSE_SINK.set(problems)
        try:
            template: BoundTemplate | None = self.env.from_string(source, name=label, path=label)
        except LiquidError as err:
            template = None
            line = token_line(err.token) if err.token and err.token.source is source else 1
            problems.append((line, f"Liquid syntax error, include skipped: {describe_error(err)}"))
        finally:
            PARSE_SINK.reset(sink_token)
        entry = IncludedFile(stamp, label, source, template, problems, undecodable)
        self._cache[key] = entry
        return entry


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


def register(env: Any) -> None:
    """Add the include tags to a python-liquid environment."""
    for tag in (IncludeTag, IncludeCachedTag, IncludeRelativeTag):
        env.add_tag(tag)
