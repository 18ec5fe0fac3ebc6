"""Plan every output of the site: what each file is made from, before anything is rendered.

`plan` turns a `Site` into `OutputSpec`s: a URL, a template (or an XML generator) and the
exact context it gets. Each spec's `digest` covers the template set and the digests of
every page in its context, so an unchanged output can be skipped without rendering it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import jinja2
import pygments

from ssg import feeds, urls
from ssg.code_version import code_version
from ssg.errors import Diagnostic, error, warning
from ssg.markup.highlight.stylesheet import stylesheet
from ssg.page import Page
from ssg.redirects import redirect_html, redirect_sources, redirect_target
from ssg.site import Site
from ssg.taxonomy import paginate
from ssg.theme_options import VERIFY_META


@dataclass(frozen=True, slots=True)
class OutputSpec:
    url: str  # site path
    path: str  # relative to the output folder
    origin: str  # the source file or generator that asked for it (collision messages)
    digest: str
    template: str | None = None  # Jinja template name, or
    make: Callable[[], str | bytes] | None = None  # a generator of the file's text or bytes
    context: dict = field(default_factory=dict)
    # a file of ssg's own (feeds, sitemap, robots.txt, the 404 page) that a site's file at the
    # same path replaces, as jekyll-feed and jekyll-sitemap leave a site's own files alone
    replaceable: bool = False


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]


def _summaries(pages) -> str:
    """What lists and links show of pages: re-render when a title or date changes, not a body."""
    return ",".join(p.summary_digest or p.digest for p in pages if p is not None)


def _digests(pages) -> str:
    return ",".join(p.digest for p in pages if p is not None)


class Planner:
    def __init__(
        self,
        site: Site,
        template_fps: dict[str, str],
        env: jinja2.Environment,
        cards: dict | None = None,
    ):
        self.site = site
        self.cards = cards or {}  # post URL -> its social card (`card_outputs.plan_cards`)
        self.config = site.config
        self.env = env
        self.diagnostics: list[Diagnostic] = []
        nav = [(p.title, p.url) for p in self.nav_pages()]
        # what a templated output depends on besides its template's files (`template_fps`:
        # name -> its files' hash); generated XML depends on the config only
        self.site_fp = _digest(self.config.fingerprint(), nav)
        self.template_fps = template_fps
        self.data_fp = _digest(code_version(), self.config.fingerprint())
        self.known_templates = set(env.list_templates())
        self.specs: list[OutputSpec] = []

    def nav_pages(self) -> list[Page]:
        pages = [
            p
            for p in self.site.pages
            if p.url not in ("/", "/404.html") and p.extra.get("nav", True) is not False
        ]
        return sorted(pages, key=lambda p: (p.extra.get("order", 100), p.title))

    def site_view(self) -> dict:
        c = self.config
        return {
            "title": c.title,
            "description": c.description,
            "author": c.author,
            "url": c.url,
            "base_path": c.base_path,
            "language": c.language,
            "params": c.params,
            "twitter": c.twitter,
            "nav": self.nav_pages(),
            "tag_feeds": c.tag_feeds,
            "feed_path": urls.normalize("/" + c.feed_path.lstrip("/")),
            "rss_feed": c.rss_feed,
            "json_feed": c.json_feed,
            "home_layout": c.home_layout,
            "share_links": c.share_links,
            "comments": c.comments,
            "analytics": c.analytics,
            "author_profile": c.author_profile,
            "search": c.search,
            "seo": {
                **c.seo,
                "verify": [(VERIFY_META[k], str(v)) for k, v in c.seo.get("verify", {}).items()],
            },
        }

    def add(
        self,
        url: str,
        origin: str,
        deps: str,
        template: str | None = None,
        make: Callable[[], str | bytes] | None = None,
        replaceable: bool = False,
        **context,
    ) -> None:
        self.specs.append(
            OutputSpec(
                url=url,
                path=urls.output_path(url),
                origin=origin,
                digest=_digest(
                    _digest(self.site_fp, self.template_fps.get(template, ""))
                    if template
                    else self.data_fp,
                    template,
                    url,
                    deps,
                    _context_key(context),
                ),
                template=template,
                make=make,
                context=context,
                replaceable=replaceable,
            )
        )

    def add_files(self, folder: str, origin: str, digests: dict[str, str], make) -> None:
        """Add the files of `folder` (a URL ending in `/`), name -> a digest that already
        stands for its bytes (a search index file: a hash of its text, or of what its text
        is made from), used as it is (no hashing per file); `make(name)` gives the text."""
        path = folder.lstrip("/")
        self.specs += (
            OutputSpec(folder + name, path + name, origin, digest, None, partial(make, name))
            for name, digest in sorted(digests.items())
        )

    def layout(self, page: Page, default: str) -> str:
        if page.layout in (None, "", "default", page.kind):
            return default
        name = f"{page.layout}.html"
        if name in self.known_templates or not self.config.warn_unknown_layouts:
            # e.g. a Jekyll site's layouts are Jekyll's own: its posts take ours, quietly
            return name if name in self.known_templates else default
        self.diagnostics.append(
            warning(
                page.source,
                page.front_lines.get("layout"),
                f"unknown layout {page.layout!r}; using {default}",
            )
        )
        return default

    def plan(self) -> list[OutputSpec]:
        self.plan_posts()
        self.plan_pages()
        self.plan_home()
        self.plan_taxonomy("tags", self.site.tags, "Tags")
        if self.site.categories:
            self.plan_taxonomy("categories", self.site.categories, "Categories")
        self.plan_archive()
        self.plan_files()
        self.plan_redirects()
        return self.specs

    def plan_redirects(self) -> None:
        """A page at every `redirect_from` URL of a post or page, to its absolute URL."""
        for page in (*self.site.posts, *self.site.pages):
            target = urls.absolute(self.config.url, self.config.base_path, page.url)
            for old in redirect_sources(page.extra):
                text = redirect_html(target, self.config.language)
                self.add(old, page.source, target, make=lambda text=text: text, redirect=True)

    def _redirect_to(self, page: Page) -> bool:
        """`redirect_to`: the page is a redirect there instead of its own content."""
        target = redirect_target(page.extra)
        if target is None:
            return False
        if target.startswith("/"):
            target = urls.absolute(self.config.url, self.config.base_path, target)
        text = redirect_html(target, self.config.language)
        self.add(page.url, page.source, target, make=lambda: text, redirect=True)
        return True

    def plan_posts(self) -> None:
        for post in self.site.posts:
            if self._redirect_to(post):
                continue
            if post.layout == "none":  # Jekyll: the body alone, no template
                self.add(post.url, post.source, post.digest, make=_body_of(post))
                continue
            newer, older = self.site.neighbours[post.url]
            related = self.site.related.get(post.url, ())
            card = self.cards.get(post.url)
            deps = post.digest + ";" + _summaries([newer, older, *related])
            self.add(
                post.url,
                post.source,
                deps + (";" + card.key if card else ""),
                self.layout(post, "post.html"),
                page=post,
                newer=newer,
                older=older,
                related=related,
                kind="post",
                social_card=card,
            )

    def plan_pages(self) -> None:
        for page in self.site.pages:
            if self._redirect_to(page):
                continue
            if page.layout == "none":
                self.add(page.url, page.source, page.digest, make=_body_of(page))
                continue
            template = "404.html" if page.url == "/404.html" else self.layout(page, "page.html")
            self.add(page.url, page.source, page.digest, template, page=page, kind="page")
        if not any(p.url == "/404.html" for p in self.site.pages):
            page = _list_page("Page not found", "/404.html", 1)
            self.add(
                "/404.html", "404 page", "", "404.html", replaceable=True, kind="404", page=page
            )

    def plan_home(self) -> None:
        for pager in paginate(self.site.posts, self.config.posts_per_page, "/"):
            self.add(
                pager.url,
                "home page",
                _digests(pager.items),
                "index.html",
                pager=pager,
                kind="home",
                page=_list_page(self.config.title, pager.url, pager.number),
            )

    def plan_taxonomy(self, taxonomy: str, terms, title: str) -> None:
        """A paginated page per term (and a feed per tag), and one page listing the terms."""
        config = self.config
        for term in terms:
            name = f"#{term.name}" if taxonomy == "tags" else term.name
            for pager in paginate(term.posts, config.posts_per_page, term.url):
                self.add(
                    pager.url,
                    f"{taxonomy[:-1]} {term.name!r}",
                    # the items' excerpts, and what the template may show of the whole term
                    _digests(pager.items) + ";" + _summaries(term.posts),
                    "term.html",
                    term=term,
                    pager=pager,
                    taxonomy=taxonomy,
                    kind="term",
                    page=_list_page(name, pager.url, pager.number),
                )
            if taxonomy == "tags" and config.tag_feeds:
                posts = term.posts[: config.feed_size]
                feed = self._feed(
                    posts, term.url + "feed.xml", term.url, f"{config.title} · {name}"
                )
                self.add(term.url + "feed.xml", f"{name} feed", _digests(posts), make=feed)
        url = f"/{taxonomy}/"
        self.add(
            url,
            f"{taxonomy} page",
            [(t.name, t.count) for t in terms],
            "tags.html",
            terms=terms,
            taxonomy=taxonomy,
            kind="terms",
            page=_list_page(title, url, 1),
        )

    def plan_archive(self) -> None:
        self.add(
            "/archive/",
            "archive page",
            _summaries(self.site.posts),
            "archive.html",
            years=self.site.years,
            kind="archive",
            page=_list_page("Archive", "/archive/", 1),
        )

    def plan_files(self) -> None:
        """The site feeds, sitemap, robots.txt and the code stylesheet."""
        config = self.config
        posts = self.site.posts[: config.feed_size]
        feed_url = urls.normalize("/" + config.feed_path.lstrip("/"))
        feed = self._feed(posts, feed_url, "/", config.title)
        self.add(feed_url, "feed", _digests(posts), make=feed, replaceable=True)
        if config.rss_feed:
            rss = lambda: feeds.rss_feed(config, posts, "/rss.xml", "/")  # noqa: E731
            self.add("/rss.xml", "RSS feed", _digests(posts), make=rss, replaceable=True)
        if config.json_feed:
            jsonfeed = lambda: feeds.json_feed(config, posts, "/feed.json", "/")  # noqa: E731
            self.add("/feed.json", "JSON feed", _digests(posts), make=jsonfeed, replaceable=True)
        sitemap, robots = self._sitemap, lambda: feeds.robots(config)
        self.add("/sitemap.xml", "sitemap", self._sitemap_key(), make=sitemap, replaceable=True)
        self.add("/robots.txt", "robots.txt", "", make=robots, replaceable=True)
        styles = (config.code_style_light, config.code_style_dark)
        deps = (*styles, pygments.__version__)
        self.add("/css/code.css", "code styles", deps, make=lambda: stylesheet(*styles))

    def _feed(self, posts, feed_url, home_url, title):
        return lambda: feeds.atom_feed(self.config, posts, feed_url, home_url, title)

    def _sitemap_entries(self):
        entries = []
        for spec in self.specs:
            if spec.path.endswith(".html") and spec.url != "/404.html":
                page = spec.context.get("page")
                if spec.context.get("redirect") or (
                    isinstance(page, Page) and page.extra.get("sitemap") is False
                ):
                    continue  # as jekyll-sitemap leaves them out
                modified = None
                if isinstance(page, Page):
                    modified = page.updated or page.date
                entries.append((spec.url, modified))
        return entries

    def _sitemap_key(self):
        return _digest(*(f"{u}{m}" for u, m in self._sitemap_entries()))

    def _sitemap(self):
        return feeds.sitemap(self.config, self._sitemap_entries())


def _body_of(page: Page):
    return lambda: page.html


def _list_page(title: str, url: str, number: int) -> dict:
    shown = title if number == 1 else f"{title} (page {number})"
    return {"title": shown, "url": url, "kind": "list"}


def _context_key(context: dict) -> str:
    """The parts of a context not covered by page digests (pager numbers, term names)."""
    pager = context.get("pager")
    term = context.get("term")
    return _digest(
        pager.number if pager else "",
        pager.total if pager else "",
        term.name if term else "",
        context.get("kind"),
    )


def collisions(specs: list[OutputSpec]) -> tuple[list[OutputSpec], list[Diagnostic]]:
    """The outputs to write, one per path, and an error for each path two files want; a
    replaceable output gives way to the other file quietly."""
    kept: dict[str, OutputSpec] = {}
    problems = []
    for spec in specs:
        other = kept.get(spec.path)
        if other is None or (other.replaceable and not spec.replaceable):
            kept[spec.path] = spec
        elif not spec.replaceable:
            problems.append(
                error(spec.origin, None, f"URL {spec.url} is also written by {other.origin}")
            )
    return list(kept.values()), problems
