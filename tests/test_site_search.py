"""The published site's own search, in Chromium, with the Korean queries the issue names."""

from __future__ import annotations

import pytest

from conftest import ROOT
from site_plugins.load import load_site

pytestmark = pytest.mark.browser


def _results(page, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}?q={query}")
    page.wait_for_selector(".md-search-result__meta")
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('초기화')")
    return page.locator(".md-search-result__item h1").all_text_contents()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("협동조합", None),  # inside every compound name: must find many
        ("공동육아", "마포햇살공동육아협동조합"),
        ("육아", "마포햇살공동육아협동조합"),
        ("돌봄", None),
        ("주택", "관악청년주택협동조합"),
        ("1544-5077", None),
    ],
)
def test_compounds_and_particles_are_found(page, site_url, query, expected):
    titles = _results(page, site_url, query)
    assert titles, f"'{query}' found nothing"
    if expected:
        assert any(expected in t for t in titles[:10]), titles[:10]


def test_a_coop_is_found_by_a_word_inside_its_name_with_a_particle(page, site_url):
    site, _ = load_site(ROOT)
    coop = site.coops["gwanak-youth-housing-coop"]
    titles = _results(page, site_url, "청년주택협동조합을")
    assert coop.name in titles[:10]


def test_two_words_narrow_the_results(page, site_url):
    both = _results(page, site_url, "마포 돌봄")
    one = _results(page, site_url, "돌봄")
    assert 0 < len(both) <= len(one)


def test_search_transfers_little(page, site_url):
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if "/search/" in r.url else None)
    _results(page, site_url, "협동조합")
    assert 0 < sum(sizes) < 300_000
