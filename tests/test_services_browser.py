"""The education schedule, the district finder and a course page in Chromium."""

from __future__ import annotations

import pytest

from services_helpers import built_fixture, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    site = built_fixture(tmp_path_factory)
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 400, "height": 800}, locale="ko-KR")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("requestfailed", lambda req: errors.append(f"{req.url} {req.failure}"))
    yield pg
    context.close()
    assert not errors, errors


def test_schedule_shows_upcoming_before_past(page, base):
    page.goto(base + "education/")
    upcoming = page.locator(".portal-session", has_text="시험 창업교육 (접수 중)").first
    page.locator(".portal-archive summary").click()
    past = page.locator(".portal-session", has_text="시험 조합원 교육 (지난 과정)")
    assert upcoming.is_visible() and past.is_visible()
    assert upcoming.bounding_box()["y"] < past.bounding_box()["y"]
    assert page.locator("#upcoming").bounding_box()["y"] < page.locator("#past").bounding_box()["y"]


def test_schedule_filters_by_keyboard_and_announce(page, base):
    page.goto(base + "education/")
    status = page.locator("[data-portal-schedule-status]")
    assert status.get_attribute("aria-live") == "polite"
    track = page.locator("select[name=track]")
    track.focus()
    track.select_option("citizen")
    assert page.locator(".portal-session:visible", has_text="시험 시민강좌").count() == 1
    assert page.locator(".portal-session:visible", has_text="시험 창업교육").count() == 0
    assert "다가오는 일정 1개" in status.inner_text()
    assert "track=citizen" in page.url
    page.locator("select[name=area]").select_option("seobuk")
    assert page.locator("[data-portal-empty]").is_visible()
    page.get_by_role("button", name="모두 보기").click()
    page.wait_for_timeout(50)
    assert page.locator(".portal-archive .portal-session").count() == 1
    assert "다가오는 일정 3개" in status.inner_text()


def test_choosing_mapo_shows_the_seobuk_centre(page, base):
    page.goto(base + "centers/")
    page.get_by_label("사는 곳(자치구)").select_option(label="마포구")
    result = page.locator("[data-portal-finder-result]")
    assert "마포구 담당: 서울시 협동조합 서북권 상담센터" in result.inner_text()
    assert result.locator('a[href^="tel:"]', has_text="02-3498-3721").is_visible()
    assert "district=mapo" in page.url


def test_district_in_the_address_preselects(page, base):
    page.goto(base + "centers/?district=gangnam")
    assert page.locator("select[name=district]").input_value() == "gangnam"
    assert "동남권" in page.locator("[data-portal-finder-result]").inner_text()


def test_finder_without_javascript_is_a_table(browser, base):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base + "centers/")
    row = pg.locator("#district-mapo")
    assert row.is_visible() and "서북권" in row.inner_text() and "02-3498-3721" in row.inner_text()
    pg.goto(base + "education/")
    assert not pg.locator("[data-portal-schedule-filters]").is_visible()
    assert pg.locator(".portal-session", has_text="시험 창업교육").first.is_visible()
    context.close()


def test_course_page_shows_open_registration(page, base):
    page.goto(base + "education/fixture-open/")
    assert page.locator("#apply .portal-state").inner_text() == "접수 중"
    assert page.get_by_role("link", name="신청하기").get_attribute("href") == "https://example.org/apply/fixture-open"
    assert page.locator("h1 .portal-badge--example").inner_text() == "예시"


def test_schedule_filter_works_from_the_keyboard(page, base):
    page.goto(base + "education/")
    page.locator("select[name=track]").focus()
    page.keyboard.press("ArrowDown")  # 전체 → the first track (조합원·임직원 교육)
    assert page.locator("select[name=track]").input_value() == "members"
    status = page.locator("[data-portal-schedule-status]").inner_text()
    assert "다가오는 일정 0개" in status and "지난 일정 1개" in status
    assert page.locator("[data-portal-empty]").is_visible()
