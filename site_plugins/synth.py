"""A synthetic repository of any size, for benchmarks and scale tests.

`python -m site_plugins synth --coops N --out DIR` copies this repository's
mkdocs.yml, overrides/, content/ and every data folder, keeps its real co-ops
(articles refer to them) and adds synthetic ones until there are N. Every facet
term is used, some descriptions carry Markdown lists and links, some optional
fields are left out. Descriptions are as long as real entries' (25 to 60 words)
and use the seed documents' vocabulary at its own frequencies (`synthwords.py`),
so page sizes, the search index and build times predict what editors will see.
The same N and seed always give the same bytes, and 30,000 files take a few
seconds: records are written from string templates, not through a YAML emitter.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def coop_yaml(index: int, rng: random.Random, districts: list[dict], industries: list[str], categories: list[str], fields: list[str],
              names: set[tuple[str, str]] | None = None) -> tuple[str, str]:
    """(id, YAML text) of synthetic co-op number `index` (0-based); `names` holds the names taken."""
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
    description = _description(rng, values)
    extra = rng.random()
    if extra < 0.15:
        description += "\n\n" + rng.choice(LISTS).format(**values)
    elif extra < 0.25:
        description += f"\n\n자세한 소식은 [조합 누리집](https://example.org/coops/{record_id})에서 볼 수 있습니다.\n"

    lines = [
        f"name: {_yaml_str(name)}",
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
        lines.append(f"verified: 2026-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}")
    lines.append('source: "합성 데이터(성능 측정용)"')
    lines.append("example: true")
    if rng.random() < 0.05:
        lines.append("hidden: [contact.phone]")
    return record_id, "\n".join(lines) + "\n"


def _real_names(coop_dir: Path, districts: list[dict]) -> set[tuple[str, str]]:
    """The name keys of the repository's own co-ops, which the synthetic ones must not repeat."""
    by_label = {term["label"]: term["id"] for term in districts}
    names = set()
    for path in coop_dir.iterdir():
        if path.suffix in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if isinstance(data, dict) and data.get("name"):
                district = str(data.get("district", ""))
                names.add(name_key(str(data["name"]), by_label.get(district, district)))
    return names


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
    rng = random.Random(seed)
    count = max(0, coops - real)
    names = _real_names(coop_dir, districts)
    for index in range(count):
        record_id, text = coop_yaml(index, rng, districts, industries, categories, fields, names)
        (coop_dir / f"{record_id}.yaml").write_bytes(text.encode("utf-8"))
    return SynthResult(out, real + count, count)
