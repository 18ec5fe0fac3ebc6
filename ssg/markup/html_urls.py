"""URLs inside HTML: `rewrite_urls` applies a fix to every `href`/`src`/`poster`/`srcset` URL
of a fragment (base paths in raw HTML, absolute URLs in feeds, page-relative excerpts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

# a start tag with a URL attribute (quoted values may hold `>`); tags without one, such as
# the thousands of `<span class="k">` in highlighted code, are skipped by the regex engine
_TAG = re.compile(
    r"""<[a-zA-Z](?:"[^"]*"|'[^']*'|[^"'>])*?\s(?:href|src|poster|srcset)\s*="""
    r"""(?:"[^"]*"|'[^']*'|[^"'>])*>""",
    re.IGNORECASE,
)
_URL_ATTR = re.compile(
    r"""(?P<lead>\s(?P<name>href|src|poster|srcset)\s*=\s*)"""
    r"""(?:(?P<q>["'])(?P<quoted>.*?)(?P=q)|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE | re.DOTALL,
)

# One `url descriptor` candidate of a srcset; a URL may hold commas but not end with one.
_SRCSET_CANDIDATE = re.compile(r"(?P<sep>[\s,]*)(?P<url>[^\s,]\S*[^\s,]|[^\s,])(?P<rest>[^,]*)")
PATH_SAFE = "/!$&'()*+,;=:@-._~"
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def encoded(site_path: str, written: str) -> str:
    """A resolved site path, percent-encoded, with the query and fragment `written` had."""
    parts = urlsplit(written)
    url = quote(site_path, safe=PATH_SAFE)
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url


def rewrite_urls(fragment: str, fix: Callable[[str], str]) -> str:
    """Apply `fix` to every URL in the `href`, `src`, `poster` and `srcset` attributes of the
    tags of an HTML fragment (each candidate of a srcset); quoting and descriptors are kept.
    Text that merely looks like an attribute (`href=&quot;/x&quot;` in prose) is left alone."""

    def attribute(m: re.Match) -> str:
        quote_char = m.group("q") or ""
        value = m.group("quoted") if quote_char else m.group("bare")
        if m.group("name").lower() == "srcset":
            value = _SRCSET_CANDIDATE.sub(
                lambda c: c.group("sep") + fix(c.group("url")) + c.group("rest"), value
            )
        else:
            value = fix(value)
        return f"{m.group('lead')}{quote_char}{value}{quote_char}"

    return _TAG.sub(lambda tag: _URL_ATTR.sub(attribute, tag.group(0)), fragment)
