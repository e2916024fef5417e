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


# --- on a phone and at 320 px: tables, breadcrumbs, term pages, the map (the whole repository) ---

WIDTHS = (320, 390, 1280)

# Every word of every cell on one line: a word split over two lines ("협동/조합", "summa/ry") gives
# rects on two lines. A word is a run of letters and digits: a line may end at a space or after
# punctuation ("협동조합·", "joint-", "학급(").
SPLIT_WORDS = """sel => {
  const broken = [];
  for (const cell of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[\\p{L}\\p{N}]+/gu;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def sized(browser):
    contexts = []

    def open_at(width: int, height: int = 844):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR")
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("url, cells", [
    ("education/", "#courses ~ div table th, #courses ~ div table td"),
    ("data/", ".portal-datadict th, .portal-datadict td"),
    ("education/citizen-college-2026-winter/", ".portal-table th, .portal-table td"),
    ("centers/", ".portal-table th, .portal-table td"),
])
def test_tables_keep_words_whole_from_320_px(sized, site_url, url, cells):
    for width in WIDTHS:
        tab = sized(width)
        tab.goto(site_url + url)
        assert tab.locator(cells).count() > 0
        assert tab.evaluate(SPLIT_WORDS, cells) == [], f"/{url} at {width} px"
        page_width = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert page_width[0] <= page_width[1], f"/{url} scrolls sideways at {width} px"


def test_course_table_cells_stand_apart(sized, site_url):
    """'12:00종로구': the time and the place ran together; cells have room, or stack on a phone."""
    for width in WIDTHS:
        tab = sized(width)
        tab.goto(site_url + "education/citizen-college-2026-winter/")
        rows = tab.eval_on_selector_all(".portal-table tbody tr", """rows => rows.map(r => [...r.children].map(c => {
            const b = c.getBoundingClientRect(); return [b.left, b.right, b.top, b.bottom]; }))""")
        for cells in rows:
            for a, b in zip(cells, cells[1:]):
                side_by_side = b[0] >= a[1] - 0.5 and b[2] < a[3]
                stacked = b[2] >= a[3] - 0.5
                assert side_by_side or stacked, (width, a, b)
        if width >= 720:
            padding = tab.eval_on_selector(".portal-table td", "td => parseFloat(getComputedStyle(td).paddingLeft)")
            assert padding >= 8


@pytest.mark.parametrize("url", ["regions/mapo/", "education/citizen-college-2026-winter/"])
def test_breadcrumbs_sit_on_one_line(sized, site_url, url):
    for width in WIDTHS:
        tab = sized(width)
        tab.goto(site_url + url)
        tops = tab.eval_on_selector_all(".portal-breadcrumbs li", "lis => lis.map(li => Math.round(li.getBoundingClientRect().top))")
        assert len(tops) >= 2 and len(set(tops)) == 1, (url, width, tops)


def test_a_region_page_leads_with_its_coops_and_folds_what_is_closed(sized, site_url):
    tab = sized(390)
    tab.goto(site_url + "regions/mapo/")
    coops = tab.locator("#coops").bounding_box()["y"]
    services = tab.locator(".portal-term-services")
    assert coops < services.bounding_box()["y"]
    assert tab.locator(".portal-coops > li").first.bounding_box()["y"] < 844
    # programmes in view are the ones open now; the others are folded, not gone
    shown = services.locator("h3:has-text('지원사업') + ul .portal-state").all_inner_texts()
    assert shown and set(shown) <= {"모집 중", "상시"}
    folded = services.locator("details.portal-folded")
    assert folded.count() >= 1 and all(not d.get_attribute("open") for d in folded.element_handles())
    closed = services.locator("details .portal-state", has_text="마감")
    assert closed.count() >= 1 and not closed.first.is_visible()
    assert tab.locator(".portal-term-services a", has_text="지원사업 전체 보기").is_visible()


def test_the_district_map_uses_the_width_with_legible_labels(sized, site_url):
    for width, least in ((1280, 600), (390, 300)):
        tab = sized(width, 900)
        tab.goto(site_url + "regions/")
        svg = tab.locator(".portal-map__svg")
        assert svg.bounding_box()["width"] >= least
        sizes = tab.evaluate("""() => { const svg = document.querySelector('.portal-map__svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('.pm-labels text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }""")
        assert len(sizes) == 25 and min(sizes) >= 11, (width, min(sizes))
