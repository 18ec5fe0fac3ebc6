"""What the request headers sent to `ssg serve` ask for: whether to answer the `Host`, and
which bytes of a file a `Range` wants.

Host: a server bound to a loopback address answers only requests addressed to a loopback
name (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`, with any port) or to the address it
is bound to. A page on a DNS-rebinding domain (`evil.example`, made to resolve to 127.0.0.1)
is same-origin with that domain, so without this check it could read every page served,
drafts included. A server bound elsewhere (`--host 0.0.0.0`, a LAN address) was asked to be
reached by other names, and answers any Host.

Range: one range, `bytes=a-b`, `bytes=a-` or `bytes=-n` (RFC 9110, section 14). Several
ranges or a malformed header are ignored (the whole file is sent, as RFC 9110 allows); a
range that starts past the end is `Unsatisfiable` (a 416).

No sockets here (that is `http`): plain functions of header values.
"""

from __future__ import annotations

import ipaddress
import re

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})

# a name or an IPv6 address in brackets, and a port
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::[0-9]*)?")
_RANGE = re.compile(r"bytes[ \t]*=[ \t]*([0-9]{0,18})[ \t]*-[ \t]*([0-9]{0,18})[ \t]*", re.I)


class Unsatisfiable(Exception):
    """The range asks for bytes the file does not have: answer 416."""


def is_loopback(address: str) -> bool:
    """Whether `address` (an IP address, `[::1]` or `localhost`) is one of this machine's
    loopback addresses."""
    try:
        return ipaddress.ip_address(address.strip("[]").partition("%")[0]).is_loopback
    except ValueError:
        return address.lower().rstrip(".") == "localhost"


def allowed_hosts(bound: str, *also: str) -> frozenset[str] | None:
    """The host names a server bound to the address `bound` answers, None for any name.

    `also`: the names the user gave for it (`--host localhost`), answered as well.
    """
    if not is_loopback(bound):
        return None
    names = {_bracketed(name.lower()) for name in (bound, *also) if name}
    return LOOPBACK_NAMES | names


def host_name(header: str) -> str | None:
    """The name in a Host header, lower-case, without its port and final dot:
    `LocalHost:8000` -> `localhost`, `[::1]:80` -> `[::1]`; None when it is malformed."""
    match = _HOST.fullmatch(header.strip().lower())
    if match is None:
        return None
    name = match[1]
    return name[:-1] if name.endswith(".") else name


def host_allowed(headers: list[str] | None, allowed: frozenset[str] | None) -> bool:
    """Whether to answer a request with these Host headers (every one the request sent).

    No Host at all is answered (only HTTP/1.0 tools leave it out, browsers never do); more
    than one, or a malformed one, is not.
    """
    if allowed is None or not headers:
        return True
    if len(headers) > 1:
        return False
    name = host_name(headers[0])
    return name is not None and (name in allowed or name.endswith(".localhost"))


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) a `Range` header asks for in a file of `size`
    bytes; None to send the whole file. Raises `Unsatisfiable`."""
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None:  # not bytes, several ranges, or not a range at all: ignored
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None  # `bytes=-`
        suffix = int(last)
        if suffix == 0:
            raise Unsatisfiable
        if size == 0:
            return None  # the whole (empty) file
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if end < start and last:
        return None  # `bytes=5-2` is invalid: ignored
    if start >= size:
        raise Unsatisfiable
    return start, min(end, size - 1)


def _bracketed(address: str) -> str:
    """An IPv6 address as it appears in a Host header (`[::1]`)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address
