"""The Jekyll-flavoured python-liquid environment: Jekyll's tags and filters, its lexer,
and lenient, diagnosable errors (an unknown filter passes its input through; a render
error blanks only the offending node). One environment per includes folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from liquid import BoundTemplate, Environment, Mode, Node, RenderContext, Tag
from liquid.exceptions import LiquidError, ResourceLimitError
from liquid.stream import TokenStream
from liquid.token import Token

from ssg.liquid import filters, includes, tags
from ssg.liquid.context import PARSE_SINK, RUN, render_warning
from ssg.liquid.includes import TemplateFiles
from ssg.liquid.lexer import tokenize

__all__ = ["JekyllEnvironment", "get_environment"]


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
    # Far past what any real post or page needs (a 20,000-post archive loops 20,000
    # times and writes a few MB), near enough that a hostile template stops in a second.
    loop_iteration_limit = 1_000_000  # product of the lengths of the loops in progress
    output_stream_limit = 32_000_000  # characters written, captures included
    local_namespace_limit = 64_000_000  # bytes (sys.getsizeof) of assigned values

    def __init__(self, includes_dir: Path | None = None):
        self.includes_dir = includes_dir
        self.includes_label = f"{includes_dir.name if includes_dir is not None else 'includes'}/"
        self.files = TemplateFiles(self)
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=extra)
        # Jekyll runs Liquid 4, which has no `render` tag; keep it an unknown tag.
        self.tags.pop("render", None)
        includes.register(self)
        tags.register(self)
        filters.register(self)

    def tokenizer(self) -> Callable[[str], object]:
        return tokenize

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
        if run is None or PARSE_SINK.get() is not None or isinstance(exc, ResourceLimitError):
            raise exc  # a limit stops the whole text: rendering on would hit it again
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
