"""The home page: the editor's welcome text, followed by what is current on the site."""

from __future__ import annotations

from functools import partial

from .centers import current_centers
from .context import BuildContext
from .events import is_upcoming
from .output import Decoration, Outputs
from .render import render
from .schedule import OPEN, program_state, split_sessions

UPCOMING_SESSIONS = 4
PARTNERS_PAGE = "content/about/partners.md"  # 함께하는 곳: the 사회적경제 종합 포털 the plan's item 1-2 runs with
LATEST_ARTICLES = 3


def generate(ctx: BuildContext) -> Outputs:
    return Outputs(decorations=[Decoration("index.md", after=partial(render_home, ctx))])


def render_home(ctx: BuildContext) -> str:
    site = ctx.site
    by_region = ctx.relations.coops_by_term["regions"]
    areas = [(term, len(by_region.get(term.id, []))) for term in site.taxonomies.terms("regions") if term.level == "area"]
    upcoming, _ = split_sessions(list(site.courses.values()), site.build_date)
    open_programs = [p for p in site.programs.values() if program_state(p, site.build_date.date()) == OPEN]
    return render(
        "home.html",
        "",
        site,
        total=len(site.coops),
        areas=areas,
        fields=[(term, len(ctx.relations.coops_by_term["fields"].get(term.id, []))) for term in site.taxonomies.terms("fields")],
        sessions=upcoming[:UPCOMING_SESSIONS],
        programs=sorted(open_programs, key=lambda p: (p.apply.closes or p.apply.opens or site.build_date.date(), p.id)),
        cases=site.articles_of("cases")[:LATEST_ARTICLES],
        issues=site.articles_of("newsletter")[:1],
        centers=len(current_centers(ctx)),
        open_jobs=sum(1 for job in site.jobs.values() if job.is_open(site.build_date.date())),
        upcoming_events=sorted((e for e in site.events.values() if is_upcoming(e, site.build_date)), key=lambda e: (e.sessions[0].start_at, e.id))[:2],
        library_count=len(site.library),
        partners=bool(ctx.root and (ctx.root / PARTNERS_PAGE).is_file()),
        offer_count=sum(len(c.offers) for c in site.coops.values() if c.status == "active"),
    )
