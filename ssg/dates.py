"""Dates as Jekyll posts write them, read into time-zone-aware datetimes.

`2021-05-25 08:25:00 +0300`, `2021-05-25T08:25:00Z`, `2021-05-25 08:25 +03:00`,
`2021-05-25`: a value without an offset is read in the site's time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

_DATE = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})
    (?:[T\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?
    \s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


_LENIENT_HEAD = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}(?:[T\s]+\d{1,2}:\d{2}(?::\d{2})?)?)")
_LENIENT_OFFSET = re.compile(r"\s(Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$", re.IGNORECASE)


def _lenient(value: str):
    """What Ruby's `Time.parse` (so Jekyll) accepts beyond the usual forms: a date and time
    followed by other words (`2023-01-29 18:30:22 2023 -0800`), keeping a trailing offset."""
    head = _LENIENT_HEAD.match(value)
    if not head:
        return None
    rest = value[head.end() :]
    offset = _LENIENT_OFFSET.search(rest)
    words = (rest[: offset.start()] if offset else rest).split()
    if not all(word.isdigit() for word in words):  # `KST`, `yesterday`: not guessed at
        return None
    return _DATE.match(head.group(1) + (" " + offset.group(1) if offset else ""))


class DateError(ValueError):
    pass


def parse_date(value, tz: tzinfo) -> datetime:
    """A front matter value (string, date or datetime) -> aware datetime; `DateError` if invalid."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        raise DateError(f"expected a date like 2021-05-25 08:25:00 +0300, got {value!r}")
    match = _DATE.match(_unquote(value)) or _lenient(_unquote(value))
    if not match:
        raise DateError(f"invalid date {value!r} (expected e.g. 2021-05-25 08:25:00 +0300)")
    g = match.groupdict()
    offset = g["tz"]
    if offset is None:
        zone = tz
    elif offset.upper() in ("Z", "UTC", "GMT"):
        zone = UTC
    else:
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            raise DateError(f"invalid date {value!r}: offset {offset} is out of range")
        delta = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-delta if offset[0] == "-" else delta)
    micro = int((g["f"] or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(g["y"]),
            int(g["mo"]),
            int(g["d"]),
            int(g["h"] or 0),
            int(g["mi"] or 0),
            int(g["s"] or 0),
            micro,
            tzinfo=zone,
        )
    except ValueError as exc:
        raise DateError(f"invalid date {value!r}: {exc}") from None


def _unquote(text: str) -> str:
    """`'2021-05-25'` -> `2021-05-25`: quotes left around a value are not part of the date."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text
