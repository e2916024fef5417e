"""행사 (/events/, /events/<id>/, /events/calendar.ics): fairs, briefings, networking meetings.

The seeds name them: the 2013 사회적경제 국제박람회 및 컨퍼런스 (basic plan 1-3: '13. 10월,
서울시청·시민청·시청광장), the 2012 협동조합 난장한마당 (추진경과: 7.6~7.8), and in the
2016-17 collaboration report the 사업설명회 (4회, '16.3~4월·8월), the 교류회 간담회
(4회, '16.4~12월), the 혁신형 사업 설명회 ('16.1월) and the 사례발표회 ('16.12월).

Sessions are as for courses, but may also be whole days (dates only): the sources often
give a day and no hour. An event is upcoming while one of its sessions has not ended.
Calendar UIDs name no host (icalfeeds.event_uid: the configured tag authority), per the contract's second round.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from . import icalfeeds, jsonld
from .context import BuildContext
from .kinds import EVENT_KIND_LABELS
from .model import Event
from .output import OutputFile, Outputs, Page
from .render import render, trusted

SECTION = "events/"
CALENDAR = "events/calendar.ics"
KIND_LABELS = EVENT_KIND_LABELS
TITLE = "행사"
DESCRIPTION = "협동조합 박람회, 사업설명회, 교류회, 사례발표회 일정과 지난 행사의 기록. 달력(.ics)으로 구독할 수 있습니다."


def event_url(event_id: str) -> str:
    return f"{SECTION}{event_id}/"


def event_calendar_path(event_id: str) -> str:
    return f"{event_url(event_id)}event.ics"


def is_upcoming(event: Event, now: dt.datetime) -> bool:
    return any(session.end_at > now for session in event.sessions)


def split(events: list[Event], now: dt.datetime) -> tuple[list[Event], list[Event]]:
    """(upcoming, by first session; past, most recent first)."""
    upcoming = sorted((e for e in events if is_upcoming(e, now)), key=lambda e: (e.sessions[0].start_at, e.id))
    past = sorted((e for e in events if not is_upcoming(e, now)), key=lambda e: (e.sessions[-1].end_at, e.id), reverse=True)
    return upcoming, past


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    events = list(site.events.values())
    url_of = lambda event: ctx.absolute(event_url(event.id))
    out.pages.append(Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_index, ctx)))
    for event in events:
        url = event_url(event.id)
        out.pages.append(Page(
            url=url,
            title=event.title,
            description=event.summary or f"{KIND_LABELS.get(event.kind, '행사')} · {dates_text(event)}",
            render=partial(render_event, ctx, event),
            head=partial(lambda e, u: jsonld.script(jsonld.event(e, url=u)), event, ctx.absolute(url)),
            source=event.source_file.path,
        ))
        out.files.append(OutputFile(event_calendar_path(event.id), partial(
            icalfeeds.events_calendar, [event], name=event.title, description="서울 협동조합 포털 행사", ids=ctx.ids, url_of=url_of,
            build_time=site.build_date, kind_labels=KIND_LABELS)))
    out.files.append(OutputFile(CALENDAR, partial(
        icalfeeds.events_calendar, events, name="서울 협동조합 행사", description="서울 협동조합 포털: 박람회, 설명회, 교류회, 사례발표회",
        ids=ctx.ids, url_of=url_of, build_time=site.build_date, kind_labels=KIND_LABELS)))
    return out


def kday(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일({'월화수목금토일'[day.weekday()]})"


def session_text(session) -> str:
    """'2012년 7월 6일(금)', '2013년 10월 1일(화) ~ 2013년 10월 3일(목)' or '2027년 2월 18일(목) 14:00~16:00'."""
    if session.all_day:
        start, end = session.start, session.end
        return kday(start) if start == end else f"{kday(start)} ~ {kday(end)}"
    start, end = session.start, session.end
    tail = f"{end:%H:%M}" if end.date() == start.date() else f"{kday(end.date())} {end:%H:%M}"
    return f"{kday(start.date())} {start:%H:%M}~{tail}"


def dates_text(event: Event) -> str:
    """The span of the whole event: its first session, and its last when there are more."""
    first, last = event.sessions[0], event.sessions[-1]
    if len(event.sessions) == 1:
        return session_text(first)
    return f"{session_text(first)} 외 {len(event.sessions) - 1}회(마지막 {kday(last.end_at.date() if not last.all_day else last.end)})"


def render_index(ctx: BuildContext) -> str:
    site = ctx.site
    now = site.build_date
    upcoming, past = split(list(site.events.values()), now)
    host_path = ctx.site_url.split("://", 1)[1] if "://" in ctx.site_url else ""
    return render(
        "events.html",
        SECTION,
        site,
        upcoming=upcoming,
        past=past,
        now=now,
        kind_labels=KIND_LABELS,
        event_url=event_url,
        dates_text=dates_text,
        calendar=CALENDAR,
        calendar_abs=ctx.absolute(CALENDAR),
        webcal=f"webcal://{host_path}{CALENDAR}" if host_path else "",
        any_example=any(e.example for e in site.events.values()),
    )


def render_event(ctx: BuildContext, event: Event) -> str:
    site = ctx.site
    now = site.build_date
    return render(
        "event.html",
        event_url(event.id),
        site,
        event=event,
        upcoming=is_upcoming(event, now),
        kind_label=KIND_LABELS.get(event.kind, "행사"),
        sessions=[(n, s, session_text(s), s.end_at <= now) for n, s in enumerate(event.sessions, start=1)],
        programs=[site.programs[i] for i in event.programs if i in site.programs],
        calendar=event_calendar_path(event.id),
        all_calendar=CALENDAR,
        description=trusted(ctx.markdown_html(event.description)),
        edit_url=ctx.edit_url(event.source_file.path),
    )
