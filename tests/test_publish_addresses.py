"""`ssg deploy`'s addresses: the GitHub Pages URL of a remote in each of its forms, and the
warnings when the site is built for another address than the one it is published at."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssg.project import load_config
from ssg.publish.addresses import pages_url, url_warnings


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("git@github.com:me/blog.git", "https://me.github.io/blog/"),
        ("https://github.com/me/blog", "https://me.github.io/blog/"),
        ("https://github.com/me/blog.git", "https://me.github.io/blog/"),
        ("https://token@github.com/Me/Blog.git/", "https://me.github.io/Blog/"),
        ("ssh://git@github.com/me/blog", "https://me.github.io/blog/"),
        ("ssh://git@github.com:22/me/blog.git", "https://me.github.io/blog/"),
        ("git@github.com:Me/me.github.io.git", "https://me.github.io/"),
        ("https://github.com/me/ME.GitHub.io", "https://me.github.io/"),
        ("git@gitlab.com:me/blog.git", None),
        ("https://example.com/me/blog.git", None),
        ("/srv/git/blog.git", None),
        ("https://github.com/me", None),
    ],
)
def test_pages_url_from_remote(remote, expected):
    assert pages_url(remote) == expected


def config_with(tmp_path: Path, text: str):
    (tmp_path / "ssg.toml").write_text(text)
    return load_config(tmp_path)


def test_url_warnings(tmp_path):
    matching = config_with(tmp_path, 'url = "https://me.github.io/blog/"\n')
    assert url_warnings(matching, "https://me.github.io/blog/", "remote origin", False) == []
    assert url_warnings(matching, None, "remote origin", False) == []

    other = config_with(tmp_path, 'url = "https://x.example/"\n')
    found = url_warnings(other, "https://me.github.io/blog/", "remote origin", False)
    assert found[0] == (
        "url is https://x.example/ but remote origin publishes to https://me.github.io/blog/; "
        "links and feeds will point to https://x.example/"
    )
    assert "base path / but remote origin serves it under /blog/" in found[1]

    unset = config_with(tmp_path, "")
    found = url_warnings(unset, "https://me.github.io/", "remote origin", False)
    assert found == [
        "no `url` is set, so links and feeds will point to http://localhost:8000/, but remote "
        'origin publishes to https://me.github.io/: set url = "https://me.github.io/" in '
        "ssg.toml (or pass --base-url)"
    ]
