"""From one parsed YAML mapping to one typed record, reporting everything wrong with it.

Each builder runs the record's JSON Schema first; only a record that passes it
is turned into a dataclass, after its vocabulary values are resolved and the
rules no schema can express (dates in order, founding dates not in the future,
finance only under a special law) are checked.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import schema
from .markdown_guard import SafeMarkdown, needs_audit
from .pagelinks import report_findings
from .model import (
    Application,
    Author,
    Center,
    Contact,
    Coop,
    Course,
    Event,
    EventSession,
    Job,
    JobApply,
    LibraryItem,
    Location,
    Offer,
    OpeningHours,
    Period,
    Program,
    Registration,
    Session,
    Source,
)
from .particles import josa, quoted
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
    "library": ("description",),
    "job": ("description",),
    "event": ("description",),
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
            self.report(path, f"{quoted(value, '은/는')} {josa(wanted, '이/가')} 아닙니다.{hint} data/taxonomy/{kind}.yaml을 보세요")
        else:
            self.report(path, f"알 수 없는 {KIND_LABELS[kind]} '{value}'입니다.{hint} data/taxonomy/{kind}.yaml에 있는 id나 이름을 쓰세요")
        return ""

    def terms(self, kind: str, values: list[str] | None, path: tuple[object, ...], *, level: str | None = None) -> tuple[str, ...]:
        resolved = [self.term(kind, value, (*path, index), level=level) for index, value in enumerate(values or [])]
        unique: list[str] = []
        for index, term_id in enumerate(resolved):
            if term_id and term_id in unique:
                self.report((*path, index), f"{quoted(term_id, '이/가')} 목록에 두 번 있습니다(id와 이름을 섞어 쓴 것 같습니다)")
            elif term_id:
                unique.append(term_id)
        return tuple(unique)

    def date(self, value: str | None) -> dt.date | None:
        return schema.parse_date(value) if value else None


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
    # audit_markdown renders a field only when needs_audit() says it could find something
    for name in markdown_fields:
        value = data.get(name)
        if isinstance(value, str):
            audit_markdown(value, ctx.rel, ctx.doc.text_line((name,)), ctx.problems, name, ctx.markdown)


def audit_markdown(text: str, rel: str, first_line: int, problems: Problems, field: str, md: SafeMarkdown) -> str | None:
    """Render Markdown and report anything unsafe; returns the HTML when it was rendered."""
    if not needs_audit(text):
        return None
    rendered, findings = md.render(text)
    report_findings(findings, text, rel, first_line, problems, field)
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
        ctx.report(("location", "lat"), f"위도 {josa(str(lat), '은/는')} 대한민국 범위(33~39)를 벗어납니다.{hint} 지도 서비스에서 위도(예: 37.5663)를 다시 확인하세요")
        ok = False
    if not LON_RANGE[0] <= lon <= LON_RANGE[1]:
        hint = " 위도와 경도를 바꿔 쓴 것 같습니다." if LAT_RANGE[0] <= lon <= LAT_RANGE[1] else ""
        ctx.report(("location", "lon"), f"경도 {josa(str(lon), '은/는')} 대한민국 범위(124~132)를 벗어납니다.{hint} 지도 서비스에서 경도(예: 126.9779)를 다시 확인하세요")
        ok = False
    return Location(lat, lon) if ok else None


def _aliases(ctx: RecordContext, name: str, aliases: list[str]) -> tuple[str, ...]:
    """A co-op's other names: the name itself or one name twice (spaces and case aside) is a slip."""
    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).casefold()

    seen = {key(name): -1}
    for index, alias in enumerate(aliases):
        earlier = seen.get(key(alias))
        if earlier == -1:
            ctx.report(("aliases", index), f"다른 이름 {quoted(alias, '이/가')} 이름(name)과 같습니다. 이 줄을 지우세요")
        elif earlier is not None:
            ctx.report(("aliases", index), f"다른 이름 {quoted(alias, '이/가')} {earlier + 1}번째 다른 이름과 같습니다(띄어쓰기·대소문자만 다름). 하나만 남기세요")
        seen.setdefault(key(alias), index)
    return tuple(aliases)


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
        ctx.report(("founded",), f"설립일 {josa(str(founded), '이/가')} 미래입니다. 실제 설립(신고 수리)일을 쓰세요")
    if founded.year < 1900:
        ctx.report(("founded",), f"설립일 {josa(str(founded), '이/가')} 너무 이릅니다. 날짜를 확인하세요")
    if verified and verified > ctx.today:
        ctx.report(("verified",), f"확인일 {josa(str(verified), '이/가')} 미래입니다")
    if industry and legal_type:
        industry_term = ctx.vocabularies["industries"].terms[industry]
        type_term = ctx.vocabularies["types"].terms[legal_type]
        if industry_term.restricted and not type_term.special_law:
            ctx.report(
                ("industry",),
                f"{josa(type_term.label, '은/는')} 협동조합 기본법에 따라 {josa(industry_term.label, '을/를')} 할 수 없습니다. "
                "특별법에 따른 협동조합(예: 신용협동조합)이면 legal_type을 고치세요",
            )
    aliases = _aliases(ctx, data["name"], data.get("aliases") or [])
    contact = data.get("contact") or {}
    point = location(ctx, data.get("location"))
    activities = ctx.terms("activities", data.get("activities"), ("activities",))
    listed = ctx.date(data.get("listed"))
    if listed and listed > ctx.today:
        ctx.report(("listed",), f"포털 등록일 {josa(str(listed), '이/가')} 미래입니다. 이 항목을 포털에 올린 날짜를 쓰세요")
    offers = _offers(ctx, data.get("offers") or [])
    if not all((district, industry, category, legal_type)) or len(fields) != len(data.get("fields") or []):
        return None
    if len(activities) != len(data.get("activities") or []):
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
        aliases=aliases,
        offers=offers,
        activities=activities,
        registration_number=data.get("registration_number") or "",
        listed=listed,
    )


