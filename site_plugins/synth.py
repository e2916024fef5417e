"""A synthetic repository of any size, for benchmarks and scale tests.

`python -m site_plugins synth --coops N --out DIR` copies this repository's
mkdocs.yml, overrides/, content/ and every data folder, keeps its real co-ops
(articles refer to them) and adds synthetic ones until there are N. Every facet
term is used, some descriptions carry Markdown lists and links, some optional
fields are left out, and the second round's fields (aliases, offers, activities,
법인등록번호, `listed`) appear as often as real entries will have them (REGISTRATION_SHARE
and below say how often and why). Descriptions are as long as real entries' (25 to 60 words)
and use the seed documents' vocabulary at its own frequencies (`synthwords.py`),
so page sizes, the search index and build times predict what editors will see.
The same N and seed always give the same bytes, and 30,000 files take a few
seconds: records are written from string templates, not through a YAML emitter.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .synthwords import FEDERATION_OFFERS, OFFERS
from .synthwords import words as _seed_words

COPIED = ("mkdocs.yml", "overrides", "content")

# (name stem, summary phrase, industries it fits, fields it fits)
THEMES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("공동육아", "부모들이 함께 운영하는 어린이집과 방과후 돌봄", ("health-welfare", "education"), ("childcare",)),
    ("어르신돌봄", "홀로 사는 어르신을 찾아가는 방문 돌봄과 안부 확인", ("health-welfare",), ("care", "babyboomer")),
    ("청년주택", "청년 조합원이 함께 사는 공동체 주택의 운영과 관리", ("real-estate", "construction"), ("housing",)),
    ("의료복지", "동네 주치의와 건강 모임을 꾸리는 의료 서비스", ("health-welfare",), ("health", "care")),
    ("전통시장상인", "시장 상인들의 공동 구매와 배송, 온라인 판매", ("wholesale-retail", "transport"), ("small-business",)),
    ("골목상점", "골목 가게들이 함께하는 공동 마케팅과 할인 행사", ("wholesale-retail", "accommodation-food"), ("small-business",)),
    ("인생이모작", "은퇴한 조합원의 경험을 살린 컨설팅과 강의", ("professional", "education"), ("babyboomer",)),
    ("대리운전기사", "대리운전 기사들이 스스로 만든 배차 플랫폼", ("transport", "information"), ("nonregular",)),
    ("청소노동자", "청소 노동자들이 함께 일하고 함께 나누는 건물 관리", ("business-support",), ("nonregular",)),
    ("마을카페", "주민이 출자한 마을 카페와 공유 부엌", ("accommodation-food",), ()),
    ("도시농업", "옥상 텃밭과 도시 농장, 농산물 꾸러미 판매", ("agriculture", "wholesale-retail"), ()),
    ("햇빛발전", "아파트 옥상과 공공건물의 태양광 발전소 운영", ("utilities",), ()),
    ("자원순환", "헌 옷과 가전의 수거, 수리, 재판매", ("water-waste", "associations-repair"), ()),
    ("수제화", "성수동 수제화 장인들의 공동 브랜드와 판로 개척", ("manufacturing",), ("small-business",)),
    ("봉제", "봉제 공장들의 공동 수주와 작업 환경 개선", ("manufacturing",), ("small-business", "nonregular")),
    ("마을방송", "주민 기자가 만드는 마을 라디오와 영상", ("information", "arts-recreation"), ()),
    ("대안학교", "부모와 교사가 함께 꾸리는 대안교육과 진로 수업", ("education",), ("childcare",)),
    ("생활체육", "동네 체육관과 생활체육 강좌 운영", ("arts-recreation",), ()),
    ("공정여행", "지역 주민이 안내하는 공정여행과 문화 탐방", ("arts-recreation", "business-support"), ()),
    ("집수리", "낡은 집을 고치는 집수리 기술자들의 공동 사업", ("construction", "associations-repair"), ("housing",)),
    ("IT개발자", "프리랜서 개발자들의 공동 수주와 교육", ("information", "professional"), ("nonregular",)),
    ("가사돌봄", "가사 관리사들이 함께 만든 가사·돌봄 서비스", ("households", "health-welfare"), ("care", "nonregular")),
    ("공정무역", "국제 공정무역 제품의 수입과 판매", ("wholesale-retail", "extraterritorial"), ()),
    ("공공서비스", "주민센터와 함께하는 생활 행정 지원", ("public-administration",), ()),
    ("석재", "석재 가공 업체들의 공동 구매와 기술 교류", ("mining", "manufacturing"), ()),
)
# credit unions are the only legal type that may do finance (K)
FINANCE_THEMES = (("신용", "조합원의 저축과 소액 대출, 금융 교육", ("finance",), ("small-business",)),)
PREFIXES = ("", "", "", "우리", "함께", "행복한", "푸른", "새", "나눔", "두레", "다같이", "희망", "꿈꾸는", "온마을", "이웃")
# Words that tell apart two co-ops that would otherwise share a name in one district.
NAME_WORDS = ("한마음", "어울림", "새싹", "참", "다온", "해맑은", "늘푸른", "씨앗", "들꽃", "모두의", "온누리", "가온", "한울",
              "마중물", "디딤돌", "징검다리", "소나무", "별빛", "터전", "두손", "너나들이", "살림", "동네", "골목", "햇살")
TYPE_SUFFIX = {
    "coop": "협동조합",
    "social-coop": "사회적협동조합",
    "federation": "협동조합연합회",
    "social-federation": "사회적협동조합연합회",
    "mixed-federation": "이종협동조합연합회",
    "consumer-life-coop": "소비자생활협동조합",
    "credit-union": "신용협동조합",
}
TYPE_WEIGHTS = {"coop": 60, "social-coop": 25, "federation": 3, "social-federation": 2, "mixed-federation": 1, "consumer-life-coop": 6, "credit-union": 3}
STATUS_WEIGHTS = {"active": 90, "suspended": 6, "dissolved": 4}
STREETS = ("로", "길", "대로")
OPENINGS = (
    "{name}은(는) {district}에서 {phrase}을(를) 하는 {type}입니다.",
    "{district} 주민 {members}명이 뜻을 모아 {year}년에 {name}을(를) 만들었습니다.",
    "{name}은(는) {year}년부터 {district}의 {phrase}을(를) 맡아 왔습니다.",
)
CLOSINGS = (
    "궁금한 점은 전화나 이메일로 문의해 주세요.",
    "함께할 이웃을 기다리고 있습니다.",
    "앞으로 {district}의 다른 동에도 사업을 넓힐 계획입니다.",
)
LISTS = (
    "주요 사업은 다음과 같습니다.\n\n- {phrase}\n- 조합원 교육과 소모임\n- 지역 행사 참여\n",
    "가입 절차:\n\n1. 조합 사무실에 상담 신청\n2. 가입 신청서 작성과 출자금 납입\n3. 이사회 승인 뒤 조합원 교육 참석\n",
)


# The second round's co-op fields (contract, "Second round"), at the shares real entries will
# have them. The seeds are the 2013 basic plan and the 2016-17 report on the 골목경제 joint
# collaboration programme (shared/seeds/; data/taxonomy/activities.yaml quotes it).
#
# * registration_number, 96%: a co-op becomes a legal person when it registers (the plan
#   names 등기 as the step after 설립 신고), so every registered co-op has a 법인등록번호; the
#   rest are entries whose editor left it blank, as the data dictionary allows ("모르면 빈칸").
# * activities: the report funds joint production, purchasing, distribution, sales,
#   marketing, brands and facilities of 협업체 of three or more 자영업자 and of co-op
#   consortia and federations. So 사업자 co-ops in trade, food, manufacturing and farming
#   60%, other 사업자 co-ops and federations 30%, the rest 4%; 1 to 3 of the theme's.
# * offers: a minority, the co-ops that sell to the public: 35% in trade, food, manufacturing
#   and farming, 12% elsewhere; 1 to 3 items (55/30/15 in 100), a fifth with a web page.
# * listed: only entries added with `new` carry it (the older ones came before the field),
#   so mostly the recent co-ops: 60% of those founded from 2024 on, 5% of older ones.
# * aliases: rare, and mostly the short names people use for 생협 and 신협: 30% of
#   consumer co-ops and credit unions, 2% of the others (2 of the 46 hand-written co-ops).
REGISTRATION_SHARE = 0.96
ACTIVITY_SHARES = {"trade": 0.60, "business": 0.30, "other": 0.04}
OFFER_SHARES = {"trade": 0.35, "other": 0.12}
OFFER_COUNT_WEIGHTS = {1: 55, 2: 30, 3: 15}
OFFER_URL_SHARE = 0.2
LISTED_SHARES = {"recent": 0.60, "older": 0.05}
LISTED_RECENT_YEAR = 2024
ALIAS_SHARES = {"short-name": 0.30, "other": 0.02}
# Trade, food, manufacturing and farming: the 골목경제 businesses the report's programme serves.
TRADE_INDUSTRIES = frozenset({"wholesale-retail", "accommodation-food", "manufacturing", "agriculture"})
FEDERATIONS = frozenset({"federation", "social-federation", "mixed-federation"})
# `listed` falls between the first synthetic `verified` date (the corpus pictures the portal in
# its first year) and the fixed build date of the tests and benchmarks (tests/conftest.py
# EPOCH, 2026-11-22): `check` refuses a `listed` date after the build's today.
LISTED_FROM = dt.date(2026, 1, 1)
LISTED_UNTIL = dt.date(2026, 11, 22)
# 법인등록번호: the registry office and legal-form digits of the hand-written co-ops
# ("110171-…"), then a serial; `check` tests the pattern and that no two co-ops share one.
REGISTRATION_PREFIX = "110171-"
REGISTRATION_FIRST_SERIAL = 1000
# Joint businesses each theme does, most usual first (activity term ids).
THEME_ACTIVITIES: dict[str, tuple[str, ...]] = {
    "공동육아": ("joint-purchasing", "joint-facilities"),
    "어르신돌봄": ("joint-purchasing", "joint-marketing"),
    "청년주택": ("joint-facilities", "joint-purchasing"),
    "의료복지": ("joint-purchasing", "joint-facilities"),
    "전통시장상인": ("joint-purchasing", "joint-distribution", "joint-sales", "joint-marketing", "joint-brand"),
    "골목상점": ("joint-marketing", "joint-brand", "joint-sales", "joint-purchasing"),
    "인생이모작": ("joint-marketing",),
    "대리운전기사": ("joint-facilities", "joint-marketing"),
    "청소노동자": ("joint-purchasing", "joint-marketing"),
    "마을카페": ("joint-purchasing", "joint-facilities", "joint-brand"),
    "도시농업": ("joint-production", "joint-sales", "joint-distribution", "joint-brand"),
    "햇빛발전": ("joint-facilities", "joint-production"),
    "자원순환": ("joint-distribution", "joint-facilities", "joint-sales"),
    "수제화": ("joint-brand", "joint-production", "joint-sales", "joint-marketing", "joint-facilities"),
    "봉제": ("joint-production", "joint-facilities", "joint-brand", "joint-purchasing"),
    "마을방송": ("joint-production", "joint-facilities"),
    "대안학교": ("joint-facilities",),
    "생활체육": ("joint-facilities", "joint-marketing"),
    "공정여행": ("joint-marketing", "joint-brand", "joint-sales"),
    "집수리": ("joint-purchasing", "joint-marketing", "joint-facilities"),
    "IT개발자": ("joint-marketing", "joint-sales"),
    "가사돌봄": ("joint-marketing", "joint-brand"),
    "공정무역": ("joint-purchasing", "joint-distribution", "joint-sales", "joint-brand"),
    "공공서비스": ("joint-facilities",),
    "석재": ("joint-purchasing", "joint-production", "joint-facilities"),
    "신용": (),
}
# The short names people search for (an alias): 한살림서울생협 for 한살림서울생활협동조합.
SHORT_SUFFIX = {"consumer-life-coop": "생협", "credit-union": "신협", "social-coop": "사협", "federation": "연합회",
                "social-federation": "사협연합회", "mixed-federation": "연합회"}


@dataclass(frozen=True, slots=True)
class SynthResult:
    root: Path
    coops: int  # total, real ones included
    synthetic: int


def _yaml_str(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: no quoting surprises.
    return json.dumps(value, ensure_ascii=False)


def _terms(repo: Path, kind: str) -> list[dict]:
    data = yaml.safe_load((repo / "data" / "taxonomy" / f"{kind}.yaml").read_text(encoding="utf-8"))
    return data["terms"]


def _copy_repo(repo: Path, out: Path) -> None:
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, out / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, out / name)
    for folder in sorted((repo / "data").iterdir()):
        if folder.is_dir():
            shutil.copytree(folder, out / "data" / folder.name, dirs_exist_ok=True)


_PARTICLE = re.compile(r"([가-힣])(을\(를\)|은\(는\)|이\(가\)|과\(와\))")
_PAIRS = {"을(를)": ("을", "를"), "은(는)": ("은", "는"), "이(가)": ("이", "가"), "과(와)": ("과", "와")}


def particles(text: str) -> str:
    """Pick 을/를, 은/는, ... by whether the syllable before ends in a consonant."""

    def pick(match: re.Match[str]) -> str:
        char, pair = match.group(1), _PAIRS[match.group(2)]
        code = ord(char) - 0xAC00
        batchim = 0 <= code < 11172 and code % 28 != 0
        return char + pair[0 if batchim else 1]

    return _PARTICLE.sub(pick, text)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


DESCRIPTION_WORDS = (25, 60)
_VOCABULARY: tuple[list[str], list[int]] | None = None


def _description(rng: random.Random, values: dict) -> str:
    """An opening sentence about the co-op, then sentences of the seeds' words: 25 to 60 words in all."""
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = _seed_words()
    vocabulary, cumulative = _VOCABULARY
    target = rng.randint(*DESCRIPTION_WORDS)
    opening = particles(rng.choice(OPENINGS).format(**values))
    closing = particles(rng.choice(CLOSINGS).format(**values)) if rng.random() < 0.6 else ""
    sentences = [opening]
    count = len(opening.split()) + len(closing.split())
    while count < target:
        length = min(rng.randint(5, 12), target - count)
        sentences.append(" ".join(rng.choices(vocabulary, cum_weights=cumulative, k=length)) + ".")
        count += length
    return " ".join(sentences + ([closing] if closing else []))


