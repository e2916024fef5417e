"""Support programmes (지원사업): /programs/, one page per programme, the deadlines calendar."""

from __future__ import annotations

from functools import partial

from . import icalfeeds, jsonld
from .context import BuildContext
from .model import Program
from .output import OutputFile, Outputs, Page
from .render import render, trusted
from .schedule import PROGRAM_STATE_LABELS, STATE_ORDER, program_state

SECTION = "programs/"
DEADLINES = "programs/deadlines.ics"


def program_url(program_id: str) -> str:
    return f"{SECTION}{program_id}/"


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    out.pages.append(Page(
        url=SECTION,
        title="지원사업",
        description="협동조합이 신청할 수 있는 서울시 지원사업: 누가, 무엇을, 언제, 어떻게 신청하는지와 모집 상태.",
        nav=True,
        render=partial(render_index, ctx),
    ))
    for program in site.programs.values():
        url = program_url(program.id)
        out.pages.append(Page(
            url=url,
            title=program.title,
            description=program.summary,
            render=partial(render_program, ctx, program),
            head=partial(lambda p, u: jsonld.script(jsonld.program(p, url=u)), program, ctx.absolute(url)),
            source=program.source_file.path,
        ))
    out.files.append(OutputFile(DEADLINES, partial(
        icalfeeds.deadlines_calendar, list(site.programs.values()), ids=ctx.ids,
        url_of=lambda p: ctx.absolute(program_url(p.id)), build_time=site.build_date)))
    return out


def sorted_programs(programs: list[Program], today) -> list[tuple[Program, str]]:
    """Open first, then always open, upcoming, closed; within a state by deadline, then title."""
    rows = [(p, program_state(p, today)) for p in programs]
    far = today.replace(year=9999)
    return sorted(rows, key=lambda r: (STATE_ORDER[r[1]], r[0].apply.closes or far, r[0].title, r[0].id))


def render_index(ctx: BuildContext) -> str:
    site = ctx.site
    today = site.build_date.date()
    rows = sorted_programs(list(site.programs.values()), today)
    return render(
        "programs.html",
        SECTION,
        site,
        rows=rows,
        today=today,
        state_labels=PROGRAM_STATE_LABELS,
        program_url=program_url,
        deadlines=DEADLINES,
        deadlines_abs=ctx.absolute(DEADLINES),
    )


def render_program(ctx: BuildContext, program: Program) -> str:
    site = ctx.site
    return render(
        "program.html",
        program_url(program.id),
        site,
        program=program,
        state=program_state(program, site.build_date.date()),
        state_labels=PROGRAM_STATE_LABELS,
        description=trusted(ctx.markdown_html(program.description)),
        deadlines=DEADLINES,
        events=[site.events[i] for i in ctx.relations.events_by_program.get(program.id, [])],
        edit_url=ctx.edit_url(program.source_file.path),
    )
