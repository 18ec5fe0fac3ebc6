"""Run the property-based tests long: thousands of generated inputs per parser.

    .venv/bin/python benchmarks/fuzz.py [--examples N] [-k EXPR]

CI runs `tests/test_properties.py` with a few dozen fixed examples each; this runs the same
tests with fresh random examples (`HYPOTHESIS_PROFILE=long`), so a run can find what CI
cannot. A failure prints the smallest input hypothesis could find.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000, help="examples per test")
    parser.add_argument("-k", default="", help="pytest -k expression (one parser)")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "SSG_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["tests/test_properties.py", "--hypothesis-show-statistics"]
    if args.k:
        command += ["-k", args.k]
    start = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT, env=env)
    print(f"{args.examples} examples per test in {time.perf_counter() - start:.1f} s: exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