def name_key(name: str, district: str) -> tuple[str, str]:
    """What `check` compares to find one co-op saved twice (load.py): spaces and case aside."""
    return ("".join(name.split()).casefold(), district)


@dataclass(frozen=True, slots=True)
class SecondRound:
    """A synthetic co-op's second-round fields (YAML values, ready to write)."""

    aliases: list[str]
    activities: list[str]  # labels, as the hand-written co-ops write them
    offers: list[tuple[str, str, str, str]]  # (name, kind, description, url)
    registration_number: str
    listed: dt.date | None


def _aliases(second: random.Random, name: str, place: str, legal_type: str) -> list[str]:
    """The short name people search for: ...생협 for ...소비자생활협동조합, or the name without
    (or with) its 자치구."""
    short = SHORT_SUFFIX.get(legal_type)
    suffix = TYPE_SUFFIX[legal_type]
    if second.random() >= ALIAS_SHARES["short-name" if legal_type in ("consumer-life-coop", "credit-union") else "other"]:
        return []
    if short:
        return [name[: -len(suffix)] + short]
    # 마포우리공동육아협동조합 → 우리공동육아협동조합; 우리공동육아협동조합 → 마포우리공동육아협동조합
    return [name[len(place):] if name.startswith(place) else place + name]


def _activities(second: random.Random, index: int, stem: str, category: str, legal_type: str, industry: str,
                activity_terms: list[dict]) -> list[str]:
    """Labels of the joint businesses the co-op does (see ACTIVITY_SHARES); the first
    records take one term each, so even a small corpus uses every term."""
    labels = {term["id"]: term["label"] for term in activity_terms}
    if category == "business" and industry in TRADE_INDUSTRIES:
        share = ACTIVITY_SHARES["trade"]
    elif category == "business" or legal_type in FEDERATIONS:
        share = ACTIVITY_SHARES["business"]
    else:
        share = ACTIVITY_SHARES["other"]
    chosen: list[str] = []
    usual = THEME_ACTIVITIES.get(stem, ())
    if usual and second.random() < share:
        picked = set(second.sample(usual, min(len(usual), second.choices((1, 2, 3), weights=(50, 35, 15))[0])))
        chosen = [term for term in usual if term in picked]
    if index < len(activity_terms) and activity_terms[index]["id"] not in chosen:
        chosen.append(activity_terms[index]["id"])
    return [labels[term] for term in chosen if term in labels]


