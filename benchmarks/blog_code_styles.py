"""The code gen_blog.py puts in fenced blocks: one or more `CodeStyle` per language, and the
names code lines are built from. `blog_code.code_block` assembles the blocks.

Each language has a header, optional footer, multi-line units and one-line units. Units are
added until the block has exactly the requested number of lines. Placeholders: @N@ a name,
@C@ the name capitalised, @U@ upper-cased, @I@ a small number, @P@ a port, @V@ a version.
"""

from __future__ import annotations

from dataclasses import dataclass

CODE_NAMES = ("user", "order", "config", "cache", "session", "report", "image", "job", "task",
              "event", "post", "build", "token", "metric", "upload", "invoice")  # fmt: skip


@dataclass(frozen=True)
class CodeStyle:
    header: tuple[str, ...]
    multis: tuple[str, ...]
    singles: tuple[str, ...]
    footer: tuple[str, ...] = ()
    tail: tuple[str, ...] = ()  # lines that open the container the one-line units fill
    min_lines: int = 10


PY = CodeStyle(
    header=("import json", "import os", "from pathlib import Path"),
    multis=(
        '\n\ndef load_@N@(path):\n    """Read @N@ data from a JSON file."""\n'
        '    with open(path, encoding="utf-8") as fh:\n        return json.load(fh)',
        "\n\ndef retry(fn, attempts=@I@):\n    for i in range(attempts):\n        try:\n"
        "            return fn()\n        except OSError as exc:\n"
        '            print(f"attempt {i + 1} failed: {exc}")\n    raise RuntimeError("giving up")',
        "\n\nclass @C@Store:\n    def __init__(self, root):\n        self.root = Path(root)\n"
        "        self.items = {}\n\n    def get(self, key):\n        if key not in self.items:\n"
        "            self.items[key] = (self.root / key).read_text()\n"
        "        return self.items[key]",
        "\n\nasync def fetch_@N@(session, url):\n    async with session.get(url) as resp:\n"
        "        resp.raise_for_status()\n        return await resp.json()",
        '\n\nif __name__ == "__main__":\n    main()',
    ),
    singles=(
        "@U@_LIMIT = @I@",
        'DEBUG = os.environ.get("DEBUG") == "1"',
        "# TODO: @N@ 캐시 만료 시간 조정",
        "@N@_count = 0",
        "results = [x * 2 for x in range(@I@)]",
        'BASE_DIR = Path(__file__).resolve().parent / "@N@"',
        'print(f"loaded {len(results)} @N@ rows")',
    ),
)

BASH = CodeStyle(
    header=("#!/usr/bin/env bash", "set -euo pipefail"),
    multis=(
        'if [ ! -f ".env" ]; then\n  echo "missing .env" >&2\n  exit 1\nfi',
        'for svc in api worker @N@; do\n  echo "restarting $svc"\n'
        '  docker compose restart "$svc"\ndone',
        '@N@_backup() {\n  local target="/backup/@N@-$(date +%F).tar.gz"\n'
        '  tar -czf "$target" "/srv/@N@"\n  echo "saved $target"\n}',
        'while ! nc -z localhost @P@; do\n  echo "waiting for @N@..."\n  sleep 1\ndone',
    ),
    singles=(
        'echo "deploying @N@"',
        'export @U@_HOME="$HOME/.@N@"',
        'mkdir -p "/var/lib/@N@"',
        "docker compose pull @N@",
        'curl -fsSL "https://example.com/@N@.tar.gz" -o /tmp/@N@.tar.gz',
        "tar -xzf /tmp/@N@.tar.gz -C /opt",
        "sudo systemctl restart @N@",
        "# @N@ 서비스를 다시 띄운다",
        "kubectl rollout status deploy/@N@",
        "git pull --rebase origin main",
        "ls -alh /var/log | grep @N@",
    ),
)

DOCKERFILE = CodeStyle(
    header=("FROM python:3.11-slim AS base", "WORKDIR /app"),
    multis=(
        "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl "
        "ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*",
        "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt \\\n"
        "    && python -m compileall -q /app",
        "\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=base /app /app\nWORKDIR /app",
        "RUN useradd --create-home @N@ \\\n    && chown -R @N@:@N@ /app\nUSER @N@",
    ),
    singles=(
        "ENV PYTHONUNBUFFERED=1",
        "ENV @U@_PORT=@P@",
        "COPY . .",
        "EXPOSE @P@",
        "ARG APP_VERSION=@V@",
        "# 의존성부터 복사해서 빌드 캐시를 살린다",
        'LABEL org.opencontainers.image.title="@N@"',
        "HEALTHCHECK CMD curl -f http://localhost:@P@/health || exit 1",
        "VOLUME /data/@N@",
    ),
    footer=('CMD ["python", "-m", "@N@"]',),
)

JS = CodeStyle(
    header=("import fs from 'node:fs/promises';", "import path from 'node:path';", ""),
    multis=(
        "async function load@C@(file) {\n  const raw = await fs.readFile(path.resolve(file), "
        "'utf8');\n  return JSON.parse(raw);\n}",
        "const @N@Handler = (req, res) => {\n  res.setHeader('Content-Type', 'application/json');"
        "\n  res.end(JSON.stringify({ ok: true, name: '@N@' }));\n};",
        "for (const item of items) {\n  if (!item.@N@) continue;\n"
        "  console.log(`${item.id}: ${item.@N@}`);\n}",
        "export class @C@Cache {\n  constructor(limit = @I@) {\n    this.limit = limit;\n"
        "    this.map = new Map();\n  }\n}",
    ),
    singles=(
        "const @N@Limit = @I@;",
        "console.log(`@N@ loaded`);",
        "let @N@Count = 0;",
        "// @N@ 목록을 캐시해 둔다",
        "const items = await load@C@('data/@N@.json');",
        "process.env.PORT ??= '@P@';",
    ),
)

