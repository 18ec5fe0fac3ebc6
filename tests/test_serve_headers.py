"""Tests for `ssg.serve.headers`: which Host names a dev server answers, and Range parsing.
(The same rules over HTTP are in `test_serve_http.py`.)"""

from __future__ import annotations

import pytest

from ssg.serve.headers import (
    Unsatisfiable,
    allowed_hosts,
    byte_range,
    host_allowed,
    host_name,
    is_loopback,
)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses(address):
    assert is_loopback(address)


@pytest.mark.parametrize("address", ["0.0.0.0", "", "::", "192.168.1.5", "10.0.0.1", "example"])
def test_other_addresses(address):
    assert not is_loopback(address)


@pytest.mark.parametrize("bound", ["0.0.0.0", "192.168.1.5", "::", "fe80::1"])
def test_bound_to_another_address_every_host_is_answered(bound):
    """`--host 0.0.0.0` or a LAN address: the user asked to be reached by other names."""
    assert allowed_hosts(bound) is None
    assert host_allowed(["evil.example"], allowed_hosts(bound))
    assert host_allowed(["my-laptop.lan:8000"], allowed_hosts(bound))


def test_bound_to_loopback_only_loopback_names_and_the_address_itself():
    assert allowed_hosts("127.0.0.1", "127.0.0.1") == {"localhost", "127.0.0.1", "[::1]"}
    assert allowed_hosts("127.0.0.1", "LocalHost") == {"localhost", "127.0.0.1", "[::1]"}
    assert "127.0.0.2" in allowed_hosts("127.0.0.2", "127.0.0.2")
    assert "[::1]" in allowed_hosts("::1", "::1")
    allowed = allowed_hosts("127.0.0.2")
    assert host_allowed(["127.0.0.2:8000"], allowed)
    assert not host_allowed(["127.0.0.3"], allowed)


@pytest.mark.parametrize(
    "header, name",
    [
        ("localhost", "localhost"),
        ("LocalHost:8000", "localhost"),
        (" localhost: ", "localhost"),
        ("localhost.:80", "localhost"),
        ("[::1]", "[::1]"),
        ("[::1]:8000", "[::1]"),
        ("a.localhost:1", "a.localhost"),
        ("", None),
        (":80", None),
        ("a:b:c", None),
        ("[::1", None),
        ("[::1]x", None),
        ("evil.example/x.localhost", None),
        ("user@localhost", None),
        ("localhost:80a", None),
    ],
)
def test_host_name(header, name):
    assert host_name(header) == name


@pytest.mark.parametrize(
    "headers, answered",
    [
        (None, True),
        ([], True),
        (["localhost:1234"], True),
        (["docs.localhost"], True),
        (["evil.example"], False),
        (["localhost.evil.example"], False),
        (["evil.example/x.localhost"], False),
        (["localhost", "localhost"], False),
        ([""], False),
    ],
)
def test_host_allowed_on_loopback(headers, answered):
    assert host_allowed(headers, allowed_hosts("127.0.0.1")) is answered


@pytest.mark.parametrize(
    "header, size, span",
    [
        (None, 10, None),
        ("bytes=0-0", 10, (0, 0)),
        ("bytes=2-5", 10, (2, 5)),
        ("bytes=2-50", 10, (2, 9)),
        ("bytes=9-", 10, (9, 9)),
        ("bytes=-3", 10, (7, 9)),
        ("bytes=-30", 10, (0, 9)),
        ("Bytes=1-2", 10, (1, 2)),
        ("bytes=-3", 0, None),  # the whole, empty file
        ("bytes=0-1,4-5", 10, None),  # several ranges: the whole file
        ("bytes=5-2", 10, None),  # invalid: ignored
        ("bytes=-", 10, None),
        ("bytes=+1-2", 10, None),
        ("bytes=1_0-", 100, None),
        ("bytes=" + "9" * 5000 + "-", 10, None),  # no int() of 5,000 digits
        ("items=0-1", 10, None),
        ("bytes 0-1", 10, None),
    ],
)
def test_byte_range(header, size, span):
    assert byte_range(header, size) == span


@pytest.mark.parametrize(
    "header, size", [("bytes=10-", 10), ("bytes=10-20", 10), ("bytes=-0", 10), ("bytes=0-", 0)]
)
def test_unsatisfiable_ranges(header, size):
    with pytest.raises(Unsatisfiable):
        byte_range(header, size)
