"""The second round of the contract (issue 15), read from the built site as a citizen and a
machine would: every new URL exists and is linked, the seeds' facts are there, no past
centre is offered as a place to call, the exports parse back record by record, the jobs
feed parses with feedparser and the events calendar with icalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import EPOCH, ROOT, listed_coops
from icalendar import Calendar

from site_plugins import events as events_module
from site_plugins import jobs as jobs_module
from site_plugins.context import BuildContext
from site_plugins.generate import generate_all
from site_plugins.load import load_site
from site_plugins.model import SEOUL
from site_plugins.opendata import (
    COOP_COLUMNS,
    EVENT_COLUMNS,
    JOB_COLUMNS,
    LIBRARY_COLUMNS,
    OFFER_COLUMNS,
)

pytestmark = pytest.mark.slow
NOW = dt.datetime.fromtimestamp(int(EPOCH), tz=SEOUL)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def model(monkeypatch_module):
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    return site


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    yield mp
    mp.undo()


def page(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


class Parsed(HTMLParser):
    """What a reader and a crawler get from a page, whatever the HTML's quoting and spacing."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self.jsonld: list[str] = []
        self._script: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.attrs.append((tag, values))
        if tag == "script" and values.get("type") == "application/ld+json":
            self._script = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.jsonld.append(self._script)
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data
        else:
            self.chunks.append(data)

    def values(self, name: str, tag: str | None = None) -> list[str]:
        return [a[name] for t, a in self.attrs if name in a and (tag is None or t == tag)]


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", " ".join(Parsed(markup).chunks))


def hrefs(markup: str) -> list[str]:
    return Parsed(markup).values("href")


def links_to(site_dir: Path, source: str, target: str) -> bool:
    """Whether the page at `source` has a link that resolves to the site-relative `target`."""
    for href in hrefs(page(site_dir, source)):
        path = href.split("#")[0].split("?")[0]
        if not path or "://" in path or path.startswith(("mailto:", "tel:")):
            continue
        if posixpath.normpath(posixpath.join("/" + source, path)).strip("/") == target.strip("/"):
            return True
    return False


# --- every URL exists and is linked ---------------------------------------------------------


NAV_PAGES = ("status/", "activities/", "products/", "library/", "jobs/", "events/", "startup/", "about/partners/")


def test_new_section_pages_are_in_the_navigation(site_dir):
    home = hrefs(page(site_dir, ""))  # the tabs and the drawer: the whole navigation
    for url in NAV_PAGES:
        assert (site_dir / url / "index.html").is_file(), url
        assert url in home, url


def test_every_entry_page_exists_and_is_linked_from_its_section(site_dir, model):
    for item in model.library.values():
        assert links_to(site_dir, "library/", f"library/{item.id}/"), item.id
    for job in model.jobs.values():
        assert links_to(site_dir, "jobs/", f"jobs/{job.id}/"), job.id
        assert links_to(site_dir, f"coops/{job.coop}/", f"jobs/{job.id}/"), job.id
    for event in model.events.values():
        assert links_to(site_dir, "events/", f"events/{event.id}/"), event.id
    for status in ("active", "dissolved", "suspended"):
        assert links_to(site_dir, "status/", f"status/{status}/"), status
    for term in model.taxonomies.terms("activities"):
        assert links_to(site_dir, "activities/", f"activities/{term.id}/"), term.id
    for coop in model.coops.values():
        assert links_to(site_dir, f"coops/{coop.id}/", f"status/{coop.status}/")
        for activity in coop.activities:
            assert links_to(site_dir, f"coops/{coop.id}/", f"activities/{activity}/")
        if coop.offers:
            assert links_to(site_dir, f"coops/{coop.id}/", "products/")
    # each industry's and joint business's offers have their own page, linked from the term's page
    listed = [c for c in model.coops.values() if c.offers and c.status == "active"]
    sitemap = "".join(path.read_text(encoding="utf-8") for path in site_dir.glob("sitemap-*.xml"))
    for kind, prefix in (("industries", "products/"), ("activities", "products/activities/")):
        for term in model.taxonomies.terms(kind):
            has_offers = any(term.id in c.activities if kind == "activities" else term.id == c.industry for c in listed)
            assert (site_dir / prefix / term.id / "index.html").is_file() == has_offers, term.id
            if has_offers:
                assert links_to(site_dir, f"{kind}/{term.id}/", f"{prefix}{term.id}/"), term.id
                assert f"/{prefix}{term.id}/</loc>" in sitemap, term.id
    assert links_to(site_dir, "cases/", "cases/career-convergence-education-2016/")
    assert links_to(site_dir, "", "about/partners/")


