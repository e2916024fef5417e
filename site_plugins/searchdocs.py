"""Every record as a search document: what the search index knows about the site.

Editor-written pages (about, cases, columns, newsletter issues) come from the
MkDocs adapter, which sees their rendered titles; everything generated from
`data/` is described here, without MkDocs.
"""

from __future__ import annotations

from . import products
from .context import BuildContext
from .centers import period_text
from .directory import term_heading
from .kinds import EVENT_KIND_LABELS, JOB_KIND_LABELS, LIBRARY_KIND_LABELS
from .relations import FACETS, STATUS_LABELS
from .render import coop_url, term_url
from .search import SearchDoc, Vocabulary
from .spellings import spelling_table

ARTICLE_KINDS = {"cases": "case", "columns": "column", "newsletter": "newsletter"}
# Facets a query word may name, as the /coops/ directory's filter parameters
# (overrides/assets/portal/directory.js reads ?district=mapo&field=care).
FACET_PARAMS = {"industries": "industry", "fields": "field"}
# Regions by level: a 자치구 is a facet word; a 권역 is not (issue 13 names district,
# industry and field, and "동북권" is as often the consultation centre as its co-ops).
REGION_PARAMS = {"district": "district"}


def record_docs(ctx: BuildContext) -> list[SearchDoc]:
    site = ctx.site
    tax = site.taxonomies
    docs: list[SearchDoc] = []
    today = site.build_date.date()
    area_of: dict[str, str] = {}
    for coop in site.coops.values():
        if coop.district not in area_of:
            area_of[coop.district] = " ".join(t.label for t in tax.ancestors(coop.district)[:-1] if t.level == "area")
        keywords = [tax.label("regions", coop.district), area_of[coop.district], tax.label("industries", coop.industry),
                    tax.label("categories", coop.category), tax.label("types", coop.legal_type),
                    *(tax.label("fields", f) for f in coop.fields)]
        if coop.status != "active":
            keywords.append(STATUS_LABELS[coop.status])
        keywords += [*(tax.label("activities", a) for a in coop.activities), *(offer.name for offer in coop.offers)]
        body = "" if "description" in coop.hidden else coop.description
        docs.append(SearchDoc(coop_url(coop.id), coop.name, "coop", coop.summary, body, tuple(k for k in keywords if k),
                              aliases=coop.aliases, facets=coop_facets(coop)))
    for course in site.courses.values():
        keywords = [tax.label("tracks", course.track)] + ([tax.label("regions", course.district)] if course.district else [])
        docs.append(SearchDoc(f"education/{course.id}/", course.title, "course", course.audience,
                              f"{course.provider}\n{course.description}", tuple(keywords)))
    for center in site.centers.values():
        keywords = [tax.label("regions", center.area), *(tax.label("regions", d) for d in center.districts), *center.services]
        past = center.period.state(today) == "past"  # history: no number to call in the result line
        docs.append(SearchDoc(f"centers/{center.id}/", center.name, "center",
                              f"{center.operator} · 운영 종료({period_text(center)})" if past else f"{center.operator} · {center.phone}",
                              center.description if past else f"{center.address}\n{center.description}", tuple(keywords)))
    for program in site.programs.values():
        keywords = [*(tax.label("fields", f) for f in program.fields), *(tax.label("industries", i) for i in program.industries)]
        docs.append(SearchDoc(f"programs/{program.id}/", program.title, "program", program.summary,
                              "\n".join((program.organizer, program.eligibility, program.support, program.description)), tuple(keywords)))
    for item in site.library.values():
        docs.append(SearchDoc(f"library/{item.id}/", item.title, "page", item.summary or f"{item.publisher} · {item.year}년",
                              f"{item.publisher}\n{item.description}", (LIBRARY_KIND_LABELS.get(item.kind, ""), *(tax.label("fields", f) for f in item.fields))))
    for job in site.jobs.values():
        coop = site.coops[job.coop]
        docs.append(SearchDoc(f"jobs/{job.id}/", job.title, "page", f"{JOB_KIND_LABELS[job.kind]} · {coop.name} · {job.closes.isoformat()} 마감",
                              f"{job.summary}\n{job.description}", (JOB_KIND_LABELS[job.kind], coop.name, tax.label("regions", coop.district))))
    for event in site.events.values():
        docs.append(SearchDoc(f"events/{event.id}/", event.title, "page", event.summary or EVENT_KIND_LABELS.get(event.kind, ""),
                              f"{event.organizer}\n{event.location}\n{event.description}", (EVENT_KIND_LABELS.get(event.kind, ""),)))
    for author in site.authors.values():
        docs.append(SearchDoc(f"authors/{author.id}/", author.name, "page", author.affiliation, author.bio, author.expertise))
    for kind in FACETS:
        for term in tax.terms(kind):
            param = facet_param(kind, term)
            docs.append(SearchDoc(term_url(kind, term.id), term_heading(kind, term), "term", term.description,
                                  "", (term.label, *term.aliases), facets=((param, term.id),) if param else ()))
    docs += products.search_docs(ctx)
    return docs


