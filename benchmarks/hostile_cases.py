"""The cases of `hostile.py`: each takes a `Ctx` and returns (the run it judges, its verdict),
registered in `CASES` with `case("name")`. A LEAK is a secret's bytes anywhere ssg wrote."""

from __future__ import annotations

import functools
import http.client
import itertools
import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CASES: list[tuple[str, object]] = []
ODD = "content/posts/2020-03-03-odd.md"  # the post a case writes its input into


def case(name: str, **params):
    """Register `function(c, **params)` as the case `name`."""
    return lambda function: CASES.append((name, functools.partial(function, **params))) or function


def png(width: int = 1, height: int = 1, trailing: bytes = b"") -> bytes:
    """A PNG whose IHDR says width x height (one grey pixel of data), then `trailing`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"") + trailing


def bomb() -> str:
    """Billion laughs: nine levels of nine aliases (9**9 strings once expanded)."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


MARKER = b"HOSTILE-SECRET-7f3a"
LINKS = {  # case: ({link in the site: where it leads (bytes: a file in c.outside)}, post body)
    "symlink-static": ({"content/passwd.txt": "/etc/passwd"}, ""),
    "symlink-post": ({"content/posts/2020-03-03-p.md": "/etc/passwd"}, ""),
    "symlink-page": ({"content/leak.md": b"---\ntitle: Secret\n---\nThe word: " + MARKER}, ""),
    "symlink-image": ({"content/posts/shot.png": png(2, 2, MARKER)}, "![x](shot.png)\n"),
    "symlink-static-dir": ({"static/leak.txt": MARKER, "content/etc": "/etc"}, ""),
    "symlink-data": ({"data/x.json": b'{"k": "' + MARKER + b'"}'}, ""),
    "symlink-include": ({"includes/x.html": "/etc/passwd"}, "{% include x.html %}\n"),
    "dangling-symlink": ({"content/gone.txt": "/nonexistent"}, ""),
}


def symlinks(c, links: dict, body: str):
    """LEAK if the secret's (or /etc/passwd's) bytes are published; ok if not, with a warning
    naming each link (only reported for a data file, which a build may read, not publish)."""
    root = c.site(body=body)
    for rel, target in links.items():
        if isinstance(target, bytes):
            (c.outside / Path(rel).name).write_bytes(target)
            target = c.outside / Path(rel).name
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)
    run = c.build(root)
    site = root / "site"
    leaks = c.find(site, MARKER) + c.find(site, c.PASSWD)
    leaks += ["site/etc/"] if (site / "etc").exists() else []
    names = [Path(rel).name for rel in links]
    return run, c.leaked(run, leaks, names, need_warning="data/x.json" not in links)


for _name, (_links, _body) in LINKS.items():
    case(_name, links=_links, body=_body)(symlinks)


@case("symlink-import")
def symlink_import(c):
    src = c.jekyll()
    (src / "_posts" / "2020-01-02-b.md").symlink_to("/etc/passwd")
    run = c.ssg("import", "jekyll", str(src), str(dest := c.tmp / "imported"), cwd=c.tmp)
    return run, c.leaked(run, c.find(dest, c.PASSWD), ["2020-01-02-b.md"])


@case("manifest-escape")
def manifest_escape(c):
    c.first_build(root := c.site())
    manifest_path = root / "site" / ".ssg-manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    keep, victim = root / "keep.txt", c.outside / "victim.txt"
    keep.write_text("precious\n", encoding="utf-8")
    victim.write_text("precious\n", encoding="utf-8")
    entries = manifest["outputs"] if isinstance(manifest.get("outputs"), dict) else manifest
    entries["../keep.txt"] = entries[str(victim)] = "0123456789abcdef01234567"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    run = c.build(root)
    lost = [p.name for p in (keep, victim) if not p.exists()]
    if lost:
        return run, f"LOST: {', '.join(lost)} deleted by the rebuild"
    return run, c.broken(run) or f"ok: both kept (exit {run.code})"


@case("serve-host")
def serve_host(c):
    root = c.site()
    with c.serve(root) as port:
        evil, _ = c.http(port, host="evil.example")
        local, _ = c.http(port, host=f"localhost:{port}")
    if evil in (403, 421) and local == 200:
        return None, f"ok: evil.example -> {evil}, localhost:{port} -> {local}"
    if evil not in (403, 421):
        return None, f"answers any Host (evil.example -> {evil}; localhost -> {local})"
    return None, f"WRONG: localhost:{port} -> {local} (evil.example -> {evil})"


