"""iCalendar files: course sessions and programme deadlines.

UIDs are derived from record ids and positions only (`<course-id>-<n>@<host>`),
so a subscriber's calendar updates an event in place when its title or room
changes instead of duplicating it. DTSTAMP is the build time (`site.build_date`),
which honours SOURCE_DATE_EPOCH, so two builds of the same data give identical files.

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
from urllib.parse import quote, urlsplit

from icalendar import Calendar, Event, Timezone, vCategory, vText, vUri

from .model import SEOUL, Course, Program
from .schedule import MODE_LABELS

PRODID = "-//서울 협동조합 포털//교육 일정//KO"
# A fixed span keeps the VTIMEZONE identical whatever the data's dates are.
TZ_FIRST, TZ_LAST = dt.date(2000, 1, 1), dt.date(2038, 1, 1)
DEFAULT_HOST = "seoul-coop-portal"
CATEGORY = "협동조합 교육"


def host_of(site_url: str) -> str:
    return urlsplit(site_url).hostname or DEFAULT_HOST


def session_uid(course_id: str, number: int, host: str) -> str:
    return f"{course_id}-{number}@{host}"


def deadline_uid(program_id: str, host: str) -> str:
    return f"{program_id}-deadline@{host}"


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


def _calendar(name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", text(PRODID))
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


def session_events(course: Course, *, host: str, url: str, build_time: dt.datetime, numbers: list[int] | None = None) -> list[Event]:
    """One VEVENT per session (or per chosen session number), times in Asia/Seoul."""
    total = len(course.sessions)
    events = []
    for number, session in enumerate(course.sessions, start=1):
        if numbers is not None and number not in numbers:
            continue
        event = Event()
        event.add("uid", text(session_uid(course.id, number, host)))
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


def courses_calendar(courses: list[Course], *, name: str, description: str, host: str, url_of, build_time: dt.datetime) -> bytes:
    """A calendar of every session of `courses`; `url_of(course)` gives the absolute page URL."""
    cal = _calendar(name, description)
    for course in sorted(courses, key=lambda c: c.id):
        for event in session_events(course, host=host, url=url_of(course), build_time=build_time):
            cal.add_component(event)
    return _finish(cal, timed=True)


def session_calendar(course: Course, number: int, *, host: str, url: str, build_time: dt.datetime) -> bytes:
    """The "캘린더에 추가" file of one session: the same UID as in the feeds."""
    cal = _calendar(course.title, "서울 협동조합 포털 교육 일정")
    for event in session_events(course, host=host, url=url, build_time=build_time, numbers=[number]):
        cal.add_component(event)
    return _finish(cal, timed=True)


def deadlines_calendar(programs: list[Program], *, host: str, url_of, build_time: dt.datetime) -> bytes:
    """All-day events on each programme's closing day (programmes without one are left out)."""
    cal = _calendar("서울 협동조합 지원사업 마감일", "서울 협동조합 포털: 지원사업 신청 마감일")
    for program in sorted(programs, key=lambda p: p.id):
        closes = program.apply.closes
        if closes is None:
            continue
        event = Event()
        event.add("uid", text(deadline_uid(program.id, host)))
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
