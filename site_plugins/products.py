"""/products/: what the co-ops sell and provide (their `offers`), by industry and by joint business.

Plan item 1-2 of the 2013 basic plan (서울시 협동조합 활성화 기본계획) asks the portal for
"최신의 협동조합 정보, 서비스, 상품" and for categories "업종별, 사업별, 지역별"; the
사업별 terms are the joint businesses the 2016-17 collaboration report names
(data/taxonomy/activities.yaml). The same offers are on each co-op's page and in its
JSON-LD (`makesOffer`), in /data/offers.csv and .json, and on the industry and activity
pages (a term section, below).

The catalogue scales the way the directory's term pages do:

* `/products/<industry>/` and `/products/activities/<activity>/` list the offers of one
  industry or joint business, `TERM_PAGE_SIZE` to a page (`/page/2/`, ...), one page
  per term that has any. They exist whatever the catalogue's size, so a link to one
  keeps working as the catalogue grows;
* `/products/` lists every offer itself while the whole catalogue fits on one such page
  (`WHOLE_CATALOGUE_MAX`, the repository's own ~20 offers); above that it is the
  overview: counts per industry and per joint business, each linking to its page.
  The overview keeps the anchors of the whole list (`#industry-manufacturing`), so
  an old link to a part of /products/ lands on the link to that part's page.

Only co-ops that are operating list their offers here: a suspended or dissolved co-op
sells nothing today (its page still shows what it offered, with its status).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

from .context import OVERVIEW_SECTIONS, TERM_SECTIONS, BuildContext
from .directory import TERM_PAGE_SIZE, names_only_list
from .kinds import OFFER_KIND_LABELS
from .model import Coop, Offer, Site, Term
from .output import Outputs, Page, relative_url
from .particles import josa
from .render import paginate, render
from .search import SearchDoc
from .titles import term_heading

SECTION = "products/"
KINDS = ("industries", "activities")  # the facets the catalogue is divided by
TERM_SECTION_LIMIT = 6  # offers shown on an industry or activity page; the rest are on the term's products page
# Up to this many offers /products/ lists them all; above it, it gives the overview and
# each industry's and joint business's offers are on their own pages only.
WHOLE_CATALOGUE_MAX = TERM_PAGE_SIZE
TITLE = "상품·서비스"
DESCRIPTION = "서울 협동조합이 파는 상품과 제공하는 서비스를 업종별, 사업별(공동사업)로 모았습니다."

Row = tuple[Coop, Offer]


def listed_offers(site: Site) -> list[Row]:
    """(co-op, offer) of every operating co-op, by co-op name, then in the co-op's order.

    Shape: [(Coop, Offer), ...]; one pass over the co-ops, so linear in the corpus."""
    coops = sorted((c for c in site.coops.values() if c.offers and c.status == "active"), key=lambda c: (c.name, c.id))
    return [(coop, offer) for coop in coops for offer in coop.offers]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The listed offers, once, and how they divide by industry and by joint business."""

    rows: tuple[Row, ...]
    by_term: dict[str, dict[str, tuple[Row, ...]]]  # kind -> term id -> rows, in `rows`' order; terms without offers absent

    @property
    def whole(self) -> bool:
        """Whether /products/ lists every offer itself."""
        return len(self.rows) <= WHOLE_CATALOGUE_MAX


_CATALOGUE: list[tuple[Site, Catalogue]] = []  # the last site's, shared by the term sections, the pages and the search index


def catalogue(site: Site) -> Catalogue:
    if _CATALOGUE and _CATALOGUE[0][0] is site:
        return _CATALOGUE[0][1]
    rows = tuple(listed_offers(site))
    by_term: dict[str, dict[str, list[Row]]] = {kind: {} for kind in KINDS}
    for row in rows:
        coop = row[0]
        by_term["industries"].setdefault(coop.industry, []).append(row)
        for activity in coop.activities:
            by_term["activities"].setdefault(activity, []).append(row)
    result = Catalogue(rows, {kind: {term: tuple(found) for term, found in terms.items()} for kind, terms in by_term.items()})
    _CATALOGUE[:] = [(site, result)]
    return result


def products_url(kind: str, term_id: str) -> str:
    """The page of one industry's or joint business's offers: "products/manufacturing/",
    "products/activities/joint-brand/"."""
    return f"{SECTION}{term_id}/" if kind == "industries" else f"{SECTION}activities/{term_id}/"


def anchor(kind: str, term_id: str) -> str:
    """The id of a term's part of /products/ ("industry-manufacturing", "activity-joint-brand")."""
    return f"{'industry' if kind == 'industries' else 'activity'}-{term_id}"


def kind_counts(rows: tuple[Row, ...] | list[Row]) -> dict[str, int]:
    """How many of `rows` are products and how many services: {"product": 3, "service": 1}."""
    return {kind: sum(1 for _, offer in rows if offer.kind == kind) for kind in OFFER_KIND_LABELS}


def _terms(site: Site, found: Catalogue, kind: str) -> list[tuple[Term, tuple[Row, ...]]]:
    """The terms of `kind` that have offers, in the taxonomy's order, with their rows."""
    rows = found.by_term[kind]
    return [(term, rows[term.id]) for term in site.taxonomies.terms(kind) if term.id in rows]


