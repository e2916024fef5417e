"""Education: the schedule (/education/), one page per course, and the calendars."""

from __future__ import annotations

from functools import partial

from . import icalfeeds, jsonld
from .centers import current_centers
from .context import BuildContext
from .model import Course
from .output import OutputFile, Outputs, Page
from .render import render, trusted
from .schedule import COURSE_STATE_LABELS, MODE_LABELS, by_month, course_state, split_sessions

SECTION = "education/"
CALENDAR = "education/calendar.ics"
NO_AREA = "none"  # filter value of courses without a place (online)


def course_url(course_id: str) -> str:
    return f"{SECTION}{course_id}/"


def track_calendar_path(track_id: str) -> str:
    return f"{SECTION}tracks/{track_id}.ics"


def session_calendar_path(course_id: str, number: int) -> str:
    return f"{course_url(course_id)}session-{number}.ics"


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    courses = list(site.courses.values())
    url_of = lambda course: ctx.absolute(course_url(course.id))  # noqa: E731
    out.pages.append(Page(
        url=SECTION,
        title="교육",
        description="협동조합 교육 일정: 조합원·임직원 교육, 창업교육, 전문인력 양성, 시민·공무원·학교교육. 캘린더로 구독할 수 있습니다.",
        nav=True,
        # No <link rel="alternate"> for the calendar: Material treats alternates as
        # language versions and fetches their sitemap.xml from the feed's host.
        render=partial(render_schedule, ctx),
    ))
    for course in courses:
        url = course_url(course.id)
        out.pages.append(Page(
            url=url,
            title=course.title,
            description=f"{site.taxonomies.label('tracks', course.track)} · {course.audience}",
            render=partial(render_course, ctx, course),
            head=partial(lambda c, u: jsonld.script(jsonld.course(c, url=u)), course, ctx.absolute(url)),
            source=course.source_file.path,
        ))
        for number in range(1, len(course.sessions) + 1):
            out.files.append(OutputFile(session_calendar_path(course.id, number), partial(
                icalfeeds.session_calendar, course, number, ids=ctx.ids, url=ctx.absolute(url), build_time=site.build_date)))
    out.files.append(OutputFile(CALENDAR, partial(
        icalfeeds.courses_calendar, courses, name="서울 협동조합 교육 일정", description="서울 협동조합 포털: 모든 교육 과정의 일정",
        ids=ctx.ids, url_of=url_of, build_time=site.build_date)))
    for track in site.taxonomies.terms("tracks"):
        in_track = [c for c in courses if c.track == track.id]
        out.files.append(OutputFile(track_calendar_path(track.id), partial(
            icalfeeds.courses_calendar, in_track, name=f"서울 협동조합 교육: {track.label}", description=f"서울 협동조합 포털: {track.label} 일정",
            ids=ctx.ids, url_of=url_of, build_time=site.build_date)))
    return out


def area_of(ctx: BuildContext, course: Course) -> str:
    if not course.district:
        return NO_AREA
    chain = ctx.site.taxonomies.ancestors(course.district)
    return next((t.id for t in chain if t.level == "area"), course.district)


def render_schedule(ctx: BuildContext) -> str:
    site = ctx.site
    now = site.build_date
    courses = sorted(site.courses.values(), key=lambda c: c.id)
    upcoming, past = split_sessions(courses, now)
    states = {c.id: course_state(c, now) for c in courses}
    areas = {c.id: area_of(ctx, c) for c in courses}
    used_tracks = {c.track for c in courses}
    used_modes = {c.mode for c in courses}
    used_areas = set(areas.values())
    region_options = [(t.id, t.label) for t in site.taxonomies.terms("regions") if t.id in used_areas]
    if NO_AREA in used_areas:
        region_options.append((NO_AREA, "지역 없음(온라인)"))
    tracks = site.taxonomies.terms("tracks")
    return render(
        "education.html",
        SECTION,
        site,
        build_date=now,
        upcoming=by_month(upcoming),
        past=by_month(past),
        upcoming_count=len(upcoming),
        past_count=len(past),
        courses=sorted(courses, key=lambda c: (c.sessions[0].start, c.id)),
        states=states,
        state_labels=COURSE_STATE_LABELS,
        areas=areas,
        mode_labels=MODE_LABELS,
        track_options=[(t.id, t.label) for t in tracks if t.id in used_tracks],
        mode_options=[(m, label) for m, label in MODE_LABELS.items() if m in used_modes],
        region_options=region_options,
        calendar_url=CALENDAR,
        calendar_abs=ctx.absolute(CALENDAR),
        track_calendars=[(t, track_calendar_path(t.id), ctx.absolute(track_calendar_path(t.id))) for t in tracks],
        course_url=course_url,
        any_example=any(c.example for c in courses),
    )


def render_course(ctx: BuildContext, course: Course) -> str:
    site = ctx.site
    url = course_url(course.id)
    centers = current_centers(ctx, ctx.relations.centers_by_region.get(course.district, [])) if course.district else []  # never a past centre
    return render(
        "course.html",
        url,
        site,
        course=course,
        state=course_state(course, site.build_date),
        state_labels=COURSE_STATE_LABELS,
        mode_label=MODE_LABELS.get(course.mode, course.mode),
        regions=site.taxonomies.ancestors(course.district) if course.district else [],
        sessions=[(n, s, session_calendar_path(course.id, n)) for n, s in enumerate(course.sessions, start=1)],
        now=site.build_date,
        centers=centers,
        description=trusted(ctx.markdown_html(course.description)),
        calendar_url=CALENDAR,
        track_calendar=track_calendar_path(course.track),
        edit_url=ctx.edit_url(course.source_file.path),
    )
