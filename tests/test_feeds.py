"""Feeds as a reader sees them: parsed by feedparser from a real build."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from site_plugins.context import BuildContext
from site_plugins.feeds import FEED_LIMIT, NewestByTerm, term_feed
from site_plugins.load import load_site
from stories_helpers import ROOT, built_site, second_build, site_url

pytestmark = pytest.mark.slow


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feed.xml")) + sorted(site.glob("atom.xml")) + sorted(site.glob("*/*/feed.xml"))


def test_the_expected_feeds_exist():
    site = built_site()
    names = {p.relative_to(site).as_posix() for p in feed_files(site)}
    assert {"feed.xml", "atom.xml"} <= names
    for section in ("regions", "industries", "fields", "authors"):
        assert any(name.startswith(f"{section}/") for name in names), section


@pytest.mark.parametrize("relative", ["feed.xml", "atom.xml"])
def test_newsletter_feeds_are_well_formed_and_complete(relative):
    parsed = feedparser.parse((built_site() / relative).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if relative == "atom.xml" else "rss20")
    issues = sorted((ROOT / "content" / "newsletter").glob("*.md"))
    assert len(parsed.entries) == min(len(issues), FEED_LIMIT) > 0
    # full text, with the issue's relative links made absolute
    for entry in parsed.entries:
        content = entry.content[0].value
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', content)
        assert all(h.startswith(("https://", "http://", "mailto:", "tel:")) for h in hrefs), hrefs


def test_every_feed_parses_with_dates_links_and_ids():
    site = built_site()
    base = site_url()
    files = feed_files(site)
    assert len(files) > 10
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        where = path.relative_to(site).as_posix()
        assert parsed.bozo == 0, (where, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name == "atom.xml" else "rss20"), where
        assert parsed.feed.get("language", "ko") == "ko" or path.name == "atom.xml"
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links.get("self") == base + where, where
        assert links.get("alternate", "").startswith(base), where
        assert 0 < len(parsed.entries) <= FEED_LIMIT, where
        dates = []
        for entry in parsed.entries:
            assert entry.get("published_parsed") or entry.get("updated_parsed"), (where, entry.title)
            assert entry.link.startswith(base), (where, entry.link)
            assert entry.id.startswith("tag:") and entry.id != entry.link, (where, entry.id)
            dates.append(entry.get("published_parsed") or entry.updated_parsed)
        assert dates == sorted(dates, reverse=True), f"{where}: items are not newest first"
        assert len({e.id for e in parsed.entries}) == len(parsed.entries), f"{where}: duplicate ids"
        # the channel date is the newest item's, not the build clock
        channel = parsed.feed.get("updated_parsed")
        assert channel == dates[0], where


def test_rss_dates_are_english_rfc822_in_seoul_time():
    for path in feed_files(built_site()):
        if path.name == "atom.xml":
            continue
        text = path.read_text(encoding="utf-8")
        stamps = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", text)
        assert stamps
        for stamp in stamps:
            assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0900", stamp), stamp


def test_feeds_and_email_versions_are_byte_identical_across_builds():
    first, second = built_site(), second_build()
    outputs = feed_files(first) + sorted(first.glob("newsletter/*/email.*"))
    assert outputs
    for path in outputs:
        relative = path.relative_to(first)
        assert path.read_bytes() == (second / relative).read_bytes(), relative.as_posix()


def test_each_feed_is_advertised_on_its_page_and_main_feeds_on_every_page():
    site = built_site()
    for path in site.glob("*/*/feed.xml"):
        page = (path.parent / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="feed.xml">', page), path
        assert re.search(r'<a href="feed.xml">[^<]*RSS', page), f"{path}: no visible link to the feed"
        # Material looks for sitemap.xml beside every alternate link: it must not 404
        assert (path.parent / "sitemap.xml").is_file(), path
    for page in ["index.html", "coops/index.html", "cases/index.html", "regions/mapo/index.html", "newsletter/2026-11/index.html"]:
        text = (site / page).read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/rss\+xml" title="[^"]*소식지[^"]*" href="[./]*/?feed.xml">', text), page
        assert 'type="application/atom+xml"' in text, page


def _synthetic_site(count: int):
    """The real site plus `count` co-ops in 마포구, founded one day apart after all real ones."""
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    template = next(c for c in site.coops.values() if c.district == "mapo")
    start = dt.date(2030, 1, 1)  # newer than every real co-op
    for n in range(count):
        coop = replace(template, id=f"synthetic-{n:05d}", name=f"합성협동조합{n:05d}", founded=start + dt.timedelta(days=n))
        site.coops[coop.id] = coop
    return site


def test_term_feed_keeps_the_newest_fifty_newest_first():
    site = _synthetic_site(3 * FEED_LIMIT)
    ctx = BuildContext.create(site, site_url="https://example.org/portal/")
    term = site.taxonomies.get("regions", "mapo")
    parsed = feedparser.parse(term_feed(ctx, "regions", term, NewestByTerm(ctx).items("regions", term.id)))
    assert parsed.bozo == 0
    assert len(parsed.entries) == FEED_LIMIT
    newest = max(c.founded for c in site.coops.values() if c.district == "mapo")
    assert email.utils.parsedate_to_datetime(parsed.entries[0].published).date() == newest
    stamps = [e.published_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)
    # the parent 권역 and the city get the same newest co-ops through the region tree
    area = next(t for t in site.taxonomies.ancestors("mapo") if t.level == "area")
    assert [c.id for c in NewestByTerm(ctx).coops["regions"][area.id]][:5] == [c.id for c in NewestByTerm(ctx).coops["regions"]["mapo"]][:5]


def test_item_ids_do_not_change_when_an_item_is_edited():
    site = _synthetic_site(3)
    ctx = BuildContext.create(site, site_url="https://example.org/portal/")
    term = site.taxonomies.get("regions", "mapo")
    before = {e.link: e.id for e in feedparser.parse(term_feed(ctx, "regions", term, NewestByTerm(ctx).items("regions", term.id))).entries}
    coop = site.coops["synthetic-00002"]
    site.coops[coop.id] = replace(coop, name="이름을 바꾼 협동조합", summary="요약도 바꿨습니다")
    ctx = BuildContext.create(site, site_url="https://example.org/portal/")
    after = {e.link: e.id for e in feedparser.parse(term_feed(ctx, "regions", term, NewestByTerm(ctx).items("regions", term.id))).entries}
    assert before == after