def page_doc(url: str, title: str, summary: str, markdown: str) -> SearchDoc:
    """An editor-written page; articles get their own kind so results can say what they are."""
    section = url.split("/", 1)[0]
    return SearchDoc(url, title, ARTICLE_KINDS.get(section, "page"), summary, markdown)


def facet_param(kind: str, term) -> str:
    """The directory parameter of a facet term a query may name, or "" (e.g. 서울특별시, 법인 유형)."""
    if kind == "regions":
        return REGION_PARAMS.get(term.level, "")
    return FACET_PARAMS.get(kind, "")


def coop_facets(coop) -> tuple[tuple[str, str], ...]:
    """(parameter, term id) of every facet term a co-op belongs to, for "co-ops of that term first"."""
    out = [("district", coop.district), ("industry", coop.industry)]
    out += [("field", f) for f in coop.fields]
    return tuple(out)


def facet_spellings(kind: str, term) -> tuple[str, ...]:
    """How a query may name a facet term: its label and aliases, plus common short forms.

    Districts also go without their last syllable when two or more remain
    (마포구 → 마포, not 중구 → 중). Industries, whose KSIC labels join several
    trades (도매 및 소매업), also go by each one-word trade of two or more
    syllables, with and without a final 업 (도매, 소매업, 소매, 음식점), and
    "X 서비스업" by X (교육).
    Fields go by each part of a "및" label (전통시장, 소상공인).
    """
    names = [term.label, *term.aliases]
    if kind == "regions" and term.level == "district" and len(term.label) >= 3 and term.label[-1] in "구군시":
        names.append(term.label[:-1])
    if kind in ("industries", "fields"):
        parts = [p.strip() for chunk in term.label.split("·") for p in chunk.split(" 및 ")]
        for part in parts:
            words = part.split()
            if kind == "industries" and len(words) == 2 and words[1] == "서비스업":
                part = words[0]  # 교육 서비스업 → 교육
            if len(part) >= 2 and " " not in part:
                names.append(part)
                if kind == "industries" and part.endswith("업") and len(part) >= 3:
                    names.append(part[:-1])
    return tuple(dict.fromkeys(names))


def search_vocabulary(ctx: BuildContext) -> Vocabulary:
    """The facet words and curated spellings the search index ships (site_plugins/search/index.py).

    Order decides a clash of spellings: districts, then fields, industries.
    """
    tax = ctx.site.taxonomies
    facets = []
    for kind, level in (("regions", "district"), ("fields", ""), ("industries", "")):
        for term in tax.terms(kind):
            param = facet_param(kind, term)
            if param and (not level or term.level == level):
                facets.append((param, term.id, term.label, facet_spellings(kind, term)))
    return Vocabulary(facets=tuple(facets), spellings=spelling_table(ctx.site.spellings))