def test_status_and_activity_pages_list_exactly_their_coops(site_dir, model):
    def listed(url: str) -> set[str]:
        pages = [site_dir / url / "index.html", *sorted((site_dir / url / "page").glob("*/index.html"))]  # 100 a page
        return {coop_id for p in pages for coop_id in listed_coops(p.read_text(encoding="utf-8"))}

    for status in ("active", "dissolved", "suspended"):
        assert listed(f"status/{status}/") == {c.id for c in model.coops.values() if c.status == status}
    for term in model.taxonomies.terms("activities"):
        assert listed(f"activities/{term.id}/") == {c.id for c in model.coops.values() if term.id in c.activities}
    squeezed = lambda url: text_of(page(site_dir, url)).replace(" ", "")
    assert "상태가해산인협동조합" in squeezed("status/dissolved/")
    assert "공동구매를함께하는협동조합" in squeezed("activities/joint-purchasing/")  # the particle agrees: 를 after a vowel
    assert "공동생산을함께하는협동조합" in squeezed("activities/joint-production/")  # 을 after a final consonant


def test_directory_filters_and_json_carry_activities(site_dir, model):
    boxes = {(a.get("name"), a.get("value")) for t, a in Parsed(page(site_dir, "coops/")).attrs if t == "input"}
    assert ("activity", "joint-purchasing") in boxes and ("status", "dissolved") in boxes
    data = json.loads((site_dir / "coops" / "directory.json").read_text(encoding="utf-8"))
    assert data["columns"][-1] == "activities"
    terms = data["terms"]["activity"]
    for row in data["rows"]:
        coop = model.coops[row[0]]
        assert {terms[i] for i in range(len(terms)) if row[9] & (1 << i)} == set(coop.activities)


# --- the seeds' facts ---------------------------------------------------------------------


SEED_FACTS = {
    # basic plan 1-3: the 2013 international fair
    "events/social-economy-fair-2013/": ("서울시청, 시민청 및 시청광장", "UN, ICA, ILO", "400백만원", "2013년 10월"),
    # 추진경과: 난장한마당 7.6~7.8, vision declared 7.7
    "events/coop-nanjang-2012/": ("2012년 7월 6일", "2012년 7월 8일", "‘협동조합도시, 서울’ 비전"),
    # the collaboration report's 사업설명회, 교류회, 사례발표회
    "events/collaboration-briefings-2016/": ("사업설명회 4회", "3~4월, 8월"),
    "events/collaboration-exchange-2016/": ("교류회 간담회", "4회"),
    "events/collaboration-showcase-2016/": ("협업 성공사례집 발간 및 사례발표회",),
    # 자료실: the materials plan 1-1, 2-3 and the report name
    "library/": ("협동조합 사례 모음집", "포스터와 리플릿", "홍보 및 교육용 영상", "「자영업 협업화 우수사례 & 협업길라잡이」", "협업 성공사례집",
                 "초등학교 협동조합 교재", "협동조합 활성화 기본계획"),
    # /startup/: 설립 신고 지원창구 '12.12.3, 창업교육 2-1, 종합지원센터 2-4
    "startup/": ("2012년 12월 3일", "설립 신고 지원창구", "아이템 발굴, 사업계획 수립, 신고 및 등기 절차", "20시간", "피어컨설턴트", "2012년 12월 1일"),
    # the centres' true history
    "centers/": ("2012년 11월 1일 ~ 2013년 2월 15일", "종합지원센터", "2013년 5월 1일부터", "운영 종료"),
    "centers/coop-support-center/": ("2-4", "위탁운영자 선정(2013년 4월)", "1,000백만원"),
    # the missing 2016 case
    "cases/career-convergence-education-2016/": ("사회적경제 진로융합교육 개발", "2016년 6월", "7개 단체"),
    # the partners section: plan 1-2 runs the medium with the 사회적경제 종합 포털
    "about/partners/": ("사회적경제 종합 포털", "연계해 운영"),
    "activities/": ("공동생산", "공동구매", "공동유통", "공동판매", "공동마케팅", "공동브랜드", "공동시설"),
}


@pytest.mark.parametrize("url", sorted(SEED_FACTS))
def test_seed_facts_appear(site_dir, url):
    text = text_of(page(site_dir, url))
    for fact in SEED_FACTS[url]:
        assert fact in text, (url, fact)


def test_partners_link_the_social_economy_portal_and_the_plan_is_downloadable(site_dir):
    assert "https://sehub.net/" in hrefs(page(site_dir, "about/partners/"))
    plan = site_dir / "library" / "files" / "seoul-coop-basic-plan-2013.txt"
    assert "협동조합 활성화 기본계획" in plan.read_text(encoding="utf-8")
    assert links_to(site_dir, "library/seoul-coop-basic-plan-2013/", "library/files/seoul-coop-basic-plan-2013.txt")


