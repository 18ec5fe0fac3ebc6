#!/usr/bin/env python3
"""Generate a deterministic synthetic blog in the layout `ssg` reads.

    python3 benchmarks/gen_blog.py --posts 1000 --out /tmp/blog [--seed 1] [--force]

The result is a site folder:

    ssg.toml                              title, url, timezone
    content/about.md                      a page
    content/images/figN.png, <topic>.png  shared figures and cover images
    content/posts/YYYY-MM-DD-slug.md      most posts
    content/posts/YYYY-MM-DD-slug/        some posts as folders: index.md + a co-located image

Each post reads like a Korean/English tech-blog article: Jekyll-style front matter (layout,
title, date with a UTC offset, tags as a list or a single string, sometimes an `image:`),
~800-1500 words of mixed Korean and English prose, h2/h3 headings, bullet and numbered lists,
a table, inline code, links, bare URLs, one or two images, exactly three fenced code blocks of
10-40 lines in varied languages, and sometimes a `<!--more-->` excerpt marker. No Liquid syntax
(`{{`, `{%`, `{#`) appears anywhere, so the corpus times the generator, not its error paths.

Post i depends only on (seed, i), so the first N posts of a larger corpus are the same files as
a corpus of N posts. The same seed gives a byte-identical tree (with the same Python version).
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import struct
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary
#
# Terms used inside Korean sentences are "display|reading": the reading (Hangul) decides the
# particle that follows (Docker|도커 -> "Docker는"). Hangul-only terms are their own reading.


@dataclass(frozen=True)
class Topic:
    key: str  # slug prefix and cover image name
    ko: str  # display|reading used in Korean text
    en: str  # name used in English text
    ko_terms: tuple[str, ...]
    en_terms: tuple[str, ...]
    cmds: tuple[tuple[str, str, str], ...]  # (command, Korean description, English description)
    tags: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    slugs: tuple[str, ...]
    langs: tuple[str, ...]  # code-block languages that fit the topic


TOPICS = (
    Topic(
        "docker",
        "Docker|도커",
        "Docker",
        (
            "이미지",
            "컨테이너",
            "레이어",
            "볼륨",
            "멀티 스테이지 빌드",
            "Dockerfile|도커파일",
            "빌드 캐시",
            "베이스 이미지",
            "포트 매핑",
            "브리지 네트워크",
        ),
        (
            "image layers",
            "multi-stage builds",
            "the build cache",
            "bind mounts",
            "bridge networking",
            "the Dockerfile",
            "restart policies",
            "slim base images",
        ),
        (
            (
                "docker ps -a",
                "종료된 컨테이너까지 모두 보여 준다",
                "lists containers, stopped ones too",
            ),
            ("docker image ls", "로컬에 있는 이미지 목록을 본다", "shows local images"),
            (
                "docker compose up -d",
                "서비스를 백그라운드로 띄운다",
                "starts services in the background",
            ),
            (
                "docker build -t app .",
                "현재 폴더로 이미지를 만든다",
                "builds an image from this folder",
            ),
            ("docker logs -f web", "로그를 실시간으로 따라간다", "follows a container's logs"),
            ("docker system prune", "안 쓰는 리소스를 정리한다", "removes unused resources"),
        ),
        ("docker", "컨테이너", "devops", "도커"),
        (
            ("Docker 공식 문서", "https://docs.docker.com/"),
            ("Dockerfile reference", "https://docs.docker.com/reference/dockerfile/"),
            ("Compose 파일 문법", "https://docs.docker.com/reference/compose-file/"),
        ),
        (
            "image-container-basics",
            "multi-stage-build",
            "compose-setup",
            "volume-permissions",
            "layer-cache",
            "slim-images",
        ),
        ("dockerfile", "bash", "yaml"),
    ),
    Topic(
        "kubernetes",
        "쿠버네티스",
        "Kubernetes",
        (
            "파드",
            "디플로이먼트",
            "서비스",
            "인그레스",
            "컨피그맵",
            "네임스페이스",
            "롤링 업데이트",
            "리소스 요청",
            "헬스 체크",
            "노드",
        ),
        (
            "pods",
            "deployments",
            "readiness probes",
            "resource requests",
            "ingress rules",
            "config maps",
            "rolling updates",
            "namespaces",
        ),
        (
            (
                "kubectl get pods -A",
                "모든 네임스페이스의 파드를 본다",
                "lists pods in every namespace",
            ),
            ("kubectl describe pod api", "파드 이벤트를 자세히 본다", "shows a pod's events"),
            (
                "kubectl rollout status deploy/api",
                "배포 진행 상황을 확인한다",
                "waits for a rollout",
            ),
            ("kubectl apply -f k8s/", "매니페스트를 적용한다", "applies the manifests"),
            (
                "kubectl logs -f deploy/api",
                "디플로이먼트 로그를 본다",
                "follows a deployment's logs",
            ),
            ("kubectl top pods", "파드별 자원 사용량을 본다", "shows CPU and memory per pod"),
        ),
        ("kubernetes", "k8s", "쿠버네티스", "devops"),
        (
            ("Kubernetes 문서", "https://kubernetes.io/docs/home/"),
            (
                "kubectl cheat sheet",
                "https://kubernetes.io/docs/reference/kubectl/quick-reference/",
            ),
        ),
        (
            "pod-lifecycle",
            "rolling-update",
            "ingress-nginx",
            "probes",
            "resource-limits",
            "namespace-strategy",
        ),
        ("yaml", "bash", "go"),
    ),
    Topic(
        "python",
        "Python|파이썬",
        "Python",
        (
            "가상 환경",
            "타입 힌트",
            "제너레이터",
            "데코레이터",
            "비동기 처리",
            "패키지 구조",
            "예외 처리",
            "컨텍스트 매니저",
            "GIL|길",
            "의존성 관리",
        ),
        (
            "virtual environments",
            "type hints",
            "generators",
            "decorators",
            "asyncio",
            "the import system",
            "context managers",
            "the GIL",
        ),
        (
            ("python -m venv .venv", "가상 환경을 만든다", "creates a virtual environment"),
            ("pip install -e .", "개발 모드로 설치한다", "installs the project in editable mode"),
            ("python -m pytest -q", "테스트를 조용히 돌린다", "runs the tests quietly"),
            ("python -X importtime app.py", "import 시간을 잰다", "prints import times"),
            ("python -m cProfile -s cumtime app.py", "프로파일링을 한다", "profiles a script"),
            ("pip list --outdated", "오래된 패키지를 찾는다", "lists outdated packages"),
        ),
        ("python", "파이썬", "asyncio", "programming"),
        (
            ("Python documentation", "https://docs.python.org/3/"),
            ("PEP 8", "https://peps.python.org/pep-0008/"),
            ("asyncio 문서", "https://docs.python.org/3/library/asyncio.html"),
        ),
        ("asyncio-notes", "type-hints", "packaging", "generators", "profiling", "venv-setup"),
        ("python", "bash", "json"),
    ),
    Topic(
        "git",
        "Git|깃",
        "Git",
        (
            "브랜치 전략",
            "커밋 메시지",
            "리베이스",
            "머지 충돌",
            "태그",
            "서브모듈",
            "스태시",
            "히스토리 정리",
            "원격 저장소",
            "훅",
        ),
        (
            "rebasing",
            "merge conflicts",
            "commit messages",
            "branching strategy",
            "the reflog",
            "submodules",
            "interactive rebase",
            "signed tags",
        ),
        (
            (
                "git log --oneline --graph",
                "히스토리를 그래프로 본다",
                "draws the history as a graph",
            ),
            (
                "git rebase -i HEAD~3",
                "최근 커밋 세 개를 정리한다",
                "rewrites the last three commits",
            ),
            (
                "git stash push -m wip",
                "작업 중인 변경을 잠시 치워 둔다",
                "shelves work in progress",
            ),
            ("git reflog", "잃어버린 커밋을 찾는다", "finds lost commits"),
            ("git bisect start", "버그가 생긴 커밋을 찾는다", "hunts the commit that broke things"),
            ("git switch -c feature", "새 브랜치를 만든다", "creates a branch"),
        ),
        ("git", "버전관리", "tooling"),
        (
            ("Pro Git", "https://git-scm.com/book/en/v2"),
            ("git reference", "https://git-scm.com/docs"),
        ),
        ("rebase-workflow", "commit-messages", "branching", "reflog-rescue", "bisect", "hooks"),
        ("bash", "none", "yaml"),
    ),
    Topic(
        "linux",
        "리눅스",
        "Linux",
        (
            "파일 권한",
            "프로세스",
            "시스템 서비스",
            "디스크 사용량",
            "파일 디스크립터",
            "크론 작업",
            "셸 스크립트",
            "패키지 관리자",
            "심볼릭 링크",
            "커널 파라미터",
        ),
        (
            "file permissions",
            "systemd units",
            "file descriptors",
            "cron jobs",
            "shell scripts",
            "the page cache",
            "process limits",
            "symbolic links",
        ),
        (
            ("ls -alh", "숨김 파일까지 크기와 함께 본다", "lists files with sizes"),
            ("df -h", "디스크 여유 공간을 본다", "shows free disk space"),
            ("journalctl -u nginx -f", "서비스 로그를 따라간다", "follows a unit's journal"),
            ("systemctl status sshd", "서비스 상태를 확인한다", "shows a service's state"),
            ("ss -tlnp", "열린 포트를 확인한다", "lists listening sockets"),
            ("ulimit -n", "열 수 있는 파일 수를 본다", "prints the open-file limit"),
        ),
        ("linux", "리눅스", "OS", "shell"),
        (
            ("man7 Linux man pages", "https://man7.org/linux/man-pages/"),
            ("systemd docs", "https://systemd.io/"),
        ),
        ("file-permissions", "systemd-units", "disk-usage", "cron", "ulimit", "shell-basics"),
        ("bash", "none", "python"),
    ),
    Topic(
        "aws",
        "AWS|에이더블유에스",
        "AWS",
        (
            "EC2 인스턴스|이씨투 인스턴스",
            "보안 그룹",
            "IAM 정책|아이앰 정책",
            "S3 버킷|에스쓰리 버킷",
            "로드 밸런서",
            "오토 스케일링",
            "VPC|브이피씨",
            "람다 함수",
            "요금",
            "리전",
        ),
        (
            "IAM policies",
            "security groups",
            "S3 buckets",
            "load balancers",
            "auto scaling",
            "Lambda cold starts",
            "VPC peering",
            "the monthly bill",
        ),
        (
            ("aws s3 ls", "버킷 목록을 본다", "lists buckets"),
            ("aws sts get-caller-identity", "현재 자격 증명을 확인한다", "shows who you are"),
            ("aws ec2 describe-instances", "인스턴스 정보를 본다", "describes instances"),
            ("aws logs tail /app --follow", "로그 그룹을 따라간다", "tails a log group"),
            ("aws configure list", "설정된 프로필을 본다", "shows the active profile"),
        ),
        ("aws", "cloud", "클라우드", "인프라"),
        (
            ("AWS documentation", "https://docs.aws.amazon.com/"),
            ("AWS CLI reference", "https://docs.aws.amazon.com/cli/latest/"),
        ),
        (
            "ec2-setup",
            "iam-policies",
            "s3-static-hosting",
            "alb-health-checks",
            "lambda-notes",
            "cost-review",
        ),
        ("json", "bash", "yaml"),
    ),
    Topic(
        "react",
        "React|리액트",
        "React",
        (
            "컴포넌트",
            "상태 관리",
            "훅",
            "렌더링 최적화",
            "이펙트",
            "번들 크기",
            "라우팅",
            "서버 렌더링",
            "폼 처리",
            "테스트",
        ),
        (
            "components",
            "state management",
            "hooks",
            "re-renders",
            "effects",
            "bundle size",
            "server rendering",
            "controlled inputs",
        ),
        (
            ("npm create vite@latest", "새 프로젝트를 만든다", "scaffolds a project"),
            ("npm run build", "프로덕션 빌드를 만든다", "makes a production build"),
            ("npm test -- --watch", "테스트를 감시 모드로 돌린다", "runs tests in watch mode"),
            ("npx eslint src", "린트를 돌린다", "lints the sources"),
            ("npm ls react", "설치된 React 버전을 본다", "shows the installed React version"),
        ),
        ("react", "javascript", "frontend", "프론트엔드"),
        (
            ("React docs", "https://react.dev/"),
            ("MDN JavaScript", "https://developer.mozilla.org/en-US/docs/Web/JavaScript"),
        ),
        (
            "hooks-basics",
            "state-management",
            "rerender-debugging",
            "vite-setup",
            "forms",
            "bundle-size",
        ),
        ("js", "json", "bash"),
    ),
    Topic(
        "golang",
        "Go|고",
        "Go",
        (
            "고루틴",
            "채널",
            "인터페이스",
            "에러 처리",
            "모듈",
            "컨텍스트",
            "테스트 코드",
            "제네릭",
            "프로파일링",
            "구조체",
        ),
        (
            "goroutines",
            "channels",
            "interfaces",
            "error wrapping",
            "Go modules",
            "contexts",
            "table-driven tests",
            "generics",
        ),
        (
            ("go mod tidy", "모듈 의존성을 정리한다", "tidies module requirements"),
            (
                "go test ./... -race",
                "레이스 검사와 함께 테스트한다",
                "tests with the race detector",
            ),
            ("go build -o bin/app .", "바이너리를 만든다", "builds the binary"),
            ("go vet ./...", "흔한 실수를 찾는다", "reports suspicious code"),
            ("go tool pprof cpu.out", "프로파일을 분석한다", "inspects a CPU profile"),
        ),
        ("go", "golang", "backend", "백엔드"),
        (
            ("Go documentation", "https://go.dev/doc/"),
            ("Effective Go", "https://go.dev/doc/effective_go"),
        ),
        ("goroutines", "error-handling", "modules", "context-cancel", "generics", "pprof"),
        ("go", "bash", "dockerfile"),
    ),
    Topic(
        "postgres",
        "PostgreSQL|포스트그레스큐엘",
        "PostgreSQL",
        (
            "인덱스",
            "트랜잭션",
            "실행 계획",
            "커넥션 풀",
            "마이그레이션",
            "백업",
            "복제",
            "잠금",
            "파티셔닝",
            "통계 정보",
        ),
        (
            "indexes",
            "transactions",
            "query plans",
            "connection pooling",
            "migrations",
            "streaming replication",
            "row locks",
            "vacuum",
        ),
        (
            ("psql -U postgres", "데이터베이스에 접속한다", "opens a session"),
            ("pg_dump -Fc app > app.dump", "백업 파일을 만든다", "writes a backup"),
            ("EXPLAIN ANALYZE", "실제 실행 계획을 본다", "shows the real plan"),
            ("VACUUM (VERBOSE)", "죽은 튜플을 정리한다", "reclaims dead rows"),
            ("pg_stat_activity", "실행 중인 쿼리를 본다", "shows running queries"),
        ),
        ("postgresql", "database", "데이터베이스", "sql"),
        (
            ("PostgreSQL docs", "https://www.postgresql.org/docs/current/"),
            ("Using EXPLAIN", "https://www.postgresql.org/docs/current/using-explain.html"),
        ),
        (
            "index-tuning",
            "explain-analyze",
            "connection-pool",
            "backup-restore",
            "replication",
            "vacuum",
        ),
        ("none", "bash", "yaml"),
    ),
    Topic(
        "nginx",
        "Nginx|엔진엑스",
        "Nginx",
        (
            "리버스 프록시",
            "가상 호스트",
            "로드 밸런싱",
            "TLS 인증서|티엘에스 인증서",
            "캐시 설정",
            "접근 로그",
            "압축 설정",
            "리다이렉트",
            "업스트림",
            "버퍼 크기",
        ),
        (
            "reverse proxying",
            "server blocks",
            "TLS certificates",
            "gzip compression",
            "upstream health",
            "access logs",
            "rate limiting",
            "HTTP/2",
        ),
        (
            ("nginx -t", "설정 문법을 검사한다", "checks the configuration"),
            ("nginx -s reload", "설정을 다시 읽는다", "reloads the configuration"),
            ("tail -f /var/log/nginx/error.log", "에러 로그를 본다", "follows the error log"),
            ("certbot renew --dry-run", "인증서 갱신을 시험한다", "tests certificate renewal"),
            ("curl -I https://example.org", "응답 헤더를 확인한다", "shows response headers"),
        ),
        ("nginx", "web", "서버", "devops"),
        (
            ("nginx documentation", "https://nginx.org/en/docs/"),
            ("Let's Encrypt", "https://letsencrypt.org/docs/"),
        ),
        ("reverse-proxy", "tls-setup", "gzip", "rate-limit", "server-blocks", "access-logs"),
        ("none", "bash", "dockerfile"),
    ),
    Topic(
        "redis",
        "Redis|레디스",
        "Redis",
        (
            "캐시 만료",
            "자료 구조",
            "영속성",
            "메모리 정책",
            "퍼브섭",
            "클러스터",
            "분산 락",
            "파이프라이닝",
            "세션 저장소",
            "키 설계",
        ),
        (
            "key expiry",
            "eviction policies",
            "persistence",
            "pub/sub",
            "pipelining",
            "distributed locks",
            "sorted sets",
            "memory usage",
        ),
        (
            ("redis-cli ping", "서버가 살아 있는지 확인한다", "checks the server is up"),
            ("redis-cli info memory", "메모리 사용량을 본다", "shows memory statistics"),
            ("redis-cli --bigkeys", "큰 키를 찾는다", "finds the biggest keys"),
            ("redis-cli monitor", "들어오는 명령을 실시간으로 본다", "streams every command"),
            ("redis-cli ttl session:42", "남은 만료 시간을 본다", "shows a key's time to live"),
        ),
        ("redis", "cache", "캐시", "backend"),
        (
            ("Redis docs", "https://redis.io/docs/latest/"),
            ("Redis commands", "https://redis.io/docs/latest/commands/"),
        ),
        ("cache-expiry", "eviction", "persistence", "pubsub", "distributed-lock", "session-store"),
        ("python", "js", "none"),
    ),
    Topic(
        "ci",
        "GitHub Actions|깃허브 액션즈",
        "GitHub Actions",
        (
            "워크플로",
            "러너",
            "캐시 설정",
            "매트릭스 빌드",
            "시크릿",
            "아티팩트",
            "배포 자동화",
            "트리거 조건",
            "재사용 워크플로",
            "실행 시간",
        ),
        (
            "workflows",
            "self-hosted runners",
            "dependency caching",
            "matrix builds",
            "secrets",
            "artifacts",
            "deployment jobs",
            "reusable workflows",
        ),
        (
            ("gh run list", "최근 실행 목록을 본다", "lists recent runs"),
            ("gh run watch", "실행 중인 워크플로를 지켜본다", "watches a run"),
            ("act -j test", "로컬에서 잡을 돌려 본다", "runs a job locally"),
            ("gh workflow run deploy.yml", "워크플로를 수동으로 실행한다", "triggers a workflow"),
        ),
        ("github-actions", "ci", "자동화", "devops"),
        (
            ("GitHub Actions docs", "https://docs.github.com/en/actions"),
            ("Workflow syntax", "https://docs.github.com/en/actions/reference/workflow-syntax"),
        ),
        (
            "ci-cache",
            "matrix-builds",
            "deploy-workflow",
            "secrets",
            "self-hosted-runner",
            "artifacts",
        ),
        ("yaml", "bash", "dockerfile"),
    ),
)

GENERAL_KO = (
    "설정 파일",
    "환경 변수",
    "캐시",
    "로그",
    "권한 문제",
    "메모리 사용량",
    "배포 과정",
    "의존성",
    "모니터링",
    "버전 관리",
    "디렉터리 구조",
    "보안 설정",
    "롤백",
    "타임아웃",
    "재시도 로직",
    "빌드 시간",
)
GENERAL_EN = (
    "configuration drift",
    "environment variables",
    "caching",
    "logging",
    "timeouts",
    "retries",
    "memory usage",
    "the deploy pipeline",
    "dependency pinning",
    "monitoring",
)

# Korean particle pairs: (after a final consonant, after a vowel).
JOSA = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
        "을": ("을", "를"), "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"),
        "으로": ("으로", "로"), "로": ("으로", "로"), "이란": ("이란", "란"), "란": ("이란", "란"),
        "이라는": ("이라는", "라는"), "라는": ("이라는", "라는")}  # fmt: skip

KO_SENTENCES = (
    "{T:은} 처음 접했을 때 생각보다 개념이 많아서 꽤 헷갈렸다.",
    "이번 글에서는 {K:을} 중심으로 정리해 보려고 한다.",
    "실무에서 {T:을} 쓰다 보면 {K} 쪽에서 문제가 자주 생긴다.",
    "{K:은} 한 번 설정해 두면 크게 신경 쓸 일이 없지만, 처음에는 꼭 확인해야 한다.",
    "공식 문서에 따르면 {K:은} 기본적으로 꺼져 있다.",
    "나는 보통 {cmd} 명령으로 현재 상태부터 확인한다.",
    "테스트 서버에서 측정해 보니 {K}만 바꿨는데도 전체 시간이 {PCT} 정도 줄었다.",
    "여기서 중요한 점은 {K:과} {K2:이} 서로 독립적으로 동작한다는 것이다.",
    "처음에는 {K:을} 대수롭지 않게 넘겼다가 배포 당일에 장애를 겪었다.",
    "사실 {T}의 핵심은 {K:이라는} 개념 하나로 요약할 수 있다.",
    "자세한 옵션은 뒤에서 다시 설명하겠다.",
    "회사 프로젝트에 {T:을} 도입한 지 벌써 {N}개월이 지났다.",
    "결론부터 말하면 {K:은} 생각보다 단순하다.",
    "로컬에서는 잘 되는데 서버에서만 실패하는 경우가 있었는데, 대부분 {K} 문제였다.",
    "버전 {V}부터는 동작 방식이 조금 달라졌으니 주의해야 한다.",
    "아래 예제를 그대로 따라 하면 {K:을} 직접 확인해 볼 수 있다.",
    "{T} 커뮤니티에서도 {K}에 대한 논의가 꾸준히 이어지고 있다.",
    "개인적으로는 {K:을} 먼저 이해한 다음 {K2:을} 보는 순서를 추천한다.",
    "이 부분은 팀원들과 코드 리뷰를 하면서 알게 된 내용이다.",
    "매번 손으로 하기가 번거로워서 작은 스크립트를 만들어 두었다.",
    "{K:을} 잘못 잡으면 메모리 사용량이 {N}배 가까이 늘어날 수 있다.",
    "정리하자면 {T:은} {K:과} {K2:을} 함께 이해해야 제대로 쓸 수 있다.",
    "예전 방식과 나란히 놓고 보면 차이가 확실히 느껴진다.",
    "혹시 틀린 내용이 있다면 댓글로 알려 주시면 감사하겠다.",
    "{K}까지 준비했다면 이제 실제로 배포해 볼 차례다.",
    "{T:은} 오픈 소스 프로젝트로 시작했고 지금은 많은 회사가 운영 환경에서 쓰고 있다.",
    "문서만 읽어서는 감이 잘 오지 않아서 직접 작은 예제를 만들어 보았다.",
    "{K:이} 왜 필요한지 알려면 먼저 기존 방식의 한계를 알아야 한다.",
    "운영 환경에서는 {K:을} 꼭 모니터링 대상에 넣어 두는 편이 좋다.",
    "같은 작업을 {N}번 반복해서 돌려 보니 결과가 꽤 안정적이었다.",
    "이 방법이 정답은 아니지만 우리 팀 상황에는 잘 맞았다.",
    "이 글은 {T} {V} 버전을 기준으로 작성했다.",
    "처음 보는 사람에게는 {K:이} 가장 낯선 부분일 것이다.",
    "{cmd} 결과를 보면 어디서 시간이 새는지 대략 짐작할 수 있다.",
    "주말에 시간을 내서 {K} 관련 설정을 하나씩 다시 살펴봤다.",
    "생각보다 많은 사람들이 {K:을} 헷갈려 하는 것 같다.",
    "특히 {K:은} 팀마다 쓰는 방식이 달라서 미리 합의해 두는 것이 좋다.",
    "다음 글에서는 {K2:을} 조금 더 깊게 다뤄 볼 예정이다.",
)

EN_SENTENCES = (
    "When I first tried {E}, the documentation felt scattered across too many pages.",
    "In this post I will walk through {E} step by step.",
    "The short version: spend your time on {E} before {E2}.",
    "Running {cmd} shows the current state, which is usually the first thing I check.",
    "On our staging cluster, changing {E} cut the total time by about {PCT}.",
    "Note that the defaults for {E} changed in {TE} {V}.",
    "Most of the incidents we had last year came down to {E}.",
    "If you only remember one thing from this post, make it {E}.",
    "The trick is to keep {E} and {E2} apart, so each can change on its own.",
    "I wrote a small script for this because doing it by hand every week got old fast.",
    "Nothing here is new, but having it in one place saves me a search every time.",
    "This took me an embarrassingly long time to figure out.",
    "{TE} has changed a lot since version {V}, and many older tutorials are out of date.",
    "We measured before and after, and the difference was roughly {N} MB per process.",
    "Your numbers will differ, so measure your own workload before changing anything.",
    "The example below is trimmed down from what we run in production.",
    "A colleague pointed out the link between {E} and {E2}, which explained the flaky tests.",
    "Let me know if I got something wrong; I am still learning this part.",
    "The official guide covers the basics but skips the part about {E}.",
    "After {N} runs the results were stable enough to trust.",
    "Before going further, make sure {cmd} works on your machine.",
    "I used to ignore {E} until a mistake there broke a deploy on a Friday evening.",
    "There are two ways to handle this, and neither is perfect.",
    "In practice, most of the complexity lives in {E}.",
    "For small projects the defaults are fine; for anything bigger, tune {E} early.",
    "That is the whole idea behind {E}, and the rest is detail.",
    "Here is the setup I ended up with after a few weeks of trial and error.",
    "The next section shows where {E} meets {E2}.",
    "It is tempting to reach for {E} right away, but start with the simplest thing that works.",
    "Reading the source of {TE} was more useful here than any blog post, this one included.",
)

KO_LINK_SENTENCES = (
    "자세한 내용은 [{title}]({url}) 문서에 잘 나와 있다.",
    "참고로 [{title}]({url}) 페이지도 같이 읽어 보면 도움이 된다.",
    "처음이라면 [{title}]({url}) 부분부터 읽는 것을 추천한다.",
)
EN_LINK_SENTENCES = (
    "See [{title}]({url}) for the details.",
    "The [{title}]({url}) page explains this better than I can.",
    "I keep [{title}]({url}) open in a tab whenever I touch this.",
)
KO_URL_SENTENCES = (
    "관련 이슈는 {url} 에서 확인할 수 있다.",
    "전체 예제는 {url} 에 올려 두었다.",
    "원문 링크: {url}",
)
EN_URL_SENTENCES = (
    "The discussion is tracked at {url} if you want the backstory.",
    "The full example lives at {url} for now.",
    "Source: {url}",
)

KO_H2 = ("{T:이란} 무엇인가", "{K} 살펴보기", "설치와 초기 설정", "{K:을} 설정하는 방법",
         "문제 상황", "원인 분석", "해결 방법", "실습: {K} 적용하기", "{K:과} {K2}의 차이",
         "성능 비교", "운영하면서 겪은 문제들", "자주 쓰는 명령어", "{T} 동작 원리")  # fmt: skip
EN_H2 = ("What is {TE}?", "How {E} works", "Setting things up", "The problem",
         "Digging into {E}", "The fix", "Measuring the difference", "Lessons from production",
         "Commands I use every day", "{E} versus {E2}", "A closer look at {E}")  # fmt: skip
KO_H3 = ("{K} 확인", "예제 코드", "주의할 점", "옵션 정리", "{T} 버전 확인", "{K2:와}의 관계")
EN_H3 = ("A quick example", "Gotchas", "Options", "Checking {E}", "Why not {E2}?")
KO_FIRST = ("시작하는 말", "들어가며", "배경")
EN_FIRST = ("Background", "Introduction", "Why I wrote this")
KO_LAST = ("정리", "마치며", "마무리")
EN_LAST = ("Wrapping up", "Conclusion", "Summary")

KO_TITLES = ("{T} {K} 정리", "{T:으로} {K} 구성하기", "[{T}] {K} 트러블슈팅 기록",
             "{T} 입문: {K}부터 {K2}까지", "{K}에 대해 알아보자", "{T} {K} 제대로 이해하기",
             "{T} 공부 노트 ({N})", "{K:과} {K2}, 무엇이 다를까?")  # fmt: skip
EN_TITLES = ("Notes on {E} in {TE}", "{TE}: a practical guide to {E}", "Debugging {E} with {TE}",
             "What I learned about {E}", "How we cut our {TE} build time by {PCT}",
             "{TE} in production: {E}")  # fmt: skip

KO_STEPS = ("패키지를 설치한다", "설정 파일을 복사한다", "환경 변수를 채운다",
            "서비스를 다시 시작한다", "로그에 에러가 없는지 확인한다",
            "브라우저에서 접속해 본다", "변경 사항을 커밋한다")  # fmt: skip
EN_STEPS = ("Install the package", "Copy the sample config", "Fill in the environment variables",
            "Restart the service", "Check the logs for errors", "Open the page in a browser",
            "Commit the change")  # fmt: skip
KO_NOTES = ("운영 서버에서 바로 실행하지 말고 스테이징에서 먼저 확인하자.",
            "이 설정은 버전에 따라 이름이 다를 수 있다.",
            "비밀번호 같은 값은 절대 저장소에 올리지 말자.")  # fmt: skip
EN_NOTES = ("Try this on staging before production.",
            "Option names differ between versions, so check yours.",
            "Never commit secrets, even to a private repository.")  # fmt: skip
LEVELS_KO = ("높음", "보통", "낮음")
LEVELS_EN = ("high", "medium", "low")
ASPECTS_KO = ("학습 곡선", "문서화", "커뮤니티", "성능", "설정 난이도", "생태계")
ASPECTS_EN = ("Learning curve", "Docs", "Community", "Speed", "Setup effort", "Ecosystem")
ALTERNATIVES = ("the old setup", "a shell script", "the managed service", "v1")
IMG_ALTS_KO = ("구조도", "실행 결과 화면", "대시보드 캡처", "흐름도", "설정 화면", "비교 그래프")
IMG_ALTS_EN = ("architecture diagram", "terminal output", "dashboard screenshot", "flow chart")
REPOS = ("dev-notes/examples", "hyun-lab/blog-samples", "ops-sandbox/playground",
         "minji-dev/til")  # fmt: skip

# --------------------------------------------------------------------------- text helpers


def has_batchim(reading: str) -> bool:
    """True if the last Hangul syllable of `reading` ends in a consonant."""
    for ch in reversed(reading):
        if "\uac00" <= ch <= "\ud7a3":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():  # 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant
            return ch in "013678"
        if ch.isalpha():
            return ch.lower() in "lmnkp"
    return False


def with_josa(term: str, marker: str) -> str:
    display, _, reading = term.partition("|")
    if not marker:
        return display
    consonant, vowel = JOSA[marker]
    reading = reading or display
    last = reading[-1:]
    if marker in ("으로", "로") and "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == 8:
        return display + vowel  # ㄹ final consonant takes 로
    return display + (consonant if has_batchim(reading) else vowel)


SLOT = re.compile(r"\{(\w+)(?::([가-힣]+))?\}")


class Writer:
    """Fills sentence templates for one post from that post's random stream."""

    def __init__(self, rng: random.Random, topic: Topic):
        self.rng = rng
        self.topic = topic
        self.ko_terms = topic.ko_terms + GENERAL_KO[:4]
        self.en_terms = topic.en_terms + GENERAL_EN[:3]
        self.decks: dict[bool, list[str]] = {True: [], False: []}

    def fill(self, template: str, emphasis: bool = False) -> str:
        rng = self.rng
        k1, k2 = rng.sample(self.ko_terms, 2)
        e1, e2 = rng.sample(self.en_terms, 2)
        values = {
            "T": self.topic.ko,
            "TE": self.topic.en,
            "K": k1,
            "K2": k2,
            "E": e1,
            "E2": e2,
            "N": str(rng.choice((2, 3, 5, 10, 12, 20, 30, 40, 64, 128))),
            "PCT": f"{rng.randint(5, 70)}%",
            "V": f"{rng.randint(1, 9)}.{rng.randint(0, 20)}",
            "cmd": f"`{rng.choice(self.topic.cmds)[0]}`",
        }

        def repl(m: re.Match[str]) -> str:
            text = with_josa(values[m.group(1)], m.group(2) or "")
            if emphasis and m.group(1) in ("K", "E") and rng.random() < 0.06:
                display = values[m.group(1)].partition("|")[0]
                text = f"**{display}**" + text[len(display) :]
            return text

        return SLOT.sub(repl, template)

    def sentence(self, korean: bool) -> str:
        deck = self.decks[korean]  # deal templates from a shuffled deck: few repeats per post
        if not deck:
            deck.extend(KO_SENTENCES if korean else EN_SENTENCES)
            self.rng.shuffle(deck)
        return self.fill(deck.pop(), True)

    def paragraph(self, korean: bool) -> str:
        rng = self.rng
        sentences = [self.sentence(korean) for _ in range(rng.randint(3, 6))]
        if korean and rng.random() < 0.25:  # Korean paragraphs often quote an English line
            sentences.insert(rng.randrange(len(sentences) + 1), self.sentence(False))
        if rng.random() < 0.2:
            title, url = rng.choice(self.topic.links)
            pool = KO_LINK_SENTENCES if korean else EN_LINK_SENTENCES
            sentences.append(rng.choice(pool).format(title=title, url=url))
        return " ".join(sentences)

    def url_sentence(self, korean: bool) -> str:
        rng = self.rng
        repo = rng.choice(REPOS)
        url = rng.choice(
            (
                f"https://github.com/{repo}/issues/{rng.randint(3, 2400)}",
                f"https://github.com/{repo}/tree/main/{self.topic.key}",
                rng.choice(self.topic.links)[1],
            )
        )
        return rng.choice(KO_URL_SENTENCES if korean else EN_URL_SENTENCES).format(url=url)


