"""Redirect pages, as jekyll-redirect-from writes them (GitHub Pages runs it for everyone).

A post or page with `redirect_from: [/old/, /older.html]` gets a small page at each old URL
that sends the reader (and search engines: `rel=canonical`, `noindex`) to its new address;
`redirect_to: https://elsewhere/` makes the page itself such a redirect.
"""

from __future__ import annotations

from html import escape

from ssg import urls

__all__ = ["redirect_html", "redirect_sources", "redirect_target"]


def redirect_html(target: str, language: str = "en") -> str:
    """The redirect page to absolute URL `target` (jekyll-redirect-from's markup)."""
    to = escape(target, quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language, quote=True)}">\n'
        '<meta charset="utf-8">\n'
        "<title>Redirecting&hellip;</title>\n"
        f'<link rel="canonical" href="{to}">\n'
        f'<script>location="{escape(target.replace(chr(34), "%22"), quote=False)}"</script>\n'
        f'<meta http-equiv="refresh" content="0; url={to}">\n'
        '<meta name="robots" content="noindex">\n'
        "<h1>Redirecting&hellip;</h1>\n"
        f'<a href="{to}">Click here if you are not redirected.</a>\n'
        "</html>\n"
    )


def redirect_sources(extra: dict) -> list[str]:
    """The site paths of `redirect_from` (a string or a list of them), normalised."""
    value = extra.get("redirect_from")
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    found = []
    for item in values:
        if isinstance(item, str) and item.strip() and "://" not in item:
            found.append(urls.normalize("/" + item.strip().lstrip("/")))
    return list(dict.fromkeys(found))


def redirect_target(extra: dict) -> str | None:
    """`redirect_to` when it is a URL or a site path (a list: its first item, as the plugin)."""
    value = extra.get("redirect_to")
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None
