"""Tests for front matter dates (ssg/dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ssg.dates import DateError, parse_date

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


def offset(hours: int, minutes: int = 0) -> timezone:
    sign = -1 if hours < 0 else 1
    return timezone(sign * timedelta(hours=abs(hours), minutes=minutes))


def at(tz, *parts) -> datetime:
    return datetime(*parts, tzinfo=tz)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Jekyll's own format, as most migrated posts write it
        ("2021-05-25 08:25:00 +0300", at(offset(3), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25:00 -0500", at(offset(-5), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25:00 +03:00", at(offset(3), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25:00 +03", at(offset(3), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25:00 -03:30", at(offset(-3, 30), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25 +0900", at(offset(9), 2021, 5, 25, 8, 25)),
        ("2021-05-25 08:25:00 UTC", at(UTC, 2021, 5, 25, 8, 25)),
        # ISO 8601
        ("2021-05-25T08:25:00Z", at(UTC, 2021, 5, 25, 8, 25)),
        ("2021-05-25T08:25:00z", at(UTC, 2021, 5, 25, 8, 25)),
        ("2021-05-25T08:25:00+05:30", at(offset(5, 30), 2021, 5, 25, 8, 25)),
        ("2021-05-25T08:25:00+0300", at(offset(3), 2021, 5, 25, 8, 25)),
        # fractional seconds: `.` or `,`, cut to microseconds
        ("2021-05-25T08:25:00.5Z", at(UTC, 2021, 5, 25, 8, 25, 0, 500000)),
        ("2021-05-25T08:25:07.123456789+09:00", at(offset(9), 2021, 5, 25, 8, 25, 7, 123456)),
        ("2021-05-25 08:25:00,25 +0000", at(UTC, 2021, 5, 25, 8, 25, 0, 250000)),
        # no offset, or no time at all: read in the site's time zone
        ("2021-05-25", at(SEOUL, 2021, 5, 25)),
        ("2021-5-3", at(SEOUL, 2021, 5, 3)),
        ("2021-05-25 08:25:00", at(SEOUL, 2021, 5, 25, 8, 25)),
        ("2021-05-25T08:25", at(SEOUL, 2021, 5, 25, 8, 25)),
        # surrounding space and quotes left around the value
        ("  2021-05-25 08:25:00 +0300  ", at(offset(3), 2021, 5, 25, 8, 25)),
        ("'2021-05-25 08:25:00 +0300'", at(offset(3), 2021, 5, 25, 8, 25)),
        ('"2021-05-25"', at(SEOUL, 2021, 5, 25)),
    ],
)
def test_parse_date_strings(text, expected):
    parsed = parse_date(text, SEOUL)
    assert parsed == expected
    # == compares instants only: the offset the post was written in must survive too
    assert parsed.utcoffset() == expected.utcoffset()


def test_a_date_without_offset_is_read_in_the_given_zone():
    summer = parse_date("2021-07-01 12:00:00", NEW_YORK)
    winter = parse_date("2021-01-01 12:00:00", NEW_YORK)
    assert summer.utcoffset() == timedelta(hours=-4)
    assert winter.utcoffset() == timedelta(hours=-5)
    assert parse_date("2021-07-01", SEOUL).astimezone(UTC) == at(UTC, 2021, 6, 30, 15, 0)


def test_a_date_object_is_midnight_in_the_given_zone():
    parsed = parse_date(date(2024, 2, 29), SEOUL)
    assert parsed == at(SEOUL, 2024, 2, 29)
    assert parsed.tzinfo is SEOUL


def test_a_naive_datetime_is_read_in_the_given_zone():
    parsed = parse_date(datetime(2024, 1, 2, 3, 4, 5), SEOUL)
    assert parsed == at(SEOUL, 2024, 1, 2, 3, 4, 5)
    assert parsed.tzinfo is SEOUL


def test_an_aware_datetime_keeps_its_offset():
    value = at(offset(-7), 2024, 1, 2, 3, 4, 5)
    parsed = parse_date(value, SEOUL)
    assert parsed is value
    assert parsed.utcoffset() == timedelta(hours=-7)


@pytest.mark.parametrize(
    "value, message",
    [
        ("2021-13-45", "invalid date '2021-13-45': month must be in 1..12"),
        ("2021-02-30", "invalid date '2021-02-30': day is out of range for month"),
        ("2021-05-25 24:00", "invalid date '2021-05-25 24:00': hour must be in 0..23"),
        ("2021-05-25 08:61", "invalid date '2021-05-25 08:61': minute must be in 0..59"),
        (
            "2021-05-25 08:25:00 +2500",
            "invalid date '2021-05-25 08:25:00 +2500': offset +2500 is out of range",
        ),
        (
            "2021-05-25 08:25:00 +03:75",
            "invalid date '2021-05-25 08:25:00 +03:75': offset +03:75 is out of range",
        ),
        ("yesterday", "invalid date 'yesterday' (expected e.g. 2021-05-25 08:25:00 +0300)"),
        ("", "invalid date '' (expected e.g. 2021-05-25 08:25:00 +0300)"),
        ("25/05/2021", "invalid date '25/05/2021' (expected e.g. 2021-05-25 08:25:00 +0300)"),
        (
            "2021-05-25 08:25:00 KST",
            "invalid date '2021-05-25 08:25:00 KST' (expected e.g. 2021-05-25 08:25:00 +0300)",
        ),
        (
            "2021년 5월 25일",
            "invalid date '2021년 5월 25일' (expected e.g. 2021-05-25 08:25:00 +0300)",
        ),
        (None, "expected a date like 2021-05-25 08:25:00 +0300, got None"),
        (20210525, "expected a date like 2021-05-25 08:25:00 +0300, got 20210525"),
        (True, "expected a date like 2021-05-25 08:25:00 +0300, got True"),
        (["2021-05-25"], "expected a date like 2021-05-25 08:25:00 +0300, got ['2021-05-25']"),
    ],
)
def test_invalid_dates_raise_a_helpful_date_error(value, message):
    with pytest.raises(DateError) as caught:
        parse_date(value, SEOUL)
    assert str(caught.value) == message


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


def test_ruby_style_extra_words_are_tolerated_as_jekyll_does():
    """Jekyll (Ruby's Time.parse) reads `2023-01-29 18:30:22 2023 -0800`."""
    got = parse_date("2023-01-29 18:30:22 2023 -0800", SEOUL)
    assert got == datetime(2023, 1, 29, 18, 30, 22, tzinfo=timezone(-timedelta(hours=8)))
