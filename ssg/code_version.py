"""Which ssg made a cached piece: its version and a hash of its own code.

Every cache key and output digest includes `code_version()`, so a changed ssg (an upgrade,
a patched install, an editable clone after `git pull`) never reuses what an older one
converted or rendered, even when `__version__` stayed the same.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ssg import __version__

__all__ = ["code_version"]

_PACKAGE = Path(__file__).parent
_KINDS = (".py", ".yml", ".js", ".md", ".svg", ".toml")


@lru_cache(maxsize=1)
def code_version() -> str:
    """`__version__` and a digest of every file of the ssg package (the theme is hashed
    separately, with the site's templates)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _KINDS and path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(_PACKAGE).as_posix()
            if rel.startswith(("themes/", "example/")):
                continue  # hashed with the templates, or only copied by `ssg init`
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"
