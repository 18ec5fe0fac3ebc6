"""The default theme's optional features, each off until configured: comments (giscus,
utterances), analytics (GoatCounter, Plausible, GA4), the author box, share links, the compact
home list, and `toc: false`. Every page stays well-formed HTML with unique ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from ssg.check.site import check_site

BASE = 'title = "Feature Blog"\nurl = "https://example.org/blog/"\nauthor = "Kim"\n'
HEADINGS = "".join(f"## Part {n}\n\nText {n}.\n\n" for n in range(1, 5))
FILES = {
    "content/posts/2024-01-01-first.md": "---\ntitle: First & foremost\n---\nHello.\n\n" + HEADINGS,
    "content/posts/2024-01-02-quiet.md": "---\ntitle: Quiet\ncomments: false\ntoc: false\n---\n"
    + HEADINGS,
    "content/about.md": "---\ntitle: About\ntoc: false\n---\n" + HEADINGS,
    "content/images/me.png": b"\x89PNG\r\n\x1a\n",
}
FIRST = "2024/01/01/first/index.html"
QUIET = "2024/01/02/quiet/index.html"
GISCUS = '[comments]\nprovider = "giscus"\nrepo = "kim/blog"\nrepo_id = "R_kg"\n'
GISCUS += 'category = "Comments"\ncategory_id = "DIC_kw"\n'
UTTERANCES = '[comments]\nprovider = "utterances"\nrepo = "kim/blog"\n'
PROFILE = '[author_profile]\navatar = "/images/me.png"\nbio = "Writes about containers."\n'
PROFILE += '[[author_profile.links]]\nname = "GitHub"\nurl = "https://github.com/kim"\n'
PROFILE += '[[author_profile.links]]\nname = "Mastodon"\nurl = "https://mastodon.social/@kim"\n'
EVERYTHING = GISCUS + PROFILE + '[analytics]\nprovider = "goatcounter"\ncode = "kim"\n'
EXTERNAL = ("giscus.app", "utteranc.es", "goatcounter", "plausible", "googletagmanager")


@pytest.fixture
def site(make_site, ssg):
    def build(config: str = "") -> Path:
        root = make_site({"ssg.toml": BASE + config, **FILES})
        run = ssg(root, "build")
        assert run.status == 0, run.err
        return root / "site"

    return build


def read(out: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*.html"))}


def test_nothing_external_and_no_feature_markup_by_default(site):
    out = site()
    for rel, html in pages(out).items():
        assert not any(host in html for host in EXTERNAL), rel
        for name in ("comments", "author-box", "share-links", "post-list-compact"):
            assert f'class="{name}' not in html, (rel, name)


# --- comments ---------------------------------------------------------------------------


def test_giscus_comments_on_posts_only(site):
    out = site(GISCUS)
    script = read(out, FIRST).select_one("section.comments script[src]")
    assert script["src"] == "https://giscus.app/client.js"
    assert script["data-repo"] == "kim/blog" and script["data-repo-id"] == "R_kg"
    assert script["data-category"] == "Comments" and script["data-category-id"] == "DIC_kw"
    assert script["data-mapping"] == "pathname"
    for rel, html in pages(out).items():
        assert ("giscus.app" in html) == (rel == FIRST), rel  # not the quiet post, no list


def test_utterances_comments_are_built_by_script(site):
    out = site(UTTERANCES)
    section = read(out, FIRST).select_one("section.comments")
    code = section.find("script").string
    assert "https://utteranc.es/client.js" in code
    assert 's.setAttribute("repo", "kim/blog")' in code
    assert 's.setAttribute("issue-term", "pathname")' in code
    assert "utteranc.es" not in (out / QUIET).read_text()


def test_comments_false_in_front_matter_turns_them_off(site):
    out = site(GISCUS)
    assert read(out, QUIET).select_one("section.comments") is None


# --- analytics --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            'provider = "goatcounter"\ncode = "kim"\n',
            ["gc.zgo.at/count.js", "https://kim.goatcounter.com/count"],
        ),
        (
            'provider = "plausible"\ndomain = "example.org"\n',
            ["https://plausible.io/js/script.js", '"data-domain", "example.org"'],
        ),
        (
            'provider = "plausible"\ndomain = "example.org"\nscript = "https://stats.example.org/js/s.js"\n',
            ["https://stats.example.org/js/s.js"],
        ),
        (
            'provider = "ga4"\nmeasurement_id = "G-ABC123"\n',
            ["googletagmanager.com/gtag/js", '"G-ABC123"'],
        ),
    ],
)
def test_analytics_on_every_page_when_configured(site, config, expected):
    out = site("[analytics]\n" + config)
    for rel, html in pages(out).items():
        head = BeautifulSoup(html, "html.parser").head
        code = "".join(s.string or "" for s in head.find_all("script"))
        assert all(text in code for text in expected), rel
        assert 'h === "localhost" || h === "127.0.0.1"' in code  # not counted in ssg serve
        assert not head.find("script", src=lambda s: s and "://" in s), rel  # loaded by script


# --- author box -------------------------------------------------------------------------


def test_author_box_under_posts(site):
    out = site(PROFILE)
    box = read(out, FIRST).select_one("article .author-box")
    assert box.select_one(".author-name").get_text() == "Kim"  # from `author`
    assert box.select_one(".author-bio").get_text() == "Writes about containers."
    img = box.find("img")
    assert (img["src"], img["alt"], img["width"]) == ("/blog/images/me.png", "", "64")
    links = [(a.get_text(), a["href"]) for a in box.select(".author-links a")]
    assert links == [
        ("GitHub", "https://github.com/kim"),
        ("Mastodon", "https://mastodon.social/@kim"),
    ]
    assert read(out, "about/index.html").select_one(".author-box") is None


def test_author_box_takes_an_avatar_url_and_a_name(site):
    out = site('[author_profile]\nname = "Kim Dev"\navatar = "https://cdn.example.org/k.png"\n')
    box = read(out, FIRST).select_one(".author-box")
    assert box.find("img")["src"] == "https://cdn.example.org/k.png"
    assert box.select_one(".author-name").get_text() == "Kim Dev"
    assert box.select_one(".author-links") is None


# --- share links ------------------------------------------------------------------------


def test_share_links_carry_the_encoded_absolute_url(site):
    out = site("share_links = true\n")
    share = read(out, FIRST).select_one("section.share")
    url = "https://example.org/blog/2024/01/01/first/"
    found = {a.get_text(): a["href"] for a in share.find_all("a")}
    assert set(found) == {"X (Twitter)", "LinkedIn", "Hacker News", "Reddit", "Facebook"}
    encoded = "https%3A%2F%2Fexample.org%2Fblog%2F2024%2F01%2F01%2Ffirst%2F"
    for name, href in found.items():
        assert encoded in href, name
        query = parse_qs(urlsplit(href).query)
        assert url in [v[0] for v in query.values()], name
    assert parse_qs(urlsplit(found["Hacker News"]).query)["t"] == ["First & foremost"]
    button = share.find("button", class_="copy-link")
    assert button["data-url"] == url and button.has_attr("hidden")  # shown by site.js
    assert not share.find("script")


# --- home layout, toc ---------------------------------------------------------------------


def test_compact_home_lists_title_and_date_only(site):
    home = read(site('home_layout = "compact"\n'), "index.html")
    items = home.select("ul.post-list-compact > li")
    assert [li.find("a").get_text() for li in items] == ["Quiet", "First & foremost"]
    assert all(li.find("time") for li in items)
    assert home.select_one(".excerpt, .post-card") is None


def test_cards_stay_the_default_home(site):
    home = read(site(), "index.html")
    assert home.select(".post-list .post-card") and not home.select(".post-list-compact")


def test_toc_false_hides_the_table_of_contents(site):
    out = site()
    assert read(out, FIRST).select_one("nav.toc")
    assert read(out, QUIET).select_one("nav.toc") is None
    assert read(out, "about/index.html").select_one("nav.toc") is None


# --- the whole site with every feature on ------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
SCRIPT_ATTRIBUTES = {"src", "async", "defer", "type", "crossorigin", "integrity", "nonce"}


class Structure(HTMLParser):
    """Unclosed or misnested elements, duplicate ids, non-standard script attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value}")
                self.ids.add(value)
            if tag == "script" and name not in SCRIPT_ATTRIBUTES and not name.startswith("data-"):
                self.problems.append(f"<script {name}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()


def test_every_page_is_well_formed_with_every_feature_on(site):
    out = site('share_links = true\nhome_layout = "compact"\n' + EVERYTHING)
    for rel, html in pages(out).items():
        parser = Structure()
        parser.feed(html)
        assert parser.problems == [] and parser.stack == [], rel
    problems, _ = check_site(out, base_path="/blog/", site_url="https://example.org/blog/")
    assert [str(p) for p in problems] == []
