"""Jekyll's array filters: `where`/`find` (and their `_exp` forms), `sort`, `group_by`,
`array_to_sentence_string`, `push`/`pop`/`shift`/`unshift`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cmp_to_key, lru_cache
from io import StringIO
from typing import Any

from liquid import BoundTemplate, RenderContext
from liquid.exceptions import FilterArgumentError, LiquidError
from liquid.filter import with_context

from ssg.liquid.context import parse_fragment
from ssg.liquid.filters_text import to_integer
from ssg.liquid.values import nil, to_s

__all__ = [
    "array_to_sentence_string",
    "find",
    "find_exp",
    "group_by",
    "group_by_exp",
    "pop",
    "push",
    "shift",
    "sort",
    "unshift",
    "where",
    "where_exp",
]


def _get(obj: object, key: str) -> object:
    if isinstance(obj, Mapping):
        return obj.get(key)
    if obj is None or isinstance(obj, str | int | float | bool | list | tuple):
        return None
    try:
        return obj[key]  # type: ignore[index]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, None)


def _sort_input(value: object) -> object:
    """Jekyll's `parse_sort_input`: numbers written as text compare as numbers."""
    text = to_s(value)
    if re.fullmatch(r"\s*-?[0-9]+\s*", text):
        return int(text)
    if re.fullmatch(r"\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\s*", text):
        return float(text)
    return nil(value)


def _property(item: object, name: object) -> object:
    value = item
    for key in to_s(name).split("."):
        value = _sort_input(_get(value, key))
    return value


def _items(value: object) -> list | None:
    value = nil(value)
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return None


def _matches(prop: object, target: object) -> bool:
    """Jekyll's `compare_property_vs_target`."""
    if target is None:
        return prop is None
    target = to_s(target)
    if isinstance(prop, str):
        return prop == target
    props = [] if prop is None else prop if isinstance(prop, list | tuple) else [prop]
    return any(to_s(p) == target for p in props)


def where(value: object, prop: object = None, target: object = None) -> object:
    items = _items(value)
    target = nil(target)
    if items is None or not nil(prop) or isinstance(target, list | Mapping):
        return value
    return [item for item in items if _matches(_property(item, prop), target)]


def find(value: object, prop: object = None, target: object = None) -> object:
    found = where(value, prop, target)
    return found[0] if isinstance(found, list) and found and found is not value else None


@lru_cache(maxsize=256)
def _expression(env: Any, source: str) -> BoundTemplate:
    try:
        return parse_fragment(env, source)
    except LiquidError as err:
        raise FilterArgumentError(f"invalid expression: {err.message}", token=None) from None


def _evaluate(context: RenderContext, template: BoundTemplate, name: object, item: object) -> str:
    buffer = StringIO()
    with context.extend({to_s(name): item}):
        template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


@with_context
def where_exp(value: object, name: object, expression: object, *, context: RenderContext):
    items = _items(value)
    if items is None:
        return value
    test = _expression(context.env, f"{{% if {to_s(expression)} %}}1{{% endif %}}")
    return [item for item in items if _evaluate(context, test, name, item) == "1"]


@with_context
def find_exp(value: object, name: object, expression: object, *, context: RenderContext):
    found = where_exp(value, name, expression, context=context)
    return found[0] if isinstance(found, list) and found and found is not value else None


def _spaceship(a: object, b: object) -> int | None:
    try:
        return (a > b) - (a < b)  # type: ignore[operator]
    except TypeError:
        return None


def sort(value: object, prop: object = None, nils: object = "first") -> object:
    """Jekyll's `sort`, by a property (dotted) with nils "first" or "last"."""
    items = _items(value)
    if items is None:
        if nil(value) is None:
            raise FilterArgumentError("Cannot sort a null object.", token=None)
        return [value]
    if nil(prop) is None:
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=to_s)
    if nils not in ("first", "last"):
        raise FilterArgumentError(f"invalid nils order {nils!r} (first or last)", token=None)
    order = -1 if nils == "first" else 1

    def compare(a: tuple, b: tuple) -> int:
        if a[0] is not None and b[0] is None:
            return -order
        if a[0] is None and b[0] is not None:
            return order
        result = _spaceship(a[0], b[0])
        return result if result is not None else _spaceship(to_s(a[0]), to_s(b[0])) or 0

    keyed = sorted(((_property(i, prop), i) for i in items), key=cmp_to_key(compare))
    return [item for _key, item in keyed]


def _grouped(groups: dict[str, list]) -> list[dict]:
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def group_by(value: object, prop: object) -> object:
    items = _items(value)
    if items is None:
        return value
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(to_s(_property(item, prop)), []).append(item)
    return _grouped(groups)


@with_context
def group_by_exp(value: object, name: object, expression: object, *, context: RenderContext):
    items = _items(value)
    if items is None:
        return value
    output = _expression(context.env, f"{{{{ {to_s(expression)} }}}}")
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(_evaluate(context, output, name, item), []).append(item)
    return _grouped(groups)


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = _items(value)
    if items is None:
        items = [] if nil(value) is None else [value]
    items = [to_s(v) for v in items]
    connector = to_s(connector)
    if len(items) <= 2:
        return f" {connector} ".join(items)
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def push(value: object, item: object) -> object:
    return [*value, item] if isinstance(value, list) else value


def unshift(value: object, item: object) -> object:
    return [item, *value] if isinstance(value, list) else value


def pop(value: object, count: object = 1) -> object:
    return value[: max(len(value) - to_integer(count), 0)] if isinstance(value, list) else value


def shift(value: object, count: object = 1) -> object:
    return value[to_integer(count) :] if isinstance(value, list) else value
