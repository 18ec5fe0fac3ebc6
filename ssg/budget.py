"""A time budget for one piece of work, so one pathological post cannot stall a build.

`within(seconds)` runs a block under a deadline. One watcher thread per process looks at
the running blocks twice a second; when one is past its deadline it raises `OverBudget`
in the thread running it (CPython's `PyThreadState_SetAsyncExc`, which works in worker
processes, in the main thread and in the dev server's build thread alike). The exception
arrives between two Python bytecodes, so it stops Python code (Markdown rules, Liquid,
Pygments lexers); a single long call into C finishes first.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["OverBudget", "within"]

_POLL = 0.5  # seconds between the watcher's looks


class OverBudget(Exception):
    """The block ran past its deadline."""


_lock = threading.Lock()
_running: dict[int, tuple[float, list[bool]]] = {}  # thread id -> (deadline, [fired])
_watcher: threading.Thread | None = None


def _after_fork() -> None:  # a forked worker has no watcher, and the lock may be held
    global _lock, _watcher
    _lock, _watcher = threading.Lock(), None
    _running.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run the block; raise `OverBudget` from it once it has run `seconds` (0: no limit).
    Blocks do not nest within one thread."""
    if seconds <= 0:
        yield
        return
    ident = threading.get_ident()
    fired = [False]
    with _lock:
        _running[ident] = (time.monotonic() + seconds, fired)
        _start_watcher()
    try:
        yield
    finally:
        with _lock:
            _running.pop(ident, None)
            if fired[0]:  # raised but maybe not delivered yet: never let it escape later
                _set_async_exc(ident, None)
    # fired and delivered after the block's last bytecode: the caller still hears it
    if fired[0]:
        raise OverBudget


def _start_watcher() -> None:
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = threading.Thread(target=_watch, name="ssg-time-budget", daemon=True)
        _watcher.start()


def _watch() -> None:
    while True:
        time.sleep(_POLL)
        now = time.monotonic()
        with _lock:
            for ident, (deadline, fired) in _running.items():
                if now >= deadline and not fired[0]:
                    fired[0] = True
                    _set_async_exc(ident, OverBudget)


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None
    )
