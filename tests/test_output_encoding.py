"""Each output format encodes for its own reader, so no value can change the structure of
the output: CSV (spreadsheet formulas), iCalendar (RFC 5545 text), JSON-LD inside
<script>, RSS/Atom (HTML-by-spec fields, XML-illegal characters), sitemap XML.

Hostile values are put into constructed model objects (the validator would refuse most
of them; the writers must hold anyway) and every output is read back by its reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from site_plugins import clock, icalfeeds, jsonld, opendata
from site_plugins.context import BuildContext
from site_plugins.feeds import Item, build_feed, feed_text
from site_plugins.load import load_site
from site_plugins.model import SEOUL, Application, Course, Offer, Program, Registration, Session, Site, Source
from site_plugins.sitemap import sitemap_files

ROOT = Path(__file__).resolve().parent.parent
BUILD = dt.datetime(2026, 10, 10, 12, 0, tzinfo=SEOUL)
SITE_URL = "https://portal.example.org/portal/"

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(1)", "\t=1", "\r=1", "=1+1"]
HTML_ATTACKS = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "<img src=x onerror=alert(1)>",
    "a & b &amp; <b>굵게</b> \"q\" 'q'",
    "줄\u2028구분\u2029문단",
    "]]><x/>",
]
ICAL_TEXT = "쉼표, 세미콜론; 역슬래시\\ 줄바꿈\n다음 줄"


@pytest.fixture(scope="module")
def site() -> Site:
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    site.build_date = BUILD
    return site


def ctx_of(site: Site) -> BuildContext:
    return BuildContext.create(site, site_url=SITE_URL, root=ROOT)


# --- CSV ----------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_row_writer_quotes_every_formula_start():
    values = [*FORMULAS, "보통 값", "", None, 3, -4, 2.5, True, ["-a", "b"], "a=b", "'이미 따옴표"]
    (header, row) = read_csv(opendata.csv_bytes([f"c{i}" for i in range(len(values))], [values]))
    assert header == [f"c{i}" for i in range(len(values))]
    for formula, cell in zip(FORMULAS, row):
        assert cell == "'" + formula
    assert row[len(FORMULAS):] == ["보통 값", "", "", "3", "'-4", "2.5", "true", "'-a;b", "a=b", "'이미 따옴표"]
    for cell in row:
        assert not cell or cell[0] not in "=+-@\t\r", cell


def hostile_site(site: Site) -> Site:
    """The real site with formula-like values in every kind of record that reaches a CSV."""
    coop = next(iter(sorted(site.coops.values(), key=lambda c: c.id)))
    center = next(iter(sorted(site.centers.values(), key=lambda c: c.id)))
    course = next(iter(sorted(site.courses.values(), key=lambda c: c.id)))
    program = next(iter(sorted(site.programs.values(), key=lambda p: p.id)))
    coops = dict(site.coops)
    coops[coop.id] = replace(coop, name=FORMULAS[0], summary="+1", address="@SUM(1)", hidden=(), source="\t=1",
                             offers=(Offer("=SUM(1)", "product", "-1", ""),))
    centers = dict(site.centers)
    centers[center.id] = replace(center, name="=1+1", operator="-2+3", address="\r=1")
    courses = dict(site.courses)
    courses[course.id] = replace(course, title="@SUM(1)", audience="=HYPERLINK(\"http://x\",\"y\")", provider="+1",
                                 sessions=tuple(replace(s, location="-1") for s in course.sessions))
    programs = dict(site.programs)
    programs[program.id] = replace(program, title="=1", organizer="@x", summary="\t=1")
    library = {i.id: i for i in site.library.values()}
    if library:
        item = min(library.values(), key=lambda i: i.id)
        library[item.id] = replace(item, title="=1", publisher="+1", summary="@x")
    jobs = {j.id: j for j in site.jobs.values()}
    if jobs:
        job = min(jobs.values(), key=lambda j: j.id)
        jobs[job.id] = replace(job, title="-1", summary="=1")
    events = {e.id: e for e in site.events.values()}
    if events:
        event = min(events.values(), key=lambda e: e.id)
        events[event.id] = replace(event, title="@SUM(1)", organizer="\t=1", sessions=tuple(replace(x, location="+1") for x in event.sessions))
    return Site(taxonomies=site.taxonomies, coops=coops, centers=centers, courses=courses, programs=programs,
                authors=site.authors, articles=site.articles, build_date=site.build_date, library=library, jobs=jobs, events=events)


def test_every_csv_of_the_site_quotes_formulas_and_json_keeps_the_value(site):
    hostile = hostile_site(site)
    files = {f.path: f.content() for f in opendata.generate(ctx_of(hostile)).files}
    csvs = {path: content for path, content in files.items() if path.endswith(".csv")}
    assert set(csvs) == {"data/coops.csv", "data/centers.csv", "data/courses.csv", "data/programs.csv",
                         "data/offers.csv", "data/library.csv", "data/jobs.csv", "data/events.csv"}
    for path, content in csvs.items():
        rows = read_csv(content)
        for row in rows:
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r", (path, cell)
    header, *body = read_csv(csvs["data/coops.csv"])
    coop_rows = {r[0]: dict(zip(header, r)) for r in body}
    coop = min(hostile.coops)
    assert coop_rows[coop]["name"] == "'" + FORMULAS[0] and coop_rows[coop]["summary"] == "'+1"
    course_cells = {cell for row in read_csv(csvs["data/courses.csv"]) for cell in row}
    assert {"'@SUM(1)", "'-1", "'+1", "'=HYPERLINK(\"http://x\",\"y\")"} <= course_cells
    program_cells = {cell for row in read_csv(csvs["data/programs.csv"]) for cell in row}
    assert {"'=1", "'@x", "'\t=1"} <= program_cells
    second_round = {cell for name in ("offers", "library", "jobs", "events") for row in read_csv(csvs[f"data/{name}.csv"]) for cell in row}
    assert {"'=SUM(1)", "'-1", "'=1", "'+1", "'@x", "'@SUM(1)", "'\t=1"} <= second_round
    # JSON carries the value itself
    records = {r["id"]: r for r in json.loads(files["data/coops.json"])["coops"]}
    assert records[coop]["name"] == FORMULAS[0] and records[coop]["source"] == "\t=1"
    programs = json.loads(files["data/programs.json"])["programs"]
    assert {"=1", "@x"} <= {p["title"] for p in programs} | {p["organizer"] for p in programs}


def test_the_data_dictionary_states_the_formula_rule_in_korean(site):
    page = opendata.render_dictionary(ctx_of(site))
    note = re.search(r'<p id="csv-formulas">(.*?)</p>', page, re.S)
    assert note is not None and page.count('id="csv-formulas"') == 1
    text = re.sub(r"<[^>]+>", "", note.group(1))
    assert "작은따옴표" in text and "수식" in text and "JSON" in text
    assert note.start() < page.index('<h2 id="dictionary">')


# --- iCalendar ------------------------------------------------------------------------------


def course_of(title: str, *, location: str = ICAL_TEXT, sessions: int = 1) -> Course:
    start = dt.datetime(2026, 11, 5, 10, 0, tzinfo=SEOUL)
    return Course(
        id="encoding-course", title=title, track="citizen", audience=ICAL_TEXT, provider="운영, 기관; \\",
        source_file=Source("data/education/encoding-course.yaml"),
        sessions=tuple(Session(start + dt.timedelta(days=7 * n), start + dt.timedelta(days=7 * n, hours=2), location)
                       for n in range(sessions)),
        registration=Registration(),
    )


def rfc5545_unescape(raw: str) -> str:
    """TEXT as RFC 5545 section 3.3.11 reads it: `\\\\`, `\\;`, `\\,` and `\\n` are escapes."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def calname(cal: Calendar) -> str:
    # icalendar hands X- properties back as vUnknown, the TEXT still escaped
    raw = str(cal["X-WR-CALNAME"])
    assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", raw), f"unescaped , or ; in {raw!r}"
    return rfc5545_unescape(raw)


