"""Calendars parsed back with icalendar: one timed, time-zoned event per session."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from icalendar import Calendar

from site_plugins import icalfeeds
from site_plugins.context import BuildContext
from site_plugins.education import CALENDAR, session_calendar_path, track_calendar_path
from site_plugins.generate import generate_all
from site_plugins.load import load_site
from site_plugins.model import SEOUL, Site
from site_plugins.publishing import DEFAULT as DEFAULT_IDS
from site_plugins.publishing import TagAuthority

REPO = Path(__file__).resolve().parent.parent
BUILD = dt.datetime(2026, 10, 10, 12, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def site() -> Site:
    site, problems = load_site(REPO)
    assert not problems, problems.report()
    site.build_date = BUILD  # validation used today's date (no future 확인일); the feeds use a fixed one
    assert site.courses, "no courses in data/education"
    return site


def files_of(site: Site) -> dict[str, bytes]:
    ctx = BuildContext.create(site, site_url="https://portal.example.org/portal/")
    return {f.path: f.content() for f in generate_all(ctx).files if f.path.endswith(".ics")}


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def test_one_timed_seoul_event_per_session(site):
    cal = Calendar.from_ical(files_of(site)[CALENDAR])
    vevents = cal.walk("VEVENT")
    assert len(vevents) == sum(len(c.sessions) for c in site.courses.values())
    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Seoul"]
    for event in vevents:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
        assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert start.utcoffset() == dt.timedelta(hours=9)
        assert start < end
        assert str(event["URL"]).startswith("https://portal.example.org/portal/education/")
    uids = [str(e["UID"]) for e in vevents]
    assert len(set(uids)) == len(uids)
    # the configured tag authority, never the host the site is published on
    assert all(uid.endswith(f"@{DEFAULT_IDS.domain}") and "portal.example.org" not in uid for uid in uids)


def test_event_matches_the_session(site):
    course = next(c for c in site.courses.values() if len(c.sessions) > 1)
    by_uid = {str(e["UID"]): e for e in events(files_of(site)[CALENDAR])}
    second = by_uid[f"{course.id}-2@{DEFAULT_IDS.domain}"]
    assert second.decoded("DTSTART") == course.sessions[1].start
    assert second.decoded("DTEND") == course.sessions[1].end
    assert str(second.get("LOCATION", "")) == course.sessions[1].location
    assert str(second["URL"]) == f"https://portal.example.org/portal/education/{course.id}/"


def test_uids_survive_a_changed_title_and_place(site):
    before = files_of(site)
    changed = Site(taxonomies=site.taxonomies, courses={
        cid: replace(c, title=c.title + " (변경)", sessions=tuple(replace(s, location="새 장소") for s in c.sessions))
        for cid, c in site.courses.items()}, centers=site.centers, programs=site.programs, build_date=site.build_date)
    after = files_of(changed)
    uids = lambda data: sorted(str(e["UID"]) for e in events(data))  # noqa: E731
    assert uids(before[CALENDAR]) == uids(after[CALENDAR])
    assert before[CALENDAR] != after[CALENDAR]  # the change itself did reach the feed
    assert all("(변경)" in str(e["SUMMARY"]) and str(e["LOCATION"]) == "새 장소" for e in events(after[CALENDAR]))


def test_same_input_same_bytes_and_dtstamp_from_build_date(site):
    first, second = files_of(site), files_of(site)
    assert first == second
    stamps = {e.decoded("DTSTAMP") for e in events(first[CALENDAR])}
    assert stamps == {BUILD.astimezone(dt.timezone.utc)}


def test_track_calendars_split_the_feed(site):
    files = files_of(site)
    total = 0
    for track in site.taxonomies.terms("tracks"):
        data = files[track_calendar_path(track.id)]
        in_track = [c for c in site.courses.values() if c.track == track.id]
        assert len(events(data)) == sum(len(c.sessions) for c in in_track)
        total += len(events(data))
    assert total == len(events(files[CALENDAR]))


def test_session_file_has_the_same_uid_as_the_feed(site):
    course = next(iter(site.courses.values()))
    files = files_of(site)
    for number in range(1, len(course.sessions) + 1):
        (event,) = events(files[session_calendar_path(course.id, number)])
        assert str(event["UID"]) == icalfeeds.session_uid(course.id, number, DEFAULT_IDS)
        assert Calendar.from_ical(files[session_calendar_path(course.id, number)]).walk("VTIMEZONE")


def test_deadlines_are_all_day_events_on_the_closing_day(site):
    data = files_of(site)["programs/deadlines.ics"]
    with_deadline = {p.id: p for p in site.programs.values() if p.apply.closes}
    vevents = events(data)
    assert len(vevents) == len(with_deadline)
    for event in vevents:
        program = with_deadline[str(event["UID"]).split("-deadline@")[0]]
        assert event.decoded("DTSTART") == program.apply.closes
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)
        assert event.decoded("DTEND") == program.apply.closes + dt.timedelta(days=1)


def test_calendar_names_are_escaped_text(site):
    """X-WR-CALNAME is TEXT: a course title with a comma (two real ones have one) is escaped."""
    with_comma = [c for c in site.courses.values() if "," in c.title]
    assert with_comma, "the data has course titles with a comma"
    files = files_of(site)
    for course in with_comma:
        data = files[session_calendar_path(course.id, 1)].decode("utf-8")
        unfolded = data.replace("\r\n ", "")
        (line,) = [line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALNAME:")]
        assert line == "X-WR-CALNAME:" + course.title.replace(",", "\\,").replace(";", "\\;")
    for path, data in files.items():
        for line in data.decode("utf-8").replace("\r\n ", "").split("\r\n"):
            if line.startswith(("X-WR-CALNAME:", "X-WR-CALDESC:", "SUMMARY:", "LOCATION:")):
                value = line.split(":", 1)[1]
                assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value), (path, line)


# --- issue 14: ids independent of the host, one PRODID per kind of calendar ---------------------


def _uids(site: Site, site_url: str, ids: str | None = None) -> dict[str, list[str]]:
    kwargs = {"tag_authority": ids} if ids else {}
    ctx = BuildContext.create(site, site_url=site_url, **kwargs)
    return {f.path: sorted(str(e["UID"]) for e in events(f.content())) for f in generate_all(ctx).files if f.path.endswith(".ics")}


def test_uids_do_not_depend_on_the_host_but_on_the_tag_authority(site):
    here = _uids(site, "https://portal.example.org/portal/")
    assert here == _uids(site, "https://another.example.net/")
    assert sum(len(u) for u in here.values()) > 10
    moved = _uids(site, "https://portal.example.org/portal/", "coops.example.kr,2030")
    assert all(uid.endswith("@coops.example.kr") for uids in moved.values() for uid in uids)


def prodid(data: bytes) -> str:
    return str(Calendar.from_ical(data)["PRODID"])


def test_each_kind_of_calendar_names_itself_in_its_prodid(site):
    files = files_of(site)
    by_kind: dict[str, set[str]] = {}
    for path, data in files.items():
        kind = path.split("/", 1)[0]
        by_kind.setdefault(kind, set()).add(prodid(data))
    assert by_kind["education"] == {icalfeeds.PRODID} and "교육 일정" in icalfeeds.PRODID
    assert by_kind["programs"] == {icalfeeds.DEADLINES_PRODID} and "지원사업 마감일" in icalfeeds.DEADLINES_PRODID
    assert by_kind["events"] == {icalfeeds.EVENTS_PRODID} and "행사" in icalfeeds.EVENTS_PRODID
    assert len({icalfeeds.PRODID, icalfeeds.DEADLINES_PRODID, icalfeeds.EVENTS_PRODID}) == 3
    assert all(p.startswith("-//서울 협동조합 포털//") and p.endswith("//KO") for ps in by_kind.values() for p in ps)


def test_a_tag_authority_is_a_domain_or_address_and_a_date():
    assert TagAuthority.parse("seoul-coop-portal.github.io,2026").tag("feeds", "x") == "tag:seoul-coop-portal.github.io,2026:feeds/x"
    assert TagAuthority.parse("editor@example.org,2026-03-01").uid("a-1") == "a-1@example.org"
    for bad in ("", "example.org", "example.org,26", "https://example.org,2026", "exa mple.org,2026", "example.org,2026-13"):
        with pytest.raises(ValueError, match="tag_authority"):
            TagAuthority.parse(bad)
