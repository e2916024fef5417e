"""A strict MkDocs build of the fixture site with a fixed SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from icalendar import Calendar

from services_helpers import FIXTURE_EPOCH, build_fixture, built_fixture, text_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_fixture(tmp_path_factory)


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_sections_are_in_the_navigation(site):
    home = read(site, "index.html")
    for href, label in (("education/", "교육"), ("centers/", "상담센터"), ("programs/", "지원사업")):
        assert re.search(rf'href="{href}"[^>]*>\s*{label}', home), label


def test_schedule_lists_upcoming_before_past(site):
    page = read(site, "education/index.html")
    upcoming, past = page.index('id="upcoming"'), page.index('id="past"')
    assert upcoming < page.index("시험 창업교육 (접수 중)") < past
    assert page.index("시험 시민강좌 (접수 예정)") < past
    assert page.index("시험 조합원 교육 (지난 과정)", past) > past
    assert "시험 조합원 교육 (지난 과정)" not in page[upcoming:past]
    text = text_of(page)
    assert text.index("2026년 11월") < text.index("2026년 12월")
    for track in ("members", "startup", "citizen"):
        assert f'href="tracks/{track}.ics"' in page


def test_course_states_follow_the_build_date(site):
    assert "접수 중" in text_of(read(site, "education/fixture-open/index.html")).split("일정")[0]
    assert "마감" in text_of(read(site, "education/fixture-past/index.html"))
    assert "접수 예정" in text_of(read(site, "education/fixture-soon/index.html"))
    programs = text_of(read(site, "programs/index.html"))
    assert programs.index("시험 돌봄 협동조합 지원사업 모집 중") < programs.index("시험 상시 지원 상시")


def test_course_page_has_json_ld_and_session_calendars(site):
    page = read(site, "education/fixture-open/index.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [i["startDate"] for i in data["hasCourseInstance"]] == ["2026-11-05T14:00:00+09:00", "2026-11-12T14:00:00+09:00"]
    assert data["hasCourseInstance"][0]["offers"]["price"] == 0
    for n in (1, 2):
        assert f'href="session-{n}.ics"' in page
        (event,) = Calendar.from_ical((site / f"education/fixture-open/session-{n}.ics").read_bytes()).walk("VEVENT")
        assert str(event["UID"]) == f"fixture-open-{n}@seoul-coop-portal.github.io"  # the tag authority, not the host
        assert str(event["URL"]) == "https://portal.example.org/education/fixture-open/"


def test_feeds_parse_and_dtstamp_is_the_source_date(site):
    cal = Calendar.from_ical((site / "education/calendar.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 4  # 2 + 1 + 1 sessions in the fixture
    assert cal.walk("VTIMEZONE")
    stamp = dt.datetime.fromtimestamp(FIXTURE_EPOCH, dt.timezone.utc)
    assert {e.decoded("DTSTAMP") for e in cal.walk("VEVENT")} == {stamp}
    deadlines = Calendar.from_ical((site / "programs/deadlines.ics").read_bytes()).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in deadlines] == [dt.date(2026, 10, 31)]


def test_region_page_shows_centre_courses_and_programmes(site):
    mapo = read(site, "regions/mapo/index.html")
    assert 'href="../../centers/seobuk/"' in mapo
    assert 'href="../../education/fixture-open/"' in mapo
    assert 'href="../../programs/fixture-open-program/"' in mapo  # a city-wide programme
    assert 'href="../../programs/fixture-always/"' in read(site, "industries/education/index.html")


def test_two_builds_give_identical_calendars(site, tmp_path):
    again = build_fixture(tmp_path / "again")
    for path in ("education/calendar.ics", "education/tracks/startup.ics", "programs/deadlines.ics", "education/fixture-open/session-1.ics"):
        assert (site / path).read_bytes() == (again / path).read_bytes(), path
