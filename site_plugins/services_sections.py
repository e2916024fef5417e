"""Facet term pages link to services: a region shows its centre, courses and programmes;
a strategic field or an industry shows its programmes. The section comes after the
term's co-ops and lists what is open now; the rest is folded (or linked)."""

from __future__ import annotations

from .centers import center_url, current_centers, past_centers, period_text
from .context import TERM_SECTIONS, BuildContext
from .education import course_url
from .model import Term
from .programs import program_url, sorted_programs
from .render import render
from .schedule import ALWAYS, CLOSED, COURSE_STATE_LABELS, OPEN, PROGRAM_STATE_LABELS, course_state


def term_services(ctx: BuildContext, kind: str, term: Term, url: str) -> str:
    site = ctx.site
    rel = ctx.relations
    centers, past, courses, program_ids = [], [], [], []
    if kind == "regions":
        # only centres operating today are offered; the ones whose period ended are history
        centers = current_centers(ctx, rel.centers_by_region.get(term.id, []))
        past = past_centers(ctx, rel.centers_by_region.get(term.id, []))
        courses = [site.courses[i] for i in rel.courses_by_region.get(term.id, [])]
        # a city-wide programme applies to every district of the city
        for region in site.taxonomies.ancestors(term.id):
            program_ids += [i for i in rel.programs_by_term.get("regions", {}).get(region.id, []) if i not in program_ids]
    elif kind in ("fields", "industries"):
        program_ids = list(rel.programs_by_term.get(kind, {}).get(term.id, []))
    if not (centers or past or courses or program_ids):
        return ""
    now = site.build_date
    ranked = sorted_programs([site.programs[i] for i in program_ids], now.date())
    course_states = {c.id: course_state(c, now) for c in courses}
    courses = sorted(courses, key=lambda c: (c.sessions[0].start, c.id))
    return render(
        "term_services.html",
        url,
        site,
        term=term,
        centers=centers,
        past=past,
        period_text=period_text,
        # what can be joined now first; closed courses and programmes not open now fold away
        courses=[c for c in courses if course_states[c.id] != CLOSED],
        closed_courses=[c for c in courses if course_states[c.id] == CLOSED],
        course_states=course_states,
        programs=[p for p, state in ranked if state in (OPEN, ALWAYS)],
        other_programs=[p for p, state in ranked if state not in (OPEN, ALWAYS)],
        program_states={p.id: state for p, state in ranked},
        course_labels=COURSE_STATE_LABELS,
        program_labels=PROGRAM_STATE_LABELS,
        center_url=center_url,
        course_url=course_url,
        program_url=program_url,
    )


TERM_SECTIONS.append(term_services)
