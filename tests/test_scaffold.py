"""`ssg init`, `ssg new`, `ssg list`, `ssg config`, and finding the site as git finds its
repository: the first hour of a new user."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ssg.cli import main
from ssg.errors import SsgError
from ssg.scaffold import SiteAnswers, init_site, new_page


def run(capsys, *argv: str):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_init_makes_a_minimal_site_from_the_answers(tmp_path, capsys, monkeypatch):
    target = tmp_path / "blog"
    status, out, _ = run(
        capsys, "init", str(target), "--title", "작은 블로그", "--author", "Lee",
        "--url", "https://lee.github.io", "--language", "ko",
    )  # fmt: skip
    assert status == 0
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files[0] == ".gitignore" and files[1] == "content/images/welcome.svg"
    assert len(files) == 4 and files[2].endswith("-welcome.md") and files[3] == "ssg.toml"
    config = tomllib.loads((target / "ssg.toml").read_text(encoding="utf-8"))
    assert config == {
        "title": "작은 블로그",
        "author": "Lee",
        "url": "https://lee.github.io/",
        "language": "ko",
        "timezone": "UTC",
    }
    assert "`ssg config` lists every key" in (target / "ssg.toml").read_text(encoding="utf-8")
    assert "next: cd " in out and "ssg serve" in out
    monkeypatch.chdir(target)
    status, out, err = run(capsys, "build", "--strict")
    assert status == 0, err
    html = (target / "site/index.html").read_text(encoding="utf-8")
    assert "Welcome to 작은 블로그" in html and "Kim Dev" not in html
    post = next((target / "site").rglob("welcome/index.html")).read_text(encoding="utf-8")
    assert 'class="highlight' in post and "welcome.svg" in post and 'width="480"' in post


def test_init_example_copies_the_sample_blog(tmp_path):
    init_site(tmp_path / "b", example=True)
    assert (tmp_path / "b/content/about.md").is_file()
    assert len(list((tmp_path / "b/content/posts").iterdir())) > 3


def test_init_never_overwrites(tmp_path):
    init_site(tmp_path, SiteAnswers(title="A"))
    before = (tmp_path / "ssg.toml").read_bytes()
    with pytest.raises(SsgError, match="not overwriting anything"):
        init_site(tmp_path, SiteAnswers(title="B"))
    assert (tmp_path / "ssg.toml").read_bytes() == before


def test_every_command_finds_the_site_from_a_sub_folder(tmp_path, capsys, monkeypatch):
    init_site(tmp_path, SiteAnswers())
    monkeypatch.chdir(tmp_path / "content/posts")
    status, _, err = run(capsys, "build")
    assert status == 0, err
    assert (tmp_path / "site/index.html").is_file()
    assert not (tmp_path / "content/posts/site").exists()  # not a site inside the content
    assert run(capsys, "new", "post", "Second one")[0] == 0
    assert len(list((tmp_path / "content/posts").glob("*-second-one.md"))) == 1


def test_no_site_here_is_an_error_that_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "build")
    assert status == 1
    assert "no site here" in err and "run `ssg init`" in err
    assert not (tmp_path / "site").exists()


def test_new_page_and_its_name_rules(tmp_path):
    init_site(tmp_path, SiteAnswers())
    path = new_page(tmp_path, "projects/my-tool")
    assert path == tmp_path / "content/projects/my-tool.md"
    assert path.read_text(encoding="utf-8").startswith('---\ntitle: "My tool"\n---\n')
    with pytest.raises(SsgError, match="already exists"):
        new_page(tmp_path, "projects/my-tool")
    with pytest.raises(SsgError, match="not a page name"):
        new_page(tmp_path, "../")


def test_new_post_open_runs_the_editor(tmp_path, capsys, monkeypatch):
    init_site(tmp_path, SiteAnswers())
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv("EDITOR", f"cp -t {tmp_path / 'content'} --")
    monkeypatch.delenv("VISUAL", raising=False)
    status, out, _ = run(capsys, "new", "post", "Edited", "--open", "-s", str(tmp_path))
    assert status == 0 and "created" in out
    assert len(list((tmp_path / "content").glob("*-edited.md"))) == 1  # the editor got the file
    monkeypatch.delenv("EDITOR")
    status, _, err = run(capsys, "new", "page", "x", "--open", "-s", str(tmp_path))
    assert status == 1 and "$EDITOR" in err
    assert not seen.exists()


def test_list_says_why_each_post_is_left_out(tmp_path, capsys):
    init_site(tmp_path, SiteAnswers(), now=datetime(2026, 1, 1, tzinfo=UTC))
    posts = tmp_path / "content/posts"
    (posts / "2020-01-01-draft.md").write_text("---\ntitle: D\ndraft: true\n---\nx\n")
    (posts / "2020-01-02-hidden.md").write_text("---\ntitle: H\npublished: false\n---\nx\n")
    (posts / "2999-01-01-later.md").write_text("---\ntitle: Later\n---\nx\n")
    (posts / "2020-01-03-broken.md").write_text("---\ntitle: [oops\n---\nx\n")
    status, out, err = run(capsys, "list", "--why", "-s", str(tmp_path))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("2999-01-01  future ") and "/2999/01/01/later/" in lines[0]
    assert any(line.startswith("2026-01-01  published /2026/01/01/welcome/") for line in lines)
    assert any("2020-01-01-draft.md: left out as a draft" in line for line in lines)
    assert any("2020-01-02-hidden.md: left out as a draft" in line for line in lines)
    assert any("2999-01-01-later.md: left out, dated in the future" in line for line in lines)
    assert any("2020-01-03-broken.md: left out, it cannot be read" in line for line in lines)
    assert "4 posts, 1 published" in err


def test_config_lists_every_key_and_checks_the_file(tmp_path, capsys):
    from ssg.config import FIELDS

    status, out, _ = run(capsys, "config", "-s", str(Path(__file__).parent.parent))
    assert status == 0
    for key in FIELDS:
        assert f"\n{key} (" in "\n" + out
    assert "posts_per_page (integer, default 10)" in out
    init_site(tmp_path, SiteAnswers())
    assert run(capsys, "config", "--check", "-s", str(tmp_path))[1] == "ssg.toml: ok\n"
    (tmp_path / "ssg.toml").write_text('titel = "x"\n')
    status, _, err = run(capsys, "config", "--check", "-s", str(tmp_path))
    assert status == 1 and "unknown key `titel` (did you mean `title`?)" in err


def test_a_bad_option_shows_the_subcommands_usage(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["build", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ssg build ") and "unrecognized arguments: --bogus" in err


def test_quiet_strict_still_shows_the_warning_that_failed_it(tmp_path, capsys):
    init_site(tmp_path, SiteAnswers())
    (tmp_path / "content/posts/2020-01-01-x.md").write_text("---\ntitle: x\n---\n![a](nope.png)\n")
    status, out, err = run(capsys, "build", "-q", "--strict", "-s", str(tmp_path))
    assert status == 1 and out == ""
    assert "2020-01-01-x.md:4: warning:" in err and "nope.png" in err


def test_init_on_a_terminal_asks_for_what_the_flags_did_not_say(tmp_path, monkeypatch, capsys):
    import sys

    answers = iter(["Terminal Blog", "https://t.github.io", ""])  # Enter keeps the default
    asked: list[str] = []

    def fake_input(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", fake_input)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert main(["init", str(tmp_path / "b"), "--author", "Flag Author"]) == 0
    assert [q.split(" [")[0] for q in asked] == [
        "Title of the blog",
        "Where it will be published (e.g. https://USER.github.io/)",
        "Language code (en, ko, …)",
    ]
    config = tomllib.loads((tmp_path / "b/ssg.toml").read_text(encoding="utf-8"))
    assert config["title"] == "Terminal Blog" and config["author"] == "Flag Author"
    assert config["url"] == "https://t.github.io/" and config["language"] == "en"
