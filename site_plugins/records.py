"""From one parsed YAML mapping to one typed record, reporting everything wrong with it.

Each builder runs the record's JSON Schema first; only a record that passes it
is turned into a dataclass, after its vocabulary values are resolved and the
rules no schema can express (dates in order, founding dates not in the future,
finance only under a special law) are checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import schema
from .markdown_guard import MAX_BRACKETS_PER_BLOCK, SafeMarkdown, line_of, needs_audit
from .model import (
    Application,
    Author,
    Center,
    Contact,
    Coop,
    Course,
    Location,
    OpeningHours,
    Program,
    Registration,
    Session,
    Source,
)
from .problems import Problems, field_path
from .taxonomy import KIND_LABELS, Vocabulary
from .values import check_suspects
from .yamlread import YamlDocument

MARKDOWN_FIELDS = {
    "coop": ("description",),
    "center": ("description",),
    "course": ("description",),
    "program": ("eligibility", "support", "description"),
    "author": ("bio",),
}


@dataclass(slots=True)
class RecordContext:
    """What a builder needs to report against the editor's file."""

    rel: str
    doc: YamlDocument
    problems: Problems
    vocabularies: dict[str, Vocabulary]
    today: dt.date
    markdown: SafeMarkdown

    def report(self, path: tuple[object, ...], message: str) -> None:
        self.problems.add(self.rel, self.doc.line_of(path), message, field_path(path))

    def term(self, kind: str, value: str, path: tuple[object, ...], *, level: str | None = None) -> str:
        vocabulary = self.vocabularies[kind]
        term_id = vocabulary.resolve(value)
        if term_id is not None and (level is None or vocabulary.terms[term_id].level == level):
            return term_id
        suggestions = vocabulary.suggest(value, level=level)
        hint = f" 비슷한 값: {', '.join(suggestions)}." if suggestions else ""
        if term_id is not None:
            wanted = {"district": "자치구(시군구)", "area": "권역"}.get(level or "", level or "")
            self.report(path, f"'{value}'은(는) {wanted}가 아닙니다.{hint} data/taxonomy/{kind}.yaml을 보세요")
        else:
            self.report(path, f"알 수 없는 {KIND_LABELS[kind]} '{value}'입니다.{hint} data/taxonomy/{kind}.yaml에 있는 id나 이름을 쓰세요")
        return ""

    def terms(self, kind: str, values: list[str] | None, path: tuple[object, ...], *, level: str | None = None) -> tuple[str, ...]:
        resolved = [self.term(kind, value, (*path, index), level=level) for index, value in enumerate(values or [])]
        unique: list[str] = []
        for index, term_id in enumerate(resolved):
            if term_id and term_id in unique:
                self.report((*path, index), f"'{term_id}'이(가) 목록에 두 번 있습니다(id와 이름을 섞어 쓴 것 같습니다)")
            elif term_id:
                unique.append(term_id)
        return tuple(unique)

    def date(self, value: str | None) -> dt.date | None:
        return schema.parse_date(value) if value else None


# A Markdown field can only hold an HTML tag, a link, image or entity, or an escape
# that spells one if its file has one of these (or too many brackets for Markdown).
_TEXT_TRIGGERS = ("<", "\\", "&", "](", "]:", "![")


def check_values(kind: str, ctx: RecordContext) -> None:
    """The trust boundary (values.py) for every string of the document, keys included."""
    if not ctx.doc.suspects:
        return
    for problem in check_suspects(ctx.doc.suspects, multiline_fields=MARKDOWN_FIELDS.get(kind, ()), line_offset=ctx.doc.line_offset):
        ctx.problems.add(ctx.rel, problem.line, problem.message, field_path(problem.path))


def check_text(kind: str, data: Any, ctx: RecordContext) -> None:
    """Every value through the trust boundary, then unsafe Markdown in Markdown fields."""
    check_values(kind, ctx)
    markdown_fields = MARKDOWN_FIELDS.get(kind, ())
    if not markdown_fields or not isinstance(data, dict):
        return
    source = ctx.doc.text
    if source and not any(trigger in source for trigger in _TEXT_TRIGGERS) and source.count("[") <= MAX_BRACKETS_PER_BLOCK:
        return  # most records: nothing to render
    for name in markdown_fields:
        value = data.get(name)
        if isinstance(value, str):
            audit_markdown(value, ctx.rel, ctx.doc.text_line((name,)), ctx.problems, name, ctx.markdown)


def audit_markdown(text: str, rel: str, first_line: int, problems: Problems, field: str, md: SafeMarkdown) -> str | None:
    """Render Markdown and report anything unsafe; returns the HTML when it was rendered."""
    if not needs_audit(text):
        return None
    rendered, findings = md.render(text)
    for finding in findings:
        problems.add(rel, first_line + line_of(text, finding.snippet) - 1, finding.message, field)
    return rendered


def _date_order(ctx: RecordContext, opens: str | None, closes: str | None, path: tuple[object, ...], what: str) -> None:
    start, end = ctx.date(opens), ctx.date(closes)
    if start and end and end < start:
        ctx.report((*path, "closes"), f"{what} 마감일({closes})이 시작일({opens})보다 빠릅니다")


