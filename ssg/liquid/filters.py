"""Jekyll's Liquid filters (`relative_url`, `date_to_string`, `where`, `sort`, …), as Jekyll 4.3
behaves; the per-call context (`JekyllContext`) and warnings come from `ssg.liquid_jekyll`."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, tzinfo
from functools import cmp_to_key, lru_cache
from io import StringIO
from typing import Any
from urllib.parse import quote, quote_plus, unquote

from liquid import BoundTemplate, RenderContext
from liquid.exceptions import FilterArgumentError, LiquidError
from liquid.filter import with_context

from ssg.dates import DateError, parse_date
from ssg.liquid.jekyll_tags import (
    _SCHEME,
    _nil,
    _to_s,
    current_context,
    parse_fragment,
    relative_url,
)

# ------------------------------------------------------------ URL filters


def absolute_url(value: object) -> object:
    """Jekyll's `absolute_url`: site URL + base path + path."""
    value = _nil(value)
    if value is None or _SCHEME.match(_to_s(value)):
        return value
    site_url = current_context().site_url
    url = f"{site_url}{relative_url(value)}" if site_url else relative_url(value)
    return url + "/" if re.fullmatch(r"[A-Za-z][\w+.-]*://[^/?#]+", str(url)) else url


def strip_index(value: object) -> object:
    text = _to_s(value)
    return re.sub(r"/index\.html?$", "/", text) if text else value


def markdownify(value: object) -> str:
    render = current_context().markdownify
    text = _to_s(value)
    return render(text) if render is not None else text


# ----------------------------------------------------------- date filters

_MONTHS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTHS.split()
_DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_LOOSE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")


def _time(value: object) -> datetime:
    """Jekyll's `time(input)`: a datetime in the site's time zone."""
    zone = current_context().timezone
    default = zone or UTC
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=default)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=default)
    elif isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        moment = datetime.fromtimestamp(int(value), default)
    elif isinstance(value, str) and value.strip().lower() in ("now", "today"):
        moment = datetime.now(default)
    else:
        moment = _parse_loose(_to_s(value), default)
    return moment.astimezone(zone) if zone else moment


def _parse_loose(text: str, zone: tzinfo) -> datetime:
    try:
        return parse_date(text, zone)
    except DateError:
        pass
    for pattern in _LOOSE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    raise FilterArgumentError(f"invalid date {text!r}", token=None)


def date_to_xmlschema(value: object) -> object:
    if not _to_s(value):
        return value
    return _time(value).isoformat(timespec="seconds")


def date_to_rfc822(value: object) -> object:
    if not _to_s(value):
        return value
    t = _time(value)
    month = _MONTH_NAMES[t.month - 1][:3]
    return f"{_DAY_NAMES[t.weekday()]}, {t.day:02d} {month} {t:%Y %H:%M:%S %z}"


def _stringify_date(value: object, long: bool, kind: object, style: object) -> object:
    if not _to_s(value):
        return value
    t = _time(value)
    month = _MONTH_NAMES[t.month - 1] if long else _MONTH_NAMES[t.month - 1][:3]
    if kind != "ordinal":
        return f"{t.day:02d} {month} {t.year}"
    suffix = "th" if 11 <= t.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(t.day % 10, "th")
    if style == "US":
        return f"{month} {t.day}{suffix}, {t.year}"
    return f"{t.day}{suffix} {month} {t.year}"


def date_to_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, False, kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, True, kind, style)


# --------------------------------------------------------- string filters


def xml_escape(value: object) -> str:
    text = _to_s(value)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def cgi_escape(value: object) -> str:
    return quote_plus(_to_s(value))


def uri_escape(value: object) -> str:
    """Addressable's `normalize_component`: keep reserved and unreserved characters."""
    text = unicodedata.normalize("NFC", unquote(_to_s(value)))
    return quote(text, safe=":/?#[]@!$&'()*+,;=-._~%")


_SLUG_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")


def slugify(value: object, mode: object = None) -> object:
    """Jekyll's `slugify` (default mode: letters, marks and digits of any script kept,
    everything else a hyphen, lower-cased)."""
    if _nil(value) is None:
        return None
    text, mode = _to_s(value), _to_s(mode) or "default"
    if mode not in _SLUG_MODES:
        return text.lower()
    if mode == "latin":
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c if c.isascii() else "?" for c in text if not unicodedata.combining(c))
    if mode == "raw":
        slug = re.sub(r"[ \t\r\n\f\v]+", "-", text)
    elif mode == "ascii":
        slug = re.sub(r"[^A-Za-z0-9]+", "-", text)
    else:
        keep = _PRETTY_KEEP if mode == "pretty" else frozenset()
        slug = re.sub("-+", "-", "".join(c if c in keep or _is_slug_char(c) else "-" for c in text))
    return re.sub(r"^-|-$", "", slug, flags=re.MULTILINE).lower()


