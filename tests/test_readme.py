"""The README stays true: every config key is documented, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

from ssg.config import FIELDS

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_config_key_is_documented():
    row = r"^\| `(\w+)` \| (?:string|integer|boolean|table|list) \|"
    documented = set(re.findall(row, README, re.M))
    assert documented == set(FIELDS)


def test_ci_runs_exactly_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b)
    ci = (ROOT / ".ci/run").read_text()
    assert test_command in ci.splitlines()