def generate(ctx: BuildContext) -> Outputs:
    found = catalogue(ctx.site)
    out = Outputs(pages=[Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_catalogue, ctx))])
    for kind in KINDS:
        for term, rows in _terms(ctx.site, found, kind):
            out.pages.extend(_term_pages(ctx, kind, term, rows))
    return out


def term_title(term: Term) -> str:
    """"제조업 상품·서비스", "공동브랜드 상품·서비스"."""
    return f"{term.label} {TITLE}"


def _term_pages(ctx: BuildContext, kind: str, term: Term, rows: tuple[Row, ...]) -> list[Page]:
    heading = term_title(term)
    counts = kind_counts(rows)
    coop_count = len(_unique_coops(rows))
    any_example = any(coop.example for coop, _ in rows)  # said on every page, as on the directory's term pages
    pages = []
    for url, chunk, pager in paginate(list(rows), products_url(kind, term.id), TERM_PAGE_SIZE):
        pages.append(
            Page(
                url=url,
                title=heading if pager.number == 1 else f"{heading} ({pager.number}쪽)",
                description=_term_description(kind, term, coop_count, counts),
                render=partial(_render_term, ctx, kind, term, url, tuple(chunk), pager, len(rows), coop_count, counts, any_example),
                key=(kind, term, tuple(chunk), pager, len(rows), coop_count, counts, any_example),
            )
        )
    return pages


def _term_description(kind: str, term: Term, coop_count: int, counts: dict[str, int]) -> str:
    who = f"{josa(term.label, '을/를')} 함께 하는 협동조합" if kind == "activities" else term_heading(kind, term)
    parts = [f"{label} {counts[k]:,}가지" for k, label in OFFER_KIND_LABELS.items() if counts[k]]
    return f"{who} {coop_count:,}곳의 {', '.join(parts)}"


def _render_term(ctx: BuildContext, kind: str, term: Term, url: str, rows: tuple[Row, ...], pager, total: int, coop_count: int,
                 counts: dict[str, int], any_example: bool) -> str:
    return render(
        "products_term.html",
        url,
        ctx.site,
        heading=term_title(term),
        kind=kind,
        term=term,
        rows=rows,
        pager=pager,
        total=total,
        coop_count=coop_count,
        counts=counts,
        any_example=any_example,
        names_only=names_only_list(total),
        offer_kinds=OFFER_KIND_LABELS,
    )


def render_catalogue(ctx: BuildContext) -> str:
    site = ctx.site
    found = catalogue(site)
    rows = found.rows
    industries = _terms(site, found, "industries")
    # every joint business, those without offers too: the list says which have none yet
    activity_rows = found.by_term["activities"]
    activities = [(term, activity_rows.get(term.id, ())) for term in site.taxonomies.terms("activities")]
    return render(
        "products.html",
        SECTION,
        site,
        whole=found.whole,
        total=len(rows),
        coop_count=len(_unique_coops(rows)),
        counts=kind_counts(rows),
        industries=industries,
        activities=activities,
        offer_kinds=OFFER_KIND_LABELS,
        anchor=anchor,
        products_url=products_url,
        unique_coops=_unique_coops,
        page_size=TERM_PAGE_SIZE,
        any_example=any(coop.example for coop, _ in rows),
    )


def _unique_coops(rows: tuple[Row, ...]) -> list[Coop]:
    """The co-ops of `rows`, each once, in order."""
    return list({coop.id: coop for coop, _ in rows}.values())


def term_offers(ctx: BuildContext, kind: str, term: Term, url: str) -> str:
    """"이 업종(공동사업)의 상품과 서비스" on an industry or activity page."""
    if kind not in KINDS:
        return ""
    rows = catalogue(ctx.site).by_term[kind].get(term.id, ())
    if not rows:
        return ""
    return render(
        "term_offers.html",
        url,
        ctx.site,
        term=term,
        kind=kind,
        rows=rows[:TERM_SECTION_LIMIT],
        more=len(rows) - TERM_SECTION_LIMIT,
        total=len(rows),
        offer_kinds=OFFER_KIND_LABELS,
        target=products_url(kind, term.id),
    )


def overview_link(ctx: BuildContext, kind: str, url: str) -> str:
    """On /activities/ and /industries/: where the same terms list what the co-ops offer."""
    if kind not in KINDS or not catalogue(ctx.site).rows:
        return ""
    target = relative_url(url, f"{SECTION}#{'by-industry' if kind == 'industries' else 'by-activity'}")
    return f'<p><a href="{html.escape(target, quote=True)}">{"업종별" if kind == "industries" else "공동사업별"} 상품·서비스 보기</a></p>'


def search_docs(ctx: BuildContext) -> list[SearchDoc]:
    """The first page of each industry's and joint business's offers, as the directory's
    term pages are in the index (the pages after it are reached from the first)."""
    site = ctx.site
    found = catalogue(site)
    docs = []
    for kind in KINDS:
        for term, rows in _terms(site, found, kind):
            coop_count = len(_unique_coops(rows))
            docs.append(SearchDoc(products_url(kind, term.id), term_title(term), "page",
                                  _term_description(kind, term, coop_count, kind_counts(rows)), "",
                                  (term.label, *term.aliases, *OFFER_KIND_LABELS.values())))
    return docs


TERM_SECTIONS.append(term_offers)
OVERVIEW_SECTIONS.append(overview_link)
