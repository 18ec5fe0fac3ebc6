"""The per-post time budget: a block past its deadline is stopped, in any thread, and a
post that takes too long is left out of an otherwise complete site."""

from __future__ import annotations

import threading
import time

import pytest

from ssg.budget import OverBudget, within


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_block_past_its_deadline_is_stopped():
    started = time.monotonic()
    with pytest.raises(OverBudget), within(0.2):
        _spin(5)
    assert time.monotonic() - started < 1.5


def test_a_block_within_its_deadline_runs_to_the_end_and_nothing_arrives_later():
    for _ in range(50):
        with within(0.3):
            _spin(0.001)
    _spin(1.2)  # a stray exception from the watcher would arrive here


def test_zero_means_no_limit():
    with within(0):
        _spin(0.7)


def test_the_budget_works_in_a_thread_too():
    # the dev server builds in its watcher's thread, where signals cannot reach
    outcome = []

    def work():
        try:
            with within(0.2):
                _spin(5)
            outcome.append("ran to the end")
        except OverBudget:
            outcome.append("stopped")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert outcome == ["stopped"]


SLOW = "".join("{% for i in (1..999999) %}{% endfor %}" for _ in range(60))  # ~60 s of Liquid


@pytest.mark.parametrize("others", [1, 30], ids=["in-process", "in-the-pool"])
def test_a_post_over_budget_is_left_out_by_name_and_the_site_builds(make_site, ssg, others):
    files = {"ssg.toml": 'title = "t"\nconvert_timeout = 1\n'}
    files["content/posts/2020-01-01-slow.md"] = f"---\ntitle: Slow\n---\n{SLOW}\n"
    for n in range(others):
        files[f"content/posts/2020-02-{n % 28 + 1:02d}-ok{n}.md"] = f"---\ntitle: ok{n}\n---\nhi\n"
    root = make_site(files)
    started = time.monotonic()
    run = ssg(root, "build")
    assert time.monotonic() - started < 8
    assert run.status == 0, run.err
    assert "content/posts/2020-01-01-slow.md: warning: converting took longer than 1 s" in run.err
    assert not (root / "site/2020/01/01/slow").exists()
    assert (root / "site/2020/02/01/ok0/index.html").is_file()
    assert "Slow" not in (root / "site/index.html").read_text(encoding="utf-8")
