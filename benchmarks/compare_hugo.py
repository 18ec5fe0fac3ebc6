#!/usr/bin/env python3
"""Time cold builds of the same blog by ssg, by Hugo and by the floor, in turn, in one run.

    python benchmarks/compare_hugo.py SSG_SITE HUGO_SITE [--runs 5] [--ssg "python -m ssg"]

SSG_SITE is an ssg site folder (`ssg.toml`, `content/`), HUGO_SITE the same blog for Hugo
(e.g. both written by a corpus generator with its ssg and hugo flavors). Before each run the
build's output and cache are deleted (`site/` and `.ssg-cache/`; `public/` and
`resources/`), then the two builds alternate A B A B …, so a machine that speeds up or slows
down affects both. The third of each turn is `floor.py` on SSG_SITE (Markdown, Pygments and
a trivial page per post, nothing else: what any Python generator must do). Prints, for each,
min/median/max wall seconds and CPU-seconds (user + system of the build's processes, from
`getrusage`), and the medians of the per-turn ratios ssg/Hugo and ssg/floor. Standard
library only; needs `hugo` on PATH.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str], cwd: Path, outputs: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU-seconds) of one build from nothing."""
    for name in outputs:
        shutil.rmtree(cwd / name, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed in {cwd}:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def summary(name: str, values: list[tuple[float, float]]) -> str:
    wall, cpu = [v[0] for v in values], [v[1] for v in values]
    return (
        f"{name}: wall min {min(wall):.2f} s, median {statistics.median(wall):.2f} s, "
        f"max {max(wall):.2f} s; CPU median {statistics.median(cpu):.2f} s"
    )


def ratio(name: str, a, b) -> str:
    walls = [x[0] / y[0] for x, y in zip(a, b, strict=True)]
    cpus = [x[1] / y[1] for x, y in zip(a, b, strict=True)]
    return (
        f"{name}: wall median ratio {statistics.median(walls):.2f} (min {min(walls):.2f}, "
        f"max {max(walls):.2f}); CPU median ratio {statistics.median(cpus):.2f}"
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
    floor = [sys.executable, str(Path(__file__).parent / "floor.py"), str(args.ssg_site)]
    turns = (
        (ssg, args.ssg_site, ["site", ".ssg-cache"]),
        (hugo, args.hugo_site, ["public", "resources"]),
        (floor, args.ssg_site, ["floor-out"]),
    )
    for command, cwd, outputs in turns:  # warm-up: .pyc files, OS caches
        timed(command, cwd, outputs)
    a, b, c = [], [], []
    for run in range(1, args.runs + 1):
        for results, (command, cwd, outputs) in zip((a, b, c), turns, strict=True):
            results.append(timed(command, cwd, outputs))
        print(
            f"  run {run}: ssg {a[-1][0]:.2f} s ({a[-1][1]:.1f} CPU-s), hugo {b[-1][0]:.2f} s "
            f"({b[-1][1]:.1f}), floor {c[-1][0]:.2f} s ({c[-1][1]:.1f})",
            flush=True,
        )
    shutil.rmtree(args.ssg_site / "floor-out", ignore_errors=True)
    print(summary("ssg cold  ", a))
    print(summary("hugo cold ", b))
    print(summary("floor cold", c))
    print(ratio("ssg/hugo  ", a, b))
    print(ratio("ssg/floor ", a, c))
    print(f"reproduce: {shlex.join([sys.executable, *sys.argv])}")


if __name__ == "__main__":
    main()