@pytest.mark.parametrize("title", [
    ICAL_TEXT,
    ",;\\\n",
    "제목\nATTENDEE:mailto:evil@example.org\nEND:VEVENT",
    "CR\r줄\r\n바꿈",
    "제어\x00문자\x1b와\x7f탭\t",
    "긴 제목 " * 40,
])
def test_calendar_text_is_escaped_and_parses_back(title):
    course = course_of(title)
    data = icalfeeds.session_calendar(course, 1, url="https://portal.example.org/e/", build_time=BUILD)
    cal = Calendar.from_ical(data)
    # CR and CRLF are line breaks; controls RFC 5545 TEXT cannot hold are dropped
    expected = re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", re.sub("\r\n?", "\n", title))
    assert calname(cal) == expected
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == expected
    assert str(event["LOCATION"]) == ICAL_TEXT
    assert f"대상: {ICAL_TEXT}" in str(event["DESCRIPTION"]) and "운영: 운영, 기관; \\" in str(event["DESCRIPTION"])
    assert "ATTENDEE" not in event and len(cal.walk("VEVENT")) == 1
    assert event.decoded("DTSTAMP") == BUILD.astimezone(dt.timezone.utc)
    # every content line is one property: no value opened a line of its own
    for line in data.decode("utf-8").split("\r\n"):
        assert "\n" not in line and "\r" not in line and "\x00" not in line


