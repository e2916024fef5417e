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
from conftest import scroll_to_the_end
from services_helpers import serve

from site_plugins.search import SearchDoc, asset_files
from site_plugins.search.index import write_index
from site_plugins.search.query import Index

try:
    from test_search_fixtures import DOCS, VOCABULARY
except ImportError:  # tests/ imported as a package
    from .test_search_fixtures import DOCS, VOCABULARY

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
    # small shards and doc-store chunks, so a query needs several files, as at 30,000 co-ops;
    # and more than a thousand documents with one word, which Material would count as "1.2k"
    write_index(DOCS + BULK, site / "search", vocabulary=VOCABULARY, shard_target=400, big_term=200, chunk_target=300)
    for dest, src in asset_files():
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, site / dest)
    return site


SITE: dict = {}
BULK = [SearchDoc(url=f"bulk/{i:04d}/", title=f"대량시험 문서 {i}", kind="page") for i in range(1234)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    SITE["dir"] = build_site(tmp_path_factory.mktemp("browser"))
    with serve(SITE["dir"]) as base:
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


def test_and_query_narrows_and_offers_the_directory(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("마포 돌봄"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    # the co-op in 마포구 with the 돌봄 field first, then the case that mentions both
    assert titles(page) == ["마포돌봄사회적협동조합", "돌봄을 협동으로 푼 사례"]
    assert meta(page) == "2개의 일치하는 문서"
    link = page.locator(".portal-search-line a.portal-search-facet")
    assert link.inner_text() == "마포구 · 돌봄 협동조합 1곳 모두 보기 →"
    assert link.get_attribute("href").endswith("/coops/?district=mapo&field=care")


def meta(page) -> str:
    return page.locator(".md-search-result__meta").first.inner_text()


def test_every_result_is_reachable_and_the_count_is_the_number_of_results(server, page):
    page.set_viewport_size({"width": 390, "height": 500})
    page.goto(server + "?q=" + urllib.parse.quote("협동조합"))
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    shown = scroll_to_the_end(page)
    total = Index_for(server).search("협동조합").total
    assert meta(page) == f"{total}개의 일치하는 문서"
    assert shown == total > 10  # more than Material's first page, every one of them listed
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")
    assert len(set(hrefs)) == total and all("/search/" not in h for h in hrefs)
    # past the first page the items were filled in: real titles, kinds and highlights
    assert "…" not in titles(page)
    assert page.locator(".md-search-result__item mark").count() > total // 2


def test_a_count_above_999_is_written_out(server, page):
    page.goto(server + "?q=" + urllib.parse.quote("대량시험"))
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('일치')",
                           timeout=60000)
    assert meta(page) == "1,234개의 일치하는 문서"  # Material alone writes "1.2k개"
    assert len(titles(page)) == 10


def test_count_and_list_follow_the_latest_text_without_keyup(server, page):
    """A phone keyboard composing Hangul may end a word with no keyup, which is all Material
    listens to: the count must still be the final query's, not the partial one's."""
    page.goto(server)
    page.keyboard.press("/")
    type_hangul(page, "마포 ㅇ")  # the next syllable half typed: a query for 마포 alone
    partial = Index_for(server).search("마포").total
    assert partial > 1
    page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent === '{partial}개의 일치하는 문서'",
                           timeout=60000)
    # the IME commits the last syllable: the value changes, an input event, no key events
    page.evaluate("() => { const el = document.querySelector('.md-search__input'); el.value = '마포 육아';"
                  " el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertCompositionText' })) }")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent === '1개의 일치하는 문서'",
                           timeout=60000)
    assert titles(page) == ["마포공동육아협동조합"]


def test_a_slow_earlier_query_never_replaces_the_latest(server, page):
    """The first query's index pieces arrive late; its answer must not overwrite the second's."""
    index = Index_for(server)
    first, second = "주택", "마포구"
    need_first = _files(index, first) - _files(index, second)
    assert need_first
    slow = [f"/search/{rel}" for rel in need_first]

    def delay(route):
        if any(s in route.request.url for s in slow):
            page.wait_for_timeout(1500)
        route.continue_()

    page.route("**/search/t/*", delay)
    page.goto(server)
    page.keyboard.press("/")
    type_hangul(page, first)
    page.keyboard.press("Control+A")
    type_hangul(page, second)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('일치')", timeout=60000)
    page.wait_for_timeout(2500)  # the slow pieces have long arrived
    assert page.input_value(".md-search__input") == second
    assert titles(page)[0] == "마포구"
    assert meta(page) == f"{Index_for(server).search(second).total}개의 일치하는 문서"


def Index_for(server: str) -> Index:
    return Index(SITE["dir"] / "search")


def _files(index: Index, text: str) -> set[str]:
    index.fetched.clear()
    index._files.clear()
    index._postings.clear()
    index.search(text)
    return {rel for rel in index.fetched if rel.startswith("t/")}


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
    first, second, *_ = Index_for(server).search("협동조합").page
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and first.url in href
    page.keyboard.press("ArrowDown")
    assert second.url in page.evaluate("document.activeElement.getAttribute('href')")
