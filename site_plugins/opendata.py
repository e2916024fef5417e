"""Open data: the records as CSV, JSON and GeoJSON, and the page that describes them.

One row builder per record type feeds every format, so CSV, JSON and the data
dictionary (/data/) cannot drift apart: the column lists below are the order of
the CSV header, the keys of each JSON record and the rows of the dictionary.

Fields a co-op lists under `hidden` are blank in every export, exactly as they
are missing from its page; `public_value` is the one place that decides.

Every CSV cell goes through `csv_cell`, which writes a value a spreadsheet would run
as a formula (`=`, `+`, `-`, `@`, tab, CR first) with a leading `'`; JSON keeps the
value as it is.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from . import geomap
from .context import BuildContext
from .kinds import EVENT_KIND_LABELS, JOB_KIND_LABELS, LIBRARY_KIND_LABELS, OFFER_KIND_LABELS
from .model import Center, Coop, Course, Event, Program
from .output import OutputFile, Outputs, Page
from .problems import Problem
from .relations import STATUS_LABELS
from .render import coop_url, render

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ko"
ATTRIBUTION = "서울 협동조합 포털"
GEO_FILE = Path(geomap.DISTRICTS_FILE)
GEO_SOURCE = "통계청(KOSTAT) 센서스용 행정구역경계(2013), 공개 저장소 southkorea/seoul-maps(Lucy Park)"
GEO_ATTRIBUTION = f"자치구 경계: {GEO_SOURCE}, Apache License 2.0"
GEO_LICENSE_URL = "https://www.apache.org/licenses/LICENSE-2.0"
METHOD_LABELS = {"phone": "전화", "visit": "방문", "email": "이메일"}
MODE_LABELS = {"onsite": "현장", "online": "온라인", "blended": "현장+온라인"}
# record field name -> export column, where they differ
EXAMPLE_COLUMNS = {"contact.phone": "phone", "contact.email": "email", "contact.website": "website"}
DAY_LABELS = {"mon": "월", "tue": "화", "wed": "수", "thu": "목", "fri": "금", "sat": "토", "sun": "일"}
log = logging.getLogger("mkdocs.plugins.portal")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str
    example: str = ""
    multi: bool = False  # a list: `;`-joined in CSV, an array in JSON


def _c(name: str, description: str, example: str = "", multi: bool = False) -> Column:
    return Column(name, description, example, multi)


COOP_COLUMNS = (
    _c("id", "협동조합 id. 주소 /coops/<id>/의 마지막 부분이며 바뀌지 않습니다", "hansalim-seoul"),
    _c("name", "정식 이름", "한살림서울생활협동조합"),
    _c("aliases", "다른 이름·표기 목록(검색에서 이 이름으로도 찾습니다)", "아이쿱;아이쿱생협", multi=True),
    _c("summary", "한 줄 소개"),
    _c("status", "상태 id: active(운영 중), dissolved(해산), suspended(휴업)", "active"),
    _c("status_label", "상태 이름", "운영 중"),
    _c("sido", "시도 id", "seoul"),
    _c("sido_label", "시도 이름", "서울특별시"),
    _c("area", "권역 id(서울시 협동조합 상담센터의 4개 권역)", "seobuk"),
    _c("area_label", "권역 이름", "서북권"),
    _c("district", "자치구 id", "jung"),
    _c("district_label", "자치구 이름", "중구"),
    _c("district_code", "자치구의 통계청 행정구역 코드", "11020"),
    _c("industry", "업종 id", "wholesale-retail"),
    _c("industry_code", "한국표준산업분류(KSIC) 대분류 기호", "G"),
    _c("industry_label", "업종 이름", "도매 및 소매업"),
    _c("category", "조합원 유형 id", "consumer"),
    _c("category_label", "조합원 유형 이름", "소비자협동조합"),
    _c("legal_type", "법인 유형 id", "consumer-life-coop"),
    _c("legal_type_label", "법인 유형 이름", "소비자생활협동조합"),
    _c("fields", "전략분야 id 목록", "care;health", multi=True),
    _c("fields_label", "전략분야 이름 목록(fields와 같은 순서)", "돌봄;보건의료", multi=True),
    _c("activities", "공동사업(사업별 분류) id 목록", "joint-purchasing;joint-marketing", multi=True),
    _c("activities_label", "공동사업 이름 목록(activities와 같은 순서)", "공동구매;공동마케팅", multi=True),
    _c("offers", "상품·서비스 이름 목록(자세한 내용은 offers.csv)", "우리밀 식빵;반죽 납품", multi=True),
    _c("founded", "설립일(YYYY-MM-DD)", "2013-03-15"),
    _c("registration_number", "법인등록번호(모르면 빈칸)", "110171-0000101"),
    _c("listed", "포털에 올린 날(YYYY-MM-DD, 모르면 빈칸)", "2026-11-22"),
    _c("members", "조합원 수(비공개이거나 모르면 빈칸)", "120"),
    _c("address", "주소(비공개이면 빈칸)"),
    _c("lat", "위도(WGS84, 없거나 비공개이면 빈칸)", "37.5663"),
    _c("lon", "경도(WGS84, 없거나 비공개이면 빈칸)", "126.9779"),
    _c("phone", "전화(비공개이면 빈칸)", "02-3498-3721"),
    _c("email", "이메일(비공개이면 빈칸)"),
    _c("website", "웹사이트(비공개이면 빈칸)"),
    _c("verified", "정보를 마지막으로 확인한 날(YYYY-MM-DD)", "2013-02-08"),
    _c("source", "정보의 출처"),
    _c("example", "예시 항목이면 true(실제 협동조합 정보가 아님)", "false"),
    _c("example_fields", "실제 협동조합이지만 원 자료에 없어 예시 값을 넣은 열 이름 목록(contact.phone은 phone)", "founded", multi=True),
    _c("url", "포털의 협동조합 페이지 주소"),
    _c("description", "자세한 소개(Markdown, 비공개이면 빈칸)"),
)

CENTER_COLUMNS = (
    _c("id", "상담센터 id. 주소 /centers/<id>/의 마지막 부분", "seobuk"),
    _c("name", "이름"),
    _c("operator", "운영기관"),
    _c("area", "권역 id", "seobuk"),
    _c("area_label", "권역 이름", "서북권"),
    _c("districts", "담당 자치구 id 목록", "jongno;jung", multi=True),
    _c("districts_label", "담당 자치구 이름 목록", "종로구;중구", multi=True),
    _c("phone", "전화(period_state가 past인 센터는 운영할 때의 번호로, 지금은 상담하지 않습니다)", "02-3498-3721"),
    _c("email", "이메일"),
    _c("website", "웹사이트"),
    _c("address", "주소(past인 센터는 운영할 때의 주소)"),
    _c("lat", "위도(WGS84, 없으면 빈칸)"),
    _c("lon", "경도(WGS84, 없으면 빈칸)"),
    _c("hours", "운영 시간: 요일 여는 시각-닫는 시각", "월화수목금 09:00-18:00", multi=True),
    _c("services", "제공 서비스", "상담;교육", multi=True),
    _c("methods", "상담 방법 id: phone, visit, email", "phone;visit", multi=True),
    _c("methods_label", "상담 방법 이름", "전화;방문", multi=True),
    _c("period_from", "운영을 시작한 날(YYYY-MM-DD, 모르면 빈칸)", "2012-11-01"),
    _c("period_to", "운영을 마친 날(YYYY-MM-DD, 운영 중이면 빈칸)", "2013-02-15"),
    _c("period_state", "사이트를 만든 날 기준 상태: current(운영 중), past(운영 종료, 연락처로 쓰지 마세요), upcoming(개소 예정)", "past"),
    _c("example", "예시 항목이면 true", "false"),
    _c("url", "포털의 상담센터 페이지 주소"),
    _c("description", "소개(Markdown)"),
)

COURSE_COLUMNS = (
    _c("id", "교육 과정 id. 주소 /education/<id>/의 마지막 부분"),
    _c("title", "과정 이름"),
    _c("track", "교육 분야 id", "citizen"),
    _c("track_label", "교육 분야 이름", "시민교육"),
    _c("audience", "교육 대상"),
    _c("session", "회차 번호(1부터). CSV는 회차마다 한 줄입니다", "1"),
    _c("start", "회차 시작(서울 시각, ISO 8601)", "2026-12-05T10:00:00+09:00"),
    _c("end", "회차 끝(서울 시각, ISO 8601)", "2026-12-05T12:00:00+09:00"),
    _c("location", "회차 장소"),
    _c("district", "교육이 열리는 자치구 id"),
    _c("district_label", "자치구 이름"),
    _c("mode", "방식 id: onsite, online, blended", "onsite"),
    _c("mode_label", "방식 이름", "현장"),
    _c("capacity", "정원(명)", "40"),
    _c("hours", "총 교육 시간", "4"),
    _c("provider", "운영기관"),
    _c("fee", "수강료(원, 0은 무료)", "0"),
    _c("registration_url", "신청 주소"),
    _c("registration_opens", "신청 시작일"),
    _c("registration_closes", "신청 마감일"),
    _c("example", "예시 항목이면 true(날짜가 자료에 없는 예시)", "true"),
    _c("url", "포털의 교육 과정 페이지 주소"),
)

PROGRAM_COLUMNS = (
    _c("id", "지원사업 id. 주소 /programs/<id>/의 마지막 부분"),
    _c("title", "사업 이름"),
    _c("organizer", "주관 기관"),
    _c("summary", "한 줄 소개"),
    _c("eligibility", "지원 대상(Markdown)"),
    _c("support", "지원 내용(Markdown)"),
    _c("apply_opens", "신청 시작일"),
    _c("apply_closes", "신청 마감일"),
    _c("apply_url", "신청 주소"),
    _c("fields", "전략분야 id 목록", "care;health", multi=True),
    _c("fields_label", "전략분야 이름 목록", "돌봄;보건의료", multi=True),
    _c("industries", "업종 id 목록", multi=True),
    _c("industries_label", "업종 이름 목록", multi=True),
    _c("regions", "지역 id 목록", "seoul", multi=True),
    _c("regions_label", "지역 이름 목록", "서울특별시", multi=True),
    _c("example", "예시 항목이면 true", "true"),
    _c("url", "포털의 지원사업 페이지 주소"),
)


OFFER_COLUMNS = (
    _c("coop", "협동조합 id(coops.csv의 id)", "gwangjin-neighborhood-bakery-coop"),
    _c("number", "그 협동조합의 상품·서비스 가운데 몇 번째인지(1부터)", "1"),
    _c("name", "상품·서비스 이름", "우리밀 식빵"),
    _c("kind", "종류 id: product(상품), service(서비스)", "product"),
    _c("kind_label", "종류 이름", "상품"),
    _c("description", "한 줄 설명"),
    _c("offer_url", "주문하거나 자세히 볼 수 있는 주소"),
    _c("coop_name", "협동조합 이름"),
    _c("coop_status", "협동조합 상태 id(active가 아니면 지금 팔거나 제공하지 않습니다)", "active"),
    _c("district", "협동조합 자치구 id", "gwangjin"),
    _c("district_label", "자치구 이름", "광진구"),
    _c("industry", "협동조합 업종 id", "manufacturing"),
    _c("industry_label", "업종 이름", "제조업"),
    _c("activities", "협동조합의 공동사업 id 목록", "joint-production", multi=True),
    _c("activities_label", "공동사업 이름 목록", "공동생산", multi=True),
    _c("example", "예시 항목이면 true", "true"),
    _c("url", "포털의 협동조합 페이지 주소"),
)

LIBRARY_COLUMNS = (
    _c("id", "자료 id. 주소 /library/<id>/의 마지막 부분", "self-employed-collaboration-guide-2016"),
    _c("title", "제목"),
    _c("kind", "종류 id: report, guide, casebook, leaflet, poster, video, teaching-material, other", "casebook"),
    _c("kind_label", "종류 이름", "사례집"),
    _c("publisher", "펴낸 곳", "서울특별시"),
    _c("year", "펴낸 해", "2016"),
    _c("summary", "한 줄 소개"),
    _c("fields", "전략분야 id 목록", "small-business", multi=True),
    _c("fields_label", "전략분야 이름 목록", "전통시장 및 소상공인", multi=True),
    _c("file_url", "포털에서 내려받는 파일의 주소(없으면 빈칸)"),
    _c("source_url", "자료가 있는 다른 사이트의 주소(없으면 빈칸)"),
    _c("licence", "이용 조건"),
    _c("example", "예시 항목이면 true", "false"),
    _c("url", "포털의 자료 페이지 주소"),
)

JOB_COLUMNS = (
    _c("id", "공고 id. 주소 /jobs/<id>/의 마지막 부분"),
    _c("title", "제목"),
    _c("kind", "종류 id: job(채용), volunteer(자원활동), member(조합원 모집), founding-partner(설립 동참자 모집)", "job"),
    _c("kind_label", "종류 이름", "채용"),
    _c("coop", "모집하는 협동조합 id(coops.csv의 id)"),
    _c("coop_name", "협동조합 이름"),
    _c("district", "협동조합 자치구 id"),
    _c("district_label", "자치구 이름"),
    _c("posted", "올린 날(YYYY-MM-DD, 없으면 빈칸)"),
    _c("closes", "마감일(YYYY-MM-DD)", "2026-12-15"),
    _c("state", "사이트를 만든 날 기준 상태: open(모집 중), closed(마감)", "open"),
    _c("summary", "한 줄 소개"),
    _c("apply_url", "지원 주소"),
    _c("apply_email", "지원 이메일"),
    _c("example", "예시 항목이면 true(실제 모집이 아님)", "true"),
    _c("url", "포털의 공고 페이지 주소"),
    _c("description", "자세한 내용(Markdown)"),
)

EVENT_COLUMNS = (
    _c("id", "행사 id. 주소 /events/<id>/의 마지막 부분"),
    _c("title", "행사 이름"),
    _c("kind", "종류 id: fair, forum, briefing, networking, showcase, festival, other", "briefing"),
    _c("kind_label", "종류 이름", "설명회"),
    _c("session", "회차 번호(1부터). CSV는 회차마다 한 줄입니다", "1"),
    _c("all_day", "하루 종일 행사면 true(start, end가 날짜), 아니면 false(서울 시각)", "true"),
    _c("start", "회차 시작: 날짜(YYYY-MM-DD) 또는 서울 시각(ISO 8601)", "2012-07-06"),
    _c("end", "회차 끝: 날짜(그날까지) 또는 서울 시각", "2012-07-08"),
    _c("location", "회차 장소(없으면 행사 장소)"),
    _c("organizer", "주최"),
    _c("summary", "한 줄 소개"),
    _c("district", "자치구 id"),
    _c("programs", "관련 지원사업 id 목록(programs.csv의 id)", multi=True),
    _c("event_url", "행사 안내 주소"),
    _c("example", "예시 항목이면 true(날짜나 시각이 자료에 없는 예시)", "true"),
    _c("url", "포털의 행사 페이지 주소"),
)


@dataclass(frozen=True, slots=True)
class Dataset:
    key: str  # file stem under /data/
    title: str
    lead: str
    columns: tuple[Column, ...]


DATASETS = (
    Dataset("coops", "협동조합", "협동조합 한 곳이 한 줄입니다. id 순서로 정렬합니다.", COOP_COLUMNS),
    Dataset("centers", "상담센터", "상담센터 한 곳이 한 줄입니다.", CENTER_COLUMNS),
    Dataset("courses", "교육 과정", "CSV는 회차 하나가 한 줄(과정 id와 회차 번호로 구분), JSON은 과정 하나에 sessions 목록이 있습니다.", COURSE_COLUMNS),
    Dataset("programs", "지원사업", "지원사업 하나가 한 줄입니다.", PROGRAM_COLUMNS),
    Dataset("offers", "상품·서비스", "협동조합의 상품이나 서비스 하나가 한 줄입니다(협동조합 id와 번호로 구분). 협동조합 id 순서입니다.", OFFER_COLUMNS),
    Dataset("library", "자료실", "자료 하나가 한 줄입니다.", LIBRARY_COLUMNS),
    Dataset("jobs", "채용·참여 모집", "공고 하나가 한 줄입니다. 마감한 공고도 state가 closed로 남습니다.", JOB_COLUMNS),
    Dataset("events", "행사", "CSV는 회차 하나가 한 줄(행사 id와 회차 번호로 구분), JSON은 행사 하나에 sessions 목록이 있습니다.", EVENT_COLUMNS),
)


class _SharedRows:
    """Rows several files are made from: built on first use, dropped after the last.

    `coop_rows` for 30,000 co-ops takes about a second and was made once for each of
    coops.csv, coops.json and places.geojson; they are written one after another, so
    one list serves all three and is not kept once the last has it.
    """

    def __init__(self, build: Callable[[], list[dict[str, Any]]], users: int) -> None:
        self.build = build
        self.users = users
        self.left = 0
        self.rows: list[dict[str, Any]] | None = None

    def __call__(self) -> list[dict[str, Any]]:
        rows = self.rows
        if rows is None:
            rows = self.rows = self.build()
            self.left = self.users
        self.left -= 1
        if self.left == 0:
            self.rows = None
        return rows


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    coops = _SharedRows(partial(coop_rows, ctx), users=3)
    out.files += [
        OutputFile("data/coops.csv", partial(_csv, COOP_COLUMNS, coops), bulk=True),
        OutputFile("data/coops.json", partial(_json, ctx, "coops", coops), bulk=True),
        OutputFile("data/centers.csv", partial(_csv, CENTER_COLUMNS, lambda: center_rows(ctx))),
        OutputFile("data/centers.json", partial(_json, ctx, "centers", lambda: center_rows(ctx))),
        OutputFile("data/courses.csv", partial(_csv, COURSE_COLUMNS, lambda: session_rows(ctx))),
        OutputFile("data/courses.json", partial(_json, ctx, "courses", lambda: course_records(ctx))),
        OutputFile("data/programs.csv", partial(_csv, PROGRAM_COLUMNS, lambda: program_rows(ctx))),
        OutputFile("data/programs.json", partial(_json, ctx, "programs", lambda: program_rows(ctx))),
        OutputFile("data/places.geojson", partial(places_geojson, ctx, coops), bulk=True),
        OutputFile("data/offers.csv", partial(_csv, OFFER_COLUMNS, lambda: offer_rows(ctx)), bulk=True),
        OutputFile("data/offers.json", partial(_json, ctx, "offers", lambda: offer_rows(ctx)), bulk=True),
        OutputFile("data/library.csv", partial(_csv, LIBRARY_COLUMNS, lambda: library_rows(ctx))),
        OutputFile("data/library.json", partial(_json, ctx, "library", lambda: library_rows(ctx))),
        OutputFile("data/jobs.csv", partial(_csv, JOB_COLUMNS, lambda: job_rows(ctx))),
        OutputFile("data/jobs.json", partial(_json, ctx, "jobs", lambda: job_rows(ctx))),
        OutputFile("data/events.csv", partial(_csv, EVENT_COLUMNS, lambda: event_session_rows(ctx))),
        OutputFile("data/events.json", partial(_json, ctx, "events", lambda: event_records(ctx))),
    ]
    if district_geometry(ctx):
        out.files.append(OutputFile("data/districts.geojson", partial(districts_geojson, ctx)))
    out.pages.append(Page(url="data/", title="공개 데이터", nav=True,
                          description="협동조합·상품·상담센터·교육·지원사업·자료실·채용·행사 자료를 CSV, JSON, GeoJSON으로 내려받고, 열마다 뜻을 확인하세요(CC BY 4.0).",
                          render=partial(render_dictionary, ctx)))
    return out


# --- what is public -------------------------------------------------------------------


def public_value(coop: Coop, name: str, value: Any) -> Any:
    """`value`, or None when the co-op keeps field `name` off the site."""
    return None if name in coop.hidden else value


def _area_of(ctx: BuildContext, district: str) -> tuple[Any, Any]:
    chain = ctx.site.taxonomies.ancestors(district)
    sido = next((t for t in chain if t.level == "sido"), None)
    area = next((t for t in chain if t.level == "area"), None)
    return sido, area


def _labels(ctx: BuildContext, kind: str, ids: tuple[str, ...]) -> list[str]:
    return [ctx.site.taxonomies.label(kind, i) for i in ids]


def coop_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    site = ctx.site
    tax = site.taxonomies
    rows = []
    areas: dict[str, tuple[Any, Any]] = {}
    for coop_id in sorted(site.coops):
        coop = site.coops[coop_id]
        if coop.district not in areas:
            areas[coop.district] = _area_of(ctx, coop.district)
        sido, area = areas[coop.district]
        district = tax.get("regions", coop.district)
        industry = tax.get("industries", coop.industry)
        point = public_value(coop, "location", coop.location)
        rows.append({
            "id": coop.id,
            "name": coop.name,
            "aliases": list(coop.aliases),
            "summary": coop.summary,
            "status": coop.status,
            "status_label": STATUS_LABELS.get(coop.status, coop.status),
            "sido": sido.id if sido else None,
            "sido_label": sido.label if sido else None,
            "area": area.id if area else None,
            "area_label": area.label if area else None,
            "district": district.id,
            "district_label": district.label,
            "district_code": district.code or None,
            "industry": industry.id,
            "industry_code": industry.code or None,
            "industry_label": industry.label,
            "category": coop.category,
            "category_label": tax.label("categories", coop.category),
            "legal_type": coop.legal_type,
            "legal_type_label": tax.label("types", coop.legal_type),
            "fields": list(coop.fields),
            "fields_label": _labels(ctx, "fields", coop.fields),
            "activities": list(coop.activities),
            "activities_label": _labels(ctx, "activities", coop.activities),
            "offers": [offer.name for offer in coop.offers],
            "founded": coop.founded.isoformat(),
            "registration_number": coop.registration_number or None,
            "listed": coop.listed.isoformat() if coop.listed else None,
            "members": public_value(coop, "members", coop.members),
            "address": public_value(coop, "address", coop.address or None),
            "lat": point.lat if point else None,
            "lon": point.lon if point else None,
            "phone": public_value(coop, "contact.phone", coop.contact.phone or None),
            "email": public_value(coop, "contact.email", coop.contact.email or None),
            "website": public_value(coop, "contact.website", coop.contact.website or None),
            "verified": coop.verified.isoformat() if coop.verified else None,
            "source": coop.source or None,
            "example": coop.example,
            "example_fields": [EXAMPLE_COLUMNS.get(f, f) for f in coop.example_fields],
            "url": ctx.absolute(coop_url(coop.id)),
            "description": public_value(coop, "description", coop.description or None),
        })
    return rows


def _hours(center: Center) -> list[str]:
    return [f"{''.join(DAY_LABELS[d] for d in h.days)} {h.opens}-{h.closes}" for h in center.hours]


def center_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    tax = ctx.site.taxonomies
    rows = []
    for center_id in sorted(ctx.site.centers):
        c = ctx.site.centers[center_id]
        rows.append({
            "id": c.id,
            "name": c.name,
            "operator": c.operator,
            "area": c.area,
            "area_label": tax.label("regions", c.area),
            "districts": list(c.districts),
            "districts_label": _labels(ctx, "regions", c.districts),
            "phone": c.phone,
            "email": c.email or None,
            "website": c.website or None,
            "address": c.address,
            "lat": c.location.lat if c.location else None,
            "lon": c.location.lon if c.location else None,
            "hours": _hours(c),
            "services": list(c.services),
            "methods": list(c.methods),
            "methods_label": [METHOD_LABELS.get(m, m) for m in c.methods],
            "period_from": c.period.start.isoformat() if c.period.start else None,
            "period_to": c.period.end.isoformat() if c.period.end else None,
            "period_state": c.period.state(ctx.site.build_date.date()),
            "example": c.example,
            "url": ctx.absolute(f"centers/{c.id}/"),
            "description": c.description or None,
        })
    return rows


def _course_fields(ctx: BuildContext, course: Course) -> dict[str, Any]:
    tax = ctx.site.taxonomies
    reg = course.registration
    return {
        "id": course.id,
        "title": course.title,
        "track": course.track,
        "track_label": tax.label("tracks", course.track),
        "audience": course.audience,
        "district": course.district or None,
        "district_label": tax.label("regions", course.district) if course.district else None,
        "mode": course.mode,
        "mode_label": MODE_LABELS.get(course.mode, course.mode),
        "capacity": course.capacity,
        "hours": course.hours,
        "provider": course.provider or None,
        "fee": course.fee,
        "registration_url": reg.url or None,
        "registration_opens": reg.opens.isoformat() if reg.opens else None,
        "registration_closes": reg.closes.isoformat() if reg.closes else None,
        "example": course.example,
        "url": ctx.absolute(f"education/{course.id}/"),
    }


def session_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    rows = []
    for course_id in sorted(ctx.site.courses):
        course = ctx.site.courses[course_id]
        common = _course_fields(ctx, course)
        for number, session in enumerate(course.sessions, 1):
            rows.append({**common, "session": number, "start": session.start.isoformat(),
                         "end": session.end.isoformat(), "location": session.location or None})
    return rows


def course_records(ctx: BuildContext) -> list[dict[str, Any]]:
    records = []
    for course_id in sorted(ctx.site.courses):
        course = ctx.site.courses[course_id]
        record = _course_fields(ctx, course)
        record["sessions"] = [{"session": n, "start": s.start.isoformat(), "end": s.end.isoformat(), "location": s.location or None}
                              for n, s in enumerate(course.sessions, 1)]
        records.append(record)
    return records


def program_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    rows = []
    for program_id in sorted(ctx.site.programs):
        p: Program = ctx.site.programs[program_id]
        rows.append({
            "id": p.id,
            "title": p.title,
            "organizer": p.organizer,
            "summary": p.summary,
            "eligibility": p.eligibility or None,
            "support": p.support or None,
            "apply_opens": p.apply.opens.isoformat() if p.apply.opens else None,
            "apply_closes": p.apply.closes.isoformat() if p.apply.closes else None,
            "apply_url": p.apply.url or None,
            "fields": list(p.fields),
            "fields_label": _labels(ctx, "fields", p.fields),
            "industries": list(p.industries),
            "industries_label": _labels(ctx, "industries", p.industries),
            "regions": list(p.regions),
            "regions_label": _labels(ctx, "regions", p.regions),
            "example": p.example,
            "url": ctx.absolute(f"programs/{p.id}/"),
        })
    return rows


def offer_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    """One row per offer: [{coop, number, name, kind, ...}], co-ops in id order."""
    site = ctx.site
    tax = site.taxonomies
    rows = []
    for coop_id in sorted(site.coops):
        coop = site.coops[coop_id]
        for number, offer in enumerate(coop.offers, 1):
            rows.append({
                "coop": coop.id,
                "number": number,
                "name": offer.name,
                "kind": offer.kind,
                "kind_label": OFFER_KIND_LABELS.get(offer.kind, offer.kind),
                "description": offer.description or None,
                "offer_url": offer.url or None,
                "coop_name": coop.name,
                "coop_status": coop.status,
                "district": coop.district,
                "district_label": tax.label("regions", coop.district),
                "industry": coop.industry,
                "industry_label": tax.label("industries", coop.industry),
                "activities": list(coop.activities),
                "activities_label": _labels(ctx, "activities", coop.activities),
                "example": coop.example,
                "url": ctx.absolute(coop_url(coop.id)),
            })
    return rows


def library_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    rows = []
    for item_id in sorted(ctx.site.library):
        item = ctx.site.library[item_id]
        rows.append({
            "id": item.id,
            "title": item.title,
            "kind": item.kind,
            "kind_label": LIBRARY_KIND_LABELS.get(item.kind, item.kind),
            "publisher": item.publisher,
            "year": item.year,
            "summary": item.summary or None,
            "fields": list(item.fields),
            "fields_label": _labels(ctx, "fields", item.fields),
            "file_url": ctx.absolute(f"library/files/{item.file}") if item.file else None,
            "source_url": item.url or None,
            "licence": item.licence or None,
            "example": item.example,
            "url": ctx.absolute(f"library/{item.id}/"),
        })
    return rows


def job_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    site = ctx.site
    today = site.build_date.date()
    rows = []
    for job_id in sorted(site.jobs):
        job = site.jobs[job_id]
        coop = site.coops[job.coop]
        rows.append({
            "id": job.id,
            "title": job.title,
            "kind": job.kind,
            "kind_label": JOB_KIND_LABELS.get(job.kind, job.kind),
            "coop": coop.id,
            "coop_name": coop.name,
            "district": coop.district,
            "district_label": site.taxonomies.label("regions", coop.district),
            "posted": job.posted.isoformat() if job.posted else None,
            "closes": job.closes.isoformat(),
            "state": "open" if job.is_open(today) else "closed",
            "summary": job.summary or None,
            "apply_url": job.apply.url or None,
            "apply_email": job.apply.email or None,
            "example": job.example,
            "url": ctx.absolute(f"jobs/{job.id}/"),
            "description": job.description or None,
        })
    return rows


def _event_fields(ctx: BuildContext, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "kind_label": EVENT_KIND_LABELS.get(event.kind, event.kind),
        "organizer": event.organizer or None,
        "summary": event.summary or None,
        "district": event.district or None,
        "programs": list(event.programs),
        "event_url": event.url or None,
        "example": event.example,
        "url": ctx.absolute(f"events/{event.id}/"),
    }


def _event_session(event: Event, number: int, session: Any) -> dict[str, Any]:
    return {"session": number, "all_day": session.all_day, "start": session.start.isoformat(), "end": session.end.isoformat(),
            "location": session.location or event.location or None}


def event_session_rows(ctx: BuildContext) -> list[dict[str, Any]]:
    """One row per session, as courses.csv: [{id, ..., session, all_day, start, end, location}]."""
    rows = []
    for event_id in sorted(ctx.site.events):
        event = ctx.site.events[event_id]
        common = _event_fields(ctx, event)
        for number, session in enumerate(event.sessions, 1):
            rows.append({**common, **_event_session(event, number, session)})
    return rows


def event_records(ctx: BuildContext) -> list[dict[str, Any]]:
    """One record per event with its `sessions` list, as courses.json."""
    records = []
    for event_id in sorted(ctx.site.events):
        event = ctx.site.events[event_id]
        record = _event_fields(ctx, event)
        record["sessions"] = [_event_session(event, n, s) for n, s in enumerate(event.sessions, 1)]
        records.append(record)
    return records


# --- formats --------------------------------------------------------------------------


# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that begins with one of
# these as a formula: `=HYPERLINK(...)`, `+1`, `-1+2`, `@SUM(1)`, and a leading tab or
# carriage return before one (`\t=1`). Such a cell is written with a leading `'`, which
# every spreadsheet reads as "text follows". This is the public contract of /data/*.csv
# (the data dictionary says so); the JSON files keep the raw value.
FORMULA_START = frozenset("=+-@\t\r")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# runs once per cell (30,000 co-ops x 35 columns), so the common case (text) goes first
def csv_cell(value: Any) -> str:
    """The text of one CSV cell: the one place every CSV value of the site goes through."""
    text = value if type(value) is str else _text(value)
    return "'" + text if text and text[0] in FORMULA_START else text


def csv_bytes(header: list[str], rows: Any) -> bytes:
    """A whole CSV file: UTF-8 with a BOM, so that Excel on a Korean Windows opens Hangul
    correctly; CRLF and quoting per RFC 4180; every cell through `csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv(columns: tuple[Column, ...], rows: Any) -> bytes:
    names = [c.name for c in columns]
    return csv_bytes(names, ([row[name] for name in names] for row in rows()))


def _json(ctx: BuildContext, key: str, rows: Any) -> bytes:
    data = {
        "title": f"{ATTRIBUTION}: {next(d.title for d in DATASETS if d.key == key)}",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "documentation": ctx.absolute("data/"),
    }
    # One record per line: compact for 30,000 co-ops, yet a change shows as a one-line diff.
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))[:-1]
    lines = ",\n".join(json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in rows())
    return f'{head},"{key}":[\n{lines}\n]}}\n'.encode("utf-8")


def places_geojson(ctx: BuildContext, rows: Callable[[], list[dict[str, Any]]] | None = None) -> bytes:
    """Co-ops and operating centres that have a (public) location, as GeoJSON points.

    `rows`: where the co-ops' rows come from, when the build already has them (`coop_rows`).
    """
    features = []
    for row in (rows or partial(coop_rows, ctx))():
        if row["lat"] is None:
            continue
        features.append(_point(row["lon"], row["lat"], {
            "kind": "coop", "id": row["id"], "name": row["name"], "url": row["url"],
            "district": row["district"], "district_label": row["district_label"],
            "industry": row["industry"], "industry_label": row["industry_label"],
            "example": row["example"]}))
    for center_id in sorted(ctx.site.centers):
        center = ctx.site.centers[center_id]
        if center.location is None or center.period.state(ctx.site.build_date.date()) == "past":
            continue  # a map shows where to go today; a past centre is history (centers.csv keeps it)
        features.append(_point(center.location.lon, center.location.lat, {
            "kind": "center", "id": center.id, "name": center.name, "url": ctx.absolute(f"centers/{center.id}/"),
            "area": center.area, "area_label": ctx.site.taxonomies.label("regions", center.area),
            "example": center.example}))
    return _geojson(features, LICENSE, LICENSE_URL, ATTRIBUTION)


def _point(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def _geojson(features: list[dict[str, Any]], license: str, license_url: str, attribution: str) -> bytes:
    """The one GeoJSON writer (places, districts): polygon rings wound as RFC 7946 wants,
    exterior counter-clockwise and holes clockwise, whatever the source file does."""
    features = [{**f, "geometry": geomap.rfc7946_winding(f["geometry"])} if f.get("geometry") else f for f in features]
    data = {"type": "FeatureCollection", "license": license, "license_url": license_url,
            "attribution": attribution, "features": features}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def district_geometry(ctx: BuildContext) -> dict[str, Any] | None:
    """The district boundaries shipped in data/geo, checked, or None when the repository has
    none or they are broken (then the map and districts.geojson are left out, and the
    problems are logged: a strict build stops on them, in Korean, without a traceback)."""
    geo, problems = geomap.load_district_geometry(ctx.root)
    if problems:
        _warn_once(str(ctx.root), tuple(problems))
    return geo


@lru_cache(maxsize=4)
def _warn_once(root: str, problems: tuple[Problem, ...]) -> None:
    # the export, /stats/ and /regions/ all ask; say it once per broken file version
    log.warning("자치구 경계 파일에 문제가 있어 지도와 districts.geojson을 만들지 않았습니다.\n%s",
                "\n".join(str(p) for p in sorted(problems)))


def districts_by_code(ctx: BuildContext) -> dict[str, Any]:
    return {t.code: t for t in ctx.site.taxonomies.terms("regions") if t.level == "district" and t.code}


def districts_geojson(ctx: BuildContext) -> bytes:
    """The district boundaries with the number of co-ops in each (a choropleth's data)."""
    geo = district_geometry(ctx) or {"features": []}
    terms = districts_by_code(ctx)
    counts = ctx.relations.coops_by_term["regions"]
    features = []
    for feature in geo["features"]:
        code = str(feature["properties"]["code"])
        term = terms.get(code)
        _, area = _area_of(ctx, term.id) if term else (None, None)
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "code": code,
            "district": term.id if term else None,
            "district_label": term.label if term else feature["properties"].get("name"),
            "area": area.id if area else None,
            "area_label": area.label if area else None,
            "coops": len(counts.get(term.id, [])) if term else 0,
            "url": ctx.absolute(f"regions/{term.id}/") if term else None,
        }})
    features.sort(key=lambda f: f["properties"]["code"])
    return _geojson(features, f"{LICENSE} (협동조합 수), Apache-2.0 (경계)", GEO_LICENSE_URL,
                    f"{ATTRIBUTION}; {GEO_ATTRIBUTION}")


# --- the data dictionary page ---------------------------------------------------------


def render_dictionary(ctx: BuildContext) -> str:
    counts = {"coops": len(ctx.site.coops), "centers": len(ctx.site.centers), "courses": len(ctx.site.courses), "programs": len(ctx.site.programs),
              "offers": sum(len(c.offers) for c in ctx.site.coops.values()), "library": len(ctx.site.library), "jobs": len(ctx.site.jobs),
              "events": len(ctx.site.events)}
    page = render("datadict.html", "data/", ctx.site, datasets=DATASETS, counts=counts, license=LICENSE,
                  license_url=LICENSE_URL, geo_source=GEO_SOURCE, geo_license_url=GEO_LICENSE_URL,
                  has_districts=district_geometry(ctx) is not None)
    return page


