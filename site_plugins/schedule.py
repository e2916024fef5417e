"""Dates of courses and programmes: registration states and the session schedule.

Pure functions of the records and "today" (the build date), so the state a page
shows is decided at build time and two builds with the same SOURCE_DATE_EPOCH
agree. Windows are inclusive on both days: a registration that closes on
2026-10-25 is still open all of that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Course, Program, Session

UPCOMING, OPEN, CLOSED, ALWAYS = "upcoming", "open", "closed", "always"

COURSE_STATE_LABELS = {UPCOMING: "접수 예정", OPEN: "접수 중", CLOSED: "마감", ALWAYS: "상시 접수"}
PROGRAM_STATE_LABELS = {UPCOMING: "모집 예정", OPEN: "모집 중", CLOSED: "마감", ALWAYS: "상시"}
# Order on list pages: what a reader can act on now comes first.
STATE_ORDER = {OPEN: 0, ALWAYS: 1, UPCOMING: 2, CLOSED: 3}

MODE_LABELS = {"onsite": "현장", "online": "온라인", "blended": "혼합"}


def window_state(opens: dt.date | None, closes: dt.date | None, today: dt.date) -> str:
    """State of an application window on `today`; no dates at all means always open."""
    if opens is None and closes is None:
        return ALWAYS
    if opens is not None and today < opens:
        return UPCOMING
    if closes is not None and today > closes:
        return CLOSED
    return OPEN


def course_state(course: Course, now: dt.datetime) -> str:
    """Registration state of a course at `now` (aware datetime of the build)."""
    today = now.astimezone(course.sessions[0].start.tzinfo).date() if course.sessions else now.date()
    state = window_state(course.registration.opens, course.registration.closes, today)
    # A course with no dates cannot be joined once its last session is over.
    if state == ALWAYS and course.sessions and max(s.end for s in course.sessions) < now:
        return CLOSED
    return state


def program_state(program: Program, today: dt.date) -> str:
    return window_state(program.apply.opens, program.apply.closes, today)


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session of one course, as the schedule lists it."""

    course: Course
    number: int  # 1-based position in the course
    session: Session

    @property
    def month(self) -> tuple[int, int]:
        return (self.session.start.year, self.session.start.month)


def split_sessions(courses: list[Course], now: dt.datetime) -> tuple[list[SessionRow], list[SessionRow]]:
    """(upcoming in date order, past newest first); a session is past once it has ended."""
    rows = [SessionRow(course, n, session) for course in courses for n, session in enumerate(course.sessions, start=1)]
    key = lambda r: (r.session.start, r.course.id, r.number)  # noqa: E731
    upcoming = sorted((r for r in rows if r.session.end >= now), key=key)
    past = sorted((r for r in rows if r.session.end < now), key=key, reverse=True)
    return upcoming, past


def by_month(rows: list[SessionRow]) -> list[tuple[tuple[int, int], list[SessionRow]]]:
    """Consecutive rows grouped by (year, month), keeping the rows' order."""
    groups: list[tuple[tuple[int, int], list[SessionRow]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.month:
            groups.append((row.month, []))
        groups[-1][1].append(row)
    return groups
