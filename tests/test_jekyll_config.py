"""Tests for reading a Jekyll `_config.yml` (ssg/jekyll/config.py): broken and hostile input."""

from __future__ import annotations

import time

import pytest

from ssg.errors import SsgError
from ssg.jekyll.config import ALWAYS_EXCLUDED, read_jekyll_config


def laughs() -> str:
    """The "billion laughs" shape: nine levels of nine aliases, about 0.5 KB."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def read(tmp_path, text: str | bytes):
    path = tmp_path / "_config.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_jekyll_config(tmp_path, {})


def problems(tmp_path, text: str | bytes) -> list[str]:
    with pytest.raises(SsgError) as caught:
        read(tmp_path, text)
    return [str(d) for d in caught.value.diagnostics]


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    started = time.perf_counter()
    found = problems(tmp_path, "title: 폭탄\n" + laughs())
    assert time.perf_counter() - started < 2
    assert len(found) == 1
    assert found[0].startswith("_config.yml:")
    assert "error: invalid YAML: too many YAML aliases" in found[0]


def test_a_recursive_alias_is_refused(tmp_path):
    assert problems(tmp_path, "title: x\nloop: &a [1, *a]\n") == [
        "_config.yml:2: error: invalid YAML: a YAML alias refers to a value that contains it"
    ]


def test_simple_aliases_still_work(tmp_path):
    config = read(tmp_path, "author: &me 이름\nowner: *me\n")
    assert config.author == "이름" and config.liquid_site["owner"] == "이름"


def test_invalid_yaml_is_one_line_naming_where_the_mistake_is(tmp_path):
    assert problems(tmp_path, "title: x\nfoo: [a, b\nbar: 1\n") == [
        "_config.yml:2: error: invalid YAML: did not find expected ',' or ']'"
    ]


def test_a_bad_tagged_scalar_is_an_error_on_its_line(tmp_path):
    assert problems(tmp_path, "title: x\nn: !!int x\n") == [
        "_config.yml:2: error: invalid YAML: 'x' is not a valid !!int"
    ]


def test_deep_nesting_is_an_error(tmp_path):
    (found,) = problems(tmp_path, "title: x\nn: " + "[" * 3000 + "]" * 3000 + "\n")
    assert found.startswith("_config.yml:2: error: invalid YAML:")


def test_a_5000_digit_integer_is_read_as_text_with_a_warning(tmp_path):
    config = read(tmp_path, "title: x\nbig: " + "9" * 5000 + "\n")
    assert config.liquid_site["big"] == "9" * 5000
    assert [str(w) for w in config.warnings] == [
        "_config.yml:2: warning: an integer of 5000 digits is too long for ssg: read as text"
    ]


def test_not_utf8_is_an_error_naming_the_line(tmp_path):
    assert problems(tmp_path, b"title: x\nauthor: \xff\n") == [
        "_config.yml:2: error: not valid UTF-8 (byte 0xff); save the file as UTF-8"
    ]


@pytest.mark.parametrize("key", ["exclude", "include"])
def test_a_list_setting_of_another_type_is_a_warning_and_ignored(tmp_path, key):
    config = read(tmp_path, f"title: x\n{key}: 5\n")
    assert config.exclude == ALWAYS_EXCLUDED and config.include == ()
    assert [str(w) for w in config.warnings] == [
        f"_config.yml:2: warning: `{key}` should be a list, not 5: ignored"
    ]


def test_exclude_as_a_comma_separated_string_is_split_as_jekyll_does(tmp_path):
    config = read(tmp_path, "exclude: drafts, notes/old.md\n")
    assert config.exclude == (*ALWAYS_EXCLUDED, "drafts", "notes/old.md")
    assert config.warnings == ()


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("defaults: 5\n", "`defaults` should be a list, not 5: ignored"),
        (
            "defaults:\n  - scope: 5\n    values: {layout: post}\n",
            "`defaults` entry 1: `scope` should be a mapping, not 5: entry ignored",
        ),
        (
            "defaults:\n  - scope: {path: ''}\n    values: 3\n",
            "`defaults` entry 1: `values` should be a mapping, not 3: entry ignored",
        ),
    ],
)
def test_bad_defaults_are_a_warning_and_ignored(tmp_path, text, warned):
    config = read(tmp_path, text)
    assert config.defaults == []
    assert [w.message for w in config.warnings] == [warned]
    assert all(w.level == "warning" and w.path == "_config.yml" for w in config.warnings)


def test_good_defaults_are_read(tmp_path):
    config = read(
        tmp_path, "defaults:\n  - scope: {path: _posts, type: posts}\n    values: {a: 1}\n"
    )
    assert config.defaults == [{"path": "_posts", "type": "posts", "values": {"a": 1}}]
    assert config.warnings == ()


def test_warnings_of_the_config_are_in_the_build_report(make_site, ssg):
    root = make_site(
        {
            "_config.yml": "title: x\nexclude: 5\n",
            "_posts/2024-01-01-a.md": "---\ntitle: a\n---\nhi\n",
        }
    )
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert "_config.yml:2: warning: `exclude` should be a list, not 5: ignored" in run.err


def test_an_alias_bomb_fails_ssg_build_and_import_with_one_message(make_site, ssg, tmp_path):
    root = make_site(
        {"_config.yml": "title: x\n" + laughs(), "_posts/2024-01-01-a.md": "---\n---\nhi\n"}
    )
    for args in (("build",), ("import", "jekyll", str(root), str(tmp_path / "new"))):
        started = time.perf_counter()
        run = ssg(root, *args)
        assert time.perf_counter() - started < 5
        assert run.status == 1
        assert "too many YAML aliases" in run.err and "Traceback" not in run.err


def test_a_tab_after_a_key_is_read_as_psych_reads_it(tmp_path):
    config = read(tmp_path, "title:\tTabbed\npaginate:\t15\nurl: https://e.org\n")
    assert config.title == "Tabbed" and config.posts_per_page == 15


def test_a_folder_with_posts_and_no_config_is_a_jekyll_site(make_site, ssg):
    from ssg.project import find_site, is_jekyll_site, load_config

    root = make_site({"_posts/2020-01-02-hello.md": "---\ntitle: Hi\n---\nhello\n"})
    assert is_jekyll_site(root) and find_site(root / "_posts") == root
    assert load_config(root).source_layout == "jekyll"
    run = ssg(root, "build")
    assert run.status == 0, run.err
    assert (root / "_site/2020/01/02/hello.html").is_file()  # Jekyll's default permalink
    (root / "content").mkdir()  # an ssg site that keeps Jekyll's posts elsewhere
    assert not is_jekyll_site(root)


@pytest.mark.parametrize(
    ("text", "permalink"),
    [
        (
            "permalink: pretty\ncollections:\n  posts:\n    permalink: /blog/:title/\n",
            "/blog/:title/",
        ),
        (
            "collections:\n  posts:\n    output: true\n    permalink: /:year/:title/\n",
            "/:year/:title/",
        ),
        ("permalink: /p/:title/\ncollections: [recipes]\n", "/p/:title/"),
        (
            "collections:\n  posts:\n    permalink: pretty\n",
            "/:categories/:year/:month/:day/:title/",
        ),
    ],
)
def test_the_posts_collection_permalink_wins(tmp_path, text, permalink):
    assert read(tmp_path, text).permalink == permalink


def test_the_github_pages_plugins_settings_become_ssgs(tmp_path):
    config = read(tmp_path, "feed:\n  path: atom.xml\ntwitter:\n  username: someone\n")
    assert config.feed_path == "/atom.xml" and config.twitter == "@someone"
    assert read(tmp_path, "twitter: '@plain'\n").twitter == "@plain"
    assert read(tmp_path, "title: x\n").feed_path == "/feed.xml"


def test_the_feed_is_written_where_jekyll_feed_writes_it(make_site, ssg):
    root = make_site(
        {
            "_config.yml": "url: https://e.org\nfeed:\n  path: /atom.xml\n",
            "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nx\n",
        }
    )
    assert ssg(root, "build").status == 0
    assert (root / "_site/atom.xml").is_file() and not (root / "_site/feed.xml").exists()
    home = (root / "_site/index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="' in home and 'href="/atom.xml"' in home
    assert ssg(root, "check").status == 0


SEO_CONFIG = """\
url: https://e.org
logo: /img/logo.png
og_image: /img/card.png
social:
  name: 김개발
  links: [https://github.com/kim, 42, not-a-url]
google_site_verification: g-1
webmaster_verifications: {bing: b-2, naver: n-3, myspace: m-4}
facebook: {app_id: 1234, publisher: https://facebook.com/kim, admins: [1, 2]}
twitter: {username: kim, card: summary}
"""


def test_jekyll_seo_tag_site_keys_become_the_seo_table(tmp_path):
    assert read(tmp_path, SEO_CONFIG).seo == {
        "logo": "/img/logo.png",
        "image": "/img/card.png",
        "name": "김개발",
        "twitter_card": "summary",
        "facebook_app_id": "1234",
        "facebook_publisher": "https://facebook.com/kim",
        "profiles": ["https://github.com/kim"],  # what is not a URL is left out
        "verify": {"google": "g-1", "bing": "b-2", "naver": "n-3"},
    }
    assert read(tmp_path, "title: x\nlogo: [a]\nsocial: 3\n").seo == {}


def test_jekyll_seo_tag_keys_reach_the_meta_tags(make_site, ssg):
    root = make_site(
        {
            "_config.yml": SEO_CONFIG,
            "_posts/2020-01-02-a.md": "---\ntitle: A\nauthor: {name: 이, twitter: '@lee'}\n"
            "canonical_url: https://elsewhere.org/a/\nseo: {type: TechArticle, links: ["
            "https://dev.to/a]}\n---\nx\n",
            "img/card.png": "",
            "img/logo.png": "",
        }
    )
    assert ssg(root, "build").status == 0
    post = (root / "_site/2020/01/02/a.html").read_text(encoding="utf-8")
    for tag in (
        '<link rel="canonical" href="https://elsewhere.org/a/">',
        '<meta property="og:url" content="https://elsewhere.org/a/">',
        '<meta property="og:image" content="https://e.org/img/card.png">',
        '<meta name="twitter:card" content="summary">',
        '<meta name="twitter:creator" content="@lee">',
        '<meta property="fb:app_id" content="1234">',
        '<meta property="article:publisher" content="https://facebook.com/kim">',
        '<meta name="google-site-verification" content="g-1">',
        '<meta name="msvalidate.01" content="b-2">',
        '<meta name="naver-site-verification" content="n-3">',
        '"@type": "TechArticle"',
        '"sameAs": ["https://dev.to/a"]',
        '"logo": {"@type": "ImageObject", "url": "https://e.org/img/logo.png"}',
    ):
        assert tag in post, tag
    home = (root / "_site/index.html").read_text(encoding="utf-8")
    assert '"@type": "WebSite"' in home and '"sameAs": ["https://github.com/kim"]' in home
    assert "fb:admins" not in post  # a list: jekyll-seo-tag takes one ID