def test_feed_and_deadline_calendars_escape_too():
    course = course_of(ICAL_TEXT, sessions=2)
    data = icalfeeds.courses_calendar([course], name="이름, 쉼표; 세미콜론", description="설명\n둘째 줄",
                                      url_of=lambda c: "https://h.example/e/", build_time=BUILD)
    cal = Calendar.from_ical(data)
    assert calname(cal) == "이름, 쉼표; 세미콜론"
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [f"{ICAL_TEXT} (1/2회차)", f"{ICAL_TEXT} (2/2회차)"]
    program = Program(id="encoding-program", title=ICAL_TEXT, organizer="기관, 하나", summary="요약; 둘\\",
                      source_file=Source("data/programs/encoding-program.yaml"),
                      apply=Application(closes=dt.date(2026, 12, 1), url="https://x.example/a b"))
    deadlines = Calendar.from_ical(icalfeeds.deadlines_calendar([program],
                                                                url_of=lambda p: "https://h.example/p/\nX", build_time=BUILD))
    (event,) = deadlines.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"신청 마감: {ICAL_TEXT}"
    assert str(event["DESCRIPTION"]).startswith("요약; 둘\\\n주관: 기관, 하나")
    assert str(event["URL"]) == "https://h.example/p/%0AX"  # a link never breaks the line


def test_dtstamp_is_the_build_time_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795316400")
    course = course_of(ICAL_TEXT)

    def build() -> bytes:
        return icalfeeds.session_calendar(course, 1, url="https://h/", build_time=clock.build_time())

    first, second = build(), build()
    assert first == second
    (event,) = Calendar.from_ical(first).walk("VEVENT")
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.timezone.utc)


def test_two_builds_of_one_commit_give_the_same_calendars(monkeypatch):
    """load_site dates the site from SOURCE_DATE_EPOCH; every .ics follows it, never the clock."""
    from site_plugins.generate import generate_all

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795316400")

    def calendars() -> dict[str, bytes]:
        site, problems = load_site(ROOT)
        assert not problems, problems.report()
        return {f.path: f.content() for f in generate_all(ctx_of(site)).files if f.path.endswith(".ics")}

    first = calendars()
    assert first and first == calendars()
    stamps = {str(e["DTSTAMP"].to_ical(), "ascii") for data in first.values() for e in Calendar.from_ical(data).walk("VEVENT")}
    assert stamps == {"20261122T030000Z"}


def test_the_site_calendars_use_the_build_date(site):
    from site_plugins.generate import generate_all

    files = {f.path: f.content() for f in generate_all(ctx_of(site)).files if f.path.endswith(".ics")}
    assert files
    for path, data in files.items():
        cal = Calendar.from_ical(data)
        for event in cal.walk("VEVENT"):
            assert event.decoded("DTSTAMP") == BUILD.astimezone(dt.timezone.utc), path


# --- JSON-LD --------------------------------------------------------------------------------


