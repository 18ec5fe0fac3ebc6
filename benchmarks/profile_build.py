#!/usr/bin/env python3
"""Where a build's CPU time goes: a sampling profile of `ssg build`, as a table of shares.

    python benchmarks/profile_build.py SITE [--rate 250] [--jobs N] [--top 25] [--raw FILE]

Copies SITE to a temporary folder (so the build is cold: no cache, no output) and runs
`python -m ssg build -q` there under py-spy (`pip install py-spy`), sampling the parent
and every worker process. Only the thread holding the GIL is sampled (`--gil`), so the
samples count CPU time spent in Python, not waiting (nor wall time, which the load of a
shared machine distorts); py-spy slows the build, so read the shares, not the seconds. Each
sample is given to the
library its innermost frame is in (markdown-it-py, Pygments, Jinja2, YAML, ...), or else to
the innermost ssg module on the stack; any sample inside an `import` counts as imports.
Prints the share of each, and its CPU-seconds (samples / rate).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).parent.parent
# (path prefix of a frame, category): the first match from the innermost frame out wins
LIBRARIES = (
    ("markdown_it/", "markdown-it-py"),
    ("mdit_py_plugins/", "markdown-it-py"),
    ("pygments/", "Pygments"),
    ("jinja2/", "Jinja2"),
    ("markupsafe/", "Jinja2"),
    ("yaml/", "YAML"),
    ("liquid/", "python-liquid"),
    ("PIL/", "Pillow"),
    ("pickle", "pool and pickling"),
    ("multiprocessing/", "pool and pickling"),
    ("concurrent/", "pool and pickling"),
)
SSG_GROUPS = (  # ssg modules grouped as the table groups them
    ("ssg/markup/highlight/", "ssg fence glue (markup/highlight)"),
    ("ssg/markup/reading.py", "ssg reading time"),
    ("ssg/markup/", "ssg Markdown post-processing (markup/)"),
    ("ssg/liquid/", "ssg Liquid glue (liquid/)"),
    ("ssg/writer.py", "output writes"),
)


def frame_path(frame: str) -> str:
    """`func (path:line)` -> path."""
    inside = frame.rsplit("(", 1)[-1].rstrip(")")
    return inside.rsplit(":", 1)[0]


def category(frames: list[str]) -> str:
    if any(f.startswith(("_find_and_load ", "_call_with_frames_removed ")) for f in frames):
        return "imports"
    for frame in reversed(frames):
        path = frame_path(frame)
        for prefix, name in LIBRARIES:
            if f"/{prefix}" in f"/{path}":
                return name
        if path.startswith("ssg/") or "/ssg/" in path:
            path = path[path.index("ssg/") :]
            for prefix, name in SSG_GROUPS:
                if path.startswith(prefix):
                    return name
            return "ssg " + path.removeprefix("ssg/")
    return "other (interpreter, stdlib)"


def profile(site: Path, rate: int, jobs: int | None, raw_out: Path | None) -> Counter:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with tempfile.TemporaryDirectory(prefix="ssg-profile-") as tmp:
        work = Path(tmp) / "site"
        shutil.copytree(site, work, ignore=shutil.ignore_patterns(".ssg-cache", "site", "_site"))
        raw = Path(tmp) / "raw.txt"
        command = [sys.executable, "-m", "ssg", "build", "-q"]
        if jobs:
            command += ["--jobs", str(jobs)]
        # --gil: only the thread holding the GIL is sampled, so waiting threads never count
        spy_args = ["record", "--subprocesses", "--gil", "--format", "raw", "-r", str(rate)]
        subprocess.run(
            [spy, *spy_args, "-o", str(raw), "--", *command],
            cwd=work,
            check=True,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        if raw_out:
            shutil.copy(raw, raw_out)
        counts: Counter = Counter()
        for line in raw.read_text().splitlines():
            stack, _, number = line.rpartition(" ")
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            counts[category(frames)] += int(number)
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--rate", type=int, default=250, help="samples a second")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--raw", type=Path, help="keep py-spy's raw stacks here")
    args = parser.parse_args()
    counts = profile(args.site, args.rate, args.jobs, args.raw)
    total = sum(counts.values())
    print(f"{total} samples at {args.rate}/s = {total / args.rate:.2f} CPU-seconds")
    print(f"{'share':>6}  {'CPU s':>6}  where")
    for name, number in counts.most_common(args.top):
        print(f"{100 * number / total:5.1f}%  {number / args.rate:6.2f}  {name}")


if __name__ == "__main__":
    main()