# --- no past centre is a place to call ----------------------------------------------------------


def test_no_page_offers_a_past_centre_to_call(site_dir, model):
    today = NOW.date()
    past = [c for c in model.centers.values() if c.period.state(today) == "past"]
    current = [c for c in model.centers.values() if c.is_current(today)]
    assert len(past) == 4 and current, "the four 권역 centres are history; the 종합지원센터 is current"
    tels = {re.sub(r"[^0-9+]", "", c.phone) for c in past} - {re.sub(r"[^0-9+]", "", c.phone) for c in current}
    checked = 0
    for path in site_dir.rglob("*.html"):
        parsed = Parsed(path.read_text(encoding="utf-8"))
        where = path.relative_to(site_dir).as_posix()
        assert not {f"tel:{tel}" for tel in tels} & set(parsed.values("href")), where
        # the finder clones #center-<id> and reads data-center
        assert not {c.id for c in past} & set(parsed.values("data-center")), where
        assert not {f"center-{c.id}" for c in past} & set(parsed.values("id")), where
        checked += 1
    assert checked > 100
    for c in past:
        own = page(site_dir, f"centers/{c.id}/")
        assert "지금은 상담하지 않습니다" in text_of(own) and c.phone not in text_of(own)
        (head,) = [json.loads(block) for block in Parsed(own).jsonld]
        assert "telephone" not in head and head["dissolutionDate"] == c.period.end.isoformat()


# --- exports parse back, record by record ----------------------------------------------------------


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(FORMULA_START), (path.name, name, cell)
    rows = [{k: v[1:] if v.startswith("'") and v[1:].startswith(FORMULA_START) else v for k, v in row.items()} for row in rows]
    return list(reader.fieldnames or []), rows


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


@pytest.mark.parametrize("key, columns", [("offers", OFFER_COLUMNS), ("library", LIBRARY_COLUMNS), ("jobs", JOB_COLUMNS), ("events", EVENT_COLUMNS)])
def test_new_exports_parse_back_and_agree(site_dir, key, columns):
    header, rows = read_csv(site_dir / "data" / f"{key}.csv")
    assert header == [c.name for c in columns]
    data = json.loads((site_dir / "data" / f"{key}.json").read_text(encoding="utf-8"))
    assert data["license"] == "CC BY 4.0"
    records = data[key]
    if key == "events":  # the CSV has a row per session, the JSON the sessions in each record
        flat = [{**{k: v for k, v in r.items() if k != "sessions"}, **s} for r in records for s in r["sessions"]]
    else:
        flat = records
    assert len(flat) == len(rows) > 0
    for record, row in zip(flat, rows):
        assert set(record) == set(header)
        for name in header:
            assert cell(record[name]) == row[name], (key, name)


def test_exports_match_the_records(site_dir, model):
    _, offers = read_csv(site_dir / "data" / "offers.csv")
    assert [(r["coop"], int(r["number"]), r["name"]) for r in offers] == [
        (c.id, n, o.name) for c in sorted(model.coops.values(), key=lambda c: c.id) for n, o in enumerate(c.offers, 1)]
    _, library = read_csv(site_dir / "data" / "library.csv")
    assert [r["id"] for r in library] == sorted(model.library)
    for row in library:
        item = model.library[row["id"]]
        assert (row["title"], row["kind"], int(row["year"])) == (item.title, item.kind, item.year)
        assert row["file_url"].endswith(item.file) if item.file else row["file_url"] == ""
    _, jobs = read_csv(site_dir / "data" / "jobs.csv")
    for row in jobs:
        job = model.jobs[row["id"]]
        assert (row["coop"], row["closes"]) == (job.coop, job.closes.isoformat())
        assert row["state"] == ("open" if job.closes >= NOW.date() else "closed")
    _, sessions = read_csv(site_dir / "data" / "events.csv")
    assert len(sessions) == sum(len(e.sessions) for e in model.events.values())
    header, coops = read_csv(site_dir / "data" / "coops.csv")
    assert header == [c.name for c in COOP_COLUMNS]
    for row in coops:
        coop = model.coops[row["id"]]
        assert row["activities"] == ";".join(coop.activities)
        assert row["registration_number"] == coop.registration_number
        assert row["listed"] == (coop.listed.isoformat() if coop.listed else "")
        assert row["offers"] == ";".join(o.name for o in coop.offers)
    _, centers = read_csv(site_dir / "data" / "centers.csv")
    assert {r["id"]: r["period_state"] for r in centers}["seobuk"] == "past"
    datadict = page(site_dir, "data/")
    for columns in (OFFER_COLUMNS, LIBRARY_COLUMNS, JOB_COLUMNS, EVENT_COLUMNS):
        for column in columns:
            assert f"<code>{column.name}</code>" in datadict


