"""Liquid values as Jekyll's Ruby sees them: `nil` for undefined, `to_s` for text."""

from __future__ import annotations

from datetime import datetime

from liquid.undefined import is_undefined

__all__ = ["nil", "to_s"]


def nil(value: object) -> object:
    """`value`, or None when it is undefined (Ruby's `nil`)."""
    return None if is_undefined(value) else value


def to_s(value: object) -> str:
    """Ruby's `to_s` for Liquid values."""
    value = nil(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()
    return str(value)