def _offers(second: random.Random, stem: str, legal_type: str, industry: str, record_id: str, values: dict) -> list[tuple[str, str, str, str]]:
    """(name, kind, description, url) of what the co-op sells (see OFFER_SHARES)."""
    if second.random() >= OFFER_SHARES["trade" if industry in TRADE_INDUSTRIES else "other"]:
        return []
    pool = OFFERS[stem] + (FEDERATION_OFFERS if legal_type in FEDERATIONS else ())
    count = min(len(pool), second.choices(list(OFFER_COUNT_WEIGHTS), weights=list(OFFER_COUNT_WEIGHTS.values()))[0])
    offers = []
    for number, (name, kind, description) in enumerate(second.sample(pool, count), 1):
        url = f"https://example.org/coops/{record_id}/offers/{number}" if second.random() < OFFER_URL_SHARE else ""
        offers.append((name, kind, description.format(**values), url))
    return offers


def _listed(second: random.Random, founded: dt.date) -> dt.date | None:
    """The day the entry was added with `new`, or None for one that came before the field."""
    if second.random() >= LISTED_SHARES["recent" if founded.year >= LISTED_RECENT_YEAR else "older"]:
        return None
    start = max(founded, LISTED_FROM)
    return start + dt.timedelta(days=second.randrange((LISTED_UNTIL - start).days + 1))


