"""The portal's domain model: typed, immutable records built by the validator.

Everything downstream (pages, feeds, calendar, search, open data) reads these
classes, never raw YAML. A record always knows the file it came from so a
late problem can still be reported against the editor's file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TypeVar, dataclass_transform
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def record(cls: type[_T]) -> type[_T]:
    """A frozen, slotted dataclass that pickles as a call of its constructor.

    30,000 records travel from the parsing processes to the parent and through the
    record cache; the state functions dataclasses add to slotted classes loop in
    Python, and a constructor call takes half the time (one third when loading).
    """
    cls = dataclass(frozen=True, slots=True)(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values = attrgetter(*names)
    single = len(names) == 1

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return (cls, (values(self),) if single else values(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@record
class Source:
    """Where a record came from: the repository-relative path and first line."""

    path: str
    line: int = 1


@record
class Term:
    """One entry of a controlled vocabulary (a region, an industry, ...)."""

    kind: str  # "regions", "industries", "categories", "types", "fields", "tracks"
    id: str
    label: str
    parent: str | None = None  # id of the parent term (regions form a tree)
    level: str = ""  # regions: "sido", "area" (권역), "district"; empty elsewhere
    code: str = ""  # official code (KSIC section letter, KOSTAT district code)
    description: str = ""
    aliases: tuple[str, ...] = ()
    special_law: bool = False  # legal types: founded under a special law
    restricted: bool = False  # industries: closed to Framework-Act co-ops
    order: int = 0


@record
class Contact:
    phone: str = ""
    email: str = ""
    website: str = ""


@record
class Location:
    """A point on the map (WGS84 degrees), checked to lie in Korea."""

    lat: float
    lon: float


@record
class Offer:
    """One product or service a co-op sells or provides (co-op field `offers`).

    Plan 1-2 asks the portal for "최신의 협동조합 정보, 서비스, 상품"; these feed the
    co-op page, the /products/ catalogue and schema.org `makesOffer`.
    """

    name: str
    kind: str = "product"  # "product" or "service"
    description: str = ""
    url: str = ""


@record
class Coop:
    id: str
    name: str
    summary: str
    district: str  # region term id (a leaf: 자치구 or 시군구)
    industry: str  # industry term id
    category: str  # category term id
    legal_type: str  # legal type term id
    founded: dt.date
    source_file: Source
    fields: tuple[str, ...] = ()
    members: int | None = None
    status: str = "active"
    description: str = ""  # Markdown
    address: str = ""
    location: Location | None = None
    contact: Contact = Contact()
    verified: dt.date | None = None
    source: str = ""
    example: bool = False  # the whole entry is illustrative, shown as 예시
    example_fields: tuple[str, ...] = ()  # a real co-op with some illustrative values
    hidden: tuple[str, ...] = ()  # field names kept off the site and exports
    aliases: tuple[str, ...] = ()  # other names and spellings people search for (아이쿱 for iCOOP)
    offers: tuple[Offer, ...] = ()
    activities: tuple[str, ...] = ()  # activity term ids (사업별 분류: 공동생산, 공동구매, ...)
    registration_number: str = ""  # 법인등록번호 "NNNNNN-NNNNNNN", unique across co-ops
    listed: dt.date | None = None  # the day the entry was added to the portal


@record
class OpeningHours:
    days: tuple[str, ...]  # "mon".."sun"
    opens: str  # "HH:MM"
    closes: str


@record
class Period:
    """When something operated: YAML `period: {from, to}`; either end may be open."""

    start: dt.date | None = None  # `from`
    end: dt.date | None = None  # `to`

    def state(self, today: dt.date) -> str:
        """"upcoming" before `from`, "past" after `to`, else "current" (both days inclusive)."""
        if self.start is not None and today < self.start:
            return "upcoming"
        if self.end is not None and today > self.end:
            return "past"
        return "current"


@record
class Center:
    id: str
    name: str
    operator: str
    area: str  # region term id of the 권역
    phone: str
    address: str
    source_file: Source
    hours: tuple[OpeningHours, ...] = ()
    services: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()  # "phone", "visit", "email"
    districts: tuple[str, ...] = ()  # region term ids served
    email: str = ""
    website: str = ""
    description: str = ""
    example: bool = False
    location: Location | None = None
    # The 4 권역 centres ran from 2012-11-01 (basic plan 2013, 상담센터 운영현황); a centre
    # whose `to` has passed is history, never a place to call today.
    period: Period = Period()

    def is_current(self, today: dt.date) -> bool:
        return self.period.state(today) == "current"


@record
class Session:
    start: dt.datetime  # timezone-aware
    end: dt.datetime
    location: str = ""


@record
class Registration:
    url: str = ""
    opens: dt.date | None = None
    closes: dt.date | None = None


@record
class Course:
    id: str
    title: str
    track: str  # track term id
    audience: str
    sessions: tuple[Session, ...]
    source_file: Source
    capacity: int | None = None
    hours: float | None = None
    provider: str = ""
    fee: int | None = None  # won; 0 means free
    mode: str = "onsite"  # "onsite", "online", "blended"
    registration: Registration = Registration()
    description: str = ""
    district: str = ""  # region term id where it takes place, if any
    example: bool = False  # dates not given by the sources


@record
class Application:
    opens: dt.date | None = None
    closes: dt.date | None = None
    url: str = ""


@record
class Program:
    id: str
    title: str
    organizer: str
    summary: str
    source_file: Source
    eligibility: str = ""
    support: str = ""
    apply: Application = Application()
    fields: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    description: str = ""
    example: bool = False


@record
class Author:
    id: str
    name: str
    source_file: Source
    affiliation: str = ""
    bio: str = ""
    expertise: tuple[str, ...] = ()
    example: bool = False  # illustrative person, shown as 예시


@record
class Article:
    """A Markdown page with front matter: a case study, a column or a newsletter issue."""

    kind: str  # "cases", "columns", "newsletter"
    slug: str
    title: str
    date: dt.date
    summary: str
    source_file: Source
    body: str = ""  # Markdown without the front matter
    author: str = ""  # author id
    coops: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    district: str = ""
    industry: str = ""

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"


@record
class LibraryItem:
    """A 자료실 item (data/library/<id>.yaml): a report, guide, casebook, leaflet, video, ...

    Plan 1-2 wants the portal to be "협동조합에 대한 종합적인 정보 및 자료실"; `file` is a
    file under content/library/files/ (published with the site), `url` a page elsewhere.
    """

    id: str
    title: str
    kind: str  # "report", "guide", "casebook", "leaflet", "poster", "video", "teaching-material", "other"
    publisher: str
    year: int
    source_file: Source
    url: str = ""
    file: str = ""  # file name under content/library/files/
    licence: str = ""
    summary: str = ""
    fields: tuple[str, ...] = ()
    description: str = ""  # Markdown
    example: bool = False


@record
class JobApply:
    url: str = ""
    email: str = ""


@record
class Job:
    """A posting (data/jobs/<id>.yaml): a job, volunteering, member recruitment or a
    call for founding partners. Plan 1-2: "창업 아이디어, 취업 정보 연계"."""

    id: str
    title: str
    coop: str  # co-op id; load_site checks that it exists
    kind: str  # "job", "volunteer", "member", "founding-partner"
    closes: dt.date  # after this day the posting shows as 마감 (it is never dropped)
    source_file: Source
    summary: str = ""
    description: str = ""  # Markdown
    apply: JobApply = JobApply()
    posted: dt.date | None = None
    example: bool = False

    def is_open(self, today: dt.date) -> bool:
        return today <= self.closes


@record
class EventSession:
    """One day or time slot of an event: dates (all day) or aware date-times, never mixed."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    location: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def start_at(self) -> dt.datetime:
        """The start as an aware date-time (an all-day session starts at 00:00 in Seoul)."""
        s = self.start
        return s if isinstance(s, dt.datetime) else dt.datetime(s.year, s.month, s.day, tzinfo=SEOUL)

    @property
    def end_at(self) -> dt.datetime:
        """The end as an aware date-time (an all-day session ends at midnight after its last day)."""
        e = self.end
        return e if isinstance(e, dt.datetime) else dt.datetime(e.year, e.month, e.day, tzinfo=SEOUL) + dt.timedelta(days=1)


