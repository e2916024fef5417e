"""Synthetic Korean co-op corpus for the search benchmarks.

Deterministic (seeded): ``corpus(n)`` gives ``n`` co-op pages plus a
proportional number of cases, columns, newsletters, courses, centres,
programmes, plain pages and taxonomy pages, as ``SearchDoc`` objects. Names
are compounds the way Korean co-ops are named (``마포공동육아협동조합``,
``은평어르신돌봄사회적협동조합``, ``햇살청년주택협동조합``), and the prose
glues particles and endings onto them (``…협동조합을 운영합니다``).

    python benchmarks/search/gen_corpus.py --coops 3000 --mkdocs OUT_DIR

writes a MkDocs project (``mkdocs.yml`` + ``docs/``) of the same corpus, for
measuring Material's own (lunr) search on it.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from site_plugins.search import SearchDoc  # noqa: E402

DISTRICTS = [
    ("종로", "jongno", "서북권"), ("중", "jung", "서북권"), ("용산", "yongsan", "서북권"),
    ("성동", "seongdong", "동북권"), ("광진", "gwangjin", "동북권"), ("동대문", "dongdaemun", "동북권"),
    ("중랑", "jungnang", "동북권"), ("성북", "seongbuk", "동북권"), ("강북", "gangbuk", "동북권"),
    ("도봉", "dobong", "동북권"), ("노원", "nowon", "동북권"), ("은평", "eunpyeong", "서북권"),
    ("서대문", "seodaemun", "서북권"), ("마포", "mapo", "서북권"), ("양천", "yangcheon", "서남권"),
    ("강서", "gangseo", "서남권"), ("구로", "guro", "서남권"), ("금천", "geumcheon", "서남권"),
    ("영등포", "yeongdeungpo", "서남권"), ("동작", "dongjak", "서남권"), ("관악", "gwanak", "서남권"),
    ("서초", "seocho", "동남권"), ("강남", "gangnam", "동남권"), ("송파", "songpa", "동남권"),
    ("강동", "gangdong", "동남권"),
]

# (theme used in names, field label, industry label, activity phrases)
THEMES = [
    ("공동육아", "공동육아", "보건업 및 사회복지 서비스업", ["어린이집", "방과후 돌봄", "부모 교육", "아이 돌봄"]),
    ("어르신돌봄", "돌봄", "보건업 및 사회복지 서비스업", ["방문요양", "주간보호", "어르신 말벗", "재가 돌봄"]),
    ("장애인자립", "돌봄", "보건업 및 사회복지 서비스업", ["활동지원", "자립생활", "보호작업장", "직업훈련"]),
    ("의료복지", "보건의료", "보건업 및 사회복지 서비스업", ["주치의", "건강검진", "한의원", "건강 강좌"]),
    ("청년주택", "주택", "부동산업", ["셰어하우스", "공동체주택", "임대 관리", "주거 상담"]),
    ("공동체주택", "주택", "부동산업", ["입주자 모임", "공유 공간", "집수리", "주거 공동체"]),
    ("집수리", "주택", "건설업", ["노후주택 수리", "단열 공사", "도배 장판", "에너지 효율 개선"]),
    ("마을부엌", "전통시장 및 소상공인", "숙박 및 음식점업", ["공유부엌", "반찬 나눔", "도시락", "요리 교실"]),
    ("전통시장", "전통시장 및 소상공인", "도매 및 소매업", ["공동구매", "공동브랜드", "배달 서비스", "상인 교육"]),
    ("소상공인", "전통시장 및 소상공인", "도매 및 소매업", ["공동물류", "간판 개선", "온라인 판매", "협업 마케팅"]),
    ("로컬푸드", "전통시장 및 소상공인", "도매 및 소매업", ["직거래 장터", "친환경 농산물", "꾸러미", "생산자 모임"]),
    ("도시농업", "베이비부머", "농업·임업 및 어업", ["텃밭", "옥상농원", "양봉", "퇴비 만들기"]),
    ("인생이모작", "베이비부머", "교육 서비스업", ["은퇴 설계", "재취업", "경력 전환", "시니어 강사"]),
    ("대리운전", "비정규직", "운수 및 창고업", ["기사 권익", "공제회", "안전 교육", "배차 앱"]),
    ("택시", "비정규직", "운수 및 창고업", ["협동조합 택시", "수익 배분", "차량 정비", "운수 노동"]),
    ("청소용역", "비정규직", "사업시설 관리·사업 지원 및 임대 서비스업", ["건물 청소", "방역", "시설 관리", "고용 안정"]),
    ("햇빛발전", "", "전기·가스·증기 및 공기조절 공급업", ["태양광", "에너지 전환", "시민 출자", "절전소"]),
    ("공정여행", "", "예술·스포츠 및 여가관련 서비스업", ["마을 여행", "생태 관광", "여행 기획", "해설사"]),
    ("문화예술", "", "예술·스포츠 및 여가관련 서비스업", ["마을 극장", "공연 기획", "예술 교육", "작은 도서관"]),
    ("출판", "", "정보통신업", ["독립출판", "마을 신문", "책 만들기", "편집 교육"]),
    ("영상미디어", "", "정보통신업", ["마을 방송", "영상 제작", "미디어 교육", "팟캐스트"]),
    ("디자인", "", "전문·과학 및 기술 서비스업", ["브랜드 디자인", "출판 디자인", "공공 디자인", "웹 디자인"]),
    ("재활용", "", "수도·하수 및 폐기물 처리·원료 재생업", ["되살림 가게", "업사이클링", "자원 순환", "수거 서비스"]),
    ("목공", "", "제조업", ["목공방", "가구 제작", "목공 교실", "수리 공방"]),
    ("봉제", "", "제조업", ["의류 생산", "공동 작업장", "봉제 기술", "소량 생산"]),
    ("수제화", "", "제조업", ["구두 제작", "성수동 수제화", "공동 판매장", "장인 교육"]),
    ("사회적경제", "", "협회 및 단체·수리 및 기타 개인 서비스업", ["중간지원", "네트워크", "컨설팅", "교육 사업"]),
    ("카페", "", "숙박 및 음식점업", ["마을 카페", "공정무역 커피", "바리스타 교육", "주민 사랑방"]),
    ("교육", "", "교육 서비스업", ["대안학교", "학습 지원", "진로 교육", "청소년 활동"]),
    ("학교매점", "", "도매 및 소매업", ["학교 협동조합", "건강 간식", "학생 조합원", "경제 교육"]),
]

AREAS = {"동북권": "dongbuk", "서북권": "seobuk", "서남권": "seonam", "동남권": "dongnam"}
FIELDS = {"공동육아": "childcare", "돌봄": "care", "보건의료": "health", "주택": "housing",
          "전통시장 및 소상공인": "small-business", "베이비부머": "babyboomer", "비정규직": "nonregular"}

SUFFIXES = [
    ("협동조합", "협동조합", 10),
    ("사회적협동조합", "사회적협동조합", 5),
    ("소비자생활협동조합", "소비자생활협동조합", 1),
    ("협동조합연합회", "협동조합연합회", 1),
]
PREFIXES = ["", "", "", "", "함께하는", "행복한", "우리", "나눔", "햇살", "푸른", "희망", "두레", "다솜", "온마을", "새봄"]
EXTRA = ["", "", "", "청년", "여성", "주민", "시민", "마을", "녹색", "이웃"]
GROUPS = ["주민", "청년", "부모", "어르신", "여성", "장애인", "상인", "노동자", "예술인", "생산자"]

NOUNS = (
    "주민 이웃 마을 골목 시장 상가 학교 도서관 공원 놀이터 복지관 주민센터 경로당 교회 공방 작업장 창고 "
    "사무실 카페 식당 빵집 세탁소 약국 병원 의원 한의원 어린이집 유치원 학원 공부방 지역아동센터 청소년 "
    "대학생 직장인 자영업자 농부 요리사 목수 디자이너 작가 강사 활동가 상담사 간호사 요양보호사 사회복지사 "
    "출자금 배당 잉여금 적립금 총회 이사회 감사 정관 조합원 대의원 사무국 회계 세무 노무 법률 보험 대출 "
    "기금 후원금 보조금 매출 수익 비용 임대료 인건비 재료비 판로 유통 물류 배송 포장 온라인 홈페이지 "
    "블로그 누리소통망 홍보 광고 축제 장터 바자회 전시회 공연 강연 토론회 워크숍 모임 동아리 소모임 "
    "텃밭 화단 꽃길 나무 숲길 하천 산책로 자전거 주차장 버스 지하철 택배 쓰레기 분리수거 음식물 "
    "에너지 전기 태양광 단열 창호 보일러 수도 하수 방역 소독 청소 경비 관리 수리 도배 장판 페인트 "
    "반찬 김치 된장 두부 빵 커피 차 주스 도시락 급식 간식 식재료 농산물 과일 채소 쌀 잡곡 달걀 "
    "책 신문 잡지 사진 영상 음악 그림 연극 영화 춤 노래 악기 공예 도자기 가죽 천 옷 신발 가방 "
    "건강 운동 체조 요가 산책 상담 검진 예방 재활 치료 약 복지 돌봄 간병 보육 교육 훈련 자격증 "
    "일자리 취업 창업 경력 은퇴 노후 연금 주거 전세 월세 임대 공유 협업 연대 신뢰 참여 자치 민주주의"
).split()
SURNAMES = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍".split()
SYLLABLES = ("가 나 다 라 마 바 사 아 자 하 경 민 서 영 지 현 수 진 은 혜 준 호 성 우 재 희 윤 미 정 연 "
             "숙 순 철 동 석 광 태 용 상 훈 기 원 주 소 보 예 다 솔 빛 별 봄 새 들 솜 람 찬 결 온 슬").split()
ROADS = ("월드컵 성미산 망원 연남 홍익 신촌 독립문 통일 세검정 북한산 수락 동일 도봉 노해 화랑 공릉 "
         "왕십리 뚝섬 아차산 능동 천호 올림픽 양재 강남대 테헤란 반포 사평 동작대 노량진 여의대 "
         "경인 오목 목동 화곡 공항 개봉 디지털 시흥대 신림 관악 봉천 남부순환 은평 연서 진관 대조").split()


def has_batchim(word: str) -> bool:
    ch = word[-1]
    return "가" <= ch <= "힣" and (ord(ch) - 0xAC00) % 28 != 0


def j(word: str, pair: str) -> str:
    """Word + particle chosen by the final consonant: j('조합', '을/를')."""
    a, b = pair.split("/")
    if pair == "으로/로":
        ch = word[-1]
        final = (ord(ch) - 0xAC00) % 28 if "가" <= ch <= "힣" else 0
        return word + ("로" if final in (0, 8) else "으로")
    return word + (a if has_batchim(word) else b)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)


def _free_sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(NOUNS, 3)
    return rng.choice([
        f"{j(a, '과/와')} {j(b, '을/를')} 함께 준비하고 {c} 문제도 살핍니다.",
        f"{j(a, '이/가')} 필요한 {j(b, '은/는')} {j(c, '으로/로')} 이어지기도 합니다.",
        f"{a} {b}에 대한 의견을 모아 {c} 계획을 세웠습니다.",
        f"올해는 {a} {j(b, '을/를')} 늘리고 {j(c, '을/를')} 새로 시작합니다.",
        f"{j(a, '은/는')} {j(b, '과/와')} {c} 사이에서 균형을 찾는 일이 중요하다고 말합니다.",
        f"지난해 {j(a, '과/와')} {b} 관련 사업으로 {rng.randint(2, 90)}곳과 협력했습니다.",
    ])


def _pick_suffix(rng: random.Random) -> tuple[str, str]:
    total = sum(w for *_, w in SUFFIXES)
    x = rng.uniform(0, total)
    for name, label, w in SUFFIXES:
        x -= w
        if x <= 0:
            return name, label
    return SUFFIXES[0][:2]


def _coop(rng: random.Random, i: int) -> SearchDoc:
    dname, dslug, area = rng.choice(DISTRICTS)
    theme, field, industry, acts = rng.choice(THEMES)
    suffix, type_label = _pick_suffix(rng)
    pre = rng.choice(PREFIXES)
    extra = rng.choice(EXTRA) if not pre else ""
    if rng.random() < 0.6:
        name = f"{dname}{extra}{theme}{suffix}"
    else:
        name = f"{pre or dname}{extra}{theme}{suffix}"
    gu = f"{dname}구"
    group = rng.choice(GROUPS)
    a1, a2 = rng.sample(acts, 2)
    year = rng.randint(2012, 2025)
    members = rng.randint(5, 900)
    summary = rng.choice([
        f"{gu}에서 {j(theme + suffix, '을/를')} 운영합니다.",
        f"{gu} {group}들이 함께 만든 {theme} {type_label}입니다.",
        f"{j(a1, '과/와')} {j(a2, '을/를')} 하는 {gu}의 {type_label}입니다.",
        f"{j(group, '이/가')} 주인이 되어 {a1} 사업을 합니다.",
    ])
    sents = [
        f"{j(name, '은/는')} {year}년에 {gu}에서 설립되었습니다. 대표는 {_person(rng)}입니다.",
        f"조합원은 {members}명이며 {group}들이 출자하고 운영에 참여합니다.",
        f"주요 사업은 {a1}, {a2}입니다.",
        f"{area} 협동조합 상담센터의 도움을 받아 {theme} 사업을 시작했습니다.",
        f"지역 {group}에게 {a2} 서비스를 제공하고 수익은 조합원 교육과 지역사회에 씁니다.",
        f"{gu} 사회적경제 네트워크와 함께 {rng.choice(acts)} 활동을 하고 있습니다.",
        f"총회는 해마다 {rng.randint(1, 12)}월에 열리고 이사회가 매달 모입니다.",
        f"{j(rng.choice(['전화', '누리집', '방문', '전자우편']), '으로/로')} 가입 상담을 받습니다. 사무실은 {gu} {rng.choice(ROADS)}로{rng.randint(1, 40)}길 {rng.randint(1, 120)}에 있습니다.",
        f"최근에는 {rng.choice([t[0] for t in THEMES])} 분야의 협동조합과 협약을 맺었습니다.",
        f"{industry} 분야에서 일하는 {rng.randint(2, 40)}명의 직원이 있습니다.",
    ]
    rng.shuffle(sents)
    sents = sents[: rng.randint(4, 9)] + [_free_sentence(rng) for _ in range(rng.randint(1, 6))]
    body = " ".join(sents)
    keywords = tuple(k for k in (gu, area, field, industry, type_label) if k)
    facets = (("district", dslug), ("area", AREAS[area])) + ((("field", FIELDS[field]),) if field else ())
    return SearchDoc(
        url=f"coops/{dslug}-{i:05d}/", title=name, kind="coop", summary=summary, body=body, keywords=keywords,
        facets=facets,
    )


def _article(rng: random.Random, kind: str, i: int) -> SearchDoc:
    dname, dslug, area = rng.choice(DISTRICTS)
    theme, field, industry, acts = rng.choice(THEMES)
    gu = f"{dname}구"
    group = rng.choice(GROUPS)
    if kind == "case":
        title = f"{gu} {theme} 협동조합 {rng.choice(['성공', '운영', '설립', '전환'])} 사례"
        summary = f"{group}들이 {theme} 문제를 협동조합으로 풀어 간 이야기"
    elif kind == "column":
        title = rng.choice([f"{theme}와 협동의 가치", f"왜 {theme}인가", f"{group}의 눈으로 본 {theme}"])
        summary = f"{theme} 분야 협동조합의 과제와 전망을 짚어 봅니다."
    elif kind == "newsletter":
        title = f"서울 협동조합 소식 {2020 + i // 12}년 {i % 12 + 1}월호"
        summary = f"이달의 소식: {gu} {theme} 협동조합, {area} 상담센터 교육 안내"
    elif kind == "course":
        title = f"{rng.choice(['협동조합 설립', '조합원', '임직원', '시민', theme])} {rng.choice(['기초', '심화', '실무'])} 교육"
        summary = f"{area} 상담센터가 {j(group, '을/를')} 대상으로 여는 {rng.randint(2, 12)}회 과정"
    elif kind == "program":
        title = f"{rng.choice(['서울시', gu])} {theme} 협동조합 {rng.choice(['육성', '판로', '공간', '컨설팅'])} 지원사업"
        summary = f"{theme} 분야 협동조합에 {rng.choice(['사업비', '임대료', '전문가 상담', '교육비'])}를 지원합니다."
    else:
        title = f"{rng.choice(['협동조합', '사회적협동조합', '상담센터', '교육'])} {rng.choice(['안내', '자주 묻는 질문', '이용 방법'])}"
        summary = "협동조합 설립과 운영에 필요한 정보를 모았습니다."
    paras = []
    for _ in range(rng.randint(4, 10)):
        a = rng.choice(acts)
        paras.append(rng.choice([
            f"{gu}의 {group}들은 {j(a, '을/를')} 위해 모였습니다.",
            _free_sentence(rng),
            f"{_person(rng)} 이사장은 {j(theme, '이/가')} 마을을 바꾼다고 말합니다.",
            f"{theme} 협동조합은 조합원이 함께 소유하고 민주적으로 운영합니다.",
            "처음에는 출자금을 모으는 일이 가장 어려웠다고 합니다.",
            f"{area} 상담센터는 정관 작성과 설립 신고를 도왔습니다.",
            f"지금은 {rng.randint(10, 500)}명의 조합원이 {a} 사업에 참여합니다.",
            f"협동조합 기본법이 시행된 뒤 {theme} 분야의 협동조합이 크게 늘었습니다.",
            f"{industry}에서 협동조합이 가진 장점은 신뢰와 지속성입니다.",
        ]))
    slug = {"case": "cases", "column": "columns", "newsletter": "newsletter", "course": "courses",
            "program": "programs", "page": "guide"}[kind]
    return SearchDoc(url=f"{slug}/{kind}-{i:04d}/", title=title, kind=kind, summary=summary,
                     body=" ".join(paras), keywords=tuple(k for k in (gu, area, field) if k))


def corpus(n_coops: int, seed: int = 2013) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = [_coop(rng, i) for i in range(n_coops)]
    scale = max(1, n_coops // 100)
    for kind, per in (("case", 1.0), ("column", 0.4), ("newsletter", 0.2), ("course", 0.6),
                      ("program", 0.3), ("page", 0.1)):
        docs += [_article(rng, kind, i) for i in range(max(1, int(per * scale)))]
    for area in ("동북권", "서북권", "서남권", "동남권"):
        docs.append(SearchDoc(url=f"centers/{area}/", title=f"{area} 협동조합 상담센터", kind="center",
                              summary=f"{area} 자치구의 협동조합 설립과 운영을 돕는 상담센터",
                              body="설립 상담, 교육, 컨설팅을 무료로 제공합니다. 전화나 방문으로 신청하세요.",
                              keywords=(area,)))
    for dname, dslug, area in DISTRICTS:
        docs.append(SearchDoc(url=f"regions/{dslug}/", title=f"{dname}구", kind="term",
                              summary=f"{dname}구의 협동조합 목록", keywords=(area,), facets=(("district", dslug),)))
    for theme, field, *_ in THEMES:
        if field:
            docs.append(SearchDoc(url=f"fields/{theme}/", title=field, kind="term",
                                  summary=f"{field} 분야 협동조합 목록", facets=(("field", FIELDS[field]),)))
    # unique urls for the field pages that share a label
    seen, out = set(), []
    for d in docs:
        if d.url not in seen:
            seen.add(d.url)
            out.append(d)
    return out


def vocabulary():
    """The facet words and spellings of this corpus, as the portal's build gives them."""
    from site_plugins.search import Vocabulary

    facets = [("district", slug, f"{name}구", (f"{name}구", name) if len(name) > 1 else (f"{name}구",))
              for name, slug, _ in DISTRICTS]
    facets += [("area", slug, label, (label,)) for label, slug in AREAS.items()]
    facets += [("field", slug, label, (label, *label.split(" 및 "))) for label, slug in FIELDS.items()]
    spellings = (("생협", ("생활협동조합",)), ("사협", ("사회적협동조합",)),
                 ("coop", ("cooperative", "co-op")), ("cooperative", ("coop", "co-op")))
    return Vocabulary(facets=tuple(facets), spellings=spellings)


def write_mkdocs(docs: list[SearchDoc], out: pathlib.Path) -> None:
    """A MkDocs + Material project with one page per document."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(
        "site_name: 서울 협동조합 포털\n"
        "theme:\n  name: material\n  language: ko\n"
        "plugins:\n  - search\n",
        encoding="utf-8",
    )
    (out / "docs" / "index.md").write_text("# 서울 협동조합 포털\n\n협동조합 정보를 찾아보세요.\n", encoding="utf-8")
    for d in docs:
        path = out / "docs" / (d.url.rstrip("/") + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        kw = " · ".join(d.keywords)
        path.write_text(f"# {d.title}\n\n{d.summary}\n\n{d.body}\n\n{kw}\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--coops", type=int, default=3000)
    ap.add_argument("--mkdocs", type=pathlib.Path, help="write a MkDocs project here")
    args = ap.parse_args()
    docs = corpus(args.coops)
    if args.mkdocs:
        write_mkdocs(docs, args.mkdocs)
    print(f"{len(docs)} documents")


if __name__ == "__main__":
    main()