def _registration_number(second: random.Random, index: int, taken: set[str]) -> str:
    """An unused 법인등록번호, or "" for an entry without one (see REGISTRATION_SHARE)."""
    if second.random() >= REGISTRATION_SHARE:
        return ""
    serial = REGISTRATION_FIRST_SERIAL + index
    while (number := f"{REGISTRATION_PREFIX}{serial:07d}") in taken:
        serial += 1
    taken.add(number)
    return number


def second_round_lines(fields: SecondRound) -> list[str]:
    """The YAML lines of the fields the hand-written co-ops write after `example` (aliases go after `name`)."""
    lines = []
    if fields.activities:
        lines.append(f"activities: [{', '.join(fields.activities)}]")
    if fields.offers:
        lines.append("offers:")
        for name, kind, description, url in fields.offers:
            lines += [f"  - name: {_yaml_str(name)}", f"    kind: {kind}", f"    description: {_yaml_str(description)}"]
            if url:
                lines.append(f"    url: {url}")
    if fields.registration_number:
        lines.append(f'registration_number: "{fields.registration_number}"')
    if fields.listed:
        lines.append(f"listed: {fields.listed.isoformat()}")
    return lines


def coop_yaml(index: int, rng: random.Random, districts: list[dict], industries: list[str], categories: list[str], fields: list[str],
              names: set[tuple[str, str]] | None = None, *, activities: list[dict] | None = None,
              second: random.Random | None = None, numbers: set[str] | None = None) -> tuple[str, str]:
    """(id, YAML text) of synthetic co-op number `index` (0-based); `names` holds the names taken.

    The second round's fields draw from their own generator `second` (default: `rng`), so the
    fields every co-op had before come out the same with or without them; `numbers` holds the
    법인등록번호 taken, `activities` the activity terms."""
    # Cycle the first records through every term so even a small corpus uses all of them.
    district = districts[index % len(districts)]
    legal_type = list(TYPE_SUFFIX)[index % len(TYPE_SUFFIX)] if index < len(TYPE_SUFFIX) else _weighted(rng, TYPE_WEIGHTS)
    if index < len(industries) and industries[index] == "finance":
        legal_type = "credit-union"
    if legal_type == "credit-union" and rng.random() < 0.8:
        theme = FINANCE_THEMES[0]
    else:
        theme = THEMES[index % len(THEMES)] if index < len(THEMES) else rng.choice(THEMES)
    stem, phrase, theme_industries, theme_fields = theme
    if index < len(industries) and (industries[index] != "finance" or legal_type == "credit-union"):
        industry = industries[index]
    else:
        industry = rng.choice(theme_industries)
    if industry == "finance" and legal_type != "credit-union":
        industry = "professional"
    category = categories[index % len(categories)] if index < len(categories) else rng.choice(categories)
    chosen_fields = list(theme_fields[: rng.randint(0, len(theme_fields))]) if theme_fields else []
    if index < len(fields):
        chosen_fields = [fields[index]]
    status = list(STATUS_WEIGHTS)[index % 3] if index < 3 else _weighted(rng, STATUS_WEIGHTS)

    district_label = district["label"]
    place = district_label[:-1] if district_label.endswith("구") and len(district_label) > 2 else district_label
    prefix = rng.choice(PREFIXES)
    name = f"{place}{prefix}{stem}{TYPE_SUFFIX[legal_type]}" if rng.random() < 0.7 else f"{prefix}{stem}{TYPE_SUFFIX[legal_type]}"
    if names is not None:
        # `check` refuses two co-ops of one name in one 자치구 (the same co-op saved twice)
        tries = 0
        while name_key(name, district["id"]) in names:
            tries += 1
            word = rng.choice(NAME_WORDS) if tries < 20 else f"{rng.choice(NAME_WORDS)}{tries}"
            name = f"{place}{word}{stem}{TYPE_SUFFIX[legal_type]}"
        names.add(name_key(name, district["id"]))
    record_id = f"{district['id']}-{industry}-{index + 1:05d}"
    special = legal_type in ("consumer-life-coop", "credit-union")
    year = rng.randint(1985, 2024) if special else rng.randint(2013, 2025)
    founded = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    members = rng.randint(5, 3000 if special else 400)
    type_label = TYPE_SUFFIX[legal_type]

    values = {"name": name, "district": district_label, "phrase": phrase, "type": type_label, "members": members, "year": year}
    second = second or rng
    extras = SecondRound(
        aliases=_aliases(second, name, place, legal_type),
        activities=_activities(second, index, stem, category, legal_type, industry, activities or []),
        offers=_offers(second, stem, legal_type, industry, record_id, {"district": district_label, "place": place}),
        registration_number=_registration_number(second, index, numbers if numbers is not None else set()),
        listed=_listed(second, dt.date.fromisoformat(founded)),
    )
    description = _description(rng, values)
    extra = rng.random()
    if extra < 0.15:
        description += "\n\n" + rng.choice(LISTS).format(**values)
    elif extra < 0.25:
        description += f"\n\n자세한 소식은 [조합 누리집](https://example.org/coops/{record_id})에서 볼 수 있습니다.\n"

    lines = [f"name: {_yaml_str(name)}"]
    if extras.aliases:
        lines.append(f"aliases: [{', '.join(map(_yaml_str, extras.aliases))}]")
    lines += [
        f"summary: {_yaml_str(particles(f'{district_label}에서 {phrase}을(를) 하는 {type_label}'))}",
        f"district: {district['id']}",
        f"industry: {industry}",
        f"category: {category}",
        f"legal_type: {legal_type}",
        f"founded: {founded}",
    ]
    if chosen_fields:
        lines.append(f"fields: [{', '.join(chosen_fields)}]")
    if rng.random() < 0.85:
        lines.append(f"members: {members}")
    if status != "active" or rng.random() < 0.3:
        lines.append(f"status: {status}")
    if rng.random() < 0.9:
        lines.append("description: |")
        lines += [f"  {line}" if line else "" for line in description.rstrip("\n").split("\n")]
    if rng.random() < 0.8:
        lines.append(f"address: {_yaml_str(f'서울특별시 {district_label} {place}{rng.choice(STREETS)} {rng.randint(1, 400)}, {rng.randint(1, 5)}층')}")
    contact = []
    if rng.random() < 0.85:
        contact.append(f'  phone: "02-{rng.randint(200, 9999):04d}-{rng.randint(0, 9999):04d}"')
    if rng.random() < 0.6:
        contact.append(f"  email: {record_id}@example.org")
    if rng.random() < 0.4:
        contact.append(f"  website: https://example.org/coops/{record_id}")
    if contact:
        lines.append("contact:")
        lines += contact
    if rng.random() < 0.7:
        verified = dt.date(2026, rng.randint(1, 6), rng.randint(1, 28))
        # an entry is checked when it is added: never verified before it was listed
        lines.append(f"verified: {max(verified, extras.listed or verified).isoformat()}")
    lines.append('source: "합성 데이터(성능 측정용)"')
    lines.append("example: true")
    if rng.random() < 0.05:
        lines.append("hidden: [contact.phone]")
    lines += second_round_lines(extras)
    return record_id, "\n".join(lines) + "\n"


