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


@record
class OpeningHours:
    days: tuple[str, ...]  # "mon".."sun"
    opens: str  # "HH:MM"
    closes: str


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
    articles: dict[str, dict[str, Article]] = field(default_factory=dict)  # kind -> slug -> Article
    build_date: dt.datetime = field(default_factory=lambda: dt.datetime.now(SEOUL))

    def articles_of(self, kind: str) -> list[Article]:
        """Articles of one kind, newest first, ties broken by slug for stable output."""
        items = self.articles.get(kind, {}).values()
        return sorted(items, key=lambda a: (a.date, a.slug), reverse=True)
