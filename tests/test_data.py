"""Tests for the site's data files, `site.data` in Liquid (ssg/data.py)."""

from __future__ import annotations

import pytest

from ssg.data import data_files, data_links
from ssg.errors import SsgError


def test_yaml_and_json_files_nest_by_folder(tmp_path):
    data = tmp_path / "data"
    (data / "team").mkdir(parents=True)
    (data / "prices.yml").write_text("coffee: 4500\n", encoding="utf-8")
    (data / "team/members.json").write_text('[{"name": "김"}]', encoding="utf-8")
    (data / "notes.txt").write_text("not data")
    assert data_files(data, tmp_path) == {
        "prices": {"coffee": 4500},
        "team": {"members": [{"name": "김"}]},
    }


def test_a_bad_data_file_is_an_error_naming_it(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bad.yml").write_text("a: [unclosed\n")
    with pytest.raises(SsgError, match="data/bad.yml:1: error: cannot read data file"):
        data_files(data, tmp_path)


def test_a_link_outside_the_site_is_not_read(tmp_path):
    root = tmp_path / "site"
    data = root / "data"
    data.mkdir(parents=True)
    (tmp_path / "secret.yml").write_text("k: secret\n")
    (root / "shared.yml").write_text("k: shared\n")
    (data / "secret.yml").symlink_to(tmp_path / "secret.yml")
    (data / "shared.yml").symlink_to("../shared.yml")
    (data / "gone.yml").symlink_to("nowhere.yml")
    assert data_files(data, root) == {"shared": {"k": "shared"}}
    assert data_files(data) == {}  # without the site folder: only files inside data/
    assert [str(d) for d in data_links(data, root)] == [
        "data/gone.yml: warning: broken symbolic link (to nowhere.yml); skipped",
        f"data/secret.yml: warning: symbolic link to {tmp_path / 'secret.yml'} is outside "
        "the site folder; skipped",
    ]


def test_an_alias_bomb_in_a_data_file_is_refused_on_its_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (data / "bomb.yml").write_text("\n".join(lines) + "\n")
    with pytest.raises(SsgError) as caught:
        data_files(data, tmp_path)
    (message,) = [str(d) for d in caught.value.diagnostics]
    assert message.startswith("data/bomb.yml:")
    assert "error: cannot read data file: too many YAML aliases" in message
