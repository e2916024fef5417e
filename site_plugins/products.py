"""/products/: what the co-ops sell and provide (their `offers`), by industry and by joint business.

Plan item 1-2 of the 2013 basic plan (서울시 협동조합 활성화 기본계획) asks the portal for
"최신의 협동조합 정보, 서비스, 상품" and for categories "업종별, 사업별, 지역별"; the
사업별 terms are the joint businesses the 2016-17 collaboration report names
(data/taxonomy/activities.yaml). The same offers are on each co-op's page and in its
JSON-LD (`makesOffer`), in /data/offers.csv and .json, and on the industry and activity
pages (a term section, below).

Only co-ops that are operating list their offers here: a suspended or dissolved co-op
sells nothing today (its page still shows what it offered, with its status).
"""

from __future__ import annotations

import html
from functools import partial

from .context import OVERVIEW_SECTIONS, TERM_SECTIONS, BuildContext
from .kinds import OFFER_KIND_LABELS
from .model import Coop, Offer, Site, Term
from .output import Outputs, Page, relative_url
from .render import render

SECTION = "products/"
TERM_SECTION_LIMIT = 6  # offers shown on an industry or activity page; the rest are on /products/
TITLE = "상품·서비스"
DESCRIPTION = "서울 협동조합이 파는 상품과 제공하는 서비스를 업종별, 사업별(공동사업)로 모았습니다."


def listed_offers(site: Site) -> list[tuple[Coop, Offer]]:
    """(co-op, offer) of every operating co-op, by co-op name, then in the co-op's order.

    Shape: [(Coop, Offer), ...]; one pass over the co-ops, so linear in the corpus."""
    coops = sorted((c for c in site.coops.values() if c.offers and c.status == "active"), key=lambda c: (c.name, c.id))
    return [(coop, offer) for coop in coops for offer in coop.offers]


def anchor(kind: str, term_id: str) -> str:
    """The id of a term's part of /products/ ("industry-manufacturing", "activity-joint-brand")."""
    return f"{'industry' if kind == 'industries' else 'activity'}-{term_id}"


def generate(ctx: BuildContext) -> Outputs:
    return Outputs(pages=[Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_catalogue, ctx))])


def render_catalogue(ctx: BuildContext) -> str:
    site = ctx.site
    rows = listed_offers(site)
    by_industry: dict[str, list[tuple[Coop, Offer]]] = {}
    by_activity: dict[str, dict[str, Coop]] = {}
    for coop, offer in rows:
        by_industry.setdefault(coop.industry, []).append((coop, offer))
        for activity in coop.activities:
            by_activity.setdefault(activity, {})[coop.id] = coop
    industries = [(term, by_industry[term.id]) for term in site.taxonomies.terms("industries") if term.id in by_industry]
    activities = [(term, list(by_activity.get(term.id, {}).values())) for term in site.taxonomies.terms("activities")]
    counts = {kind: sum(1 for _, offer in rows if offer.kind == kind) for kind in OFFER_KIND_LABELS}
    return render(
        "products.html",
        SECTION,
        site,
        total=len(rows),
        coop_count=len({coop.id for coop, _ in rows}),
        counts=counts,
        industries=industries,
        activities=activities,
        offer_kinds=OFFER_KIND_LABELS,
        anchor=anchor,
        any_example=any(coop.example for coop, _ in rows),
    )


def term_offers(ctx: BuildContext, kind: str, term: Term, url: str) -> str:
    """"이 업종(공동사업)의 상품과 서비스" on an industry or activity page."""
    if kind not in ("industries", "activities"):
        return ""
    ids = ctx.relations.coops_by_term.get(kind, {}).get(term.id, [])
    rows = [(coop, offer) for coop in map(ctx.site.coops.__getitem__, ids) if coop.status == "active" for offer in coop.offers]
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
        target=f"{SECTION}#{anchor(kind, term.id)}",
    )


def overview_link(ctx: BuildContext, kind: str, url: str) -> str:
    """On /activities/ and /industries/: where the same terms list what the co-ops offer."""
    if kind not in ("industries", "activities") or not listed_offers(ctx.site):
        return ""
    target = relative_url(url, f"{SECTION}#{'by-industry' if kind == 'industries' else 'by-activity'}")
    return f'<p><a href="{html.escape(target, quote=True)}">{"업종별" if kind == "industries" else "공동사업별"} 상품·서비스 보기</a></p>'


TERM_SECTIONS.append(term_offers)
OVERVIEW_SECTIONS.append(overview_link)
