"""The directory in a real browser: instant filters, shareable URLs, a plain list without JS;
on a phone the filters fold into a panel behind one button, every option's count follows
the other choices (faceted counts), and an empty result says which filter to drop."""

from __future__ import annotations

import pytest

from site_plugins.particles import josa

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
    names = page.locator(".portal-coops > li > a:first-child").all_text_contents()
    assert names == expected
    assert "district=mapo" in page.url
    assert f"{len(expected)}곳" in page.locator(".portal-directory__status").text_content()


def test_a_shared_filtered_url_opens_filtered(page, site_url, coops):
    page.goto(site_url + "coops/?area=dongnam&status=active")
    page.wait_for_selector(".portal-filters:not([hidden])")
    assert page.get_by_role("checkbox", name="동남권").is_checked()
    names = set(page.locator(".portal-coops > li > a:first-child").all_text_contents())
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


PHONE = {"width": 390, "height": 844}
GROUPS = ("area", "district", "industry", "category", "type", "field", "activity", "status")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def values(site, coop, group: str) -> set[str]:
    """The ids a co-op has in one filter group, as the directory's checkboxes name them."""
    if group == "area":
        return {t.id for t in site.taxonomies.ancestors(coop.district) if t.level == "area"}
    return {"district": {coop.district}, "industry": {coop.industry}, "category": {coop.category}, "type": {coop.legal_type},
            "field": set(coop.fields), "activity": set(coop.activities), "status": {coop.status}}[group]


