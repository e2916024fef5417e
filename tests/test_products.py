"""/products/ at any size: the whole catalogue on one page while it fits there, else an
overview of counts that links to one paginated page per industry and per joint business;
every offer of an operating co-op on its industry's pages exactly once, none of a closed
co-op's, and the co-op's JSON-LD without what nesting already says.

The repository's ~20 offers fit on /products/; the larger catalogue is the same data with
the limits lowered (a page of 3 offers, the overview above 4), so every rule of the large
site runs here in a second.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re

import pytest
from conftest import EPOCH, ROOT

from site_plugins import jsonld, products, searchdocs
from site_plugins.context import BuildContext
from site_plugins.load import load_site
from site_plugins.model import SEOUL
from site_plugins.output import Page, relative_url
from site_plugins.particles import josa

PAGE = 3  # offers to a page in the lowered limits
WHOLE = 4  # the largest catalogue /products/ lists itself in the lowered limits
COOP_LINK = re.compile(r'<a href="[^"]*coops/([a-z0-9-]+)/">')
ROW = re.compile(r"<li><strong>(?:<a [^>]*>)?([^<]+)(?:</a>)?</strong>.*?</li>")


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    site, problems = load_site(ROOT, now=dt.datetime.fromtimestamp(int(EPOCH), tz=SEOUL))
    assert not problems, problems.report()
    return BuildContext.create(site, site_url="https://portal.example.org/", root=ROOT)


@pytest.fixture
def large(monkeypatch):
    """The repository's catalogue as a large one: the overview and many small pages."""
    monkeypatch.setattr(products, "TERM_PAGE_SIZE", PAGE)
    monkeypatch.setattr(products, "WHOLE_CATALOGUE_MAX", WHOLE)


def listed(ctx: BuildContext) -> set[tuple[str, str]]:
    """(co-op id, offer name) of every offer the catalogue must list: operating co-ops only."""
    return {(c.id, o.name) for c in ctx.site.coops.values() if c.status == "active" for o in c.offers}


def rows(html: str) -> list[tuple[str, str]]:
    """(co-op id, offer name) of each offer row of a catalogue page."""
    found = []
    for match in ROW.finditer(html):
        coop = COOP_LINK.search(match.group(0))
        assert coop, match.group(0)
        found.append((coop.group(1), match.group(1)))
    return found


def pages_by_url(ctx: BuildContext) -> dict[str, Page]:
    return {page.url: page for page in products.generate(ctx).pages}


def follow(pages: dict[str, Page], first: str) -> list[str]:
    """The URLs of a paginated list, from its first page along its "next" links."""
    urls, url = [], first
    while url:
        assert url in pages and url not in urls, url
        urls.append(url)
        link = re.search(r'<a rel="next" href="([^"]+)"', pages[url].render())
        url = relative_target(url, link.group(1)) if link else ""
    return urls


def relative_target(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join("/" + base, href)).strip("/") + "/"


def test_the_repositorys_catalogue_is_whole_on_products(ctx):
    found = products.catalogue(ctx.site)
    assert found.whole and 0 < len(found.rows) <= products.WHOLE_CATALOGUE_MAX
    html = pages_by_url(ctx)["products/"].render()
    by_industry = html.split('id="by-activity"')[0]
    assert sorted(rows(by_industry)) == sorted(listed(ctx))
    closed = {c.id for c in ctx.site.coops.values() if c.status != "active" and c.offers}
    assert closed and not closed & set(COOP_LINK.findall(html))


@pytest.mark.usefixtures("large")
def test_a_large_catalogue_gives_an_overview_that_links_every_part(ctx):
    found = products.catalogue(ctx.site)
    assert not found.whole
    pages = pages_by_url(ctx)
    html = pages["products/"].render()
    assert rows(html) == []  # counts and links, no offer
    for kind, prefix in (("industries", "industry"), ("activities", "activity")):
        for term_id, term_rows in found.by_term[kind].items():
            target = products.products_url(kind, term_id)
            # the old anchor of the term's part of the whole list is on the link to its pages
            item = re.search(rf'<li id="{prefix}-{term_id}"><a href="([^"]+)">[^<]+</a> <span class="portal-count">([\d,]+)<', html)
            assert item, term_id
            assert item.group(1) == relative_url("products/", target) and int(item.group(2).replace(",", "")) == len(term_rows)
    assert 'id="by-industry"' in html and 'id="by-activity"' in html  # /industries/ and /activities/ link there


