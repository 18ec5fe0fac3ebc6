"""The settings of the theme's optional features, declared and checked: the `[comments]`,
`[analytics]`, `[author_profile]` and `[seo]` tables of `ssg.toml` (which provider, which
keys), `home_layout`, `share_links` and `cards`.

`FIELDS` declares them (type, the README's sentence) for `config.FIELDS`, and `Config` has a
field for each; `problem` says what may go inside them, so that a typo in `[comments]` is an
error at its line like any other setting.
"""

from __future__ import annotations

# key -> (type, documentation), as in `config.FIELDS`
FIELDS: dict[str, tuple[type, str]] = {
    "home_layout": (str, '`"cards"` (with excerpts) or `"compact"` (title and date).'),
    "share_links": (bool, "Plain share links and a copy-link button under each post."),
    "comments": (dict, "Comments under posts, by giscus or utterances (see below)."),
    "analytics": (dict, "Page analytics by GoatCounter, Plausible or GA4 (see below)."),
    "author_profile": (dict, "Author box under posts: name, avatar, bio, links."),
    "seo": (dict, "Search and social meta: default image, logo, profiles, verify codes."),
    "cards": (bool, "A social card (Open Graph image) for each post without an `image`."),
}

# "table.provider" -> "required keys | optional keys" ("table." for a table without providers)
TABLES = {
    "comments.giscus": "repo repo_id category category_id | mapping theme lang",
    "comments.utterances": "repo | issue_term theme label",
    "analytics.goatcounter": "code |",
    "analytics.plausible": "domain | script",
    "analytics.ga4": "measurement_id |",
    "author_profile.": "| name avatar bio links",
    "seo.": "| image logo name profiles verify twitter_card facebook_app_id facebook_publisher"
    " facebook_admins",
}
# keys whose values are not strings: a list of `{name, url}` tables, of URLs, a table of codes
KINDS = {"links": list, "profiles": list, "verify": dict}
# `[seo] verify` service -> the `<meta name>` that carries its code (jekyll-seo-tag's, + Naver)
VERIFY_META = {
    "google": "google-site-verification",
    "bing": "msvalidate.01",
    "yandex": "yandex-verification",
    "baidu": "baidu-site-verification",
    "alexa": "alexaVerifyID",
    "facebook": "facebook-domain-verification",
    "naver": "naver-site-verification",
}
HOME_LAYOUTS = ("cards", "compact")


def problem(key: str, value) -> str | None:
    """What is wrong with setting `key` to `value` (already of the key's type), or None."""
    if key == "home_layout" and value not in HOME_LAYOUTS:
        return f'`home_layout` must be "cards" or "compact", not {value!r}'
    if not any(name.startswith(key + ".") for name in TABLES) or not value:
        return None
    provider = value.get("provider", "") if f"{key}." not in TABLES else ""
    names = TABLES.get(f"{key}.{provider}")
    if names is None:
        known = ", ".join(f'"{n.split(".")[1]}"' for n in TABLES if n.startswith(key + "."))
        return f"`{key}.provider` must be one of {known}, not {provider!r}"
    required, optional = (part.split() for part in names.split("|"))
    allowed = ("provider", *required, *optional) if provider else optional
    for name in value:
        if name not in allowed:
            return f"unknown key `{key}.{name}` (known: {', '.join(allowed)})"
        kind = KINDS.get(name, str)
        if not isinstance(value[name], kind):
            wanted = {list: "a list", dict: "a table", str: "a string"}[kind]
            return f"`{key}.{name}` must be {wanted}"
    for name in required:
        if not value.get(name):
            return f'`{key}` with provider "{provider}" needs `{name}`'
    for link in value.get("links", []):
        if not isinstance(link, dict) or set(link) != {"name", "url"}:
            return f"`{key}.links` must be a list of tables with `name` and `url`"
        if not all(isinstance(v, str) and v for v in link.values()):
            return f"`{key}.links`: `name` and `url` must be strings"
    if not all(isinstance(url, str) and url for url in value.get("profiles", [])):
        return f"`{key}.profiles` must be a list of URLs"
    for service, code in value.get("verify", {}).items():
        if service not in VERIFY_META:
            return f"unknown service `{key}.verify.{service}` (known: {', '.join(VERIFY_META)})"
        if not isinstance(code, str | int) or isinstance(code, bool):
            return f"`{key}.verify.{service}` must be a string"
    return None