# Korea, generously: Jeju's south coast to the DMZ, the Yellow Sea islands to Dokdo.
LAT_RANGE = (33.0, 39.0)
LON_RANGE = (124.0, 132.0)


def location(ctx: RecordContext, data: dict[str, Any] | None) -> Location | None:
    """The optional map point; a swapped or foreign coordinate is reported, not drawn in the sea."""
    if not data:
        return None
    lat, lon = float(data["lat"]), float(data["lon"])
    ok = True
    if not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        hint = " 위도와 경도를 바꿔 쓴 것 같습니다." if LON_RANGE[0] <= lat <= LON_RANGE[1] else ""
        ctx.report(("location", "lat"), f"위도 {lat}은(는) 대한민국 범위(33~39)를 벗어납니다.{hint} 지도 서비스에서 위도(예: 37.5663)를 다시 확인하세요")
        ok = False
    if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        hint = " 위도와 경도를 바꿔 쓴 것 같습니다." if LAT_RANGE[0] <= lon <= LAT_RANGE[1] else ""
        ctx.report(("location", "lon"), f"경도 {lon}은(는) 대한민국 범위(124~132)를 벗어납니다.{hint} 지도 서비스에서 경도(예: 126.9779)를 다시 확인하세요")
        ok = False
    return Location(lat, lon) if ok else None


def build_coop(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Coop | None:
    district = ctx.term("regions", data["district"], ("district",), level="district")
    industry = ctx.term("industries", data["industry"], ("industry",))
    category = ctx.term("categories", data["category"], ("category",))
    legal_type = ctx.term("types", data["legal_type"], ("legal_type",))
    fields = ctx.terms("fields", data.get("fields"), ("fields",))
    founded = ctx.date(data["founded"])
    verified = ctx.date(data.get("verified"))
    assert founded is not None  # the schema checked the format
    if founded > ctx.today:
        ctx.report(("founded",), f"설립일 {founded}이(가) 미래입니다. 실제 설립(신고 수리)일을 쓰세요")
    if founded.year < 1900:
        ctx.report(("founded",), f"설립일 {founded}이(가) 너무 이릅니다. 날짜를 확인하세요")
    if verified and verified > ctx.today:
        ctx.report(("verified",), f"확인일 {verified}이(가) 미래입니다")
    if industry and legal_type:
        industry_term = ctx.vocabularies["industries"].terms[industry]
        type_term = ctx.vocabularies["types"].terms[legal_type]
        if industry_term.restricted and not type_term.special_law:
            ctx.report(
                ("industry",),
                f"{type_term.label}은(는) 협동조합 기본법에 따라 {industry_term.label}을(를) 할 수 없습니다. "
                "특별법에 따른 협동조합(예: 신용협동조합)이면 legal_type을 고치세요",
            )
    contact = data.get("contact") or {}
    point = location(ctx, data.get("location"))
    if not all((district, industry, category, legal_type)) or len(fields) != len(data.get("fields") or []):
        return None
    return Coop(
        id=record_id,
        name=data["name"],
        summary=data["summary"],
        district=district,
        industry=industry,
        category=category,
        legal_type=legal_type,
        founded=founded,
        source_file=Source(ctx.rel),
        fields=fields,
        members=data.get("members"),
        status=data.get("status", "active"),
        description=data.get("description") or "",
        address=data.get("address") or "",
        location=point,
        contact=Contact(contact.get("phone", ""), contact.get("email", ""), contact.get("website", "")),
        verified=verified,
        source=data.get("source") or "",
        example=data.get("example") is True,
        example_fields=tuple(data["example"]) if isinstance(data.get("example"), list) else (),
        hidden=tuple(data.get("hidden") or ()),
    )


def build_center(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Center | None:
    area = ctx.term("regions", data["area"], ("area",), level="area")
    districts = ctx.terms("regions", data.get("districts"), ("districts",), level="district")
    hours = []
    for index, item in enumerate(data.get("hours") or []):
        if item["closes"] <= item["opens"]:
            ctx.report(("hours", index, "closes"), f"닫는 시각({item['closes']})이 여는 시각({item['opens']})보다 늦어야 합니다")
        hours.append(OpeningHours(tuple(item["days"]), item["opens"], item["closes"]))
    point = location(ctx, data.get("location"))
    if not area or len(districts) != len(data.get("districts") or []):
        return None
    return Center(
        id=record_id,
        name=data["name"],
        operator=data["operator"],
        area=area,
        phone=data["phone"],
        address=data["address"],
        source_file=Source(ctx.rel),
        hours=tuple(hours),
        services=tuple(data.get("services") or ()),
        methods=tuple(data.get("methods") or ()),
        districts=districts,
        email=data.get("email") or "",
        website=data.get("website") or "",
        description=data.get("description") or "",
        example=data.get("example") is True,
        location=point,
    )


def build_course(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Course | None:
    track = ctx.term("tracks", data["track"], ("track",))
    district = ctx.term("regions", data["district"], ("district",), level="district") if data.get("district") else ""
    sessions = []
    for index, item in enumerate(data["sessions"]):
        start = schema.parse_datetime(item["start"])
        end = schema.parse_datetime(item["end"])
        assert start is not None and end is not None
        if end <= start:
            ctx.report(("sessions", index, "end"), f"끝나는 시각({item['end']})이 시작 시각({item['start']})보다 늦어야 합니다")
        sessions.append(Session(start, end, item.get("location") or ""))
    registration = data.get("registration") or {}
    _date_order(ctx, registration.get("opens"), registration.get("closes"), ("registration",), "접수")
    if not track or (data.get("district") and not district):
        return None
    return Course(
        id=record_id,
        title=data["title"],
        track=track,
        audience=data["audience"],
        sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.end))),
        source_file=Source(ctx.rel),
        capacity=data.get("capacity"),
        hours=data.get("hours"),
        provider=data.get("provider") or "",
        fee=data.get("fee"),
        mode=data.get("mode", "onsite"),
        registration=Registration(registration.get("url", ""), ctx.date(registration.get("opens")), ctx.date(registration.get("closes"))),
        description=data.get("description") or "",
        district=district,
        example=data.get("example") is True,
    )


