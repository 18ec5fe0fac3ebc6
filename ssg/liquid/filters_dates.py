"""Jekyll's date filters: `date_to_xmlschema`, `date_to_rfc822`, `date_to_string`,
`date_to_long_string`, in the running call's time zone (see `SiteContext.timezone`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from liquid.exceptions import FilterArgumentError

from ssg.dates import DateError, parse_date
from ssg.liquid.context import current_context
from ssg.liquid.values import to_s

__all__ = ["date_to_long_string", "date_to_rfc822", "date_to_string", "date_to_xmlschema"]

_MONTHS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTHS.split()
_DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_LOOSE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")


def _time(value: object) -> datetime:
    """Jekyll's `time(input)`: a datetime in the site's time zone."""
    zone = current_context().timezone
    default = zone or UTC
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=default)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=default)
    elif isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        moment = datetime.fromtimestamp(int(value), default)
    elif isinstance(value, str) and value.strip().lower() in ("now", "today"):
        moment = datetime.now(default)
    else:
        moment = _parse_loose(to_s(value), default)
    return moment.astimezone(zone) if zone else moment


def _parse_loose(text: str, zone: tzinfo) -> datetime:
    try:
        return parse_date(text, zone)
    except DateError:
        pass
    for pattern in _LOOSE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    raise FilterArgumentError(f"invalid date {text!r}", token=None)


def date_to_xmlschema(value: object) -> object:
    if not to_s(value):
        return value
    return _time(value).isoformat(timespec="seconds")


def date_to_rfc822(value: object) -> object:
    if not to_s(value):
        return value
    t = _time(value)
    month = _MONTH_NAMES[t.month - 1][:3]
    return f"{_DAY_NAMES[t.weekday()]}, {t.day:02d} {month} {t:%Y %H:%M:%S %z}"


def _stringify_date(value: object, long: bool, kind: object, style: object) -> object:
    if not to_s(value):
        return value
    t = _time(value)
    month = _MONTH_NAMES[t.month - 1] if long else _MONTH_NAMES[t.month - 1][:3]
    if kind != "ordinal":
        return f"{t.day:02d} {month} {t.year}"
    suffix = "th" if 11 <= t.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(t.day % 10, "th")
    if style == "US":
        return f"{month} {t.day}{suffix}, {t.year}"
    return f"{t.day}{suffix} {month} {t.year}"


def date_to_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, False, kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, True, kind, style)
