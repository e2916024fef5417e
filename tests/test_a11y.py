"""Accessibility in a real browser: axe-core (WCAG 2.1 A/AA and 2.2 AA, so target size too)
on the main pages in both colour schemes, with the search box showing results and with the
directory's filter panel open on a phone; keyboard use of the directory filters, skip links,
language, 24 px targets and focus outlines that stand out in both schemes.

axe-core is pinned in tests/axe/package-lock.json and installed with `npm ci` (make test
does it; the fixture below does it too when the folder is missing). Pages another part of
the portal builds (schedule, courses, centres, programmes, newsletter archive) are
skipped, with the reason, while this branch does not have them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from opendata_helpers import Server, built

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_DIR = Path(__file__).parent / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ("default", "slate")
PHONE = {"width": 390, "height": 844}


def axe_script() -> Path:
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm이 없어 axe-core를 설치할 수 없습니다 (tests/axe에서 npm ci)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True, capture_output=True, timeout=300)
    return AXE


@pytest.fixture(scope="module")
def server():
    srv = Server(built().site)
    yield srv
    srv.stop()


def first_child(folder: str) -> str | None:
    base = built().site / folder
    pages = sorted(p.parent.name for p in base.glob("*/index.html") if p.parent.name != "page") if base.is_dir() else []
    return f"{folder}/{pages[0]}/" if pages else None


PAGES = {
    "home": lambda: "",
    "directory": lambda: "coops/",
    "coop": lambda: "coops/hansalim-seoul/",
    "schedule": lambda: "education/",
    "course": lambda: first_child("education"),
    "centres": lambda: "centers/",
    "programmes": lambda: "programs/",
    "region": lambda: "regions/mapo/",
    "regions": lambda: "regions/",
    "case": lambda: first_child("cases"),
    "newsletter": lambda: "newsletter/",
    "stats": lambda: "stats/",
    "data": lambda: "data/",
    "not found": lambda: "404.html",
    # the second round (issue 15)
    "products": lambda: "products/",
    "industry products": lambda: first_child("products"),
    "activity products": lambda: first_child("products/activities"),
    "startup": lambda: "startup/",
    "library": lambda: "library/",
    "library item": lambda: first_child("library"),
    "jobs": lambda: "jobs/",
    "job": lambda: first_child("jobs"),
    "events": lambda: "events/",
    "event": lambda: first_child("events"),
    "status": lambda: "status/dissolved/",
    "activity": lambda: "activities/joint-purchasing/",
    "past centre": lambda: "centers/seobuk/",
}


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} @ {[n['target'] for n in v['nodes'][:3]]}" for v in violations)


def serious(page) -> list[dict]:
    return [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]


def settle(page, scheme: str) -> None:
    # Material animates link colours; axe must measure them settled, not mid-transition.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)


def search_for(page, query: str) -> None:
    """Type into Material's search box as a reader does and wait for the results."""
    icon = page.locator("label.md-header__button[for=__search]")  # a phone's search button
    if icon.is_visible():
        icon.click()
    else:
        page.locator(".md-search__input").click()
    page.locator(".md-search__input").focus()
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material reads the box on keyup, which IME typing sends
    page.wait_for_selector(".md-search-result__item mark", timeout=60000)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violation(name, server, browser):
    url = PAGES[name]()
    if url is None or not (built().site / url / ("" if url.endswith(".html") else "index.html")).is_file():
        pytest.skip(f"/{url or name}는 이 브랜치에서 만들지 않습니다 (다른 작업 브랜치의 페이지, 통합 후 검사)")
    for scheme in ("default", "slate"):
        page = browser.new_page()
        page.goto(server.base + url)
        # Material animates link colours; axe must measure them settled, not mid-transition.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        violations = [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]
        page.close()
        assert not violations, f"/{url} ({scheme}):\n{describe(violations)}"


