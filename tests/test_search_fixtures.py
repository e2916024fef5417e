"""Small hand-written corpus shared by the search tests (no tests here)."""

from __future__ import annotations

from site_plugins.search import SearchDoc

DOCS = [
    SearchDoc(
        url="coops/mapo-gongdong/",
        title="마포공동육아협동조합",
        kind="coop",
        summary="마포구에서 공동육아협동조합을 운영합니다",
        body="부모들이 **함께** 어린이집을 꾸립니다. [누리집](https://example.org/mapo)에서 가입을 받습니다.",
        keywords=("마포구", "서북권", "공동육아"),
    ),
    SearchDoc(
        url="coops/eunpyeong-dolbom/",
        title="은평어르신돌봄사회적협동조합",
        kind="coop",
        summary="어르신돌봄 방문 서비스",
        body="은평구 어르신들에게 방문요양과 주간보호를 제공합니다.",
        keywords=("은평구", "서북권", "돌봄"),
    ),
    SearchDoc(
        url="coops/seongbuk-house/",
        title="청년주택협동조합",
        kind="coop",
        summary="성북구 청년들이 함께 사는 집",
        body="셰어하우스를 운영하고 주거 상담을 합니다.",
        keywords=("성북구", "동북권", "주택"),
    ),
    SearchDoc(
        url="coops/guro-cafe/",
        title="구로마을카페협동조합",
        kind="coop",
        summary="주민 사랑방 카페",
        body="마을 주민이 출자해 카페를 엽니다. 공정무역 커피를 팝니다.",
        keywords=("구로구", "서남권"),
    ),
    SearchDoc(
        url="cases/dolbom-story/",
        title="돌봄을 협동으로 푼 사례",
        kind="case",
        summary="어르신돌봄 협동조합 이야기",
        body="마포구와 은평구의 돌봄 협동조합을 찾아갔습니다.",
        keywords=("돌봄",),
    ),
    SearchDoc(
        url="columns/history/",
        title="협동의 역사",
        kind="column",
        summary="협동 정신과 노동조합의 역사를 돌아봅니다",
        body="동조하는 사람들이 모여 조합을 만들었습니다. 주택 문제도 다룹니다.",
    ),
    SearchDoc(
        url="pages/guide/",
        title="협동조합 설립 안내",
        kind="page",
        summary="협동조합을 만드는 절차",
        body="정관을 쓰고 창립총회를 엽니다. 설립 신고는 시·도지사에게 합니다.",
    ),
    SearchDoc(url="fields/care/", title="돌봄", kind="term", summary="돌봄 분야 협동조합 목록"),
    SearchDoc(url="regions/mapo/", title="마포구", kind="term", summary="마포구의 협동조합", keywords=("서북권",)),
    SearchDoc(
        url="centers/seobuk/",
        title="서북권 협동조합 상담센터",
        kind="center",
        summary="은평·마포·서대문 등 서북권 상담",
        body="전화 02-123-4567 또는 방문으로 상담합니다. Email: help@example.org",
        keywords=("서북권",),
    ),
    SearchDoc(
        url="courses/startup/",
        title="협동조합 창업교육 기초과정",
        kind="course",
        summary="처음 협동조합을 준비하는 분을 위한 교육",
        body="<p>4회 과정입니다.</p> ICT 협동조합 사례도 다룹니다. 실습 예제: constructor, toString, __proto__",
    ),
    SearchDoc(
        url="programs/space/",
        title="사회적경제 공간 지원사업",
        kind="program",
        summary="임대료를 지원합니다",
        body="주택가 빈 공간을 협동조합에 빌려줍니다.",
    ),
]
