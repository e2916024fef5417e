"""Registration and application states, and the order of the schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from site_plugins.model import SEOUL, Application, Course, Program, Registration, Session, Source
from site_plugins.schedule import (ALWAYS, CLOSED, COURSE_STATE_LABELS, OPEN, PROGRAM_STATE_LABELS, UPCOMING, by_month,
                                   course_state, program_state, split_sessions, window_state)

OPENS, CLOSES = dt.date(2026, 10, 5), dt.date(2026, 10, 25)


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 9, 1), UPCOMING),  # well before
    (dt.date(2026, 10, 4), UPCOMING),  # the day before opening
    (dt.date(2026, 10, 5), OPEN),  # opening day counts
    (dt.date(2026, 10, 15), OPEN),  # during
    (dt.date(2026, 10, 25), OPEN),  # closing day still counts
    (dt.date(2026, 10, 26), CLOSED),  # the day after closing
    (dt.date(2027, 1, 1), CLOSED),  # well after
])
def test_window_before_during_after_and_edge_days(today, expected):
    assert window_state(OPENS, CLOSES, today) == expected


def test_window_of_one_day():
    day = dt.date(2026, 10, 5)
    assert [window_state(day, day, day + dt.timedelta(d)) for d in (-1, 0, 1)] == [UPCOMING, OPEN, CLOSED]


def test_open_ended_windows():
    assert window_state(None, None, CLOSES) == ALWAYS
    assert window_state(OPENS, None, dt.date(2030, 1, 1)) == OPEN
    assert window_state(OPENS, None, dt.date(2026, 10, 4)) == UPCOMING
    assert window_state(None, CLOSES, dt.date(2000, 1, 1)) == OPEN
    assert window_state(None, CLOSES, dt.date(2026, 10, 26)) == CLOSED


def test_labels_in_korean():
    assert [COURSE_STATE_LABELS[s] for s in (UPCOMING, OPEN, CLOSED)] == ["접수 예정", "접수 중", "마감"]
    assert [PROGRAM_STATE_LABELS[s] for s in (UPCOMING, OPEN, CLOSED, ALWAYS)] == ["모집 예정", "모집 중", "마감", "상시"]


def seoul(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


def course(course_id: str, *starts: dt.datetime, registration: Registration = Registration()) -> Course:
    sessions = tuple(Session(start, start + dt.timedelta(hours=3), "교육장") for start in starts)
    return Course(id=course_id, title=course_id, track="startup", audience="시민", sessions=sessions,
                  source_file=Source(f"data/education/{course_id}.yaml"), registration=registration)


def test_course_state_uses_the_seoul_date_of_the_build():
    c = course("a", seoul(2026, 11, 5, 14), registration=Registration(opens=OPENS, closes=CLOSES))
    # 2026-10-25 23:30 in Seoul is 14:30 UTC the same day: still the closing day
    assert course_state(c, seoul(2026, 10, 25, 23, 30)) == OPEN
    assert course_state(c, seoul(2026, 10, 26, 0, 0)) == CLOSED
    # the same instant written in UTC gives the same answer
    assert course_state(c, seoul(2026, 10, 26, 0, 0).astimezone(dt.timezone.utc)) == CLOSED


def test_course_without_dates_closes_when_its_last_session_ends():
    c = course("a", seoul(2026, 11, 5, 14), seoul(2026, 11, 12, 14))
    assert course_state(c, seoul(2026, 11, 12, 16)) == ALWAYS
    assert course_state(c, seoul(2026, 11, 12, 17, 1)) == CLOSED


def test_program_state():
    p = Program(id="p", title="p", organizer="o", summary="s", source_file=Source("data/programs/p.yaml"),
                apply=Application(opens=OPENS, closes=CLOSES))
    assert program_state(p, dt.date(2026, 10, 25)) == OPEN
    assert program_state(replace(p, apply=Application()), dt.date(2026, 10, 25)) == ALWAYS


def test_schedule_puts_upcoming_first_in_date_order_and_past_newest_first():
    now = seoul(2026, 11, 10, 12)
    a = course("a", seoul(2026, 11, 5, 14), seoul(2026, 11, 12, 14), seoul(2026, 12, 3, 14))
    b = course("b", seoul(2026, 10, 1, 9), seoul(2026, 11, 10, 11))  # the second one is running at `now`
    upcoming, past = split_sessions([a, b], now)
    assert [(r.course.id, r.number) for r in upcoming] == [("b", 2), ("a", 2), ("a", 3)]
    assert [(r.course.id, r.number) for r in past] == [("a", 1), ("b", 1)]
    assert [(month, len(rows)) for month, rows in by_month(upcoming)] == [((2026, 11), 2), ((2026, 12), 1)]
    assert [month for month, _ in by_month(past)] == [(2026, 11), (2026, 10)]
