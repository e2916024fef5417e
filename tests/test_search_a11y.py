"""Accessibility of what the portal adds to Material's search: the line under the count
(the facet link, the segmentation note) and results filled in past the first page,
checked with axe-core (WCAG 2.1 A/AA, 2.2 AA) in both colour schemes on a phone and a desktop."""

from __future__ import annotations

import urllib.parse

import pytest

from test_a11y import PHONE, SCHEMES, describe, serious, server, settle  # noqa: F401 (server is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("query", ["노원 돌봄", "마포 돌봄", "의료협동조합"])
def test_no_serious_axe_violation_in_the_search_extras(scheme, viewport, query, server, browser):  # noqa: F811
    page = browser.new_page(**({"viewport": viewport} if viewport else {}))
    page.goto(server.base + "?q=" + urllib.parse.quote(query))
    page.wait_for_selector(".portal-search-line", timeout=60000)
    settle(page, scheme)
    violations = serious(page)
    page.close()
    assert not violations, f"{query} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_axe_violation_after_scrolling_past_the_first_page(scheme, server, browser):  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    page.goto(server.base + "?q=" + urllib.parse.quote("협동조합"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    for _ in range(5):
        page.evaluate("() => { const w = document.querySelector('.md-search__scrollwrap');"
                      " w.scrollTop = Math.max(0, w.scrollHeight - w.clientHeight - 200) }")
        page.wait_for_timeout(50)
        page.evaluate("() => { const w = document.querySelector('.md-search__scrollwrap'); w.scrollTop = w.scrollHeight }")
        page.wait_for_timeout(50)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 14"
                           " && !document.querySelector('.md-search-result__list [data-portal-doc]')", timeout=60000)
    settle(page, scheme)
    violations = serious(page)
    page.close()
    assert not violations, f"scrolled ({scheme}):\n{describe(violations)}"