def _real_keys(coop_dir: Path, districts: list[dict]) -> tuple[set[tuple[str, str]], set[str]]:
    """The name keys and 법인등록번호 of the repository's own co-ops, which the synthetic ones must not repeat."""
    by_label = {term["label"]: term["id"] for term in districts}
    names, numbers = set(), set()
    for path in coop_dir.iterdir():
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if isinstance(data, dict) and data.get("name"):
                district = str(data.get("district", ""))
                names.add(name_key(str(data["name"]), by_label.get(district, district)))
            if isinstance(data, dict) and data.get("registration_number"):
                numbers.add(str(data["registration_number"]))
    return names, numbers


def synthesize(repo: Path, out: Path, coops: int, seed: int = 1) -> SynthResult:
    """Write a complete repository with `coops` co-ops (at least the repository's own) to `out`."""
    repo, out = repo.resolve(), out.resolve()
    if out == repo or out in repo.parents:
        raise ValueError(f"{out}: 저장소 자체나 그 상위 폴더에는 만들 수 없습니다. 빈 폴더를 지정하세요")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("data", *COPIED):  # a smaller N must not keep a larger run's files
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    _copy_repo(repo, out)
    coop_dir = out / "data" / "coops"
    coop_dir.mkdir(parents=True, exist_ok=True)
    real = sum(1 for path in coop_dir.iterdir() if path.suffix in (".yaml", ".yml"))
    districts = [t for t in _terms(repo, "regions") if t.get("level") == "district"]
    industries = [t["id"] for t in _terms(repo, "industries")]
    categories = [t["id"] for t in _terms(repo, "categories")]
    fields = [t["id"] for t in _terms(repo, "fields")]
    activities = _terms(repo, "activities")
    rng = random.Random(seed)
    second = random.Random(f"second-round-{seed}")  # a string seed is hashed the same in every run
    count = max(0, coops - real)
    names, numbers = _real_keys(coop_dir, districts)
    for index in range(count):
        record_id, text = coop_yaml(index, rng, districts, industries, categories, fields, names,
                                    activities=activities, second=second, numbers=numbers)
        (coop_dir / f"{record_id}.yaml").write_bytes(text.encode("utf-8"))
    return SynthResult(out, real + count, count)
