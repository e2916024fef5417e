"""Every record as a search document: what the search index knows about the site.

Editor-written pages (about, cases, columns, newsletter issues) come from the
MkDocs adapter, which sees their rendered titles; everything generated from
`data/` is described here, without MkDocs.
"""

from __future__ import annotations

from .context import BuildContext
from .relations import FACETS, STATUS_LABELS
from .render import coop_url, term_url
from .search import SearchDoc

ARTICLE_KINDS = {"cases": "case", "columns": "column", "newsletter": "newsletter"}


def record_docs(ctx: BuildContext) -> list[SearchDoc]:
    site = ctx.site
    tax = site.taxonomies
    docs: list[SearchDoc] = []
    area_of: dict[str, str] = {}
    for coop in site.coops.values():
        if coop.district not in area_of:
            area_of[coop.district] = " ".join(t.label for t in tax.ancestors(coop.district)[:-1] if t.level == "area")
        keywords = [tax.label("regions", coop.district), area_of[coop.district], tax.label("industries", coop.industry),
                    tax.label("categories", coop.category), tax.label("types", coop.legal_type),
                    *(tax.label("fields", f) for f in coop.fields)]
        if coop.status != "active":
            keywords.append(STATUS_LABELS[coop.status])
        body = "" if "description" in coop.hidden else coop.description
        docs.append(SearchDoc(coop_url(coop.id), coop.name, "coop", coop.summary, body, tuple(k for k in keywords if k)))
    for course in site.courses.values():
        keywords = [tax.label("tracks", course.track)] + ([tax.label("regions", course.district)] if course.district else [])
        docs.append(SearchDoc(f"education/{course.id}/", course.title, "course", course.audience,
                              f"{course.provider}\n{course.description}", tuple(keywords)))
    for center in site.centers.values():
        keywords = [tax.label("regions", center.area), *(tax.label("regions", d) for d in center.districts), *center.services]
        docs.append(SearchDoc(f"centers/{center.id}/", center.name, "center", f"{center.operator} · {center.phone}",
                              f"{center.address}\n{center.description}", tuple(keywords)))
    for program in site.programs.values():
        keywords = [*(tax.label("fields", f) for f in program.fields), *(tax.label("industries", i) for i in program.industries)]
        docs.append(SearchDoc(f"programs/{program.id}/", program.title, "program", program.summary,
                              "\n".join((program.organizer, program.eligibility, program.support, program.description)), tuple(keywords)))
    for author in site.authors.values():
        docs.append(SearchDoc(f"authors/{author.id}/", author.name, "page", author.affiliation, author.bio, author.expertise))
    for kind in FACETS:
        for term in tax.terms(kind):
            docs.append(SearchDoc(term_url(kind, term.id), f"{term.label} 협동조합", "term", term.description,
                                  "", (term.label, *term.aliases)))
    return docs


def page_doc(url: str, title: str, summary: str, markdown: str) -> SearchDoc:
    """An editor-written page; articles get their own kind so results can say what they are."""
    section = url.split("/", 1)[0]
    return SearchDoc(url, title, ARTICLE_KINDS.get(section, "page"), summary, markdown)