def test_axe_finds_a_planted_violation(server, browser):
    """The check can fail: text at 1.3:1 contrast must be reported."""
    page = browser.new_page()
    page.goto(server.base + "stats/")
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = '흐린 글자';
        p.style.color = '#dddddd'; p.style.background = '#ffffff'; document.querySelector('article').appendChild(p); }""")
    ids = [v["id"] for v in run_axe(page)]
    page.close()
    assert "color-contrast" in ids


def test_language_and_skip_link(server, browser):
    for url in ("", "coops/", "coops/hansalim-seoul/", "stats/"):
        page = browser.new_page()
        page.goto(server.base + url)
        assert page.get_attribute("html", "lang") == "ko"
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        assert "md-skip" in focused[0].split(), url
        assert focused[1] in ("본문 바로가기", "콘텐츠로 이동")
        page.keyboard.press("Enter")
        target = focused[2].split("#", 1)[1]
        assert page.evaluate("id => !!document.getElementById(decodeURIComponent(id))", target), url
        page.close()


def test_directory_filters_by_keyboard_and_announces(server, browser):
    page = browser.new_page()
    page.goto(server.base + "coops/")
    page.wait_for_selector(".portal-filters:not([hidden])")
    status = page.locator(".portal-directory__status")
    assert status.get_attribute("role") == "status"
    total = page.locator(".portal-coops > li").count()
    # reach the first 권역 checkbox with the keyboard only
    page.locator("input[name=q]").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "area":
            break
    else:
        pytest.fail("권역 선택 상자에 키보드로 갈 수 없습니다")
    area = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    shown = page.locator(".portal-coops > li").count()
    assert 0 < shown < total
    assert status.text_content() == f"조건에 맞는 협동조합 {shown}곳"
    assert f"area={area}" in page.url
    page.close()


@pytest.mark.parametrize("name", [name for name in PAGES if name != "not found"])
def test_reflow_at_320_css_pixels(name, server, browser):
    """WCAG 1.4.10: no sideways scrolling of the page at 320 px (tables may scroll inside their box)."""
    url = PAGES[name]()
    if url is None or not (built().site / url / "index.html").is_file():
        pytest.skip(f"/{url or name}는 이 브랜치에서 만들지 않습니다")
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(server.base + url)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.close()
    assert widths[0] <= widths[1], f"{name}: {widths}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_no_serious_axe_violation_with_search_results_open(scheme, viewport, server, browser):
    """Search highlights, result counts and tags in both schemes (the dark accent was 2.65:1)."""
    page = browser.new_page(**({"viewport": viewport} if viewport else {}))
    page.goto(server.base + "coops/")
    settle(page, scheme)
    search_for(page, "협동조합")
    violations = serious(page)
    page.close()
    assert not violations, f"search ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", ["coops/", "coops/?district=mapo&field=care", "coops/?district=mapo&type=coop"])
def test_no_serious_axe_violation_with_the_filter_panel_open_on_a_phone(scheme, url, server, browser):
    """The folded filters opened, boxes ticked, and an empty result with its suggestions."""
    page = browser.new_page(viewport=PHONE)
    page.goto(server.base + url)
    page.wait_for_selector(".portal-directory.is-enhanced")
    settle(page, scheme)
    toggle = page.locator(".portal-filters__toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    violations = serious(page)
    page.close()
    assert not violations, f"/{url} ({scheme}, filters open):\n{describe(violations)}"


PHONE_PAGES = ["", "education/", "centers/", "regions/", "regions/mapo/", "data/", "stats/", "coops/hansalim-seoul/", "programs/"]


@pytest.mark.parametrize("url", PHONE_PAGES)
def test_no_serious_axe_violation_on_a_phone(url, server, browser):
    for scheme in SCHEMES:
        page = browser.new_page(viewport=PHONE)
        page.goto(server.base + url)
        settle(page, scheme)
        violations = serious(page)
        page.close()
        assert not violations, f"/{url} ({scheme}, 390 px):\n{describe(violations)}"


TARGET_PAGES = ["centers/", "regions/mapo/", "coops/", "education/", "data/", "programs/", "", "stats/", "cases/", "products/", "products/manufacturing/"]


@pytest.mark.parametrize("url", TARGET_PAGES)
def test_list_and_table_links_are_at_least_24px_tall(url, server, browser):
    """WCAG 2.2 target size: the portal's links in lists, tables and fact boxes (not links
    inside running text, which the criterion exempts)."""
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page = browser.new_page(viewport=viewport)
        page.goto(server.base + url)
        small = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href], .md-content button, .md-content summary')]
            .filter(a => !a.closest('svg') && (a.closest('li, td, th, dd, nav, h2, h3, h4') || !a.parentElement.closest('p')))
            .map(a => [a.textContent.trim().slice(0, 30), a.getBoundingClientRect().height])
            .filter(([, h]) => h > 0 && h < 24)""")
        page.close()
        assert not small, f"/{url} at {viewport['width']} px: {small[:10]}"


def _contrast(a: str, b: str) -> float:
    def lum(rgb: str) -> float:
        parts = [float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        c = [p / 255 for p in parts]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_accent_and_focus_outlines_stand_out_in_both_schemes(scheme, server, browser):
    """Text in the accent colour 4.5:1, focus outlines 3:1 on the page background."""
    page = browser.new_page(viewport=PHONE)
    page.goto(server.base + "coops/")
    page.wait_for_selector(".portal-directory.is-enhanced")
    settle(page, scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    accent = page.evaluate("""() => { const s = document.createElement('span'); s.style.color = 'var(--md-accent-fg-color)';
        document.body.appendChild(s); const c = getComputedStyle(s).color; s.remove(); return c; }""")
    assert _contrast(accent, background) >= 4.5, (scheme, accent, background)
    page.keyboard.press("Tab")  # the skip link, then on into the page
    outlines = []
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return [e.tagName + '.' + e.className, s.outlineStyle, s.outlineColor, s.outlineWidth]; }""")
        if style[1] != "none" and float(style[3].rstrip("px") or 0) > 0:
            outlines.append(style)
    page.close()
    assert outlines, "no focus outline seen"
    low = [o for o in outlines if _contrast(o[2], background) < 3]
    assert not low, f"{scheme}: {low[:5]}"
