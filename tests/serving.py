"""A running `DevServer` on a small site in a temp folder, for serve tests."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from ssg.serve.command import DevServer, ServeOptions

THEME = Path(__file__).parent.parent / "themes" / "default"


def post(n: int, body: str = "") -> str:
    return (
        f"---\ntitle: Post {n}\ndate: 2024-01-{n:02d} 09:00:00 +0900\ntags: [t{n % 2}]\n---\n"
        f"첫 문단 {n}.\n\n{body}\n"
    )


def make_served_site(root: Path, *, base_url: str | None = None, long: bool = False) -> Path:
    (root / "content/posts").mkdir(parents=True)
    config = 'title = "Serve test"\n'
    if base_url:
        config += f'url = "{base_url}"\n'
    (root / "ssg.toml").write_text(config)
    filler = "\n\n".join(f"문단 {i}: 내용이 이어진다." for i in range(120)) if long else ""
    for n in range(1, 4):
        (root / f"content/posts/2024-01-{n:02d}-post-{n}.md").write_text(post(n, filler))
    # a copy of the theme inside the site, so tests may edit its stylesheet
    shutil.copytree(THEME, root / "themes/default")
    return root


@contextlib.contextmanager
def running(root: Path, **options):
    lines: list[str] = []
    options.setdefault("port", 0)  # a free port
    server = DevServer(root, ServeOptions(**options), out=lines.append)
    server.start()
    try:
        yield server, lines
    finally:
        server.stop()
