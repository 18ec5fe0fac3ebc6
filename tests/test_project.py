"""Which kind of site a folder is (ssg/project.py): ssg.toml or _config.yml, chosen once."""

from __future__ import annotations

import pytest

from ssg.errors import SsgError
from ssg.project import is_jekyll_site, load_config


def test_a_folder_with_ssg_toml_is_an_ssg_site(tmp_path):
    (tmp_path / "ssg.toml").write_text('title = "내 블로그"\n')
    (tmp_path / "_config.yml").write_text("title: 다른 이름\n")
    config = load_config(tmp_path)
    assert not is_jekyll_site(tmp_path)
    assert (config.title, config.source_layout, config.config_file) == (
        "내 블로그",
        "ssg",
        "ssg.toml",
    )
    assert config.warn_unknown_layouts and not config.jekyll_compat


def test_a_folder_with_only_config_yml_is_a_jekyll_site_read_into_plain_settings(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "title: 개발 일지\nbaseurl: /blog\nurl: https://kim.github.io\nexclude: [notes]\n"
        "defaults:\n  - scope: {path: linux, type: posts}\n    values: {author: 김}\n"
    )
    config = load_config(tmp_path)
    assert is_jekyll_site(tmp_path)
    assert config.source_layout == "jekyll" and config.config_file == "_config.yml"
    assert config.jekyll_compat and not config.warn_unknown_layouts
    assert (config.base_path, config.url) == ("/blog/", "https://kim.github.io/blog/")
    assert config.defaults == [{"path": "linux", "type": "posts", "values": {"author": "김"}}]
    assert "notes" in config.exclude and config.liquid_site["baseurl"] == "/blog"
    assert (config.content_dir, config.includes_dir, config.data_dir) == (".", "_includes", "_data")


def test_a_config_file_named_on_the_command_line_is_an_ssg_toml(tmp_path):
    (tmp_path / "_config.yml").write_text("title: 지킬\n")
    other = tmp_path / "staging.toml"
    other.write_text('title = "스테이징"\n')
    config = load_config(tmp_path, other)
    assert (config.title, config.source_layout, config.config_file) == (
        "스테이징",
        "ssg",
        "staging.toml",
    )


def test_a_broken_config_yml_names_its_line(tmp_path):
    (tmp_path / "_config.yml").write_text("title: ok\nurl: [unclosed\n")
    with pytest.raises(SsgError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith("_config.yml:")
