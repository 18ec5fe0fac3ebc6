"""Hostile and broken input against ssg: one row per case, printed as a Markdown table.

    python benchmarks/hostile.py [--ssg-path DIR] [--only NAME...] [--timeout 20]

Each case (in `hostile_cases.py`) makes a fresh minimal site in a temporary folder, breaks it
in one way (a symbolic link out of the site, an alias bomb, a damaged cache, a build killed
while writing, a hostile HTTP client, ...), runs ssg in a subprocess with a time limit (its
whole process group killed on timeout) and judges what happened: `ok: ...`, `LEAK: ...`,
`HANG (timeout)`, `TRACEBACK`, `SILENT`, `WRONG: ...`. `--ssg-path DIR` runs ssg from another
checkout (put on PYTHONPATH, with this interpreter), so the same script measures an old commit
and the current one. Nothing uses the network; dev servers bind 127.0.0.1 on a free port.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from hostile_cases import CASES

ROOT = Path(__file__).resolve().parent.parent
TRACEBACK = "Traceback (most recent call last)"
MEMORY_LIMIT = 4 << 30  # address space of one ssg run: a memory bomb fails, not the machine
DIAGNOSTIC = re.compile(r"^.*?: (?:error|warning): .*$", re.M)
LINE_ERROR = re.compile(r"^\S[^\n]*?:\d+: error: .*$", re.M)
ODD_POST = "content/posts/2020-03-03-odd.md"  # the post a case writes its input into
_WHO = {"NAME": "Hostile", "EMAIL": "hostile@example.org"}
GIT_ENV = {f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER") for k, v in _WHO.items()}
GIT_ENV |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}  # no user settings


class CaseError(Exception):
    """The case could not be run as planned (a server that never answered, ...)."""


@dataclass
class Run:
    code: int | None  # None: killed on timeout
    seconds: float
    out: str
    err: str
    timed_out: bool = False

    @property
    def text(self) -> str:
        return self.out + "\n" + self.err

    def lines(self, level: str = "warning|error", word: str = "") -> list[str]:
        """Diagnostic lines of that level that mention `word`."""
        found = re.findall(rf"^.*?: (?:{level}): .*$", self.text, re.M)
        return [line for line in found if word in line]

    def first(self) -> str:
        """The first diagnostic line, else the first line of stderr (or stdout), 100 chars."""
        for line in DIAGNOSTIC.findall(self.text):
            return line.strip()[:100]
        for line in (self.err + "\n" + self.out).splitlines():
            if line.strip():
                return line.strip()[:100]
        return "no output"


def _limit_memory() -> None:
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ctx:
    """What a case gets: its temporary folder, ways to run ssg and git, and judges."""

    PASSWD = b"root:x:0:0"

    def __init__(self, ssg_path: Path, timeout: float, tmp: Path):
        self.timeout = timeout
        self.tmp = tmp
        self.outside = tmp / "outside"  # a folder outside every site: secrets live here
        self.outside.mkdir()
        keep = {k: v for k, v in os.environ.items() if k not in ("SSG_DEBUG", "PYTHONPATH")}
        self.env = {**keep, **GIT_ENV, "PYTHONPATH": str(ssg_path), "PYTHONUNBUFFERED": "1"}

    # --- sites -----------------------------------------------------------------------
    @staticmethod
    def post(title: str, body: str, date: str = "2020-01-01", extra: str = "") -> str:
        return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"

    def site(self, name="site", posts=1, toml="", body="", files=None, front="") -> Path:
        """A minimal ssg site: ssg.toml (+ `toml`), the hello post (+ `body`), `posts` - 1 more
        posts and `files` (path: text or bytes); with `front`, a post with that front matter."""
        root = self.tmp / name
        files = dict(files or {})
        if front:
            files[ODD_POST] = self.post("Odd", "The body.", "2020-03-03", front)
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            data = data.encode() if isinstance(data, str) else data
            (root / rel).write_bytes(data)
        folder = root / "content" / "posts"
        folder.mkdir(parents=True, exist_ok=True)
        config = f'title = "Hostile"\nurl = "https://example.org/"\n{toml}'
        (root / "ssg.toml").write_text(config, encoding="utf-8")
        hello = self.post("Hello", "Hello, world.\n\n" + body)
        (folder / "2020-01-01-hello.md").write_text(hello, encoding="utf-8")
        for i in range(2, posts + 1):
            date = f"2020-{(i - 1) // 28 + 2:02}-{(i - 1) % 28 + 1:02}"
            text = self.post(f"Post {i}", f"Body of post {i}.\n\n## Part\n\nMore {i}.", date)
            (folder / f"{date}-post-{i}.md").write_text(text, encoding="utf-8")
        return root

    def jekyll(self, name: str = "jekyll", config: str = "") -> Path:
        """A minimal Jekyll site: _config.yml (title + `config`) and one post."""
        root = self.tmp / name
        (root / "_posts").mkdir(parents=True)
        (root / "_config.yml").write_text(f"title: Jekyll\n{config}", encoding="utf-8")
        text = self.post("A", "Post A.")
        (root / "_posts" / "2020-01-01-a.md").write_text(text, encoding="utf-8")
        return root

    def clean_copy(self, root: Path, name: str = "clean") -> Path:
        """The same sources in a fresh folder, without output or cache."""
        copy = self.tmp / name
        skip = shutil.ignore_patterns("site", ".ssg-cache")
        shutil.copytree(root, copy, symlinks=True, ignore=skip)
        return copy

    # --- running ------------------------------------------------------------------------
    def ssg(self, *args: str, cwd: Path, code: str | None = None, timeout: float = 0) -> Run:
        """Run `python -m ssg ARGS` (or `python -c CODE ARGS`) in `cwd`."""
        head = ["-c", code] if code else ["-m", "ssg"]
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *head, *args],
            cwd=cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout or self.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
            out, err = proc.communicate()
        seconds = time.perf_counter() - start
        status = None if timed_out else proc.returncode
        out_text, err_text = (
            b.decode(errors="replace").replace(str(self.tmp), "$TMP") for b in (out, err)
        )
        return Run(status, seconds, out_text, err_text, timed_out)

    def build(self, root: Path, *args: str) -> Run:
        return self.ssg("build", *args, cwd=root)

    def first_build(self, root: Path) -> Run:
        """The build before the hostile change: it must succeed, or the case cannot run."""
        if (run := self.build(root)).code != 0:
            raise CaseError(f"the first build failed: {self.broken(run) or run.first()}")
        return run

    def git(self, *args: str, cwd: Path) -> str:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=30
        )
        if done.returncode:
            raise CaseError(f"git {' '.join(args)}: {done.stderr.strip()[:100]}")
        return done.stdout

    @contextlib.contextmanager
    def serve(self, root: Path):
        """`ssg serve --port P` on a free port; yields P once it answers HTTP; always killed."""
        port = free_port()
        log = open(self.tmp / "serve.log", "wb")  # noqa: SIM115 (closed below)
        proc = subprocess.Popen(
            [sys.executable, "-m", "ssg", "serve", "--port", str(port)],
            cwd=root,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + self.timeout
            while True:
                if proc.poll() is not None:
                    raise CaseError(f"server exited {proc.returncode}: {self.serve_log()[-100:]}")
                if time.monotonic() > deadline:
                    raise CaseError("server never answered (HANG)")
                with contextlib.suppress(OSError, http.client.HTTPException):
                    self.http(port, timeout=1)
                    break
                time.sleep(0.1)
            yield port
        finally:
            _kill_group(proc, signal.SIGTERM)
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                proc.wait()
            log.close()

    def serve_log(self) -> str:
        return (self.tmp / "serve.log").read_bytes().decode(errors="replace")

    @staticmethod
    def http(port: int, path: str = "/", host: str = "", headers=(), timeout: float = 5):
        """(status, body) of one GET with exactly this Host header."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"127.0.0.1:{port}")
            for key, value in headers:
                conn.putheader(key, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    # --- looking at results -------------------------------------------------------------
    @staticmethod
    def find(folder: Path, needle: bytes) -> list[str]:
        """Files under `folder` (links followed) whose bytes contain `needle`."""
        found = []
        if not folder.exists():
            return found
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    if needle in path.read_bytes():
                        link = " (a link)" if path.is_symlink() else ""
                        found.append(f"{path.relative_to(folder.parent).as_posix()}{link}")
        return sorted(found)

    @staticmethod
    def tree(folder: Path) -> dict[str, bytes]:
        files = {}
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            rel = path.relative_to(folder).as_posix()
            if path.name.startswith(".ssg-manifest"):
                continue
            if path.is_symlink():
                files[rel] = b"LINK " + os.readlink(path).encode()
            elif path.is_file():
                files[rel] = path.read_bytes()
        return files

    def differ(self, a: Path, b: Path) -> list[str]:
        one, two = self.tree(a), self.tree(b)
        return sorted(rel for rel in one.keys() | two.keys() if one.get(rel) != two.get(rel))

    # --- judges ---------------------------------------------------------------------------
    @staticmethod
    def broken(run: Run) -> str | None:
        """HANG, TRACEBACK or a crash (killed, or an exit status other than 0 and 1)."""
        if run.timed_out:
            return "HANG (timeout)"
        if TRACEBACK in run.text:
            return "TRACEBACK"
        if run.code not in (0, 1):
            return f"crash (exit {run.code}): {run.first()}"
        return None

    def message(self, run: Run) -> str:
        """ok: an error exit with a `file:line: error:` line, or exit 0 with a warning."""
        if bad := self.broken(run):
            return bad
        if run.code:
            found = LINE_ERROR.findall(run.text)
            return f"ok: {found[0].strip()[:100]}" if found else f"error: {run.first()}"
        warnings = run.lines("warning")
        return f"ok: {warnings[0].strip()[:100]}" if warnings else "SILENT (exit 0, no warning)"

    def warned(self, run: Run, word: str, wrong: str = "") -> str:
        """ok: exit 0 and a warning that mentions `word`."""
        if bad := self.broken(run):
            return bad
        if wrong:
            return f"WRONG: {wrong}"
        if run.code:
            return f"error: {run.first()}"
        found = run.lines("warning", word)
        return f"ok: {found[0].strip()[:100]}" if found else f"SILENT (no warning names {word})"

    def quick(self, run: Run, need_message: bool = True, limit: float = 2.0) -> str:
        """ok: ended within `limit` seconds, with a message when `need_message`."""
        if bad := self.broken(run):
            return bad
        said = run.lines()
        if run.seconds > limit:
            return f"SLOW ({run.seconds:.1f} s): {said[0].strip()[:80] if said else 'no message'}"
        if said:
            return f"ok: {said[0].strip()[:100]}"
        return "SILENT (fast, no message)" if need_message else "ok: fast, nothing to report"

    def leaked(self, run: Run, leaks: list[str], names=(), need_warning: bool = True) -> str:
        """LEAK first (even with a traceback); else ok if nothing was published and a warning
        names each of `names` (SILENT if not; without `need_warning`, only reported)."""
        if leaks:
            more = f" (+{len(leaks) - 1} more)" if len(leaks) > 1 else ""
            return f"LEAK: {leaks[0]} has the secret's bytes{more}"
        if bad := self.broken(run):
            return bad
        if run.code:
            return f"error: {run.first()}"
        silent = [name for name in names if not run.lines("warning", name)]
        said = [line.strip() for name in names for line in run.lines("warning", name)]
        if not need_warning:
            return f"ok: not published ({'warned: ' + said[0][:80] if said else 'no warning'})"
        if silent:
            return f"SILENT: not published, no warning names {', '.join(silent)}"
        if len(names) > 1:
            return f"ok: not published; warnings name {', '.join(names)}"
        return f"ok: {said[0][:100]}" if said else "ok: not published"


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ssg-path", type=Path, default=ROOT, help="checkout to run ssg from")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these cases")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per command")
    args = parser.parse_args()
    unknown = sorted(set(args.only or ()) - {name for name, _ in CASES})
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    selected = [(n, f) for n, f in CASES if not args.only or n in args.only]
    ssg_path = args.ssg_path.resolve()
    print(f"ssg from {ssg_path}, timeout {args.timeout:g} s\n", flush=True)
    print("| case | exit | seconds | outcome |\n| --- | --- | --- | --- |", flush=True)
    started = time.perf_counter()
    for name, function in selected:
        tmp = Path(tempfile.mkdtemp(prefix=f"hostile-{name}-"))
        start = time.perf_counter()
        run = None
        try:
            run, outcome = function(Ctx(ssg_path, args.timeout, tmp))
        except CaseError as exc:
            outcome = f"could not run: {exc}"
        except Exception as exc:  # a bug in this script: say so and go on
            outcome = f"HARNESS ERROR: {type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        seconds = run.seconds if run else time.perf_counter() - start
        code = "-" if run is None or run.code is None else run.code
        print(f"| {name} | {code} | {seconds:.2f} | {cell(outcome)} |", flush=True)
    print(f"\n{len(selected)} cases in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