def expected_counts(site, chosen: dict[str, set[str]], options: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """What each option should say: the matches with that option ticked, given the rest
    of the choice (groups ANDed, options within a group ORed); a ticked option counts the
    current matches that have it."""
    def ok(coop, group, wanted):
        return not wanted or bool(values(site, coop, group) & wanted)

    counts = {}
    for group, option in options:
        wanted = chosen.get(group, set())
        others = [c for c in site.coops.values() if all(ok(c, g, chosen.get(g, set())) for g in GROUPS if g != group)]
        if option in wanted or not wanted:
            counts[(group, option)] = sum(1 for c in others if ok(c, group, wanted) and option in values(site, c, group))
        else:
            counts[(group, option)] = sum(1 for c in others if ok(c, group, wanted | {option}))
    return counts


def shown_counts(tab) -> dict[tuple[str, str], int]:
    rows = tab.eval_on_selector_all(".portal-filters input[type=checkbox]", """boxes => boxes.map(b =>
        [b.name, b.value, b.closest('label').querySelector('.portal-count').textContent])""")
    return {(name, value): int(text.replace(",", "")) for name, value, text in rows}


def test_on_a_phone_results_come_first_and_the_filters_fold_into_a_panel(phone, site_url, coops):
    phone.goto(site_url + "coops/")
    phone.wait_for_selector(".portal-directory.is-enhanced")
    first = phone.locator(".portal-coops > li").first
    assert first.bounding_box()["y"] < PHONE["height"] * 1.5
    toggle = phone.locator(".portal-filters__toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert toggle.inner_text() == f"필터 · {len(coops.coops)}곳 보기"
    mapo = phone.get_by_role("checkbox", name="마포구")
    assert not mapo.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and mapo.is_visible()
    before = phone.locator(".portal-coops > li > a:first-child").all_text_contents()
    mapo.check()
    expected = sorted(c.name for c in coops.coops.values() if c.district == "mapo")
    names = phone.locator(".portal-coops > li > a:first-child").all_text_contents()
    assert names == expected != before
    # the change is in view: the list's first item is on the screen with the open panel
    box = phone.locator(".portal-coops > li").first.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]
    assert toggle.inner_text() == f"필터 (마포구) · {len(expected)}곳 보기"
    submit = phone.locator(".portal-filters__submit")
    assert submit.inner_text() == f"{len(expected)}곳 보기"
    submit.click()
    assert toggle.get_attribute("aria-expanded") == "false" and not mapo.is_visible()
    assert phone.evaluate("document.activeElement.classList.contains('portal-filters__toggle')")
    assert "district=mapo" in phone.url


def test_every_option_counts_what_ticking_it_would_give(phone, site_url, coops):
    phone.goto(site_url + "coops/")
    phone.wait_for_selector(".portal-directory.is-enhanced")
    phone.locator(".portal-filters__toggle").click()
    options = list(shown_counts(phone))
    assert shown_counts(phone) == expected_counts(coops, {}, options)
    chosen: dict[str, set[str]] = {}
    for group, option in (("district", "mapo"), ("district", "jongno"), ("type", "coop"), ("field", "care")):
        phone.locator(f".portal-filters input[name={group}][value={option}]").check()
        chosen.setdefault(group, set()).add(option)
        assert shown_counts(phone) == expected_counts(coops, chosen, options), chosen
    # ticking an option gives the number it showed
    counts = shown_counts(phone)
    for key in [k for k in options if k not in {(g, o) for g, ids in chosen.items() for o in ids}][:6]:
        box = phone.locator(f".portal-filters input[name={key[0]}][value={key[1]}]")
        box.check()
        status = phone.locator(".portal-directory__status").inner_text()
        shown = phone.locator(".portal-coops > li").count()
        assert shown == min(counts[key], 200) and (f"{counts[key]}곳" in status if counts[key] else "없습니다" in status), key
        box.uncheck()


def test_an_empty_result_says_which_filter_to_drop(phone, site_url, coops):
    phone.goto(site_url + "coops/?district=mapo")
    phone.wait_for_selector(".portal-directory.is-enhanced")
    phone.locator(".portal-filters__toggle").click()
    counts = shown_counts(phone)
    field, label = next((b, phone.locator(f".portal-filters input[name=field][value={b}]").evaluate(
        "b => b.closest('label').querySelector('.portal-option__label').textContent"))
        for (g, b), n in counts.items() if g == "field" and n == 0)
    assert "is-zero" in phone.locator(f".portal-filters input[name=field][value={field}]").evaluate("b => b.closest('label').className")
    phone.locator(f".portal-filters input[name=field][value={field}]").check()
    status = phone.locator(".portal-directory__status")
    assert phone.locator(".portal-coops > li").count() == 0
    with_field = sum(1 for c in coops.coops.values() if field in c.fields)
    in_mapo = sum(1 for c in coops.coops.values() if c.district == "mapo")
    drops = status.locator("button").all_inner_texts()
    assert f"{josa(chr(39) + '마포구' + chr(39), '을/를')} 빼면 {with_field}곳" in drops
    assert f"{josa(chr(39) + label + chr(39), '을/를')} 빼면 {in_mapo}곳" in drops
    assert status.inner_text().startswith("조건에 맞는 협동조합이 없습니다.")
    status.locator("button", has_text=f"'{label}'").click()
    assert phone.locator(".portal-coops > li").count() == in_mapo
    assert not phone.locator(f".portal-filters input[name=field][value={field}]").is_checked()


def test_with_javascript_each_coop_keeps_its_summary(page, site_url, coops):
    page.goto(site_url + "coops/?status=active")
    page.wait_for_selector(".portal-directory.is-enhanced")
    items = page.eval_on_selector_all(".portal-coops > li", """lis => lis.map(li =>
        [li.dataset.id, (li.querySelector(':scope > span:not(.portal-badge)') || {}).textContent])""")
    assert items and all(summary == coops.coops[coop_id].summary for coop_id, summary in items)


def test_the_name_filter_is_not_the_site_search(page, site_url, coops):
    page.goto(site_url + "coops/")
    page.wait_for_selector(".portal-directory.is-enhanced")
    page.locator(".portal-filters input[name=q]").fill("마포")
    expected = sorted(c.name for c in coops.coops.values() if "마포" in c.name.lower())
    assert page.locator(".portal-coops > li > a:first-child").all_text_contents() == expected
    assert "name=%EB%A7%88%ED%8F%AC" in page.url and "q=" not in page.url
    page.goto(page.url)  # a shared link opens the same list, not Material's search box
    page.wait_for_selector(".portal-directory.is-enhanced")
    assert page.locator(".portal-filters input[name=q]").input_value() == "마포"
    assert not page.is_checked("#__search")
    assert page.locator(".portal-coops > li > a:first-child").all_text_contents() == expected


def test_without_javascript_a_phone_gets_the_plain_list_first(browser, site_url, coops):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(site_url + "coops/")
    assert tab.locator(".portal-filters").is_hidden()
    assert tab.locator(".portal-coops > li").first.bounding_box()["y"] < PHONE["height"] * 1.5
    first = tab.locator(".portal-coops > li").first
    coop_id = first.locator("a").first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    assert first.locator(":scope > span:not(.portal-badge)").first.inner_text() == coops.coops[coop_id].summary
    tab.get_by_text("전략분야별로 보기").click()
    tab.locator(".portal-facet-links a", has_text="돌봄").click()
    assert tab.url.endswith("/fields/care/")
    context.close()
