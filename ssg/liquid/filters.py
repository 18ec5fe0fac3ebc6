"""Jekyll 4.3's Liquid filters by name (`FILTERS`) and `register`, which adds them.

The filters themselves are grouped as Jekyll groups them: `filters_urls`,
`filters_dates`, `filters_text` (strings) and `filters_arrays`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssg.liquid.filters_arrays import (
    array_to_sentence_string,
    find,
    find_exp,
    group_by,
    group_by_exp,
    pop,
    push,
    shift,
    sort,
    unshift,
    where,
    where_exp,
)
from ssg.liquid.filters_dates import (
    date_to_long_string,
    date_to_rfc822,
    date_to_string,
    date_to_xmlschema,
)
from ssg.liquid.filters_text import (
    cgi_escape,
    jsonify,
    markdownify,
    normalize_whitespace,
    number_of_words,
    slugify,
    smartify,
    to_integer,
    uri_escape,
    xml_escape,
)
from ssg.liquid.filters_urls import absolute_url, relative_url, strip_index

__all__ = ["FILTERS", "register"]

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