@record
class Event:
    """An event (data/events/<id>.yaml): 박람회, 설명회, 교류회, 사례발표회, ...

    Sessions as for courses; the seeds name the 2013 사회적경제 국제박람회 (plan 1-3) and the
    2016 programme's 사업설명회, 교류회 and 사례발표회 (collaboration report, 2016-17).
    """

    id: str
    title: str
    sessions: tuple[EventSession, ...]
    source_file: Source
    kind: str = "other"  # "fair", "forum", "briefing", "networking", "showcase", "festival", "other"
    summary: str = ""
    organizer: str = ""
    location: str = ""
    description: str = ""  # Markdown
    url: str = ""
    programs: tuple[str, ...] = ()  # programme ids the event is about
    district: str = ""  # region term id where it takes place, if any
    example: bool = False  # dates or times not given by the sources


@record
class Spelling:
    """One group of `data/search/spellings.yaml`: words a search treats as one.

    Without `means`, any of `words` also finds the others (카페, 까페); with it,
    each of `words` also finds `means` and not the other way (생협 → 생활협동조합).
    """

    words: tuple[str, ...]
    means: tuple[str, ...] = ()


@dataclass(slots=True)
class Taxonomies:
    """All vocabularies, keyed by kind, then id, in data order."""

    kinds: dict[str, dict[str, Term]] = field(default_factory=dict)

    def get(self, kind: str, term_id: str) -> Term:
        return self.kinds[kind][term_id]

    def terms(self, kind: str) -> list[Term]:
        return list(self.kinds.get(kind, {}).values())

    def label(self, kind: str, term_id: str) -> str:
        term = self.kinds.get(kind, {}).get(term_id)
        return term.label if term else term_id

    def ancestors(self, term_id: str, kind: str = "regions") -> list[Term]:
        """The chain from the root down to the term itself (regions: 서울 > 권역 > 구)."""
        chain: list[Term] = []
        terms = self.kinds.get(kind, {})
        current = terms.get(term_id)
        while current is not None:
            chain.append(current)
            current = terms.get(current.parent) if current.parent else None
        return list(reversed(chain))


@dataclass(slots=True)
class Site:
    """Everything the build publishes, validated and cross-referenced."""

    taxonomies: Taxonomies
    coops: dict[str, Coop] = field(default_factory=dict)
    centers: dict[str, Center] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    library: dict[str, LibraryItem] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    articles: dict[str, dict[str, Article]] = field(default_factory=dict)  # kind -> slug -> Article
    build_date: dt.datetime = field(default_factory=lambda: dt.datetime.now(SEOUL))
    spellings: tuple[Spelling, ...] = ()  # data/search/spellings.yaml

    def articles_of(self, kind: str) -> list[Article]:
        """Articles of one kind, newest first, ties broken by slug for stable output."""
        items = self.articles.get(kind, {}).values()
        return sorted(items, key=lambda a: (a.date, a.slug), reverse=True)
