"""`ssg check --external`: ask the network whether other sites' URLs still answer.

HEAD first (GET when a server refuses HEAD), a few at a time, with a timeout; each answer is
cached in a JSON file for a day, so a second run is quick.
"""

from __future__ import annotations

import http.client
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ssg import __version__
from ssg.urls import encode

DAY = 24 * 60 * 60


class _KeepHead(urllib.request.HTTPRedirectHandler):
    """Follow a redirect of a HEAD request with HEAD (urllib would switch to GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def check_external(
    urls: Iterable[str],
    *,
    cache_file: Path,
    timeout: float = 10,
    workers: int = 8,
    max_age: float = DAY,
) -> list[tuple[str, str]]:
    """(URL, reason) of each broken URL, sorted: HEAD, then GET when HEAD is refused; a
    2xx or 3xx answer (after redirects) is fine. Answers younger than `max_age` seconds are
    taken from `cache_file` (JSON: URL -> [status or error, unix time])."""
    wanted = sorted(set(urls))
    cache = _load_cache(cache_file)
    now = time.time()
    todo = [url for url in wanted if url not in cache or now - cache[url][1] >= max_age]
    if todo:
        opener = urllib.request.build_opener(_KeepHead)
        with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
            answers = pool.map(lambda url: _probe(opener, url, timeout), todo)
            for url, answer in zip(todo, answers, strict=True):
                cache[url] = [answer, now]
        _save_cache(cache_file, cache)
    broken = []
    for url in wanted:
        answer = cache[url][0]
        if isinstance(answer, str):
            broken.append((url, answer))
        elif not 200 <= answer < 400:
            broken.append((url, f"HTTP {answer}"))
    return broken


def _probe(opener, url: str, timeout: float) -> int | str:
    """The final status of `url`, or what went wrong."""
    for method in ("HEAD", "GET"):
        try:
            request = urllib.request.Request(
                _ascii(url), method=method, headers={"User-Agent": f"ssg/{__version__} link check"}
            )
            with opener.open(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            if method == "GET" or exc.code not in (403, 405, 501):
                return exc.code
        except urllib.error.URLError as exc:
            return str(exc.reason)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            return str(exc) or type(exc).__name__
    raise AssertionError("unreachable")


def _ascii(url: str) -> str:
    """urllib sends ASCII only: IDNA for the host, percent-encoding for the rest."""
    parts = urlsplit(url)
    if not parts.netloc.isascii():
        host, colon, port = parts.netloc.rpartition(":")
        if not colon or not port.isdigit():
            host, colon, port = parts.netloc, "", ""
        parts = parts._replace(netloc=host.encode("idna").decode("ascii") + colon + port)
    return encode(urlunsplit(parts))


def _load_cache(path: Path) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        url: entry
        for url, entry in data.items()
        if isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], int | str)
        and isinstance(entry[1], int | float)
    }


def _save_cache(path: Path, cache: dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(cache, sort_keys=True, ensure_ascii=False, indent=0), "utf-8")
    os.replace(tmp, path)
