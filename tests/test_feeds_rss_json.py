"""RSS 2.0 (`rss.xml`) and JSON Feed 1.1 (`feed.json`) beside the Atom feed: read back with an
XML parser and `json`, linked from every page's `<head>`, each switched off by its key, and
accepted by `ssg check`."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup

from ssg.check.site import check_site

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC_3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
FILES = {
    "ssg.toml": 'title = "Dev & <Notes>"\nurl = "https://example.org/repo/"\n'
    'timezone = "Asia/Seoul"\nauthor = "Kim"\n',
    "content/posts/2024-02-03-first.md": "---\ntitle: First & best\ndate: 2024-02-03 09:30\n"
    "tags: [docker, 도커]\n---\nSee [the second](/2024/03/04/second/) and ![x](/images/a.png).\n",
    "content/posts/2024-03-04-second.md": "---\ntitle: Second\ndate: 2024-03-04 10:00\n"
    "updated: 2024-03-05 11:00\n---\nText.\n",
    "content/images/a.png": "not really a png",
}


@pytest.fixture
def site(make_site, ssg):
    def build(extra: str = ""):
        files = dict(FILES)
        files["ssg.toml"] += extra
        root = make_site(files)
        run = ssg(root, "build")
        assert run.status == 0, run.err
        return root / "site"

    return build


def test_rss_is_rss_2_with_items_guids_and_rfc_822_dates(site):
    out = site()
    root = ET.fromstring((out / "rss.xml").read_bytes())
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Dev & <Notes>"
    assert channel.findtext("link") == "https://example.org/repo/"
    assert channel.findtext("description")  # required by RSS 2.0
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Second", "First & best"]
    first = items[1]
    assert first.findtext("link") == "https://example.org/repo/2024/02/03/first/"
    guid = first.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (first.findtext("link"), "true")
    published = parsedate_to_datetime(first.findtext("pubDate"))
    assert published.isoformat() == "2024-02-03T09:30:00+09:00"
    assert re.fullmatch(
        r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", first.findtext("pubDate")
    )
    assert [c.text for c in first.findall("category")] == ["docker", "도커"]
    body = first.findtext(CONTENT)
    assert 'href="https://example.org/repo/2024/03/04/second/"' in body
    assert 'src="https://example.org/repo/images/a.png"' in body


def test_json_feed_is_version_1_1_with_rfc_3339_dates(site):
    out = site()
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Dev & <Notes>"
    assert feed["home_page_url"] == "https://example.org/repo/"
    assert feed["feed_url"] == "https://example.org/repo/feed.json"
    assert [item["title"] for item in feed["items"]] == ["Second", "First & best"]
    for item in feed["items"]:
        assert set(item) >= {"id", "url", "title", "content_html", "date_published"}
        assert item["id"] == item["url"] and item["url"].startswith("https://example.org/repo/")
        assert RFC_3339.match(item["date_published"]), item["date_published"]
        datetime.fromisoformat(item["date_published"])
    assert RFC_3339.match(feed["items"][0]["date_modified"])
    assert feed["items"][1]["tags"] == ["docker", "도커"]
    assert 'src="https://example.org/repo/images/a.png"' in feed["items"][1]["content_html"]


def test_every_page_links_all_three_feeds_with_their_types(site):
    out = site()
    for page in (out / "index.html", out / "2024/02/03/first/index.html", out / "404.html"):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        found = {(a["type"], a["href"]) for a in head.find_all("link", rel="alternate")}
        assert found >= {
            ("application/atom+xml", "/repo/feed.xml"),
            ("application/rss+xml", "/repo/rss.xml"),
            ("application/feed+json", "/repo/feed.json"),
        }


def test_each_feed_can_be_turned_off(site):
    out = site("rss_feed = false\njson_feed = false\n")
    assert (out / "feed.xml").is_file()
    assert not (out / "rss.xml").exists() and not (out / "feed.json").exists()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "rss.xml" not in html and "feed.json" not in html


def test_ssg_check_accepts_the_feeds(site):
    out = site()
    problems, stats = check_site(out, base_path="/repo/", site_url="https://example.org/repo/")
    assert [str(p) for p in problems] == []
    assert stats.feeds >= 4  # feed.xml, rss.xml, feed.json and the tag feeds


def test_ssg_check_finds_a_relative_url_in_a_json_feed(site):
    out = site()
    path = out / "feed.json"
    feed = json.loads(path.read_text(encoding="utf-8"))
    feed["items"][0]["content_html"] = '<a href="/repo/2024/02/03/first/">x</a>'
    del feed["items"][1]["id"]
    path.write_text(json.dumps(feed), encoding="utf-8")
    problems, _ = check_site(out, base_path="/repo/", site_url="https://example.org/repo/")
    found = "\n".join(map(str, problems))
    assert "relative URL in feed entry" in found and "item without an id" in found
    path.write_text('{"version": "1"}', encoding="utf-8")
    problems, _ = check_site(out, base_path="/repo/", site_url="https://example.org/repo/")
    assert "not a JSON Feed" in "\n".join(map(str, problems))
