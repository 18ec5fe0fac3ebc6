"""Tests for the hardened YAML loader (ssg/safe_yaml.py): its budgets and limits."""

from __future__ import annotations

import time

import pytest
import yaml

from ssg.safe_yaml import ALIAS_BUDGET, MAX_DEPTH, load_yaml, spelled_out_within, yaml_problem


def refused(text: str) -> tuple[int | None, str]:
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(text)
    return yaml_problem(caught.value)


def test_reads_what_safe_load_reads():
    text = "a: 1\nb: [x, 2.5, true, null]\nc: {d: 2021-05-25}\n"
    assert load_yaml(text) == (yaml.safe_load(text), [])


def test_a_merge_key_used_many_times_is_within_the_budget():
    lines = ["base: &base {layout: post, author: 이름, comments: true}"]
    lines += [f"p{i}: {{<<: *base, title: 글 {i}}}" for i in range(500)]
    value, notes = load_yaml("\n".join(lines))
    assert value["p499"] == {
        "layout": "post",
        "author": "이름",
        "comments": True,
        "title": "글 499",
    }
    assert notes == []


def test_a_long_text_aliased_many_times_is_refused():
    """One 1 MB string used 10,000 times would be 10 GB spelled out."""
    text = "a: &a " + "x" * 20_000 + "\nb: [" + ", ".join(["*a"] * 10) + "]\n"
    line, reason = refused(text)
    assert line == 1 and reason.startswith("too many YAML aliases")


def test_the_budget_is_counted_without_expanding():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 40)]
    started = time.perf_counter()
    line, reason = refused("\n".join(lines))
    assert time.perf_counter() - started < 1
    assert reason == (
        f"too many YAML aliases: they add more than {ALIAS_BUDGET:,} values and characters "
        "to the file"
    )


def test_nesting_past_the_limit_is_refused_on_its_line():
    line, reason = refused("a: 1\nb: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert (line, reason) == (1, f"nested more than {MAX_DEPTH} levels deep")
    assert load_yaml("b: " + "[" * 50 + "]" * 50)[1] == []


def test_a_negative_long_integer_keeps_its_sign_in_the_text():
    value, notes = load_yaml("n: -" + "1" * 4400)
    assert value == {"n": "-" + "1" * 4400}
    assert notes == [(0, "an integer of 4400 digits is too long for ssg: read as text")]


def test_spelled_out_within_counts_shared_parts_each_time():
    shared = ["x" * 10] * 10
    assert spelled_out_within({"a": shared}, 200)
    assert not spelled_out_within({"a": [shared] * 10}, 200)
    assert not spelled_out_within({"n": 10**5000}, 10**6)
    loop: list = []
    loop.append(loop)
    assert not spelled_out_within(loop, 1000)