def _offers(ctx: RecordContext, items: list[dict[str, Any]]) -> tuple[Offer, ...]:
    """The co-op's products and services; one name twice is a copy-paste slip."""
    seen: dict[str, int] = {}
    offers = []
    for index, item in enumerate(items):
        name = item["name"]
        if name in seen:
            ctx.report(("offers", index, "name"), f"상품·서비스 {quoted(name, '이/가')} 목록에 두 번 있습니다({seen[name] + 1}번째와 같음). 하나만 남기세요")
        seen.setdefault(name, index)
        offers.append(Offer(name, item.get("kind", "product"), item.get("description") or "", item.get("url") or ""))
    return tuple(offers)


def build_center(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Center | None:
    area = _center_area(ctx, data["area"])
    districts = ctx.terms("regions", data.get("districts"), ("districts",), level="district")
    hours = []
    for index, item in enumerate(data.get("hours") or []):
        if item["closes"] <= item["opens"]:
            ctx.report(("hours", index, "closes"), f"닫는 시각({item['closes']})이 여는 시각({item['opens']})보다 늦어야 합니다")
        hours.append(OpeningHours(tuple(item["days"]), item["opens"], item["closes"]))
    point = location(ctx, data.get("location"))
    period = data.get("period") or {}
    start, end = ctx.date(period.get("from")), ctx.date(period.get("to"))
    if start and end and end < start:
        ctx.report(("period", "to"), f"운영 기간의 끝난 날({end})이 시작일({start})보다 빠릅니다")
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
        period=Period(start, end),
    )


def _center_area(ctx: RecordContext, value: str) -> str:
    """A 권역 (level area), or a whole 시도 for a city-wide centre such as the 종합지원센터
    that plan item 2-4 puts in place of the four 권역 centres."""
    vocabulary = ctx.vocabularies["regions"]
    term_id = vocabulary.resolve(value)
    if term_id is None:
        return ctx.term("regions", value, ("area",), level="area")  # the unknown-value message
    if vocabulary.terms[term_id].level not in ("area", "sido"):
        suggestions = vocabulary.suggest(value, level="area")
        hint = f" 비슷한 권역: {', '.join(suggestions)}." if suggestions else ""
        ctx.report(("area",), f"{quoted(value, '은/는')} 권역이나 시도가 아닙니다.{hint} 시 전체를 맡는 센터는 서울특별시(seoul)를 쓰세요")
        return ""
    return term_id


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


def build_library_item(record_id: str, data: dict[str, Any], ctx: RecordContext) -> LibraryItem | None:
    """Whether `file` exists under content/library/files/ is checked by load_site, which
    knows the repository; here: the year, and the field terms."""
    fields = ctx.terms("fields", data.get("fields"), ("fields",))
    if data["year"] > ctx.today.year:
        ctx.report(("year",), f"펴낸 해 {josa(str(data['year']), '이/가')} 미래입니다. 이미 펴낸 자료만 올리세요")
    if len(fields) != len(data.get("fields") or []):
        return None
    return LibraryItem(
        id=record_id,
        title=data["title"],
        kind=data["kind"],
        publisher=data["publisher"],
        year=data["year"],
        source_file=Source(ctx.rel),
        url=data.get("url") or "",
        file=data.get("file") or "",
        licence=data.get("licence") or "",
        summary=data.get("summary") or "",
        fields=fields,
        description=data.get("description") or "",
        example=data.get("example") is True,
    )


