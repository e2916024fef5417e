"""End to end: a MkDocs + Material site searched in headless Chromium.

Builds a tiny site with Material (language ko), wires the Korean worker in
the way the portal plugin does (the ``config`` block points
``__config.search`` at our worker; the index is written after the build),
serves it on 127.0.0.1 and drives Material's own search box.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from services_helpers import serve
from site_plugins.search import asset_files, write_index

try:
    from test_search_fixtures import DOCS
except ImportError:  # tests/ imported as a package
    from .test_search_fixtures import DOCS

CHROMIUM = pathlib.Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

# The portal's own theme overrides: their `config` block points Material's search box at our worker.
OVERRIDES = pathlib.Path(__file__).resolve().parents[1] / "overrides"


def build_site(root: pathlib.Path) -> pathlib.Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 서울 협동조합 포털\n\n홈입니다.\n", encoding="utf-8")
    for d in DOCS:
        page = docs / (d.url.rstrip("/") + ".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        # what the portal plugin does to spare Material's own indexing
        front = "---\nsearch:\n  exclude: true\n---\n"
        page.write_text(f"{front}# {d.title}\n\n{d.summary}\n\n{d.body}\n", encoding="utf-8")
    shutil.copytree(OVERRIDES, root / "overrides")
    (root / "mkdocs.yml").write_text(
        "site_name: 서울 협동조합 포털\n"
        "theme:\n  name: material\n  language: ko\n  custom_dir: overrides\n"
        "  font: false\n  features: [search.highlight]\n"
        "plugins:\n  - search\n",
        encoding="utf-8",
    )
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        check=True,
        timeout=300,
    )
    material = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert [d["location"] for d in material["docs"]] == [""]  # only the home page
    # the portal plugin's on_post_build, after Material's search plugin
    write_index(DOCS, site / "search")
    for dest, src in asset_files():
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, site / dest)
    return site


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(build_site(tmp_path_factory.mktemp("browser"))) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.requested = []
    pg.on("request", lambda r: pg.requested.append(r.url))
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors


def type_hangul(page, text: str) -> None:
    """Type like a Korean IME user: Playwright inserts non-US-keyboard text
    with input events only, but Material reads the box on keyup (which real
    IME typing fires), so finish with a key that sends one."""
    page.keyboard.type(text)
    page.keyboard.press("End")


def titles(page) -> list[str]:
    return page.locator(".md-search-result__item h1").all_inner_texts()


def test_deep_link_opens_search_with_results(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("협동조합"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    found = titles(page)
    assert "마포공동육아협동조합" in found
    assert "은평어르신돌봄사회적협동조합" in found
    assert "청년주택협동조합" in found
    assert page.locator(".md-search-result__item mark").count() > 0
    assert page.is_checked("#__search")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "일치하는 문서" in meta
    # the big lunr index and Material's own worker are never loaded
    assert not any("/workers/search." in u for u in page.requested)
    assert any("/search/t/" in u for u in page.requested)


@pytest.mark.parametrize(
    "query, first",
    [("돌봄", "돌봄"), ("주택", "청년주택협동조합"), ("육아", "마포공동육아협동조합"), ("마포구", "마포구")],
)
def test_compound_queries_in_the_search_box(server, page, query, first):
    page.goto(server)
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    type_hangul(page, query)
    page.wait_for_function(
        "t => [...document.querySelectorAll('.md-search-result__item h1')].some(h => h.textContent === t)",
        arg=first,
        timeout=60000,
    )
    assert titles(page)[0] == first


def test_and_query_narrows(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("마포 돌봄"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    assert titles(page) == ["돌봄을 협동으로 푼 사례"]


def test_no_results_message(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("없는말입니다"))
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('없습니다')",
        timeout=60000,
    )
    assert page.locator(".md-search-result__item").count() == 0


def test_keyboard_enter_opens_best_result_and_highlights(server, page):
    page.goto(server)
    page.keyboard.press("/")
    type_hangul(page, "주택")
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    page.keyboard.press("Enter")
    page.wait_for_url("**/coops/seongbuk-house/**", timeout=60000)
    # search.highlight marks the words on the target page (h= parameter)
    assert "h=" in page.url
    page.wait_for_selector("mark[data-md-highlight]", timeout=60000)


def test_arrow_keys_walk_the_results(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("협동조합"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and "coops/mapo-gongdong/" in href