# --------------------------------------------------------------------------- code blocks
#
# Each language has a header, optional footer, multi-line units and one-line units. Units are
# added until the block has exactly the requested number of lines. Placeholders: @N@ a name,
# @C@ the name capitalised, @U@ upper-cased, @I@ a small number, @P@ a port, @V@ a version.

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


def substitute(rng: random.Random, text: str) -> str:
    name = rng.choice(CODE_NAMES)
    return (
        text.replace("@N@", name)
        .replace("@C@", name.capitalize())
        .replace("@U@", name.upper())
        .replace("@I@", str(rng.randint(2, 9)))
        .replace("@P@", str(rng.choice((3000, 5000, 8000, 8080, 9090))))
        .replace("@V@", f"{rng.randint(1, 4)}.{rng.randint(0, 12)}")
    )


def code_block(rng: random.Random, lang: str, n: int) -> str:
    """A fenced block of exactly `n` code lines (10 <= n <= 40)."""
    style = rng.choice([s for s in CODE_STYLES[lang] if s.min_lines <= n])
    head = substitute(rng, "\n".join(style.header)).split("\n") if style.header else []
    budget = n - len(head) - len(style.footer) - len(style.tail)
    units: list[list[str]] = []
    used: set[str] = set()

    def pick(pool: tuple[str, ...]) -> str:  # unused templates first, so blocks vary
        fresh = [t for t in pool if t not in used]
        template = rng.choice(fresh or list(pool))
        used.add(template)
        return substitute(rng, template)

    if style.tail:  # multi-line units, then the tail container filled with one-line units
        while True:
            fitting = [m for m in style.multis if m.count("\n") + 1 < budget and m not in used]
            if not fitting or (units and rng.random() < 0.25):
                break
            units.append(pick(tuple(fitting)).split("\n"))
            budget -= len(units[-1])
    else:
        while budget > 0:
            fitting = [m for m in style.multis if m.count("\n") + 1 <= budget and m not in used]
            if fitting and rng.random() < 0.55:
                units.append(pick(tuple(fitting)).split("\n"))
            else:
                units.append([pick(style.singles)])
            budget -= len(units[-1])
    if style is JSON_STYLE:  # commas between members
        for unit in units[:-1]:
            unit[-1] += ","
    body = [line for unit in units for line in unit]
    if style.tail:
        body += style.tail
        body += [pick(style.singles) for _ in range(budget)]
    lines = head + body + [substitute(rng, line) for line in style.footer]
    assert len(lines) == n, (lang, n, len(lines))
    fence_lang = "" if lang == "none" else lang
    return f"```{fence_lang}\n" + "\n".join(lines) + "\n```"