def test_registration_numbers_are_unique_in_the_data(model):
    numbers = [c.registration_number for c in model.coops.values() if c.registration_number]
    assert numbers and len(numbers) == len(set(numbers))


# --- the feed and the calendar --------------------------------------------------------------


def test_jobs_feed_parses_and_keeps_closed_postings(site_dir, model):
    parsed = feedparser.parse((site_dir / "jobs" / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert len(parsed.entries) == len(model.jobs)
    ids = [e.id for e in parsed.entries]
    assert all(i.startswith("tag:seoul-coop-portal.github.io,2026:jobs/") for i in ids) and len(set(ids)) == len(ids)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    closed = [j for j in model.jobs.values() if j.closes < NOW.date()]
    assert closed
    for job in closed:
        entry = next(e for e in parsed.entries if e.id.endswith(f"/{job.id}"))
        assert "모집이 끝났습니다" in entry.summary
        assert "마감" in text_of(page(site_dir, f"jobs/{job.id}/"))


def test_events_calendar_parses_with_whole_days_and_seoul_times(site_dir, model):
    cal = Calendar.from_ical((site_dir / "events" / "calendar.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == sum(len(e.sessions) for e in model.events.values())
    assert all(str(e["UID"]).endswith("@seoul-coop-portal.github.io") for e in events)
    nanjang = [e for e in events if str(e["UID"]).startswith("event-coop-nanjang-2012-")]
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in nanjang] == [(dt.date(2012, 7, 6), dt.date(2012, 7, 9))]  # DTEND exclusive
    timed = [e for e in events if isinstance(e.decoded("DTSTART"), dt.datetime)]
    assert timed and all(e.decoded("DTSTART").utcoffset() == dt.timedelta(hours=9) for e in timed)
    assert cal.walk("VTIMEZONE")
    one = Calendar.from_ical((site_dir / "events" / "coop-nanjang-2012" / "event.ics").read_bytes())
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == [str(e["UID"]) for e in nanjang]


def test_ids_and_uids_do_not_depend_on_the_host(model):
    """Contract, second round: moving the site to another domain keeps every id."""
    def outputs(site_url: str) -> tuple[list[str], list[str]]:
        ctx = BuildContext.create(model, site_url=site_url, root=ROOT)
        feed = feedparser.parse(jobs_module.jobs_feed(ctx))
        files = {f.path: f for f in events_module.generate(ctx).files}
        cal = Calendar.from_ical(files["events/calendar.ics"].content())
        return [e.id for e in feed.entries], [str(e["UID"]) for e in cal.walk("VEVENT")]

    assert outputs("https://portal.example.org/") == outputs("https://another.example.net/coop/")


# --- JSON-LD --------------------------------------------------------------------------------


def jsonld(markup: str) -> list[dict]:
    return [json.loads(block) for block in Parsed(markup).jsonld]


def test_json_ld_of_the_new_pages(site_dir, model):
    coop = next(c for c in model.coops.values() if c.offers and c.status == "active")
    (data,) = jsonld(page(site_dir, f"coops/{coop.id}/"))
    assert [o["itemOffered"]["name"] for o in data["makesOffer"]] == [o.name for o in coop.offers]
    assert {o["itemOffered"]["@type"] for o in data["makesOffer"]} <= {"Product", "Service"}
    # nested in the Organization: no offeredBy (makesOffer's inverse), a url only for an offer's own page
    assert all("offeredBy" not in o for o in data["makesOffer"])
    assert [o.get("url") for o in data["makesOffer"]] == [o.url or None for o in coop.offers]
    job = next(j for j in model.jobs.values() if j.kind == "job")
    (posting,) = jsonld(page(site_dir, f"jobs/{job.id}/"))
    assert posting["@type"] == "JobPosting" and posting["validThrough"].startswith(job.closes.isoformat())
    assert posting["hiringOrganization"]["name"] == model.coops[job.coop].name
    (event,) = jsonld(page(site_dir, "events/social-economy-fair-2013/"))
    assert event["@type"] == "Event" and event["location"]["name"] == "서울시청, 시민청 및 시청광장"
    (work,) = jsonld(page(site_dir, "library/seoul-coop-basic-plan-2013/"))
    assert work["@type"] == "Report" and work["publisher"]["name"].startswith("서울특별시")


def test_generation_is_the_same_twice(model):
    def render() -> dict[str, str]:
        ctx = BuildContext.create(model, site_url="https://portal.example.org/", root=ROOT)
        out = generate_all(ctx)
        wanted = ("products/", "library/", "jobs/", "events/", "startup/", "status/", "activities/")
        return {p.url: p.render() for p in out.pages if p.url.startswith(wanted)}

    assert render() == render()
