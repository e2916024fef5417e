"""The directory in a real browser: instant filters, shareable URLs, a plain list without JS."""

from __future__ import annotations

import pytest

from site_plugins.load import load_site
from conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def coops():
    site, _ = load_site(ROOT)
    return site


def test_filters_narrow_the_list_and_go_into_the_url(page, site_url, coops):
    page.goto(site_url + "coops/")
    page.wait_for_selector(".portal-filters:not([hidden])")
    total = len(coops.coops)
    assert page.locator(".portal-coops > li").count() == min(total, 200)
    page.get_by_role("checkbox", name="마포구").check()
    expected = sorted(c.name for c in coops.coops.values() if c.district == "mapo")
    page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('곳')")
    names = page.locator(".portal-coops > li .portal-coop__name").all_text_contents()
    assert names == expected
    assert "district=mapo" in page.url
    assert f"{len(expected)}곳" in page.locator(".portal-directory__status").text_content()


def test_a_shared_filtered_url_opens_filtered(page, site_url, coops):
    page.goto(site_url + "coops/?area=dongnam&status=active")
    page.wait_for_selector(".portal-filters:not([hidden])")
    assert page.get_by_role("checkbox", name="동남권").is_checked()
    names = set(page.locator(".portal-coops > li .portal-coop__name").all_text_contents())
    areas = {t.id: t for t in coops.taxonomies.terms("regions")}
    expected = {c.name for c in coops.coops.values() if areas[c.district].parent == "dongnam" and c.status == "active"}
    assert names == expected


def test_filters_are_usable_with_the_keyboard(page, site_url):
    page.goto(site_url + "coops/")
    page.wait_for_selector(".portal-filters:not([hidden])")
    box = page.get_by_role("checkbox", name="공동육아")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert "field=childcare" in page.url


def test_without_javascript_the_directory_is_a_plain_list_with_index_links(browser, site_url, coops):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "coops/")
    assert tab.locator(".portal-filters").is_hidden()
    assert tab.locator(".portal-coops > li").count() == min(len(coops.coops), 200)
    tab.get_by_text("자치구별로 보기").click()
    tab.get_by_role("link", name="마포구").first.click()
    assert tab.url.endswith("/regions/mapo/")
    assert tab.locator("h1").text_content().startswith("마포구")
    context.close()
