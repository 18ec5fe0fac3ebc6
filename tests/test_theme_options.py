"""The feature tables of ssg.toml (ssg/theme_options.py): a good table loads, a wrong one is
an error at its line naming the key."""

from __future__ import annotations

import pytest

from ssg.config import read_config
from ssg.errors import SsgError

GISCUS = '[comments]\nprovider = "giscus"\nrepo = "me/blog"\nrepo_id = "R_1"\n'
GISCUS += 'category = "Comments"\ncategory_id = "DIC_1"\n'
PROFILE = '[author_profile]\nname = "Kim"\nbio = "Writes."\n'
PROFILE += '[[author_profile.links]]\nname = "GitHub"\nurl = "https://github.com/kim"\n'


def load(tmp_path, text: str):
    (tmp_path / "ssg.toml").write_text(text, encoding="utf-8")
    return read_config(tmp_path)


def test_defaults_turn_every_feature_off(tmp_path):
    config = load(tmp_path, "")
    assert (config.comments, config.analytics, config.author_profile) == ({}, {}, {})
    assert (config.share_links, config.home_layout) == (False, "cards")
    assert config.rss_feed and config.json_feed


@pytest.mark.parametrize(
    "text",
    [
        GISCUS,
        GISCUS + 'mapping = "og:title"\n',
        '[comments]\nprovider = "utterances"\nrepo = "me/blog"\nissue_term = "title"\n',
        '[analytics]\nprovider = "goatcounter"\ncode = "myblog"\n',
        '[analytics]\nprovider = "plausible"\ndomain = "blog.example.com"\n',
        '[analytics]\nprovider = "ga4"\nmeasurement_id = "G-ABC123"\n',
        PROFILE,
        'home_layout = "compact"\nshare_links = true\nrss_feed = false\n',
        '[seo]\nlogo = "/logo.png"\nprofiles = ["https://github.com/me"]\n'
        'verify = { google = "abc", naver = "def" }\n',
    ],
)
def test_good_tables_load(tmp_path, text):
    load(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'x = 1\n[comments]\nprovider = "disqus"\n',
            'ssg.toml:2: error: `comments.provider` must be one of "giscus", "utterances"',
        ),
        (
            GISCUS.replace('repo_id = "R_1"\n', ""),
            '`comments` with provider "giscus" needs `repo_id`',
        ),
        (GISCUS + 'maping = "title"\n', "unknown key `comments.maping`"),
        ('[seo]\nverify = { myspace = "x" }\n', "unknown service `seo.verify.myspace`"),
        ("[seo]\nprofiles = [1]\n", "`seo.profiles` must be a list of URLs"),
        ('[seo]\nverify = "abc"\n', "`seo.verify` must be a table"),
        (
            '[analytics]\nprovider = "ga4"\nmeasurement_id = 12\n',
            "`analytics.measurement_id` must be a string",
        ),
        ('[analytics]\ncode = "x"\n', "`analytics.provider` must be one of"),
        ('[author_profile]\nprovider = "x"\n', "unknown key `author_profile.provider`"),
        ("[author_profile]\nlinks = [1]\n", "`author_profile.links` must be a list of tables"),
        ('home_layout = "dense"\n', '`home_layout` must be "cards" or "compact"'),
        ("comments = true\n", "`comments` must be a table"),
    ],
)
def test_wrong_tables_are_errors_at_their_line(tmp_path, text, message):
    with pytest.raises(SsgError) as caught:
        load(tmp_path, text)
    assert message in "\n".join(map(str, caught.value.diagnostics))
