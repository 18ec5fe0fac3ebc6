"""The words every synthetic post shares, for gen_blog.py: general terms, Korean particle pairs,
and the templates for sentences, links, headings, titles, steps, notes, tables and image alts.

Templates take slots filled by `blog_text.Writer`: {T} / {TE} the topic in Korean / English,
{K} {K2} / {E} {E2} topic terms, {N} a count, {PCT} a percentage, {V} a version,
{cmd} a command; `{K:은}` appends the particle that fits the term.
"""

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