def _is_slug_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= code <= 0x2FDF  # CJK radicals
        or 0x3041 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3130 <= code <= 0x318F  # Hangul compatibility Jamo
        or 0x31F0 <= code <= 0x31FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xA960 <= code <= 0xA97F
        or 0xAC00 <= code <= 0xD7FF  # Hangul syllables, Jamo extended-B
        or 0xF900 <= code <= 0xFAFF
        or 0xFF66 <= code <= 0xFF9F
        or 0x20000 <= code <= 0x3134F
        or code in (0x3005, 0x3007)
    )


def number_of_words(value: object, mode: object = None) -> int:
    """Words split on whitespace; with "cjk" (or "auto" when there is CJK text) each
    Han/Kana/Hangul character counts as a word."""
    text = _to_s(value)
    plain = len(re.findall(r"[^ \t\r\n\f\v]+", text))
    cjk = sum(map(_is_cjk, text))
    if mode == "cjk" or (mode == "auto" and cjk):
        other = "".join(" " if _is_cjk(c) else c for c in text)
        return cjk + len(re.findall(r"[^ \t\r\n\f\v]+", other))
    return plain


def normalize_whitespace(value: object) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", _to_s(value)).strip(" \t\r\n\f\v\0")


def smartify(value: object) -> str:
    """Jekyll's SmartyPants filter, as the identity (the text is left as written)."""
    return _to_s(value)


def _json_ready(value: object) -> object:
    value = _nil(value)
    if isinstance(value, Mapping):
        return {_to_s(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(v) for v in value]
    if isinstance(value, date):
        return _to_s(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def jsonify(value: object) -> str:
    return json.dumps(_json_ready(value), ensure_ascii=False, separators=(",", ":"))


def to_integer(value: object) -> int:
    if value is True or value is False:
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    match = re.match(r"\s*[-+]?\d+", _to_s(value).replace("_", ""))
    return int(match.group()) if match else 0


# ---------------------------------------------------------- array filters


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
    text = _to_s(value)
    if re.fullmatch(r"\s*-?[0-9]+\s*", text):
        return int(text)
    if re.fullmatch(r"\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\s*", text):
        return float(text)
    return _nil(value)


def _property(item: object, name: object) -> object:
    value = item
    for key in _to_s(name).split("."):
        value = _sort_input(_get(value, key))
    return value


def _items(value: object) -> list | None:
    value = _nil(value)
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return None


def _matches(prop: object, target: object) -> bool:
    """Jekyll's `compare_property_vs_target`."""
    if target is None:
        return prop is None
    target = _to_s(target)
    if isinstance(prop, str):
        return prop == target
    props = [] if prop is None else prop if isinstance(prop, list | tuple) else [prop]
    return any(_to_s(p) == target for p in props)


def where(value: object, prop: object = None, target: object = None) -> object:
    items = _items(value)
    target = _nil(target)
    if items is None or not _nil(prop) or isinstance(target, list | Mapping):
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
    with context.extend({_to_s(name): item}):
        template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


@with_context
def where_exp(value: object, name: object, expression: object, *, context: RenderContext):
    items = _items(value)
    if items is None:
        return value
    test = _expression(context.env, f"{{% if {_to_s(expression)} %}}1{{% endif %}}")
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
        if _nil(value) is None:
            raise FilterArgumentError("Cannot sort a null object.", token=None)
        return [value]
    if _nil(prop) is None:
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=_to_s)
    if nils not in ("first", "last"):
        raise FilterArgumentError(f"invalid nils order {nils!r} (first or last)", token=None)
    order = -1 if nils == "first" else 1

    def compare(a: tuple, b: tuple) -> int:
        if a[0] is not None and b[0] is None:
            return -order
        if a[0] is None and b[0] is not None:
            return order
        result = _spaceship(a[0], b[0])
        return result if result is not None else _spaceship(_to_s(a[0]), _to_s(b[0])) or 0

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
        groups.setdefault(_to_s(_property(item, prop)), []).append(item)
    return _grouped(groups)


@with_context
def group_by_exp(value: object, name: object, expression: object, *, context: RenderContext):
    items = _items(value)
    if items is None:
        return value
    output = _expression(context.env, f"{{{{ {_to_s(expression)} }}}}")
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(_evaluate(context, output, name, item), []).append(item)
    return _grouped(groups)


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = _items(value)
    if items is None:
        items = [] if _nil(value) is None else [value]
    items = [_to_s(v) for v in items]
    connector = _to_s(connector)
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


# --------------------------------------------------------------- register

FILTERS: dict[str, Callable[..., object]] = {
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "strip_index": strip_index,
    "markdownify": markdownify,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "slugify": slugify,
    "number_of_words": number_of_words,
    "normalize_whitespace": normalize_whitespace,
    "smartify": smartify,
    "jsonify": jsonify,
    "to_integer": to_integer,
    "where": where,
    "where_exp": where_exp,
    "find": find,
    "find_exp": find_exp,
    "sort": sort,
    "group_by": group_by,
    "group_by_exp": group_by_exp,
    "array_to_sentence_string": array_to_sentence_string,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
}


def register(env: Any) -> None:
    """Add Jekyll's filters to a python-liquid environment."""
    for name, function in FILTERS.items():
        env.add_filter(name, function)
