"""The twelve topics a synthetic post can be about, for gen_blog.py: the `Topic` record and
`TOPICS`, the terms, commands, tags, links, slugs and code languages each topic's posts use.

Terms used inside Korean sentences are "display|reading": the reading (Hangul) decides the
particle that follows (Docker|도커 -> "Docker는"). Hangul-only terms are their own reading.

The order of `TOPICS` is part of the output: a post picks its topic with `rng.choice(TOPICS)`,
so reordering, adding or removing a topic changes every corpus.
"""

from __future__ import annotations

from dataclasses import dataclass


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


# Kept compact by hand, one field per line: ruff format would give every item a line of its own.
# fmt: off
TOPICS = (
    Topic(
        key="docker", ko="Docker|도커", en="Docker",
        ko_terms=("이미지", "컨테이너", "레이어", "볼륨", "멀티 스테이지 빌드",
                  "Dockerfile|도커파일", "빌드 캐시", "베이스 이미지", "포트 매핑",
                  "브리지 네트워크"),
        en_terms=("image layers", "multi-stage builds", "the build cache", "bind mounts",
                  "bridge networking", "the Dockerfile", "restart policies", "slim base images"),
        cmds=(
            ("docker ps -a", "종료된 컨테이너까지 모두 보여 준다",
             "lists containers, stopped ones too"),
            ("docker image ls", "로컬에 있는 이미지 목록을 본다", "shows local images"),
            ("docker compose up -d", "서비스를 백그라운드로 띄운다",
             "starts services in the background"),
            ("docker build -t app .", "현재 폴더로 이미지를 만든다",
             "builds an image from this folder"),
            ("docker logs -f web", "로그를 실시간으로 따라간다", "follows a container's logs"),
            ("docker system prune", "안 쓰는 리소스를 정리한다", "removes unused resources"),
        ),
        tags=("docker", "컨테이너", "devops", "도커"),
        links=(
            ("Docker 공식 문서", "https://docs.docker.com/"),
            ("Dockerfile reference", "https://docs.docker.com/reference/dockerfile/"),
            ("Compose 파일 문법", "https://docs.docker.com/reference/compose-file/"),
        ),
        slugs=("image-container-basics", "multi-stage-build", "compose-setup", "volume-permissions",
               "layer-cache", "slim-images"),
        langs=("dockerfile", "bash", "yaml"),
    ),
    Topic(
        key="kubernetes", ko="쿠버네티스", en="Kubernetes",
        ko_terms=("파드", "디플로이먼트", "서비스", "인그레스", "컨피그맵", "네임스페이스",
                  "롤링 업데이트", "리소스 요청", "헬스 체크", "노드"),
        en_terms=("pods", "deployments", "readiness probes", "resource requests", "ingress rules",
                  "config maps", "rolling updates", "namespaces"),
        cmds=(
            ("kubectl get pods -A", "모든 네임스페이스의 파드를 본다",
             "lists pods in every namespace"),
            ("kubectl describe pod api", "파드 이벤트를 자세히 본다", "shows a pod's events"),
            ("kubectl rollout status deploy/api", "배포 진행 상황을 확인한다",
             "waits for a rollout"),
            ("kubectl apply -f k8s/", "매니페스트를 적용한다", "applies the manifests"),
            ("kubectl logs -f deploy/api", "디플로이먼트 로그를 본다",
             "follows a deployment's logs"),
            ("kubectl top pods", "파드별 자원 사용량을 본다", "shows CPU and memory per pod"),
        ),
        tags=("kubernetes", "k8s", "쿠버네티스", "devops"),
        links=(
            ("Kubernetes 문서", "https://kubernetes.io/docs/home/"),
            ("kubectl cheat sheet",
             "https://kubernetes.io/docs/reference/kubectl/quick-reference/"),
        ),
        slugs=("pod-lifecycle", "rolling-update", "ingress-nginx", "probes", "resource-limits",
               "namespace-strategy"),
        langs=("yaml", "bash", "go"),
    ),
    Topic(
        key="python", ko="Python|파이썬", en="Python",
        ko_terms=("가상 환경", "타입 힌트", "제너레이터", "데코레이터", "비동기 처리",
                  "패키지 구조", "예외 처리", "컨텍스트 매니저", "GIL|길", "의존성 관리"),
        en_terms=("virtual environments", "type hints", "generators", "decorators", "asyncio",
                  "the import system", "context managers", "the GIL"),
        cmds=(
            ("python -m venv .venv", "가상 환경을 만든다", "creates a virtual environment"),
            ("pip install -e .", "개발 모드로 설치한다", "installs the project in editable mode"),
            ("python -m pytest -q", "테스트를 조용히 돌린다", "runs the tests quietly"),
            ("python -X importtime app.py", "import 시간을 잰다", "prints import times"),
            ("python -m cProfile -s cumtime app.py", "프로파일링을 한다", "profiles a script"),
            ("pip list --outdated", "오래된 패키지를 찾는다", "lists outdated packages"),
        ),
        tags=("python", "파이썬", "asyncio", "programming"),
        links=(
            ("Python documentation", "https://docs.python.org/3/"),
            ("PEP 8", "https://peps.python.org/pep-0008/"),
            ("asyncio 문서", "https://docs.python.org/3/library/asyncio.html"),
        ),
        slugs=("asyncio-notes", "type-hints", "packaging", "generators", "profiling", "venv-setup"),
        langs=("python", "bash", "json"),
    ),
    Topic(
        key="git", ko="Git|깃", en="Git",
        ko_terms=("브랜치 전략", "커밋 메시지", "리베이스", "머지 충돌", "태그", "서브모듈",
                  "스태시", "히스토리 정리", "원격 저장소", "훅"),
        en_terms=("rebasing", "merge conflicts", "commit messages", "branching strategy",
                  "the reflog", "submodules", "interactive rebase", "signed tags"),
        cmds=(
            ("git log --oneline --graph", "히스토리를 그래프로 본다",
             "draws the history as a graph"),
            ("git rebase -i HEAD~3", "최근 커밋 세 개를 정리한다",
             "rewrites the last three commits"),
            ("git stash push -m wip", "작업 중인 변경을 잠시 치워 둔다",
             "shelves work in progress"),
            ("git reflog", "잃어버린 커밋을 찾는다", "finds lost commits"),
            ("git bisect start", "버그가 생긴 커밋을 찾는다", "hunts the commit that broke things"),
            ("git switch -c feature", "새 브랜치를 만든다", "creates a branch"),
        ),
        tags=("git", "버전관리", "tooling"),
        links=(
            ("Pro Git", "https://git-scm.com/book/en/v2"),
            ("git reference", "https://git-scm.com/docs"),
        ),
        slugs=("rebase-workflow", "commit-messages", "branching", "reflog-rescue", "bisect",
               "hooks"),
        langs=("bash", "none", "yaml"),
    ),
    Topic(
        key="linux", ko="리눅스", en="Linux",
        ko_terms=("파일 권한", "프로세스", "시스템 서비스", "디스크 사용량", "파일 디스크립터",
                  "크론 작업", "셸 스크립트", "패키지 관리자", "심볼릭 링크", "커널 파라미터"),
        en_terms=("file permissions", "systemd units", "file descriptors", "cron jobs",
                  "shell scripts", "the page cache", "process limits", "symbolic links"),
        cmds=(
            ("ls -alh", "숨김 파일까지 크기와 함께 본다", "lists files with sizes"),
            ("df -h", "디스크 여유 공간을 본다", "shows free disk space"),
            ("journalctl -u nginx -f", "서비스 로그를 따라간다", "follows a unit's journal"),
            ("systemctl status sshd", "서비스 상태를 확인한다", "shows a service's state"),
            ("ss -tlnp", "열린 포트를 확인한다", "lists listening sockets"),
            ("ulimit -n", "열 수 있는 파일 수를 본다", "prints the open-file limit"),
        ),
        tags=("linux", "리눅스", "OS", "shell"),
        links=(
            ("man7 Linux man pages", "https://man7.org/linux/man-pages/"),
            ("systemd docs", "https://systemd.io/"),
        ),
        slugs=("file-permissions", "systemd-units", "disk-usage", "cron", "ulimit", "shell-basics"),
        langs=("bash", "none", "python"),
    ),
    Topic(
        key="aws", ko="AWS|에이더블유에스", en="AWS",
        ko_terms=("EC2 인스턴스|이씨투 인스턴스", "보안 그룹", "IAM 정책|아이앰 정책",
                  "S3 버킷|에스쓰리 버킷", "로드 밸런서", "오토 스케일링", "VPC|브이피씨",
                  "람다 함수", "요금", "리전"),
        en_terms=("IAM policies", "security groups", "S3 buckets", "load balancers", "auto scaling",
                  "Lambda cold starts", "VPC peering", "the monthly bill"),
        cmds=(
            ("aws s3 ls", "버킷 목록을 본다", "lists buckets"),
            ("aws sts get-caller-identity", "현재 자격 증명을 확인한다", "shows who you are"),
            ("aws ec2 describe-instances", "인스턴스 정보를 본다", "describes instances"),
            ("aws logs tail /app --follow", "로그 그룹을 따라간다", "tails a log group"),
            ("aws configure list", "설정된 프로필을 본다", "shows the active profile"),
        ),
        tags=("aws", "cloud", "클라우드", "인프라"),
        links=(
            ("AWS documentation", "https://docs.aws.amazon.com/"),
            ("AWS CLI reference", "https://docs.aws.amazon.com/cli/latest/"),
        ),
        slugs=("ec2-setup", "iam-policies", "s3-static-hosting", "alb-health-checks",
               "lambda-notes", "cost-review"),
        langs=("json", "bash", "yaml"),
    ),
    Topic(
        key="react", ko="React|리액트", en="React",
        ko_terms=("컴포넌트", "상태 관리", "훅", "렌더링 최적화", "이펙트", "번들 크기", "라우팅",
                  "서버 렌더링", "폼 처리", "테스트"),
        en_terms=("components", "state management", "hooks", "re-renders", "effects", "bundle size",
                  "server rendering", "controlled inputs"),
        cmds=(
            ("npm create vite@latest", "새 프로젝트를 만든다", "scaffolds a project"),
            ("npm run build", "프로덕션 빌드를 만든다", "makes a production build"),
            ("npm test -- --watch", "테스트를 감시 모드로 돌린다", "runs tests in watch mode"),
            ("npx eslint src", "린트를 돌린다", "lints the sources"),
            ("npm ls react", "설치된 React 버전을 본다", "shows the installed React version"),
        ),
        tags=("react", "javascript", "frontend", "프론트엔드"),
        links=(
            ("React docs", "https://react.dev/"),
            ("MDN JavaScript", "https://developer.mozilla.org/en-US/docs/Web/JavaScript"),
        ),
        slugs=("hooks-basics", "state-management", "rerender-debugging", "vite-setup", "forms",
               "bundle-size"),
        langs=("js", "json", "bash"),
    ),
    Topic(
        key="golang", ko="Go|고", en="Go",
        ko_terms=("고루틴", "채널", "인터페이스", "에러 처리", "모듈", "컨텍스트", "테스트 코드",
                  "제네릭", "프로파일링", "구조체"),
        en_terms=("goroutines", "channels", "interfaces", "error wrapping", "Go modules",
                  "contexts", "table-driven tests", "generics"),
        cmds=(
            ("go mod tidy", "모듈 의존성을 정리한다", "tidies module requirements"),
            ("go test ./... -race", "레이스 검사와 함께 테스트한다",
             "tests with the race detector"),
            ("go build -o bin/app .", "바이너리를 만든다", "builds the binary"),
            ("go vet ./...", "흔한 실수를 찾는다", "reports suspicious code"),
            ("go tool pprof cpu.out", "프로파일을 분석한다", "inspects a CPU profile"),
        ),
        tags=("go", "golang", "backend", "백엔드"),
        links=(
            ("Go documentation", "https://go.dev/doc/"),
            ("Effective Go", "https://go.dev/doc/effective_go"),
        ),
        slugs=("goroutines", "error-handling", "modules", "context-cancel", "generics", "pprof"),
        langs=("go", "bash", "dockerfile"),
    ),
    Topic(
        key="postgres", ko="PostgreSQL|포스트그레스큐엘", en="PostgreSQL",
        ko_terms=("인덱스", "트랜잭션", "실행 계획", "커넥션 풀", "마이그레이션", "백업", "복제",
                  "잠금", "파티셔닝", "통계 정보"),
        en_terms=("indexes", "transactions", "query plans", "connection pooling", "migrations",
                  "streaming replication", "row locks", "vacuum"),
        cmds=(
            ("psql -U postgres", "데이터베이스에 접속한다", "opens a session"),
            ("pg_dump -Fc app > app.dump", "백업 파일을 만든다", "writes a backup"),
            ("EXPLAIN ANALYZE", "실제 실행 계획을 본다", "shows the real plan"),
            ("VACUUM (VERBOSE)", "죽은 튜플을 정리한다", "reclaims dead rows"),
            ("pg_stat_activity", "실행 중인 쿼리를 본다", "shows running queries"),
        ),
        tags=("postgresql", "database", "데이터베이스", "sql"),
        links=(
            ("PostgreSQL docs", "https://www.postgresql.org/docs/current/"),
            ("Using EXPLAIN", "https://www.postgresql.org/docs/current/using-explain.html"),
        ),
        slugs=("index-tuning", "explain-analyze", "connection-pool", "backup-restore",
               "replication", "vacuum"),
        langs=("none", "bash", "yaml"),
    ),
    Topic(
        key="nginx", ko="Nginx|엔진엑스", en="Nginx",
        ko_terms=("리버스 프록시", "가상 호스트", "로드 밸런싱", "TLS 인증서|티엘에스 인증서",
                  "캐시 설정", "접근 로그", "압축 설정", "리다이렉트", "업스트림", "버퍼 크기"),
        en_terms=("reverse proxying", "server blocks", "TLS certificates", "gzip compression",
                  "upstream health", "access logs", "rate limiting", "HTTP/2"),
        cmds=(
            ("nginx -t", "설정 문법을 검사한다", "checks the configuration"),
            ("nginx -s reload", "설정을 다시 읽는다", "reloads the configuration"),
            ("tail -f /var/log/nginx/error.log", "에러 로그를 본다", "follows the error log"),
            ("certbot renew --dry-run", "인증서 갱신을 시험한다", "tests certificate renewal"),
            ("curl -I https://example.org", "응답 헤더를 확인한다", "shows response headers"),
        ),
        tags=("nginx", "web", "서버", "devops"),
        links=(
            ("nginx documentation", "https://nginx.org/en/docs/"),
            ("Let's Encrypt", "https://letsencrypt.org/docs/"),
        ),
        slugs=("reverse-proxy", "tls-setup", "gzip", "rate-limit", "server-blocks", "access-logs"),
        langs=("none", "bash", "dockerfile"),
    ),
    Topic(
        key="redis", ko="Redis|레디스", en="Redis",
        ko_terms=("캐시 만료", "자료 구조", "영속성", "메모리 정책", "퍼브섭", "클러스터",
                  "분산 락", "파이프라이닝", "세션 저장소", "키 설계"),
        en_terms=("key expiry", "eviction policies", "persistence", "pub/sub", "pipelining",
                  "distributed locks", "sorted sets", "memory usage"),
        cmds=(
            ("redis-cli ping", "서버가 살아 있는지 확인한다", "checks the server is up"),
            ("redis-cli info memory", "메모리 사용량을 본다", "shows memory statistics"),
            ("redis-cli --bigkeys", "큰 키를 찾는다", "finds the biggest keys"),
            ("redis-cli monitor", "들어오는 명령을 실시간으로 본다", "streams every command"),
            ("redis-cli ttl session:42", "남은 만료 시간을 본다", "shows a key's time to live"),
        ),
        tags=("redis", "cache", "캐시", "backend"),
        links=(
            ("Redis docs", "https://redis.io/docs/latest/"),
            ("Redis commands", "https://redis.io/docs/latest/commands/"),
        ),
        slugs=("cache-expiry", "eviction", "persistence", "pubsub", "distributed-lock",
               "session-store"),
        langs=("python", "js", "none"),
    ),
    Topic(
        key="ci", ko="GitHub Actions|깃허브 액션즈", en="GitHub Actions",
        ko_terms=("워크플로", "러너", "캐시 설정", "매트릭스 빌드", "시크릿", "아티팩트",
                  "배포 자동화", "트리거 조건", "재사용 워크플로", "실행 시간"),
        en_terms=("workflows", "self-hosted runners", "dependency caching", "matrix builds",
                  "secrets", "artifacts", "deployment jobs", "reusable workflows"),
        cmds=(
            ("gh run list", "최근 실행 목록을 본다", "lists recent runs"),
            ("gh run watch", "실행 중인 워크플로를 지켜본다", "watches a run"),
            ("act -j test", "로컬에서 잡을 돌려 본다", "runs a job locally"),
            ("gh workflow run deploy.yml", "워크플로를 수동으로 실행한다", "triggers a workflow"),
        ),
        tags=("github-actions", "ci", "자동화", "devops"),
        links=(
            ("GitHub Actions docs", "https://docs.github.com/en/actions"),
            ("Workflow syntax", "https://docs.github.com/en/actions/reference/workflow-syntax"),
        ),
        slugs=("ci-cache", "matrix-builds", "deploy-workflow", "secrets", "self-hosted-runner",
               "artifacts"),
        langs=("yaml", "bash", "dockerfile"),
    ),
)
# fmt: on
