"""Jekyll's string filters: escaping, `slugify`, word counts, `jsonify`, `markdownify`, …"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from urllib.parse import quote, quote_plus, unquote

from ssg.liquid.context import current_context
from ssg.liquid.values import nil, to_s
from ssg.urls import PRETTY_KEEP, is_slug_char

__all__ = [
    "cgi_escape",
    "jsonify",
    "markdownify",
    "normalize_whitespace",
    "number_of_words",
    "slugify",
    "smartify",
    "to_integer",
    "uri_escape",
    "xml_escape",
]


def markdownify(value: object) -> str:
    render = current_context().markdownify
    text = to_s(value)
    return render(text) if render is not None else text


def xml_escape(value: object) -> str:
    text = to_s(value)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def cgi_escape(value: object) -> str:
    return quote_plus(to_s(value))


def uri_escape(value: object) -> str:
    """Addressable's `normalize_component`: keep reserved and unreserved characters."""
    text = unicodedata.normalize("NFC", unquote(to_s(value)))
    return quote(text, safe=":/?#[]@!$&'()*+,;=-._~%")


_SLUG_MODES = ("raw", "default", "pretty", "ascii", "latin")


def slugify(value: object, mode: object = None) -> object:
    """Jekyll's `slugify` (default mode: letters, marks and digits of any script kept,
    everything else a hyphen, lower-cased)."""
    if nil(value) is None:
        return None
    text, mode = to_s(value), to_s(mode) or "default"
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
        keep = PRETTY_KEEP if mode == "pretty" else frozenset()
        slug = re.sub("-+", "-", "".join(c if c in keep or is_slug_char(c) else "-" for c in text))
    return re.sub(r"^-|-$", "", slug, flags=re.MULTILINE).lower()


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
    text = to_s(value)
    plain = len(re.findall(r"[^ \t\r\n\f\v]+", text))
    cjk = sum(map(_is_cjk, text))
    if mode == "cjk" or (mode == "auto" and cjk):
        other = "".join(" " if _is_cjk(c) else c for c in text)
        return cjk + len(re.findall(r"[^ \t\r\n\f\v]+", other))
    return plain


def normalize_whitespace(value: object) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", to_s(value)).strip(" \t\r\n\f\v\0")


def smartify(value: object) -> str:
    """Jekyll's SmartyPants filter, as the identity (the text is left as written)."""
    return to_s(value)


def _json_ready(value: object) -> object:
    value = nil(value)
    if isinstance(value, Mapping):
        return {to_s(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(v) for v in value]
    if isinstance(value, date):
        return to_s(value)
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
    match = re.match(r"\s*[-+]?\d+", to_s(value).replace("_", ""))
    return int(match.group()) if match else 0