@pytest.mark.usefixtures("large")
def test_every_offer_of_an_operating_coop_is_on_its_industrys_pages_once(ctx):
    found = products.catalogue(ctx.site)
    pages = pages_by_url(ctx)
    seen: list[tuple[str, str]] = []
    paginated = False
    for term in ctx.site.taxonomies.terms("industries"):
        first = products.products_url("industries", term.id)
        if term.id not in found.by_term["industries"]:
            assert first not in pages
            continue
        urls = follow(pages, first)
        paginated |= len(urls) > 1
        assert [u for u in pages if u.startswith(first)] == urls  # no page off the chain
        for url in urls:
            page_rows = rows(pages[url].render())
            assert 0 < len(page_rows) <= PAGE
            assert all(ctx.site.coops[coop].industry == term.id for coop, _ in page_rows)
            seen += page_rows
    assert paginated
    assert sorted(seen) == sorted(listed(ctx))  # each once, closed co-ops' none


@pytest.mark.usefixtures("large")
def test_each_joint_business_lists_the_offers_of_the_coops_that_do_it(ctx):
    pages = pages_by_url(ctx)
    for term in ctx.site.taxonomies.terms("activities"):
        wanted = {(c.id, o.name) for c in ctx.site.coops.values() if c.status == "active" and term.id in c.activities for o in c.offers}
        first = products.products_url("activities", term.id)
        if not wanted:
            assert first not in pages
            continue
        got = [row for url in follow(pages, first) for row in rows(pages[url].render())]
        assert sorted(got) == sorted(wanted), term.id
        text = re.sub(r"<[^>]+>", "", pages[first].render())
        assert f"{josa(term.label, '을/를')} 함께 하는 협동조합" in text  # the particle agrees: 공동생산을, 공동구매를


@pytest.mark.usefixtures("large")
def test_term_pages_link_their_offers_page_and_the_index_has_its_first_page(ctx):
    found = products.catalogue(ctx.site)
    docs = {doc.url: doc for doc in searchdocs.record_docs(ctx)}
    for kind in products.KINDS:
        for term in ctx.site.taxonomies.terms(kind):
            target = products.products_url(kind, term.id)
            url = f"{kind}/{term.id}/"
            section = products.term_offers(ctx, kind, term, url)
            if term.id not in found.by_term[kind]:
                assert section == "" and target not in docs
                continue
            assert f'href="{relative_url(url, target)}"' in section
            assert docs[target].title == f"{term.label} 상품·서비스"
    assert not any("/page/" in url for url in docs if url.startswith("products/"))


def test_an_offer_in_json_ld_says_only_what_nesting_does_not(ctx):
    coop = next(c for c in ctx.site.coops.values() if c.status == "active" and any(o.url for o in c.offers) and any(not o.url for o in c.offers))
    data = jsonld.coop_data(ctx, coop)
    assert [o["itemOffered"]["name"] for o in data["makesOffer"]] == [o.name for o in coop.offers]
    for entry, offer in zip(data["makesOffer"], coop.offers):
        assert entry["@type"] == "Offer" and "offeredBy" not in entry  # the inverse of makesOffer: implied by nesting
        assert entry.get("url") == (offer.url or None)  # its own page only; the co-op's is the Organization's url
        assert entry["itemOffered"]["@type"] == {"product": "Product", "service": "Service"}[offer.kind]
        assert entry["itemOffered"].get("description") == (offer.description or None)
    closed = next(c for c in ctx.site.coops.values() if c.status != "active" and c.offers)
    assert "makesOffer" not in jsonld.coop_data(ctx, closed)
