"""Relations derived from the Site once per build, in one linear pass each.

Generators ask "which co-ops are in 마포구" or "which cases mention this co-op"
thousands of times; answering from these maps keeps every index page linear in
the corpus instead of quadratic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Article, Coop, Site

# facet kind -> (URL prefix, Korean name of the facet)
FACETS: dict[str, tuple[str, str]] = {
    "regions": ("regions", "지역"),
    "industries": ("industries", "업종"),
    "categories": ("categories", "조합원 유형"),
    "types": ("types", "법인 유형"),
    "fields": ("fields", "전략분야"),
    # plan 1-2's "사업별" categories: the joint businesses of the collaboration report
    "activities": ("activities", "공동사업"),
    "status": ("status", "상태"),
}
STATUS_LABELS = {"active": "운영 중", "dissolved": "해산", "suspended": "휴업"}


def coop_terms(coop: Coop, kind: str) -> tuple[str, ...]:
    if kind == "regions":
        return (coop.district,)
    if kind == "industries":
        return (coop.industry,)
    if kind == "categories":
        return (coop.category,)
    if kind == "types":
        return (coop.legal_type,)
    if kind == "fields":
        return coop.fields
    if kind == "activities":
        return coop.activities
    if kind == "status":
        return (coop.status,)
    raise KeyError(kind)


@dataclass(slots=True)
class Relations:
    coops_by_term: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    articles_by_coop: dict[str, list[Article]] = field(default_factory=dict)
    articles_by_term: dict[str, dict[str, list[Article]]] = field(default_factory=dict)
    articles_by_author: dict[str, list[Article]] = field(default_factory=dict)
    courses_by_region: dict[str, list[str]] = field(default_factory=dict)
    centers_by_region: dict[str, list[str]] = field(default_factory=dict)
    programs_by_term: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    coop_order: list[str] = field(default_factory=list)  # all co-op ids, by name
    jobs_by_coop: dict[str, list[str]] = field(default_factory=dict)  # co-op id -> posting ids, latest closing first
    events_by_program: dict[str, list[str]] = field(default_factory=dict)  # programme id -> event ids, by first session


def region_chain(site: Site, district: str) -> list[str]:
    return [term.id for term in site.taxonomies.ancestors(district)]


def build_relations(site: Site) -> Relations:
    rel = Relations()
    order = sorted(site.coops.values(), key=lambda c: (c.name, c.id))
    rel.coop_order = [coop.id for coop in order]
    chains: dict[str, list[str]] = {}
    for kind in FACETS:
        buckets: dict[str, list[str]] = defaultdict(list)
        for coop in order:
            for term in coop_terms(coop, kind):
                if kind == "regions":
                    if term not in chains:
                        chains[term] = region_chain(site, term)
                    for region in chains[term]:
                        buckets[region].append(coop.id)
                else:
                    buckets[term].append(coop.id)
        rel.coops_by_term[kind] = dict(buckets)

    by_coop: dict[str, list[Article]] = defaultdict(list)
    by_term: dict[str, dict[str, list[Article]]] = {kind: defaultdict(list) for kind in FACETS}
    by_author: dict[str, list[Article]] = defaultdict(list)
    for kind in ("cases", "columns", "newsletter"):
        for article in site.articles_of(kind):
            for coop_id in article.coops:
                by_coop[coop_id].append(article)
            if article.author:
                by_author[article.author].append(article)
            for term in article.fields:
                by_term["fields"][term].append(article)
            if article.industry:
                by_term["industries"][article.industry].append(article)
            if article.district:
                for region in region_chain(site, article.district):
                    by_term["regions"][region].append(article)
    rel.articles_by_coop = dict(by_coop)
    rel.articles_by_term = {kind: dict(items) for kind, items in by_term.items()}
    rel.articles_by_author = dict(by_author)

    courses: dict[str, list[str]] = defaultdict(list)
    for course in site.courses.values():
        if course.district:
            for region in region_chain(site, course.district):
                courses[region].append(course.id)
    rel.courses_by_region = dict(courses)

    centers: dict[str, list[str]] = defaultdict(list)
    districts_under: dict[str, list[str]] = defaultdict(list)  # area or 시도 -> its districts
    for term in site.taxonomies.terms("regions"):
        if term.level == "district":
            for region in region_chain(site, term.id)[:-1]:
                districts_under[region].append(term.id)
    for center in site.centers.values():
        # a centre that lists no districts serves every district of its area (or city)
        served_districts = center.districts or tuple(districts_under.get(center.area, ()))
        served = set(served_districts) | {center.area}
        for district in served_districts:
            served.update(region_chain(site, district))
        for region in sorted(served):
            centers[region].append(center.id)
    rel.centers_by_region = dict(centers)

    programs: dict[str, dict[str, list[str]]] = {kind: defaultdict(list) for kind in ("fields", "industries", "regions")}
    for program in site.programs.values():
        for term in program.fields:
            programs["fields"][term].append(program.id)
        for term in program.industries:
            programs["industries"][term].append(program.id)
        for term in program.regions:
            programs["regions"][term].append(program.id)
    rel.programs_by_term = {kind: dict(items) for kind, items in programs.items()}

    jobs: dict[str, list[str]] = defaultdict(list)
    for job in sorted(site.jobs.values(), key=lambda j: (j.closes, j.id), reverse=True):
        jobs[job.coop].append(job.id)
    rel.jobs_by_coop = dict(jobs)
    events: dict[str, list[str]] = defaultdict(list)
    for event in sorted(site.events.values(), key=lambda e: (e.sessions[0].start_at, e.id)):
        for program_id in event.programs:
            events[program_id].append(event.id)
    rel.events_by_program = dict(events)
    return rel
