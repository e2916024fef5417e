"""Facet term pages link to services: a region shows its centre, courses and programmes;
a strategic field or an industry shows its programmes."""

from __future__ import annotations

from .centers import center_url
from .context import TERM_SECTIONS, BuildContext
from .education import course_url
from .model import Term
from .programs import program_url, sorted_programs
from .render import render
from .schedule import COURSE_STATE_LABELS, PROGRAM_STATE_LABELS, course_state, program_state


def term_services(ctx: BuildContext, kind: str, term: Term, url: str) -> str:
    site = ctx.site
    rel = ctx.relations
    centers, courses, program_ids = [], [], []
    if kind == "regions":
        centers = [site.centers[i] for i in rel.centers_by_region.get(term.id, [])]
        courses = [site.courses[i] for i in rel.courses_by_region.get(term.id, [])]
        # a city-wide programme applies to every district of the city
        for region in site.taxonomies.ancestors(term.id):
            program_ids += [i for i in rel.programs_by_term.get("regions", {}).get(region.id, []) if i not in program_ids]
    elif kind in ("fields", "industries"):
        program_ids = list(rel.programs_by_term.get(kind, {}).get(term.id, []))
    if not (centers or courses or program_ids):
        return ""
    now = site.build_date
    programs = [p for p, _ in sorted_programs([site.programs[i] for i in program_ids], now.date())]
    return render(
        "term_services.html",
        url,
        site,
        term=term,
        centers=centers,
        courses=sorted(courses, key=lambda c: (c.sessions[0].start, c.id)),
        course_states={c.id: course_state(c, now) for c in courses},
        programs=programs,
        program_states={p.id: program_state(p, now.date()) for p in programs},
        course_labels=COURSE_STATE_LABELS,
        program_labels=PROGRAM_STATE_LABELS,
        center_url=center_url,
        course_url=course_url,
        program_url=program_url,
    )


TERM_SECTIONS.append(term_services)