# --------------------------------------------------------------------------- images


def png_bytes(width: int, height: int, variant: int) -> bytes:
    """A valid 8-bit RGB PNG: coloured tiles (like a chart) with one noisy patch (like a photo)."""
    rng = random.Random(f"png:{width}x{height}:{variant}")
    tile = 40
    palette = [bytes(rng.randrange(256) for _ in range(3)) for _ in range(5)]
    background = bytes((246, 247, 249))
    noise_w, noise_h = width // 4, height // 4
    rows = []
    for ty in range(0, height, tile):
        cells = []
        for tx in range(0, width, tile):
            bar = (tx // tile + variant) % 5
            filled = (ty // tile) * 3 >= (height // tile) * (1 + (bar + variant) % 3) // 2
            cells.append((palette[bar] if filled else background) * min(tile, width - tx))
        row = b"\x00" + b"".join(cells)
        for y in range(ty, min(ty + tile, height)):
            if y < noise_h:  # the top-left quarter is noise, so files are not trivially small
                rows.append(row[:1] + rng.randbytes(noise_w * 3) + row[1 + noise_w * 3 :])
            else:
                rows.append(row)
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


FIGURE_SIZES = ((640, 360), (800, 450), (1200, 630), (320, 240), (1024, 768), (480, 480))
FIGURE_COUNT = 24
COLOCATED = (("diagram.png", (640, 360)), ("screenshot.png", (800, 450)), ("chart.png", (480, 480)))


def figure_size(n: int) -> tuple[int, int]:
    return FIGURE_SIZES[(n - 1) % len(FIGURE_SIZES)]


# --------------------------------------------------------------------------- posts

OFFSETS = ("+0900",) * 6 + ("+0000", "+0300", "-0500", "-0700", "+0530", "+0100", "-0300", "+1000")
NEWEST = dt.datetime(2024, 11, 30, 21, 0)  # UTC time of post 0; later posts are older


@dataclass
class Post:
    path: str  # relative to content/posts
    text: str
    colocated: tuple[str, tuple[int, int], int] | None  # (file name, size, variant)
    words: int


def yaml_scalar(text: str) -> str:
    if re.search(r"""[:#\[\]{}&*!|>'"%@`,]""", text) or text[0] in "-?":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def prose_words(blocks: list[str]) -> int:
    return sum(len(b.split()) for b in blocks if not b.startswith("```"))


def make_post(seed: int, i: int, used: set[str]) -> Post:
    rng = random.Random(f"gen_blog:{seed}:{i}")
    topic = rng.choice(TOPICS)
    w = Writer(rng, topic)
    ko_share = rng.choice((0.85, 0.75, 0.6, 0.5, 0.3))

    def korean() -> bool:
        return rng.random() < ko_share

    # ---- front matter
    title_ko = korean()
    title = w.fill(rng.choice(KO_TITLES if title_ko else EN_TITLES))
    utc = NEWEST - dt.timedelta(hours=30 * i + rng.randint(0, 20), minutes=rng.randint(0, 59))
    offset = rng.choice(OFFSETS)
    sign = 1 if offset[0] == "+" else -1
    local = utc + sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:]))
    date = local.strftime("%Y-%m-%d %H:%M:%S")
    if rng.random() < 0.95:
        date += f" {offset}"  # the rest take the site's timezone
    tags = rng.sample(topic.tags, rng.randint(1, min(3, len(topic.tags))))
    form = rng.random()
    if form < 0.2:
        tags_yaml = f"tags: {tags[0]}"
    elif form < 0.5:
        tags_yaml = "tags: [" + ", ".join(tags) + "]"
    else:
        tags_yaml = "tags:\n" + "".join(f"  - {t}\n" for t in tags).rstrip("\n")
    front = ["---", "layout: post", f"title: {yaml_scalar(title)}", f"date: {date}", tags_yaml]
    if rng.random() < 0.5:
        front.append(f"image: {topic.key}.png")
    front.append("---")

    slug = f"{topic.key}-{rng.choice(topic.slugs)}"
    stem = f"{local:%Y-%m-%d}-{slug}"
    n = 2
    while stem in used:
        stem = f"{local:%Y-%m-%d}-{slug}-{n}"
        n += 1
    used.add(stem)
    folder = rng.random() < 0.12

    # ---- body: sections of blocks, with the required elements placed first
    def heading(level: int, ko: tuple[str, ...], en: tuple[str, ...]) -> str:
        return "#" * level + " " + w.fill(rng.choice(ko if korean() else en))

    n_sections = rng.randint(4, 6)
    sections: list[list[str]] = [[heading(2, KO_H2, EN_H2)] for _ in range(n_sections)]
    langs = list(topic.langs)
    if rng.random() < 0.5:  # sometimes swap in a language from outside the topic
        langs[rng.randrange(3)] = rng.choice([c for c in CODE_LANGS if c not in langs])
    rng.shuffle(langs)
    extras: list[str] = [code_block(rng, lang, rng.randint(10, 40)) for lang in langs]
    extras.append(table(rng, w, korean()))
    extras.append(bullets(rng, w, korean()))
    if rng.random() < 0.5:
        extras.append(numbered(rng, korean()))
    if rng.random() < 0.3:
        extras.append("> " + rng.choice(KO_NOTES if korean() else EN_NOTES))
    images = []
    colocated = None
    if folder:
        name, size = rng.choice(COLOCATED)
        colocated = (name, size, rng.randrange(4))
        alt = rng.choice(IMG_ALTS_KO + IMG_ALTS_EN)
        images.append(f"![{alt}]({'./' if rng.random() < 0.3 else ''}{name})")
    for _ in range(rng.randint(1, 2) - len(images)):
        alt = rng.choice(IMG_ALTS_KO + IMG_ALTS_EN)
        images.append(f"![{alt}](/images/fig{rng.randint(1, FIGURE_COUNT)}.png)")
    extras += images
    extras.append(w.url_sentence(korean()))
    for block in extras:
        section = sections[rng.randrange(n_sections)]
        if rng.random() < 0.3 and not any(b.startswith("### ") for b in section):
            section.append(heading(3, KO_H3, EN_H3))
        section.append(w.paragraph(korean()))
        section.append(block)

    intro = [w.paragraph(korean()) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.4:
        intro.insert(1, "<!--more-->")
    if rng.random() < 0.5:
        intro.insert(0, heading(2, KO_FIRST, EN_FIRST))
    last_ko = korean()
    outro = [
        "## " + rng.choice(KO_LAST if last_ko else EN_LAST),
        w.paragraph(last_ko),
        references(rng, topic, last_ko),
    ]

    target = rng.randint(820, 1450)
    words = prose_words(intro + outro + [b for s in sections for b in s])
    while words < target:
        section = sections[rng.randrange(n_sections)]
        paragraph = w.paragraph(korean())
        section.insert(rng.randint(1, len(section)), paragraph)
        words += len(paragraph.split())
    blocks = intro + [b for s in sections for b in s]
    if rng.random() < 0.2:
        blocks.append("***")
    blocks += outro

    text = "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"
    path = f"{stem}/index.md" if folder else f"{stem}.md"
    return Post(path, text, colocated, words)


def table(rng: random.Random, w: Writer, korean: bool) -> str:
    kind = rng.randrange(3)
    if kind == 0:  # commands
        rows = rng.sample(w.topic.cmds, min(len(w.topic.cmds), rng.randint(3, 5)))
        head = "| 명령어 | 설명 |" if korean else "| Command | What it does |"
        body = [f"| `{c}` | {ko if korean else en} |" for c, ko, en in rows]
        return "\n".join([head, "| --- | --- |"] + body)
    if kind == 1:  # before / after measurements
        head = "| 항목 | Before | After |" if korean else "| Case | Before | After |"
        cases = rng.sample(w.topic.ko_terms if korean else w.topic.en_terms, rng.randint(3, 5))
        body = []
        for case in cases:
            before = rng.randint(120, 9000)
            after = before * rng.randint(30, 95) // 100
            body.append(f"| {case.partition('|')[0]} | {before} ms | {after} ms |")
        return "\n".join([head, "| :--- | ---: | ---: |"] + body)
    other = rng.choice(ALTERNATIVES)
    aspects = ASPECTS_KO if korean else ASPECTS_EN
    levels = LEVELS_KO if korean else LEVELS_EN
    head = f"| {'구분' if korean else 'Aspect'} | {w.topic.en} | {other} |"
    body = [
        f"| {a} | {rng.choice(levels)} | {rng.choice(levels)} |"
        for a in rng.sample(aspects, rng.randint(3, 5))
    ]
    return "\n".join([head, "| --- | :---: | :---: |"] + body)


def bullets(rng: random.Random, w: Writer, korean: bool) -> str:
    items = []
    for cmd, ko, en in rng.sample(w.topic.cmds, min(len(w.topic.cmds), rng.randint(3, 5))):
        items.append(f"- `{cmd}`: {ko if korean else en}")
        if rng.random() < 0.15:
            items.append("  - " + w.sentence(korean))
    if rng.random() < 0.5:
        items.append("- " + w.sentence(korean))
    return "\n".join(items)


def numbered(rng: random.Random, korean: bool) -> str:
    steps = rng.sample(KO_STEPS if korean else EN_STEPS, rng.randint(3, 5))
    return "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))


def references(rng: random.Random, topic: Topic, korean: bool) -> str:
    lines = ["### 참고 자료" if korean else "### References", ""]
    for title, url in rng.sample(topic.links, min(2, len(topic.links))):
        lines.append(f"- [{title}]({url})")
    lines.append(f"- {rng.choice(topic.links)[1]}")  # a bare URL, as people paste them
    return "\n".join(lines)


def about_page(seed: int) -> str:
    rng = random.Random(f"gen_blog:{seed}:about")
    w = Writer(rng, rng.choice(TOPICS))
    paragraphs = [w.paragraph(True), w.paragraph(False), w.paragraph(True)]
    return (
        "---\nlayout: page\ntitle: About\n---\n\n## 소개\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n## Contact\n\n- GitHub: https://github.com/"
        + REPOS[seed % len(REPOS)].split("/")[0]
        + "\n- Email: blog@example.org\n"
    )


# --------------------------------------------------------------------------- site


def generate(out: Path, posts: int, seed: int = 1) -> dict[str, int]:
    """Write the site into `out` (which should not hold a previous `content/`)."""
    content = out / "content"
    post_dir = content / "posts"
    image_dir = content / "images"
    post_dir.mkdir(parents=True, exist_ok=True)
    image_dir.mkdir(parents=True, exist_ok=True)
    (out / "ssg.toml").write_text(
        'title = "Synthetic Dev Notes"\nurl = "https://example.org"\ntimezone = "Asia/Seoul"\n',
        encoding="utf-8",
    )
    (content / "about.md").write_text(about_page(seed), encoding="utf-8")

    stats = {"posts": posts, "folder_posts": 0, "images": 0, "bytes": 0, "words": 0}

    def write(path: Path, data: bytes) -> None:
        path.write_bytes(data)
        stats["bytes"] += len(data)

    for n in range(1, FIGURE_COUNT + 1):
        write(image_dir / f"fig{n}.png", png_bytes(*figure_size(n), variant=n))
    for k, topic in enumerate(TOPICS):
        size = (1200, 630) if k % 2 == 0 else (400, 400)
        write(image_dir / f"{topic.key}.png", png_bytes(*size, variant=100 + k))
    stats["images"] = FIGURE_COUNT + len(TOPICS)

    used: set[str] = set()
    png_cache: dict[tuple[tuple[int, int], int], bytes] = {}
    for i in range(posts):
        post = make_post(seed, i, used)
        path = post_dir / post.path
        path.parent.mkdir(exist_ok=True)
        write(path, post.text.encode("utf-8"))
        stats["words"] += post.words
        if post.colocated:
            name, size, variant = post.colocated
            key = (size, variant)
            if key not in png_cache:
                png_cache[key] = png_bytes(*size, variant=200 + variant)
            write(path.parent / name, png_cache[key])
            stats["folder_posts"] += 1
            stats["images"] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100, help="number of posts (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="site folder to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing content/ folder in --out"
    )
    args = parser.parse_args(argv)
    if args.posts < 0:
        parser.error("--posts must be >= 0")
    if (args.out / "content").exists():
        if not args.force:
            parser.error(f"{args.out / 'content'} exists; pass --force to replace it")
        shutil.rmtree(args.out / "content")
    start = time.perf_counter()
    stats = generate(args.out, args.posts, args.seed)
    print(
        f"wrote {stats['posts']} posts ({stats['folder_posts']} as folders), "
        f"{stats['images']} images, {stats['words'] // max(stats['posts'], 1)} words/post, "
        f"{stats['bytes'] / 1e6:.1f} MB to {args.out} in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