@case("deploy-head")
def deploy_head(c):
    root = c.site()
    bare = c.tmp / "remote.git"
    c.git("init", "-q", "--bare", str(bare), cwd=c.tmp)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "sources"]):
        c.git(*args, cwd=root)
    c.git("remote", "add", "origin", str(bare), cwd=root)
    run = c.ssg("deploy", "--branch", "HEAD", cwd=root)
    refs = {w: c.git("for-each-ref", "--format=%(refname)", cwd=w).split() for w in (bare, root)}
    made = [f"{w.name}:refs/heads/HEAD" for w, found in refs.items() if "refs/heads/HEAD" in found]
    if made:
        return run, f"WRONG: created {', '.join(made)} (exit {run.code})"
    if bad := c.broken(run):
        return run, bad
    return run, f"ok: refused: {run.first()}" if run.code else f"WRONG: exit 0 ({run.first()})"


def _outside_dir(c, key: str, value: str, body: str = ""):
    """ok: refused with an error; LEAK if /etc/passwd's bytes are published."""
    root = c.site(toml=f'{key} = "{value}"\n', body=body)
    run = c.build(root)
    leaks = c.find(root / "site", c.PASSWD)
    if leaks or c.broken(run):
        return run, c.leaked(run, leaks)
    return run, f"ok: refused: {run.first()}" if run.code else f"accepted (exit 0): {run.first()}"


case("content-dir-outside")(lambda c: _outside_dir(c, "content_dir", "/etc"))
_UP = "{% include passwd %}\n"  # with includes_dir = ../../../etc (from a folder under /tmp)
case("includes-dir-outside")(
    lambda c: _outside_dir(c, "includes_dir", os.path.relpath("/etc", c.tmp / "site"), _UP)
)


# --- hangs --------------------------------------------------------------------------------
def _hang(c, body: str = "", need_message: bool = True, **site):
    run = c.build(c.site(files={ODD: c.post("Hostile", body, "2020-03-03")}, **site))
    return run, c.quick(run, need_message)


case("yaml-bomb-frontmatter")(lambda c: (r := c.build(c.site(front=bomb())), c.quick(r)))


def _jekyll_bomb(c, command: str):
    src = c.jekyll(config=bomb())
    dest = [str(src), str(c.tmp / "imported")] if command == "import" else []
    run = c.ssg(command, *(["jekyll", *dest] if dest else []), cwd=src)
    return run, c.quick(run)


case("yaml-bomb-config")(lambda c: _jekyll_bomb(c, "build"))
case("yaml-bomb-import")(lambda c: _jekyll_bomb(c, "import"))
CAPTURE = "{% capture a %}x{% endcapture %}" + "{% capture a %}{{a}}{{a}}{% endcapture %}" * 40
case("liquid-open-output")(lambda c: _hang(c, "{{" * 8000))
case("liquid-raw")(lambda c: _hang(c, "{% raw %}" * 5000))
case("liquid-loop")(lambda c: _hang(c, "{% for i in (1..100000000) %}x{% endfor %}"))
case("liquid-capture")(lambda c: _hang(c, CAPTURE + "{{ a.size }}"))
case("md-image-open")(lambda c: _hang(c, "![" * 20000, need_message=False))
TABLE = "| a | b |\n| --- | --- |\n" + "||\n" * 20000
case("md-table")(lambda c: _hang(c, TABLE, need_message=False))
KRAMDOWN = 'markdown = "kramdown"\n'
case("md-dollars-kramdown")(lambda c: _hang(c, "$$\n" * 20000, False, toml=KRAMDOWN))


# --- crashes and the cache ------------------------------------------------------------------
CRASH_BOOT = """
import os, runpy, shutil, sys
n, calls = int(sys.argv.pop(1)), []
def wrap(f):  # the n-th rename of the run kills the process, as a power cut would
    return lambda *a, **k: (calls.append(1), len(calls) == n and os._exit(9), f(*a, **k))[2]
os.replace, os.rename, shutil.move = wrap(os.replace), wrap(os.rename), wrap(shutil.move)
sys.argv[0] = "ssg"
runpy.run_module("ssg", run_name="__main__", alter_sys=True)
"""


