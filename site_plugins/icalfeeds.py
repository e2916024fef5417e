"""iCalendar files: course sessions, programme deadlines and events.

UIDs are derived from record ids and positions only (`<course-id>-<n>@<domain>`,
`<programme-id>-deadline@<domain>`, `event-<id>-<n>@<domain>`), so a subscriber's
calendar updates an event in place when its title or room changes instead of
duplicating it. `<domain>` is the portal's fixed tag authority (`ctx.ids`, the
plugin's `tag_authority` in mkdocs.yml; see publishing.py), never the host the site
is deployed to: moving the site must not make calendar apps see every event again.
DTSTAMP is the build time (`site.build_date`), which honours SOURCE_DATE_EPOCH, so
two builds of the same data give identical files.

Each kind of calendar has its own PRODID naming what it is (교육 일정, 지원사업 마감일,
행사 일정), so a client or a person reading the file can tell them apart.

Every value reaches the file as one of the icalendar library's property types,
never as a hand-made line: text through `text()` (a `vText`, which escapes `\\`,
`;`, `,` and newlines per RFC 5545 and folds long lines), links through `uri()`.
X-WR-CALNAME and X-WR-CALDESC are text too: icalendar would otherwise write these
unknown X- properties verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from urllib.parse import quote

from icalendar import Calendar, Event, Timezone, vCategory, vText, vUri

from .model import SEOUL, Course, Program
from .model import Event as PortalEvent
from .publishing import DEFAULT as DEFAULT_IDS
from .publishing import TagAuthority
from .schedule import MODE_LABELS

PRODID_PREFIX = "-//서울 협동조합 포털//"
PRODID = PRODID_PREFIX + "교육 일정//KO"  # education/calendar.ics, the track and session files
DEADLINES_PRODID = PRODID_PREFIX + "지원사업 마감일//KO"  # programs/deadlines.ics
EVENTS_PRODID = PRODID_PREFIX + "행사 일정//KO"  # events/calendar.ics, events/<id>/event.ics
# A fixed span keeps the VTIMEZONE identical whatever the data's dates are.
TZ_FIRST, TZ_LAST = dt.date(2000, 1, 1), dt.date(2038, 1, 1)
CATEGORY = "협동조합 교육"


def session_uid(course_id: str, number: int, ids: TagAuthority) -> str:
    return ids.uid(f"{course_id}-{number}")


def deadline_uid(program_id: str, ids: TagAuthority) -> str:
    return ids.uid(f"{program_id}-deadline")


def event_uid(event_id: str, number: int, ids: TagAuthority) -> str:
    return ids.uid(f"event-{event_id}-{number}")


# RFC 5545 TEXT holds no control character but HTAB (a line break is the `\\n` escape);
# a stray one (NUL, ESC, a form feed from a PDF) is dropped, a CR or CRLF is a line break.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile("\r\n?")
# what may not stand in a URI value as it is (CR and LF make icalendar raise)
_URI_UNSAFE = re.compile("[\x00-\x20\x7f\"<>\\\\^`{|}]")


def text(value: str) -> vText:
    """Any text as an iCalendar TEXT value: the one way text reaches a calendar file."""
    return vText(_CONTROL.sub("", _NEWLINES.sub("\n", str(value))))


def uri(value: str) -> vUri:
    """A link as a URI value; a character a URI cannot hold is percent-encoded."""
    return vUri(_URI_UNSAFE.sub(lambda m: quote(m.group(), safe=""), str(value)))


def _calendar(name: str, description: str, prodid: str = PRODID) -> Calendar:
    cal = Calendar()
    cal.add("prodid", text(prodid))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", text(name))
    cal.add("x-wr-caldesc", text(description))
    cal.add("x-wr-timezone", text("Asia/Seoul"))
    return cal


@cache
def _seoul_vtimezone() -> Timezone:
    # Computing it scans every hour of the span (about 40 ms); every calendar shares it.
    return Timezone.from_tzid("Asia/Seoul", first_date=TZ_FIRST, last_date=TZ_LAST)


def _finish(cal: Calendar, timed: bool) -> bytes:
    if timed:
        # before the events, where every client looks for it
        cal.subcomponents.insert(0, _seoul_vtimezone())
    return cal.to_ical()


def _stamp(build_time: dt.datetime) -> dt.datetime:
    return build_time.astimezone(dt.timezone.utc).replace(microsecond=0)


def session_events(course: Course, *, ids: TagAuthority = DEFAULT_IDS, url: str, build_time: dt.datetime, numbers: list[int] | None = None) -> list[Event]:
    """One VEVENT per session (or per chosen session number), times in Asia/Seoul."""
    total = len(course.sessions)
    events = []
    for number, session in enumerate(course.sessions, start=1):
        if numbers is not None and number not in numbers:
            continue
        event = Event()
        event.add("uid", text(session_uid(course.id, number, ids)))
        event.add("dtstamp", _stamp(build_time))
        summary = course.title if total == 1 else f"{course.title} ({number}/{total}회차)"
        event.add("summary", text(summary))
        event.add("dtstart", session.start.astimezone(SEOUL))
        event.add("dtend", session.end.astimezone(SEOUL))
        if session.location:
            event.add("location", text(session.location))
        event.add("url", uri(url))
        lines = [f"대상: {course.audience}", f"방식: {MODE_LABELS.get(course.mode, course.mode)}"]
        if course.provider:
            lines.append(f"운영: {course.provider}")
        if course.example:
            lines.append("예시: 날짜와 장소는 실제 일정이 아닌 예시입니다.")
        lines.append(f"자세히 보기: {url}")
        event.add("description", text("\n".join(lines)))
        event.add("categories", vCategory([CATEGORY]))
        events.append(event)
    return events


def courses_calendar(courses: list[Course], *, name: str, description: str, ids: TagAuthority = DEFAULT_IDS, url_of, build_time: dt.datetime) -> bytes:
    """A calendar of every session of `courses`; `url_of(course)` gives the absolute page URL."""
    cal = _calendar(name, description)
    for course in sorted(courses, key=lambda c: c.id):
        for event in session_events(course, ids=ids, url=url_of(course), build_time=build_time):
            cal.add_component(event)
    return _finish(cal, timed=True)


def session_calendar(course: Course, number: int, *, ids: TagAuthority = DEFAULT_IDS, url: str, build_time: dt.datetime) -> bytes:
    """The "캘린더에 추가" file of one session: the same UID as in the feeds."""
    cal = _calendar(course.title, "서울 협동조합 포털 교육 일정")
    for event in session_events(course, ids=ids, url=url, build_time=build_time, numbers=[number]):
        cal.add_component(event)
    return _finish(cal, timed=True)


EVENT_CATEGORY = "협동조합 행사"


def event_events(event: PortalEvent, *, ids: TagAuthority = DEFAULT_IDS, url: str, build_time: dt.datetime, kind_label: str = "") -> list[Event]:
    """One VEVENT per session: a whole-day session as DATE values (DTEND the day after its
    last day, as RFC 5545 wants), a timed one in Asia/Seoul."""
    total = len(event.sessions)
    out = []
    for number, session in enumerate(event.sessions, start=1):
        item = Event()
        item.add("uid", text(event_uid(event.id, number, ids)))
        item.add("dtstamp", _stamp(build_time))
        item.add("summary", text(event.title if total == 1 else f"{event.title} ({number}/{total}회차)"))
        if session.all_day:
            item.add("dtstart", session.start)
            item.add("dtend", session.end + dt.timedelta(days=1))  # type: ignore[operator]
            item.add("transp", "TRANSPARENT")
        else:
            item.add("dtstart", session.start.astimezone(SEOUL))  # type: ignore[union-attr]
            item.add("dtend", session.end.astimezone(SEOUL))  # type: ignore[union-attr]
        where = session.location or event.location
        if where:
            item.add("location", text(where))
        item.add("url", uri(url))
        lines = [event.summary] if event.summary else []
        if kind_label:
            lines.append(f"종류: {kind_label}")
        if event.organizer:
            lines.append(f"주최: {event.organizer}")
        if event.example:
            lines.append("예시: 날짜나 시각이 자료에 없어 넣은 예시입니다.")
        lines.append(f"자세히 보기: {url}")
        item.add("description", text("\n".join(lines)))
        item.add("categories", vCategory([EVENT_CATEGORY]))
        out.append(item)
    return out


def events_calendar(events: list[PortalEvent], *, name: str, description: str, ids: TagAuthority = DEFAULT_IDS, url_of, build_time: dt.datetime,
                    kind_labels: dict[str, str] | None = None) -> bytes:
    """A calendar of every session of `events`; `url_of(event)` gives the absolute page URL."""
    cal = _calendar(name, description, EVENTS_PRODID)
    timed = False
    for event in sorted(events, key=lambda e: e.id):
        for item in event_events(event, ids=ids, url=url_of(event), build_time=build_time, kind_label=(kind_labels or {}).get(event.kind, "")):
            cal.add_component(item)
        timed = timed or any(not s.all_day for s in event.sessions)
    return _finish(cal, timed=timed)


def deadlines_calendar(programs: list[Program], *, ids: TagAuthority = DEFAULT_IDS, url_of, build_time: dt.datetime) -> bytes:
    """All-day events on each programme's closing day (programmes without one are left out)."""
    cal = _calendar("서울 협동조합 지원사업 마감일", "서울 협동조합 포털: 지원사업 신청 마감일", DEADLINES_PRODID)
    for program in sorted(programs, key=lambda p: p.id):
        closes = program.apply.closes
        if closes is None:
            continue
        event = Event()
        event.add("uid", text(deadline_uid(program.id, ids)))
        event.add("dtstamp", _stamp(build_time))
        event.add("summary", text(f"신청 마감: {program.title}"))
        event.add("dtstart", closes)
        event.add("dtend", closes + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        url = url_of(program)
        event.add("url", uri(url))
        lines = [program.summary, f"주관: {program.organizer}"]
        if program.apply.opens:
            lines.append(f"접수 시작: {program.apply.opens.isoformat()}")
        if program.example:
            lines.append("예시: 신청 기간은 실제 일정이 아닌 예시입니다.")
        lines.append(f"자세히 보기: {url}")
        event.add("description", text("\n".join(lines)))
        cal.add_component(event)
    return _finish(cal, timed=False)
