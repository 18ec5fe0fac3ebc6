"""The `ssg` command: exit codes, messages, `new`, `init`, and output-folder safety."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from ssg import __version__
from ssg.scaffold import new_post

POST = "---\ntitle: Hi\ndate: 2021-01-01\n---\nhello\n"


def test_version(ssg, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        ssg(tmp_path, "--version")
    assert exit_info.value.code == 0


def test_python_dash_m_runs_the_cli(make_site):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    done = subprocess.run(
        [sys.executable, "-m", "ssg", "build", "--source", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built ")
    assert (root / "site/2021/01/01/hi/index.html").is_file()
    version = subprocess.run(
        [sys.executable, "-m", "ssg", "--version"], capture_output=True, text=True
    )
    assert version.stdout.strip() == f"ssg {__version__}"


def test_summary_line(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    run = ssg(root, "build")
    lines = run.out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("built ")
    assert "(1 post, 0 pages, 0 tags)" in lines[0]
    assert "0 errors, 0 warnings" in lines[0]
    assert ssg(root, "build", "-q").out == ""


def test_new_post_with_korean_title(tmp_path):
    (tmp_path / "ssg.toml").write_text('timezone = "Asia/Seoul"\n')
    now = datetime(2024, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    path = new_post(tmp_path, '도커 "컴포즈" 입문', now=now)
    assert path == tmp_path / "content/posts/2024-03-01-도커-컴포즈-입문.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front == {"title": '도커 "컴포즈" 입문', "date": "2024-03-01 09:30:00 +0900", "tags": []}
    with pytest.raises(Exception, match="already exists"):
        new_post(tmp_path, '도커 "컴포즈" 입문', now=now)


def test_new_post_command_then_build(make_site, ssg):
    root = make_site({"ssg.toml": 'title = "x"\n'})
    run = ssg(root, "new", "post", "Hello World", "--source", str(root))
    assert run.status == 0
    assert run.out.startswith("created ")
    assert ssg(root, "build").status == 0


def test_init_creates_a_site_that_builds(tmp_path, ssg):
    target = tmp_path / "new-blog"
    run = ssg(tmp_path, "init", str(target))
    assert run.status == 0, run.err
    assert (target / "ssg.toml").is_file()
    assert any((target / "content/posts").rglob("*.md"))
    built = ssg(target, "build")
    assert built.status == 0, built.err
    assert (target / "site/index.html").is_file()
    again = ssg(tmp_path, "init", str(target))
    assert again.status == 1
    assert "not overwriting" in again.err


@pytest.mark.parametrize("output", ["content", ".", "content/site", "templates"])
def test_output_folder_may_not_hold_the_users_files(make_site, ssg, output):
    root = make_site({"content/posts/2021-01-01-hi.md": POST, "templates/x.html": "x"})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    run = ssg(root, "build", "--output", str(root / output))
    assert run.status == 1
    assert "refusing to build into" in run.err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_output_folder_not_written_by_ssg_is_refused(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-hi.md": POST, "site/notes.txt": "mine"})
    run = ssg(root, "build")
    assert run.status == 1
    assert "was not written by ssg" in run.err
    assert (root / "site/notes.txt").read_text() == "mine"


def test_stale_outputs_are_removed_and_nothing_else(make_site, ssg):
    root = make_site(
        {
            "content/posts/2021-01-01-hi.md": POST,
            "content/posts/2021-01-02-bye.md": POST.replace("2021-01-01", "2021-01-02"),
            "content/files/old.txt": "old",
        }
    )
    outside = root.parent / "outside.txt"
    outside.write_text("keep")
    assert ssg(root, "build").status == 0
    assert (root / "site/2021/01/02/bye/index.html").is_file()
    (root / "content/posts/2021-01-02-bye.md").unlink()
    (root / "content/files/old.txt").unlink()
    assert ssg(root, "build").status == 0
    assert not (root / "site/2021/01/02").exists()
    assert not (root / "site/files").exists()
    assert (root / "site/2021/01/01/hi/index.html").is_file()
    assert outside.read_text() == "keep"


def test_no_command_waits_for_input(make_site):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    done = subprocess.run(
        [sys.executable, "-m", "ssg", "build", "--source", str(root)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert done.returncode == 0


def test_progress_line_on_a_terminal(capsys):
    from ssg.cli.build import Progress

    progress = Progress()
    progress("converting", 0, 3)
    progress("converting", 3, 3)
    progress.clear()
    err = capsys.readouterr().err
    assert "converting 3…" in err
    assert "converting 3/3" in err
    assert err.endswith("\r")


def test_init_github_actions_in_an_existing_site_adds_only_the_workflow(make_site, ssg):
    root = make_site({"ssg.toml": 'title = "x"\n', "content/posts/2021-01-01-hi.md": POST})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    run = ssg(root, "init", str(root), "--github-actions")
    assert run.status == 0, run.err
    after = sorted(p.relative_to(root) for p in root.rglob("*"))
    added = sorted(set(after) - set(before))
    assert [p.as_posix() for p in added] == [
        ".github",
        ".github/ssg-requirements.txt",
        ".github/workflows",
        ".github/workflows/pages.yml",
    ]


def test_deploy_errors_are_messages_with_status_1(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    run = ssg(root, "deploy", "--source", str(root))
    assert run.status == 1
    assert "is not in a git repository" in run.err
    assert "Traceback" not in run.err
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    run = ssg(root, "deploy", "--source", str(root), "--remote", "nowhere")
    assert run.status == 1
    assert "no remote named 'nowhere'" in run.err


def test_check_passes_a_good_site_and_fails_a_broken_link(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-hi.md": POST + "\n[gone](/nowhere/)\n"})
    run = ssg(root, "check", "--source", str(root), "--base-url", "https://u.github.io/repo/")
    assert run.status == 1
    assert (
        "2021/01/01/hi/index.html → /repo/nowhere/: no such file "
        "(content/posts/2021-01-01-hi.md)" in run.err
    )
    (root / "content/posts/2021-01-01-hi.md").write_text(POST)
    run = ssg(root, "check", "--source", str(root), "--base-url", "https://u.github.io/repo/")
    assert run.status == 0, run.err
    assert "0 problems" in run.out
    again = ssg(
        root,
        "check",
        "--site",
        str(root / "site"),
        "--source",
        str(root),
        "--base-url",
        "https://u.github.io/repo/",
    )
    assert again.status == 0


# ------------------------------------------------------------------ an internal error (a bug)

BUG = "content/posts/2021-01-01-hi.md: error: internal error (a bug in ssg): ZeroDivisionError: "
BUG += "boom; run again with --debug (or SSG_DEBUG=1) for the traceback"


@pytest.fixture
def buggy_convert(monkeypatch):
    """`convert` fails as a bug in it would."""

    def convert(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("ssg.convert.convert", convert)
    monkeypatch.delenv("SSG_DEBUG", raising=False)


def test_an_internal_error_is_one_line_naming_the_file(make_site, ssg, buggy_convert):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    run = ssg(root, "build", "--no-cache")
    assert run.status == 1
    assert run.err.splitlines() == [BUG]


def test_an_internal_error_in_a_worker_process_names_the_file(make_site, ssg, buggy_convert):
    posts = {f"content/posts/2021-01-{day:02d}-hi.md": POST for day in range(1, 29)}
    root = make_site(posts)
    run = ssg(root, "build", "--no-cache", "--jobs", "2")
    assert run.status == 1
    (line,) = run.err.splitlines()
    assert line.startswith("content/posts/2021-01-") and line.endswith(BUG.split(": ", 1)[1])


@pytest.mark.parametrize("how", ["--debug after", "--debug before", "SSG_DEBUG=1"])
def test_debug_shows_the_traceback(make_site, ssg, buggy_convert, monkeypatch, how):
    root = make_site({"content/posts/2021-01-01-hi.md": POST})
    args = ["build", "--no-cache"]
    if how == "--debug after":
        args.append("--debug")
    elif how == "--debug before":
        args.insert(0, "--debug")
        args += ["--source", str(root)]
    else:
        monkeypatch.setenv("SSG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError) as caught:
        ssg(root, *args)
    assert "while processing content/posts/2021-01-01-hi.md" in caught.value.__notes__


def test_an_internal_error_outside_a_file_still_is_one_line(make_site, ssg, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr("ssg.build.build", broken)
    monkeypatch.delenv("SSG_DEBUG", raising=False)
    run = ssg(make_site({"content/posts/2021-01-01-hi.md": POST}), "build")
    assert run.status == 1
    assert run.err.splitlines() == [
        "ssg: error: internal error (a bug in ssg): KeyError: 'x'; "
        "run again with --debug (or SSG_DEBUG=1) for the traceback"
    ]


def test_every_command_takes_debug():
    from ssg.cli import _build_parser

    parser = _build_parser()
    for argv in (["build"], ["check"], ["serve"], ["deploy"], ["new", "post", "t"], ["init"]):
        assert parser.parse_args([*argv, "--debug"]).debug is True
        assert parser.parse_args(argv).debug is False
    assert parser.parse_args(["import", "jekyll", "a", "b", "--debug"]).debug is True


def test_check_of_a_page_with_an_unclosed_ipv6_link_reports_it(make_site, ssg):
    root = make_site({"out/index.html": '<html><body><a href="http://[::1">x</a></body></html>'})
    run = ssg(root, "check", "--site", str(root / "out"), "--source", str(root))
    assert run.status == 1
    assert "index.html → http://[::1: not a valid URL (Invalid IPv6 URL)" in run.err
    assert "Traceback" not in run.err


def test_check_of_a_folder_without_source_outside_any_site(make_site, ssg, monkeypatch):
    root = make_site({"out/index.html": '<html><body><a href="/nowhere/">x</a></body></html>'})
    monkeypatch.chdir(root / "out")  # no ssg.toml here or above
    run = ssg(root, "check", "--site", str(root / "out"))
    assert run.status == 1 and "Traceback" not in run.err and "internal error" not in run.err
    assert "nowhere" in run.err


def test_an_unclosed_front_matter_warns_and_builds(make_site, ssg):
    root = make_site({"content/posts/2021-01-01-hi.md": "---\ntitle: 열린 채\n\n본문\n"})
    run = ssg(root, "build", "--no-cache")
    assert run.status == 0, run.err
    assert (
        "content/posts/2021-01-01-hi.md:1: warning: front matter opened with --- is never "
        "closed; read as text" in run.err
    )


def test_a_front_matter_alias_bomb_fails_the_build_at_once(make_site, ssg):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    root = make_site({"content/posts/2021-01-01-hi.md": "---\n" + "\n".join(lines) + "\n---\n"})
    run = ssg(root, "build", "--no-cache")
    assert run.status == 1
    assert "content/posts/2021-01-01-hi.md:" in run.err and "too many YAML aliases" in run.err


@pytest.mark.parametrize(
    ("env", "tty", "coloured"),
    [({}, True, True), ({}, False, False), ({"NO_COLOR": "1"}, True, False),
     ({"FORCE_COLOR": "1"}, False, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False)],
)  # fmt: skip
def test_colour_on_terminals_honours_no_color_and_force_color(monkeypatch, env, tty, coloured):
    import io

    from ssg.cli.style import paint

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = io.StringIO()
    stream.isatty = lambda: tty
    line = "content/posts/a.md:3: warning: image x.png not found"
    painted = paint(line, stream)
    assert (painted != line) == coloured
    assert painted.replace("\x1b[33m", "").replace("\x1b[0m", "") == line