def _same_as_clean(c, root: Path, run, before: str = "") -> str:
    """ok if `root/site` is byte for byte what a clean build of the same sources writes."""
    if bad := c.broken(run):
        return before + bad
    if run.code:
        return f"{before}error (exit {run.code}): {run.first()}"
    c.first_build(clean := c.clean_copy(root))
    differ = c.differ(root / "site", clean / "site")
    if differ:
        return f"{before}WRONG: {len(differ)} files differ (e.g. {differ[0]})"
    return f"{before}ok: identical to a clean build"


def crash_write(c, n: int, revert: bool = False):
    """Edit a post, kill the build at its n-th rename, build again (with `revert`, after
    undoing the edit: a page the killed build wrote must not survive as "unchanged")."""
    c.first_build(root := c.site(posts=3))
    before = (hello := root / "content" / "posts" / "2020-01-01-hello.md").read_bytes()
    hello.write_text(c.post("Hello", "An edited body, longer than before."), encoding="utf-8")
    crashed = c.ssg(str(n), "build", cwd=root, code=CRASH_BOOT)
    note = "killed; " if crashed.code == 9 else f"not killed (fewer than {n} renames); "
    if revert:
        hello.write_bytes(before)
    return (run := c.build(root)), _same_as_clean(c, root, run, note)


for _kind, _n in itertools.product(("write", "revert"), range(1, 7)):
    case(f"crash-{_kind}-{_n}", n=_n, revert=_kind == "revert")(crash_write)


def _garble(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(path.stat().st_size))


def _rebuild_as(path: Path, folder: bool) -> None:
    """Replace `path` by an empty folder, or by a file that is not one."""
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.mkdir() if folder else path.write_bytes(b"not a folder\n")