def build_job(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Job | None:
    """Whether `coop` exists is checked by load_site once every co-op is read."""
    closes = ctx.date(data["closes"])
    posted = ctx.date(data.get("posted"))
    assert closes is not None
    if posted and posted > closes:
        ctx.report(("posted",), f"올린 날({posted})이 마감일({closes})보다 늦습니다")
    apply = data.get("apply") or {}
    return Job(
        id=record_id,
        title=data["title"],
        coop=data["coop"],
        kind=data["kind"],
        closes=closes,
        source_file=Source(ctx.rel),
        summary=data.get("summary") or "",
        description=data.get("description") or "",
        apply=JobApply(apply.get("url") or "", apply.get("email") or ""),
        posted=posted,
        example=data.get("example") is True,
    )


def build_event(record_id: str, data: dict[str, Any], ctx: RecordContext) -> Event | None:
    """Sessions as for courses, except that a session may be whole days (dates only)."""
    district = ctx.term("regions", data["district"], ("district",), level="district") if data.get("district") else ""
    sessions = []
    for index, item in enumerate(data["sessions"]):
        start, end = schema.parse_when(item["start"]), schema.parse_when(item["end"])
        assert start is not None and end is not None
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            ctx.report(("sessions", index, "end"), "시작과 끝을 둘 다 날짜로(하루 종일), 또는 둘 다 날짜와 시각으로 쓰세요 "
                       f"(시작 {item['start']}, 끝 {item['end']})")
            continue
        if (end <= start) if isinstance(start, dt.datetime) else (end < start):  # type: ignore[operator]
            ctx.report(("sessions", index, "end"), f"끝({item['end']})이 시작({item['start']})보다 늦어야 합니다")
        sessions.append(EventSession(start, end, item.get("location") or ""))
    if data.get("district") and not district:
        return None
    return Event(
        id=record_id,
        title=data["title"],
        sessions=tuple(sorted(sessions, key=lambda s: (s.start_at, s.end_at))),
        source_file=Source(ctx.rel),
        kind=data.get("kind", "other"),
        summary=data.get("summary") or "",
        organizer=data.get("organizer") or "",
        location=data.get("location") or "",
        description=data.get("description") or "",
        url=data.get("url") or "",
        programs=tuple(data.get("programs") or ()),
        district=district,
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
    "coop": {"district": ("regions", "district"), "industry": ("industries", None), "category": ("categories", None), "legal_type": ("types", None), "fields": ("fields", None),
             "activities": ("activities", None)},
    "center": {"area": ("regions", None), "districts": ("regions", "district")},
    "library": {"fields": ("fields", None)},
    "event": {"district": ("regions", "district")},
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


# Pairs that must be in order, per schema: (path to the pair, Korean name). When a record
# failed its schema the builder does not run; these still report what is readable, so a
# bad date in one session never hides an end-before-start in another.
ORDER_PAIRS: dict[str, tuple[tuple[tuple[object, ...], str], ...]] = {
    "course": ((("registration",), "접수"),),
    "program": ((("apply",), "신청"),),
}
SESSION_PARSERS: dict[str, Callable[[str], Any]] = {"course": schema.parse_datetime, "event": schema.parse_when}


def _check_order_only(schema_name: str, data: dict[str, Any], ctx: RecordContext) -> None:
    for path, what in ORDER_PAIRS.get(schema_name, ()):
        pair = data.get(path[0])
        if isinstance(pair, dict) and all(isinstance(pair.get(key), str) for key in ("opens", "closes")):
            _date_order(ctx, pair["opens"], pair["closes"], path, what)
    parse = SESSION_PARSERS.get(schema_name)
    sessions = data.get("sessions")
    if parse is None or not isinstance(sessions, list):
        return
    for index, item in enumerate(sessions):
        if not isinstance(item, dict) or not isinstance(item.get("start"), str) or not isinstance(item.get("end"), str):
            continue
        start, end = parse(item["start"]), parse(item["end"])
        if start is None or end is None or type(start) is not type(end):
            continue  # the schema already said what is wrong with it
        if end < start or (isinstance(start, dt.datetime) and end == start):
            ctx.report(("sessions", index, "end"), f"끝나는 시각({item['end']})이 시작 시각({item['start']})보다 늦어야 합니다")


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
    RecordKind("library", "library", build_library_item, "자료실 자료"),
    RecordKind("jobs", "job", build_job, "채용·모집 공고"),
    RecordKind("events", "event", build_event, "행사"),
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
        _check_order_only(kind.schema, data, ctx)
        return None
    record = kind.builder(record_id, data, ctx)
    return record if len(ctx.problems) == before else None