class Scripts(HTMLParser):
    """Every element start and the text of each <script>, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse_html(text: str) -> Scripts:
    parser = Scripts()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("value", HTML_ATTACKS)
def test_json_ld_script_cannot_be_ended_or_altered(value):
    element = jsonld.script({"@type": "Thing", "name": value, "nested": [{"description": value}]})
    parsed = parse_html(f"<head>{element}<meta name=after></head>")
    assert parsed.tags == ["head", "script", "meta"]  # nothing inside the script became markup
    (text,) = parsed.scripts
    for char in "<>&\u2028\u2029":
        assert char not in text
    data = json.loads(text)
    assert data["name"] == value and data["nested"][0]["description"] == value


def test_coop_json_ld_with_hostile_values(site):
    coop = next(c for c in site.coops.values() if not c.hidden)
    hostile = replace(coop, name=HTML_ATTACKS[0], summary=HTML_ATTACKS[1], address=HTML_ATTACKS[4])
    parsed = parse_html(f"<head>{jsonld.coop_head(ctx_of(site), hostile)}<meta name=after></head>")
    assert parsed.tags == ["head", "script", "meta"]
    data = json.loads(parsed.scripts[0])
    assert data["name"] == HTML_ATTACKS[0] and data["description"] == HTML_ATTACKS[1]


def test_only_the_json_ld_helper_prints_ld_json():
    """One encoder: no other module or template writes a JSON-LD script element."""
    writers = []
    for path in sorted((ROOT / "site_plugins").rglob("*")) + sorted((ROOT / "overrides").rglob("*")):
        if path.suffix in (".py", ".html", ".js") and "ld+json" in path.read_text(encoding="utf-8", errors="replace"):
            writers.append(path.relative_to(ROOT).as_posix())
    assert writers == ["site_plugins/jsonld.py"]


# --- feeds ----------------------------------------------------------------------------------


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text += data


def shown_text(detail) -> str:
    """What a reader shows for a parsed text construct: HTML is rendered, text is text."""
    if detail.type in ("text/html", "application/xhtml+xml"):
        parser = Markup()
        parser.feed(detail.value)
        parser.close()
        assert parser.elements == [], (detail.value, parser.elements)
        return parser.text
    assert detail.type == "text/plain", detail.type
    return detail.value


FEED_VALUE = "<img src=x onerror=alert(1)> & <b>굵게</b> \"따옴표\" &amp;"


@pytest.mark.parametrize("atom", [False, True])
def test_feed_text_reaches_readers_as_text(site, atom):
    body = "<p>본문 <strong>강조</strong></p>"
    items = [Item("cases", "encoding", FEED_VALUE, dt.date(2026, 10, 1), "cases/encoding/", FEED_VALUE, body),
             Item("coops", "other", "제목\x00NUL\x1bESC\ufffe", dt.date(2026, 9, 1), "coops/other/", "요약\x0b\x0c")]
    data = build_feed(ctx_of(site), feed_id="tag:portal.example.org,2026:feeds/test", title=FEED_VALUE,
                      description=FEED_VALUE, page="cases/", path="atom.xml" if atom else "feed.xml", items=items, atom=atom)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert shown_text(parsed.feed.title_detail) == FEED_VALUE
    assert shown_text(parsed.feed.subtitle_detail) == FEED_VALUE
    first, second = parsed.entries
    assert shown_text(first.title_detail) == FEED_VALUE
    assert shown_text(first.summary_detail) == FEED_VALUE
    # the body the build rendered stays HTML
    assert first.content[0].type == "text/html" and "<strong>강조</strong>" in first.content[0].value
    assert shown_text(second.title_detail) == "제목NULESC"
    assert shown_text(second.summary_detail) == "요약"
    assert b"\x00" not in data and b"\x1b" not in data


def test_feed_text_is_the_one_encoder():
    assert feed_text("<b>&", atom=False) == "&lt;b&gt;&amp;"
    assert feed_text("<b>&", atom=True) == "<b>&"
    assert feed_text("a\x00b\x1bc\ud800", atom=True) == "abc"


# --- sitemap --------------------------------------------------------------------------------


def test_sitemap_locations_are_url_and_xml_escaped():
    import xml.etree.ElementTree as ET

    urls = ["a&b/", "<x>/", "한글/", "q\"'/", "nul\x00/"]
    files = sitemap_files("https://example.org/p/", urls)
    root = ET.fromstring(files["sitemap-1.xml"])
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["https://example.org/p/a&b/", "https://example.org/p/%3Cx%3E/", "https://example.org/p/%ED%95%9C%EA%B8%80/",
                    "https://example.org/p/q%22'/", "https://example.org/p/nul/"]