DAMAGE = {  # how: (which paths under .ssg-cache/, what is done to each)
    "truncate": ("data", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
    "empty": ("data", lambda p: p.write_bytes(b"")),
    "garbage": ("data", _garble),
    "pack-is-dir": ("bodies/*.pack", lambda p: _rebuild_as(p, True)),
    "bodies-is-file": ("bodies", lambda p: _rebuild_as(p, False)),
    "dir-is-file": (".", lambda p: _rebuild_as(p, False)),
    "all-garbage": ("**/*", lambda p: p.is_file() and _garble(p)),
}


def _corrupt(cache: Path, how: str) -> None:
    """`data`: every file but the index and .gitignore, so the intact index leads to them."""
    pattern, damage = DAMAGE[how]
    if pattern == "data":
        skip = ("index.pickle", ".gitignore")
        paths = [p for p in cache.rglob("*") if p.is_file() and p.name not in skip]
    else:
        paths = [cache] if pattern == "." else list(cache.glob(pattern))
    for path in sorted(paths):
        damage(path)


def cache_case(c, how: str):
    c.first_build(root := c.site(posts=30))
    _corrupt(root / ".ssg-cache", how)
    run = c.build(root)
    return run, _same_as_clean(c, root, run)


for _how in DAMAGE:
    case(f"cache-{_how}", how=_how)(cache_case)


@case("cache-moved")
def cache_moved(c):
    c.first_build(root := c.site(posts=30))
    subprocess.run(["cp", "-a", str(root), str(moved := c.tmp / "moved")], check=True)
    run = c.build(moved)
    count = (re.findall(r"(\d+) converted", run.text) or ["no summary"])[-1]
    if bad := c.broken(run):
        return run, bad
    return run, "ok: 0 converted after the move" if count == "0" else f"WRONG: {count} converted"


# --- tracebacks turned into messages --------------------------------------------------------
def _message(c, jekyll: str = "", **site):
    run = c.build(c.jekyll(config=jekyll) if jekyll else c.site(**site))
    return run, c.message(run)


case("fm-bigint")(lambda c: _message(c, front="n: " + "7" * 5000 + "\n"))
case("fm-bang-int")(lambda c: _message(c, front="n: !!int x\n"))
case("fm-bang-float")(lambda c: _message(c, front="n: !!float x\n"))
case("fm-bang-timestamp")(lambda c: _message(c, front="d: !!timestamp x\n"))
case("fm-nul-permalink")(lambda c: _message(c, front='permalink: "/a\\0b/"\n'))
case("toml-defaults-values")(lambda c: _message(c, toml='[[defaults]]\npath = ""\nvalues = 3\n'))
case("toml-bigint")(lambda c: _message(c, toml="[params]\nn = " + "7" * 5000 + "\n"))
DEEP = "[params]\nx = " + "{a=" * 2000 + "1" + "}" * 2000 + "\n"
case("toml-deep")(lambda c: _message(c, toml=DEEP))
case("jekyll-exclude-5")(lambda c: _message(c, jekyll="exclude: 5\n"))


@case("check-bad-ipv6")
def check_bad_ipv6(c):
    root = c.site(body='<a href="http://[::1">x</a>\n')
    if (built := c.build(root)).code != 0:
        return built, "build: " + c.message(built)
    if bad := c.broken(run := c.ssg("check", cwd=root)):
        return run, bad
    named = [line for line in run.text.splitlines() if "[::1" in line]
    return run, f"ok: {named[0].strip()[:100]}" if named else c.message(run)


# --- warnings expected ------------------------------------------------------------------------
def _warn(c, word: str, wrong: bytes = b"", **site):
    """ok: exit 0 and a warning naming `word`; WRONG if `wrong` is in the output."""
    root = c.site(**site)
    run = c.build(root)
    found = c.find(root / "site", wrong) if wrong else []
    return run, c.warned(run, word, f"{found[0]} has {wrong.decode()}" if found else "")


UNCLOSED = "---\ntitle: Unclosed\ndate: 2020-03-03\n\nThe body.\n"
case("fm-unclosed")(lambda c: _warn(c, "2020-03-03-odd.md", files={ODD: UNCLOSED}))


def _image(c, name: str, data: bytes, wrong: bytes = b""):
    return _warn(c, name, wrong, body=f"![x]({name})\n", files={f"content/posts/{name}": data})


case("image-corrupt")(lambda c: _image(c, "bad.png", b"\x89PNG garbage " * 20))
case("image-empty")(lambda c: _image(c, "empty.png", b""))
HUGE = 0xFFFFFFFF
case("image-huge-header")(lambda c: _image(c, "huge.png", png(HUGE, HUGE), b'width="4294967295"'))
NOT_UTF8 = {"includes/bad.html": b"\xff\xfe caf\xe9"}
INCLUDE_BAD = "{% include bad.html %}\n"
case("include-not-utf8")(lambda c: _warn(c, "bad.html", body=INCLUDE_BAD, files=NOT_UTF8))
case("content-dir-missing")(lambda c: _warn(c, "nope", toml='content_dir = "nope"\n'))


# --- the dev server under load -----------------------------------------------------------------
@case("serve-backlog")
def serve_backlog(c, count: int = 200, wait: float = 5.0):
    """`count` connections at once, each sending a GET: how many get no answer in `wait` s."""
    with c.serve(c.site()) as port, ThreadPoolExecutor(count) as pool:
        barrier = threading.Barrier(count, timeout=wait)
        request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"

        def one(_: int) -> bool:
            try:
                barrier.wait()
                deadline = time.monotonic() + wait
                with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
                    sock.sendall(request.encode())
                    sock.settimeout(max(0.01, deadline - time.monotonic()))
                    return sock.recv(64).startswith(b"HTTP/")
            except (OSError, threading.BrokenBarrierError):
                return False

        missed = list(pool.map(one, range(count))).count(False)
    if missed:
        return None, f"WRONG: {missed} of {count} connections not answered within {wait:g} s"
    return None, f"ok: all {count} answered within {wait:g} s"


@case("serve-keepalive")
def serve_keepalive(c):
    with c.serve(c.site()) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/")
            first = conn.getresponse()
            first.read()
            sock = conn.sock  # None: the server said it closes the connection
            conn.request("GET", "/")
            same = sock is not None and conn.sock is sock
            second = conn.getresponse()
            second.read()
        except (OSError, http.client.HTTPException) as exc:
            return None, f"WRONG: the second GET failed: {type(exc).__name__}"
        finally:
            conn.close()
    versions = ", ".join(f"HTTP/{r.version // 10}.{r.version % 10}" for r in (first, second))
    if first.version == second.version == 11 and same:
        return None, f"ok: two GETs on one connection ({versions})"
    return None, f"WRONG: {versions}, {'one' if same else 'a new'} connection for the second"


@case("serve-range")
def serve_range(c):
    data = bytes(range(256)) * 400  # 102,400 bytes
    root = c.site(files={"content/big.bin": data})
    with c.serve(root) as port:
        status, body = c.http(port, "/big.bin", headers=[("Range", "bytes=100-199")])
    good = status == 206 and body == data[100:200]
    return None, "ok: 206 with the 100 bytes asked for" if good else f"WRONG: {status}, {len(body)}"
