"""Forward searches an inline rule can repeat at every position without going quadratic.

An inline rule that searches for its closing delimiter from each opener reads to the end of
the paragraph every time the closer is missing (`\\(` x 20,000 took a second). `find_from`
remembers, per inline state, the stretch each search crossed, so text is read once.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

__all__ = ["find_from"]


def find_from(state: StateInline, pattern: re.Pattern[str], pos: int) -> int:
    """Where `pattern` first matches in `state.src` at or after `pos` (-1: nowhere); what
    `pattern.search(state.src, pos).start()` gives, but remembered per state and pattern:
    a search from `pos` that found `hit` answers every later query between the two."""
    memo = state.__dict__.setdefault("ssg_find_from", {})
    known = memo.get(pattern)
    if known is not None:
        low, hit = known
        if low <= pos and (hit == -1 or pos <= hit):
            return hit
    found = pattern.search(state.src, pos)
    hit = found.start() if found else -1
    memo[pattern] = (pos, hit)
    return hit
