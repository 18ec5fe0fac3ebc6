"""Jekyll's URL filters: `relative_url`, `absolute_url`, `strip_index`.

URLs are made from the running call's `SiteContext` (its base path and site URL).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ssg.liquid.context import current_context
from ssg.liquid.values import nil, to_s

__all__ = ["absolute_url", "relative_url", "strip_index"]

# A URL that starts with a scheme (`https:`, `mailto:`) is left as it is.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def relative_url(value: object) -> object:
    """Jekyll's `relative_url`: the path under the base path, percent-encoded."""
    value = nil(value)
    if value is None:
        return None
    text = to_s(value)
    if _SCHEME.match(text):
        return text
    parts = (current_context().base_path.rstrip("/"), text)
    joined = "".join(p if not p or p.startswith("/") else "/" + p for p in parts)
    return quote(joined, safe="/:#?&=%@+~!$,;'()*[]")


def absolute_url(value: object) -> object:
    """Jekyll's `absolute_url`: site URL + base path + path."""
    value = nil(value)
    if value is None or _SCHEME.match(to_s(value)):
        return value
    site_url = current_context().site_url
    url = f"{site_url}{relative_url(value)}" if site_url else relative_url(value)
    return url + "/" if re.fullmatch(r"[A-Za-z][\w+.-]*://[^/?#]+", str(url)) else url


def strip_index(value: object) -> object:
    text = to_s(value)
    return re.sub(r"/index\.html?$", "/", text) if text else value
