"""A directory too large for one JSON file: rows in chunk files, loaded progressively."""

from __future__ import annotations

import functools
import html as html_lib
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from conftest import listed_coops
from site_plugins import directory
from site_plugins.synth import synthesize

REPO = Path(__file__).resolve().parents[1]
CHUNK = 150  # instead of 5,000, so a 400-co-op corpus needs three chunk files
NAMES_ONLY = 150  # instead of 2,000: 서울특별시 and the larger 권역 list names, districts cards


@pytest.fixture(scope="module")
def chunked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = synthesize(REPO, tmp_path_factory.mktemp("chunked") / "repo", 400, seed=5).root
    saved = directory.DIRECTORY_CHUNK_ROWS, directory.NAMES_ONLY_ABOVE
    directory.DIRECTORY_CHUNK_ROWS, directory.NAMES_ONLY_ABOVE = CHUNK, NAMES_ONLY
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        directory.DIRECTORY_CHUNK_ROWS, directory.NAMES_ONLY_ABOVE = saved
    return root / "site"


def test_directory_json_is_split_into_chunks(chunked_site: Path) -> None:
    manifest = json.loads((chunked_site / "coops" / "directory.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == [] and manifest["total"] == 400
    assert manifest["chunks"] == ["directory-1.json", "directory-2.json", "directory-3.json"]
    rows = []
    for name in manifest["chunks"]:
        rows += json.loads((chunked_site / "coops" / name).read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 400 and len({row[0] for row in rows}) == 400
    names = [row[1] for row in rows]
    assert names == sorted(names)  # chunks follow the directory order


def _listing(site: Path, base: str) -> list[str]:
    return [(site / base / "index.html").read_text(encoding="utf-8"),
            *(p.read_text(encoding="utf-8") for p in sorted((site / base / "page").glob("*/index.html")))]


def test_a_list_too_long_for_cards_names_every_coop_with_its_district(chunked_site: Path) -> None:
    coops = {}
    for row in _rows(chunked_site):
        coops[row[0]] = row
    manifest = json.loads((chunked_site / "coops" / "directory.json").read_text(encoding="utf-8"))
    district_labels = manifest["labels"]["district"]
    pages = _listing(chunked_site, "regions/seoul")
    assert set().union(*map(listed_coops, pages)) == set(coops)  # every co-op, by name
    for html in pages:
        assert 'class="portal-coop"' not in html and 'class="portal-coops portal-names"' in html
        for coop_id in listed_coops(html):
            row = coops[coop_id]
            assert re.search(rf'coops/{coop_id}/">{re.escape(row[1])}</a>.*? <span>{district_labels[row[2]]}</span></li>', html)
    # the narrower regions, which do show cards, come before the names
    first = pages[0]
    assert first.index('id="children"') < first.index('id="coops"')
    assert "목록이 길어 이름과 자치구만 보여 줍니다." in first
    # a district is short enough for cards, one per co-op, with its summary
    mapo = _listing(chunked_site, "regions/mapo")
    mapo_ids = {coop_id for coop_id, row in coops.items() if district_labels[row[2]] == "마포구"}
    assert set().union(*map(listed_coops, mapo)) == mapo_ids
    summaries = dict(zip((row[0] for row in _rows(chunked_site)), _summaries(chunked_site)))
    cards = re.findall(r'<li class="portal-coop"><a href="[^"]*coops/([a-z0-9-]+)/">[^<]*</a>(?: <span class="portal-badge[^"]*">[^<]*</span>)*<span>([^<]*)</span>', "".join(mapo))
    assert len(cards) == len(mapo_ids) and all(summaries[coop_id] == html_lib.unescape(text) for coop_id, text in cards)
    assert "portal-names" not in "".join(mapo)


def test_the_directory_shows_cards_first_and_names_on_later_pages(chunked_site: Path) -> None:
    first, *later = _listing(chunked_site, "coops")
    assert later and "portal-names" not in first and len(listed_coops(first)) == 200
    for html in later:
        assert 'class="portal-coops portal-names"' in html and 'class="portal-coop"' not in html
        assert "목록이 길어 이 쪽에는 이름과 자치구만 보여 줍니다." in html
    assert set().union(*map(listed_coops, [first, *later])) == {row[0] for row in _rows(chunked_site)}


def test_a_long_list_links_its_pages_and_the_page_each_first_sound_begins_on(chunked_site: Path) -> None:
    pages = _listing(chunked_site, "regions/seoul")  # 400 co-ops, 4 pages of names
    assert len(pages) == 4
    nav = re.search(r'<nav class="portal-pager".*?</nav>', pages[2], re.S).group(0)
    assert re.findall(r'<li><a href="[^"]*">(\d+)</a></li>', nav) == ["1", "2", "4"]
    assert '<span aria-current="page">3<span class="portal-sr"> / 4쪽</span></span>' in nav
    initials = re.search(r'<nav class="portal-initials".*?</nav>', pages[0], re.S).group(0)
    links = re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', initials)
    names = [re.findall(r'coops/[a-z0-9-]+/">([^<]+)</a>', html) for html in pages]
    for href, initial in links:  # each first sound's page holds the first name with that sound
        number = 1 if href in ("./", "") else int(href.rstrip("/").rsplit("/", 1)[-1])
        assert any(directory.first_sound(name) == initial for name in names[number - 1]), initial
        assert not any(directory.first_sound(name) == initial for page_names in names[: number - 1] for name in page_names)
    assert "portal-initials" not in _listing(chunked_site, "regions/mapo")[0]  # cards: no index


def test_first_sounds_follow_the_korean_index():
    assert [directory.first_sound(n) for n in ("가나협동조합", "까치협동조합", "힣", "iCOOP서울", "3D프린팅협동조합", "(사)협동")] == [
        "ㄱ", "ㄱ", "ㅎ", "A–Z", "A–Z", "기타"]


def test_a_pager_shows_the_first_the_last_and_the_pages_around_this_one():
    from site_plugins.render import Pager
    window = lambda number, count: Pager(number, count, 1, 1, None, None, "x/").window()  # noqa: E731
    assert window(150, 300) == [1, None, 148, 149, 150, 151, 152, None, 300]
    assert window(1, 300) == [1, 2, 3, None, 300]
    assert window(4, 7) == [1, 2, 3, 4, 5, 6, 7]  # a gap of one page is the page, not "…"
    assert Pager(3, 5, 1, 1, None, None, "regions/mapo/").url(1) == "regions/mapo/"
    assert Pager(3, 5, 1, 1, None, None, "regions/mapo/").url(4) == "regions/mapo/page/4/"


def test_a_list_with_example_coops_says_once_what_the_badge_means(chunked_site: Path) -> None:
    html = (chunked_site / "regions" / "mapo" / "index.html").read_text(encoding="utf-8")
    assert html.count("표시가 있는 협동조합은 포털 구성을 보여 주기 위한 예시입니다") == 1
    assert html.count("portal-badge--example") > 2 and "title=" not in html.split("<article", 1)[1]


def _rows(site: Path) -> list[list]:
    manifest = json.loads((site / "coops" / "directory.json").read_text(encoding="utf-8"))
    return [row for name in manifest["chunks"] for row in json.loads((site / "coops" / name).read_text(encoding="utf-8"))["rows"]]


def _summaries(site: Path) -> list[str]:
    manifest = json.loads((site / "coops" / "directory.json").read_text(encoding="utf-8"))
    return [s for name in manifest["chunks"] for s in json.loads((site / "coops" / name).read_text(encoding="utf-8"))["summaries"]]


@pytest.mark.browser
def test_directory_loads_every_chunk_and_filters(chunked_site: Path, browser) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(chunked_site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    manifest = json.loads((chunked_site / "coops" / "directory.json").read_text(encoding="utf-8"))
    rows = []
    for name in manifest["chunks"]:
        rows += json.loads((chunked_site / "coops" / name).read_text(encoding="utf-8"))["rows"]
    mapo = manifest["terms"]["district"].index("mapo")
    expected = sum(1 for row in rows if row[2] == mapo)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/coops/?district=mapo")
        status = page.locator(".portal-directory__status")
        page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('곳') && !document.querySelector('.portal-directory__status').textContent.includes('불러왔습니다')")
        assert status.inner_text() == f"조건에 맞는 협동조합 {expected:,}곳"
        assert page.locator(".portal-coops li").count() == min(expected, 200)
        page.uncheck("input[name=district][value=mapo]")
        page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('400곳')")
        assert page.locator(".portal-more").count() == 1  # 400 rows, 200 shown
        # a later page, opened from a link, keeps its own rows and page links...
        page.goto(f"http://127.0.0.1:{server.server_port}/coops/page/2/")
        page.wait_for_selector(".portal-directory.is-enhanced")
        page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('400곳')")
        assert page.locator(".portal-coops.portal-names").get_attribute("start") == "201"
        assert page.locator(".portal-coops > li").count() == 200 and page.locator(".portal-pager").is_visible()
        assert page.locator(".portal-pager [aria-current=page]").inner_text().startswith("2")
        # ...until a filter is chosen: then the filters' cards, from the first
        page.check("input[name=district][value=mapo]")
        page.wait_for_function(f"document.querySelector('.portal-directory__status').textContent.includes('{expected:,}곳')")
        assert page.locator(".portal-coops.portal-names").count() == 0
        assert page.locator(".portal-coops > li.portal-coop").count() == min(expected, 200)
        assert page.locator(".portal-coops").get_attribute("start") == "1"
        assert page.locator(".portal-pager").is_hidden() and page.locator(".portal-directory__names").is_hidden()
        page.close()
    finally:
        server.shutdown()