def build_program(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Program | None:
    fields = ctx.terms("fields", data.get("fields"), ("fields",))
    industries = ctx.terms("industries", data.get("industries"), ("industries",))
    regions = ctx.terms("regions", data.get("regions"), ("regions",))
    apply = data.get("apply") or {}
    _date_order(ctx, apply.get("opens"), apply.get("closes"), ("apply",), "신청")
    expected = sum(len(data.get(key) or []) for key in ("fields", "industries", "regions"))
    if len(fields) + len(industries) + len(regions) != expected:
        return None
    return Program(
        id=record_id,
        title=data["title"],
        organizer=data["organizer"],
        summary=data["summary"],
        source_file=Source(ctx.rel),
        eligibility=data.get("eligibility") or "",
        support=data.get("support") or "",
        apply=Application(ctx.date(apply.get("opens")), ctx.date(apply.get("closes")), apply.get("url", "")),
        fields=fields,
        industries=industries,
        regions=regions,
        description=data.get("description") or "",
        example=data.get("example") is True,
    )


def build_author(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Author | None:
    return Author(
        id=record_id,
        name=data["name"],
        source_file=Source(ctx.rel),
        affiliation=data.get("affiliation") or "",
        bio=data.get("bio") or "",
        expertise=tuple(data.get("expertise") or ()),
        example=data.get("example") is True,
    )


# Vocabulary fields per schema: (vocabulary, required level). When a record already
# failed its schema the builder does not run, but these are still checked so that
# an editor sees an unknown district in the same run as a malformed date.
TERM_FIELDS: dict[str, dict[str, tuple[str, str | None]]] = {
    "coop": {"district": ("regions", "district"), "industry": ("industries", None), "category": ("categories", None), "legal_type": ("types", None), "fields": ("fields", None)},
    "center": {"area": ("regions", "area"), "districts": ("regions", "district")},
    "course": {"track": ("tracks", None), "district": ("regions", "district")},
    "program": {"fields": ("fields", None), "industries": ("industries", None), "regions": ("regions", None)},
}


def _check_terms_only(schema_name: str, data: dict[str, Any], ctx: RecordContext) -> None:
    for name, (vocabulary, level) in TERM_FIELDS.get(schema_name, {}).items():
        value = data.get(name)
        if isinstance(value, str) and value:
            ctx.term(vocabulary, value, (name,), level=level)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str) and item:
                    ctx.term(vocabulary, item, (name, index), level=level)


Builder = Callable[[str, dict[str, Any], RecordContext], Any]


@dataclass(frozen=True, slots=True)
class RecordKind:
    folder: str  # under data/
    schema: str
    builder: Builder
    label: str  # Korean, for messages


RECORD_KINDS = (
    RecordKind("coops", "coop", build_coop, "협동조합"),
    RecordKind("centers", "center", build_center, "상담센터"),
    RecordKind("education", "course", build_course, "교육 과정"),
    RecordKind("programs", "program", build_program, "지원사업"),
    RecordKind("authors", "author", build_author, "필자"),
)


def build_record(kind: RecordKind, record_id: str, data: Any, ctx: RecordContext) -> Any:
    if not isinstance(data, dict):
        what = "비어 있습니다" if data is None else "필드: 값 형식이 아닙니다"
        ctx.problems.add(ctx.rel, 1, f"파일이 {what}. {kind.label} 정보는 'name: ...'처럼 필드: 값 줄들로 써야 합니다")
        return None
    before = len(ctx.problems)
    for error in schema.validate(kind.schema, data):
        ctx.problems.add(ctx.rel, ctx.doc.line_of(error.path), error.message, error.field)
    check_text(kind.schema, data, ctx)
    if len(ctx.problems) > before:
        _check_terms_only(kind.schema, data, ctx)
        return None
    record = kind.builder(record_id, data, ctx)
    return record if len(ctx.problems) == before else None
