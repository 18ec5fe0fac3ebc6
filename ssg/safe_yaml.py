"""YAML read safely: PyYAML's SafeLoader, hardened against hostile and broken input.

Front matter, a Jekyll `_config.yml` and data files all load through `load_yaml`. An alias
bomb ("billion laughs": aliases of aliases that expand a small file to gigabytes), an alias
inside its own value and collections nested too deep are refused before anything is built; a
bad tagged scalar (`!!int x`) is a `yaml.YAMLError` on its line, like a syntax error; an integer
too long for Python to print (5,000 digits) is read as its text, with a note.
"""

from __future__ import annotations

import re

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

try:  # the C loader is several times faster and limits nesting; libyaml may be missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

# What aliases (`*name`) may add to a YAML file, in values and characters: plenty for
# `<<: *defaults`, nothing like the "billion laughs" (nine aliases of nine aliases of …)
ALIAS_BUDGET = 100_000
MAX_DEPTH = 100  # collections inside collections
_MAX_INT_BITS = 14_000  # about 4,200 digits; Python will not print an integer past 4,300
_DIGITS = re.compile(r"^[-+]?[0-9][0-9_]*$")
_PREFIX = re.compile(r"^[-+]?(0[xob])?")
_UNCLOSED = ("while parsing a flow", "while scanning a quoted scalar")
_CONSTRUCTION_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


class YamlLoader(_BaseLoader):
    """PyYAML's SafeLoader, safe also against hostile YAML: refuses an alias bomb or a
    recursive alias (before building anything), a too-deep nesting, and a bad tagged scalar
    (`!!int x`) as a `yaml.YAMLError` on its line; reads an integer too long for Python to print
    as its text, noting a warning in `notes` ((line from 0, message))."""

    def __init__(self, stream):
        super().__init__(stream)
        self.notes: list[tuple[int, str]] = []

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        check_node_graph(node)
        return self.construct_document(node)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except _CONSTRUCTION_ERRORS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(
                None, None, f"{node.value!r} is not a valid {tag}", node.start_mark
            ) from None

    def construct_long_int(self, node):
        text = self.construct_scalar(node)
        try:
            value = SafeConstructor.construct_yaml_int(self, node)
        except ValueError:
            if not _DIGITS.match(text):
                raise
            value = None
        if value is not None and value.bit_length() <= _MAX_INT_BITS:
            return value
        digits = len(_PREFIX.sub("", text.strip()).replace("_", ""))
        self.notes.append(
            (
                node.start_mark.line,
                f"an integer of {digits} digits is too long for ssg: read as text",
            )
        )
        return text


YamlLoader.add_constructor("tag:yaml.org,2002:int", YamlLoader.construct_long_int)


_TAB_AFTER_KEY = re.compile(r"^(\s*[^\s#:][^:\n]*?):\t+", re.MULTILINE)


def as_psych_reads(text: str) -> str:
    """`text` with a TAB after `key:` made a space: Ruby's Psych (what Jekyll reads YAML
    with) accepts `paginate:<TAB>15`, PyYAML does not. Lines stay where they were."""
    return _TAB_AFTER_KEY.sub(r"\1: ", text) if "\t" in text else text


def load_yaml(text: str, loader: type[YamlLoader] = YamlLoader) -> tuple[object, list]:
    """`yaml.safe_load`, hardened (see `YamlLoader`): (value, notes). Raises `yaml.YAMLError`."""
    reader = loader(text)
    try:
        return reader.get_single_data(), reader.notes
    except RecursionError:  # the pure-Python loader, without libyaml's nesting limit
        raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        reader.dispose()


def check_node_graph(root) -> None:
    """Raise `yaml.YAMLError` when aliases expand a composed document by more than
    `ALIAS_BUDGET` values and characters, an alias is inside its own value, or collections
    nest more than `MAX_DEPTH` deep. Walks each node once (an alias is not expanded)."""
    sizes: dict[int, int] = {}  # id(node) -> size with every alias expanded
    added = 0
    stack: list[tuple[object, object, int, bool]] = [(root, root.start_mark, 0, False)]
    open_nodes: set[int] = set()
    while stack:
        node, blame, depth, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_nodes.discard(key)
            own = len(node.value) if isinstance(node.value, str) else 0
            sizes[key] = min(1 + own + sum(sizes[id(child)] for child, _ in children), 10**12)
            continue
        if key in sizes:  # an alias of a value read already
            added += sizes[key]
            if added > ALIAS_BUDGET:
                raise _refused(
                    f"too many YAML aliases: they add more than {ALIAS_BUDGET:,} values and "
                    "characters to the file",
                    blame,
                )
            continue
        if key in open_nodes:
            raise _refused("a YAML alias refers to a value that contains it", blame)
        if depth > MAX_DEPTH:
            raise _refused(f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        open_nodes.add(key)
        stack.append((node, blame, depth, True))
        stack.extend((child, mark, depth + 1, False) for child, mark in reversed(children))


def _children(node) -> list[tuple[object, object]]:
    """A node's child nodes, each with the mark to blame a problem in it on: a mapping's
    value on its key's line, an item on its sequence's."""
    if isinstance(node, yaml.MappingNode):
        return [
            pair
            for key, value in node.value
            for pair in ((key, key.start_mark), (value, key.start_mark))
        ]
    if isinstance(node, yaml.SequenceNode):
        return [(item, node.start_mark) for item in node.value]
    return []


def _refused(problem: str, mark) -> yaml.YAMLError:
    return ConstructorError(None, None, problem, mark)


def yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(line from 0 or None, reason) of a YAML error, where the user's mistake is: an unclosed
    `[`, `{` or quote is blamed on the line that opened it (YAML only notices later lines
    down), anything else on the line YAML stopped."""
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and context.startswith(_UNCLOSED):
        mark = context_mark
    else:
        mark = problem_mark or context_mark
    reason = getattr(exc, "problem", None) or str(exc)
    return (mark.line if mark is not None else None), reason


def spelled_out_within(value, budget: int) -> bool:
    """Whether a loaded value spelled out (each shared part again, as `repr` or a template
    walks it) has at most `budget` values and characters, and every integer in it prints;
    stops counting as soon as it has more."""
    stack = [value]
    while stack:
        item = stack.pop()
        budget -= 1 + (len(item) if isinstance(item, str | bytes) else 0)
        if budget < 0 or (isinstance(item, int) and item.bit_length() > _MAX_INT_BITS):
            return False
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return True
