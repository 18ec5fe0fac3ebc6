#!/usr/bin/env python3
"""Time cold builds of the same blog by ssg and by Hugo, in turn, in one run.

    python benchmarks/compare_hugo.py SSG_SITE HUGO_SITE [--runs 5] [--ssg "python -m ssg"]

SSG_SITE is an ssg site folder (`ssg.toml`, `content/`), HUGO_SITE the same blog for Hugo
(e.g. both written by a corpus generator with its ssg and hugo flavors). Before each run the
build's output and cache are deleted (`site/` and `.ssg-cache/`; `public/` and
`resources/`), then the two builds alternate A B A B …, so a machine that speeds up or slows
down affects both. Prints min/median/max wall seconds of each and the median of the per-pair
ratios ssg/Hugo. Standard library only; needs `hugo` on PATH.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str], cwd: Path, outputs: list[str]) -> float:
    for name in outputs:
        shutil.rmtree(cwd / name, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed in {cwd}:\n{done.stdout}{done.stderr}")
    return elapsed


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: min {min(values):.2f} s, median {statistics.median(values):.2f} s, "
        f"max {max(values):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ssg_site", type=Path)
    parser.add_argument("hugo_site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ssg", default=f"{sys.executable} -m ssg", help="command running ssg")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("hugo is not on PATH (Debian: apt-get install hugo)")
    ssg = [*shlex.split(args.ssg), "build", "-q"]
    hugo = ["hugo", "--quiet"]
    timed(ssg, args.ssg_site, ["site", ".ssg-cache"])  # warm-up: .pyc files, OS caches
    timed(hugo, args.hugo_site, ["public", "resources"])
    a, b = [], []
    for run in range(1, args.runs + 1):
        a.append(timed(ssg, args.ssg_site, ["site", ".ssg-cache"]))
        b.append(timed(hugo, args.hugo_site, ["public", "resources"]))
        print(f"  run {run}: ssg {a[-1]:.2f} s, hugo {b[-1]:.2f} s", flush=True)
    print(summary("ssg cold ", a))
    print(summary("hugo cold", b))
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    print(
        f"ssg/hugo: median ratio {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
        f"max {max(ratios):.2f})"
    )
    print(f"reproduce: {shlex.join([sys.executable, *sys.argv])}")


if __name__ == "__main__":
    main()