GO = CodeStyle(
    header=("package main", "", "import (", '\t"fmt"', '\t"os"', ")", "", "func main() {"),
    multis=(
        "\tif err := run@C@(); err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}",
        '\tfor i := 0; i < @I@; i++ {\n\t\tfmt.Printf("@N@ %d\\n", i)\n\t}',
        '\tch := make(chan string, @I@)\n\tgo func() {\n\t\tdefer close(ch)\n\t\tch <- "@N@"\n'
        "\t}()\n\tfor msg := range ch {\n\t\tfmt.Println(msg)\n\t}",
        '\tcfg := map[string]string{\n\t\t"name": "@N@",\n\t\t"env":  "prod",\n\t}',
    ),
    singles=(
        '\tfmt.Println("@N@ ready")',
        "\t@N@Count := @I@",
        "\t// @N@ 처리가 끝나면 종료한다",
        '\thost := os.Getenv("@U@_HOST")',
        '\tfmt.Printf("listening on :%d\\n", @P@)',
    ),
    footer=("}",),
)

YAML_ACTIONS = CodeStyle(
    header=(
        "name: ci",
        "on:",
        "  push:",
        "    branches: [main]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
    ),  # fmt: skip
    multis=(
        "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'",
        "      - name: Install\n        run: pip install -r requirements.txt",
        "      - name: Test\n        run: |\n          pytest -q\n          ruff check .",
        "      - uses: actions/cache@v4\n        with:\n          path: ~/.cache/pip\n"
        "          key: pip-@N@-v@I@",
    ),
    singles=(
        "      - uses: actions/checkout@v4",
        "      - run: echo @N@ done",
        "      - run: make @N@",
        "      # @N@ 단계는 main 브랜치에서만 돈다",
    ),
)
YAML_COMPOSE = CodeStyle(
    header=(
        "services:",
        "  db:",
        "    image: postgres:16",
        "    volumes:",
        "      - ./data/db:/var/lib/postgresql/data",
    ),  # fmt: skip
    multis=(
        '  @N@:\n    image: registry.example.org/@N@:@V@\n    ports:\n      - "@P@:@P@"\n'
        "    depends_on:\n      - db",
        "  @N@-worker:\n    build: ./@N@\n    restart: unless-stopped",
        "  cache:\n    image: redis:7-alpine\n    command: redis-server --save 60 1",
    ),
    singles=(
        "      - @U@_URL=http://@N@:@P@",
        "      - LOG_LEVEL=info",
        "      - TZ=Asia/Seoul",
        "      - @U@_WORKERS=@I@",
    ),
    tail=("  app:", "    build: .", "    environment:"),
)

YAML_K8S = CodeStyle(
    header=(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: @N@",
        "spec:",
        "  replicas: @I@",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: @N@",
        "          image: registry.example.org/@N@:@V@",
    ),  # fmt: skip
    multis=(
        "          ports:\n            - containerPort: @P@",
        "          resources:\n            limits:\n              memory: 256Mi\n"
        "              cpu: 500m",
        "          readinessProbe:\n            httpGet:\n              path: /healthz\n"
        "              port: @P@",
    ),
    singles=(
        "            - {name: LOG_LEVEL, value: info}",
        '            - {name: @U@_PORT, value: "@P@"}',
        "            - {name: TZ, value: Asia/Seoul}",
    ),
    tail=("          env:",),
    min_lines=14,
)

JSON_STYLE = CodeStyle(
    header=("{",),
    multis=(
        '  "@N@": {\n    "host": "localhost",\n    "port": @P@\n  }',
        '  "@N@_tags": [\n    "alpha",\n    "beta"\n  ]',
        '  "retry": {\n    "attempts": @I@,\n    "backoff_ms": 250,\n    "jitter": true\n  }',
    ),
    singles=(
        '  "@N@_name": "@N@"',
        '  "version": "@V@.0"',
        '  "@N@_enabled": true',
        '  "@N@_limit": @I@',
        '  "timezone": "Asia/Seoul"',
        '  "@N@_path": "/var/lib/@N@"',
    ),
    footer=("}",),
)

PLAIN = CodeStyle(
    header=(),
    multis=(
        "CONTAINER ID   IMAGE          STATUS         PORTS\n"
        "3f2a9c1d0b7e   @N@:@V@       Up 2 hours     0.0.0.0:@P@->@P@/tcp\n"
        "9b8e7d6c5a4f   postgres:16   Up 2 hours     5432/tcp",
        "Traceback (most recent call last):\n"
        '  File "/app/@N@.py", line @I@, in <module>\n'
        "    main()\nConnectionRefusedError: [Errno 111] Connection refused",
    ),
    singles=(
        "$ ls -alh /var/lib/@N@",
        "2024-03-18 12:04:1@I@ INFO  @N@ started on port @P@",
        "2024-03-18 12:04:2@I@ WARN  @N@ slow response (1.@I@s)",
        "Step @I@/12 : RUN make @N@",
        "drwxr-xr-x  4 app app 4.0K Mar 18 12:04 @N@",
        "OK: @I@ passed, 0 failed",
    ),
)

CODE_STYLES = {
    "python": (PY,),
    "bash": (BASH,),
    "dockerfile": (DOCKERFILE,),
    "js": (JS,),
    "go": (GO,),
    "yaml": (YAML_ACTIONS, YAML_COMPOSE, YAML_K8S),
    "json": (JSON_STYLE,),
    "none": (PLAIN,),
}
CODE_LANGS = tuple(CODE_STYLES)
