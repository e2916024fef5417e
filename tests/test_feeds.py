"""Feeds as a reader sees them: parsed by feedparser from a real build."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from site_plugins.context import BuildContext
from site_plugins.feeds import FEED_LIMIT, NewestByTerm, listed_on, term_feed
from site_plugins.load import load_site
from stories_helpers import ROOT, built_site, second_build, site_url

pytestmark = pytest.mark.slow


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feed.xml")) + sorted(site.glob("atom.xml")) + sorted(site.glob("*/feed.xml")) + sorted(site.glob("*/*/feed.xml"))


def test_the_expected_feeds_exist():
    site = built_site()
    names = {p.relative_to(site).as_posix() for p in feed_files(site)}
    assert {"feed.xml", "atom.xml", "cases/feed.xml", "columns/feed.xml", "jobs/feed.xml"} <= names
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


class _Links(HTMLParser):
    """<link rel=alternate> and <a> elements, whatever the attribute order or quoting
    (stamped pages are minified)."""

    def __init__(self) -> None:
        super().__init__()
        self.alternates: list[dict[str, str]] = []
        self.anchors: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates.append(values)
        elif tag == "a":
            self._href, self._text = values.get("href", ""), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.anchors.append((self._href, "".join(self._text)))
            self._href = None


def links_of(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_each_feed_is_advertised_on_its_page_and_main_feeds_on_every_page():
    site = built_site()
    feeds = sorted(site.glob("*/*/feed.xml")) + [site / "cases/feed.xml", site / "columns/feed.xml"]
    for path in feeds:
        links = links_of(path.parent / "index.html")
        assert any(link.get("type") == "application/rss+xml" and link.get("title") and link.get("href") == "feed.xml"
                   for link in links.alternates), path
        assert any(href == "feed.xml" and "RSS" in text for href, text in links.anchors), f"{path}: no visible link to the feed"
        # Material looks for sitemap.xml beside every alternate link: it must not 404
        assert (path.parent / "sitemap.xml").is_file(), path
    for page in ["index.html", "coops/index.html", "cases/index.html", "regions/mapo/index.html", "newsletter/2026-11/index.html"]:
        links = links_of(site / page)
        assert any(link.get("type") == "application/rss+xml" and "소식지" in link.get("title", "") and re.fullmatch(r"[./]*/?feed\.xml", link.get("href", ""))
                   for link in links.alternates), page
        assert any(link.get("type") == "application/atom+xml" for link in links.alternates), page


def _synthetic_site(count: int):
    """The real site plus `count` co-ops in 마포구, founded long ago and listed on the portal
    one day apart after all real ones."""
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    template = next(c for c in site.coops.values() if c.district == "mapo")
    start = dt.date(2030, 1, 1)  # newer than every real co-op
    for n in range(count):
        coop = replace(template, id=f"synthetic-{n:05d}", name=f"합성협동조합{n:05d}", founded=dt.date(2019, 5, 1),
                       listed=start + dt.timedelta(days=n))
        site.coops[coop.id] = coop
    return site


def test_term_feed_keeps_the_newest_fifty_newest_first():
    site = _synthetic_site(3 * FEED_LIMIT)
    ctx = BuildContext.create(site, site_url="https://example.org/portal/")
    term = site.taxonomies.get("regions", "mapo")
    parsed = feedparser.parse(term_feed(ctx, "regions", term, NewestByTerm(ctx).items("regions", term.id)))
    assert parsed.bozo == 0
    assert len(parsed.entries) == FEED_LIMIT
    newest = max(listed_on(c) for c in site.coops.values() if c.district == "mapo")
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


# --- issue 14: listed dates, the case and column feeds, authors, categories -------------------


def _coop_entry_dates(data: bytes) -> dict[str, dt.date]:
    return {e.link.rstrip("/").rsplit("/", 1)[-1]: email.utils.parsedate_to_datetime(e.published).date()
            for e in feedparser.parse(data).entries if "/coops/" in e.link}


def test_new_coops_are_dated_by_listed_and_fall_back_to_founded():
    """A co-op founded in 2019 and listed today is news today; one without `listed` keeps its
    founding date (it was on the portal before the field existed, and never resurfaces)."""
    site = _synthetic_site(2)
    old = next(c for c in site.coops.values() if c.district == "mapo" and not c.id.startswith("synthetic-"))
    site.coops[old.id] = replace(old, listed=None)
    ctx = BuildContext.create(site, site_url="https://example.org/portal/")
    term = site.taxonomies.get("regions", "mapo")
    dates = _coop_entry_dates(term_feed(ctx, "regions", term, NewestByTerm(ctx).items("regions", term.id)))
    assert dates["synthetic-00001"] == dt.date(2030, 1, 2) and dates["synthetic-00000"] == dt.date(2030, 1, 1)
    assert dates[old.id] == old.founded
    assert listed_on(site.coops["synthetic-00000"]) == dt.date(2030, 1, 1) and listed_on(site.coops[old.id]) == old.founded


def test_a_listed_coop_in_the_real_build_is_dated_by_listed():
    site, problems = load_site(ROOT)
    listed = [c for c in site.coops.values() if c.listed and c.listed != c.founded]
    assert listed, "no co-op in data/coops has a `listed` date"
    coop = listed[0]
    data = (built_site() / "regions" / coop.district / "feed.xml").read_bytes()
    assert _coop_entry_dates(data).get(coop.id) == coop.listed


@pytest.mark.parametrize("kind", ["cases", "columns"])
def test_site_wide_case_and_column_feeds(kind):
    """The contract's /cases/feed.xml and /columns/feed.xml: every article newest first, with
    author and full text, linked from the section page and from /subscribe/."""
    site_out = built_site()
    parsed = feedparser.parse((site_out / kind / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    articles = sorted((ROOT / "content" / kind).glob("*.md"))
    assert len(parsed.entries) == min(len(articles), FEED_LIMIT) > 0
    base = site_url()
    assert {e.link for e in parsed.entries} == {f"{base}{kind}/{p.stem}/" for p in articles}
    for entry in parsed.entries:
        assert entry.id.startswith("tag:") and entry.id.endswith(f":{kind}/{entry.link.rstrip('/').rsplit('/', 1)[-1]}")
        assert [t.term for t in entry.tags] == [{"cases": "사례", "columns": "칼럼"}[kind]]
        assert entry.content[0].value and all(h.startswith(("https://", "http://", "mailto:")) for h in re.findall(r'href="([^"]*)"', entry.content[0].value))
    authored = [p for p in articles if "\nauthor:" in p.read_text(encoding="utf-8")]
    assert sum(1 for e in parsed.entries if e.get("author")) == len(authored) > 0
    page = (site_out / kind / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link[^>]*rel="?alternate"?[^>]*href="?feed\.xml"?', page), f"/{kind}/ does not advertise its feed"
    assert re.search(r'<a href="?feed\.xml"?>[^<]*RSS', page), f"/{kind}/ has no visible link to its feed"
    assert f"{base}{kind}/feed.xml" in (site_out / "subscribe" / "index.html").read_text(encoding="utf-8")


def test_author_feed_entries_carry_their_author():
    site_out = built_site()
    site, _ = load_site(ROOT)
    checked = 0
    for path in sorted(site_out.glob("authors/*/feed.xml")):
        author = site.authors[path.parent.name]
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.entries
        for entry in parsed.entries:
            assert entry.get("author") == author.name, (path, entry.get("author"))
            checked += 1
    assert checked


def test_atom_and_rss_carry_the_same_one_korean_category():
    site_out = built_site()
    rss = feedparser.parse((site_out / "feed.xml").read_bytes())
    atom = feedparser.parse((site_out / "atom.xml").read_bytes())
    assert [[t.term for t in e.tags] for e in rss.entries] == [[t.term for t in e.tags] for e in atom.entries]
    assert {t.term for e in atom.entries for t in e.tags} == {"소식지"}
    assert all(len(e.tags) == 1 for e in rss.entries + atom.entries)


def test_the_sitemaps_beside_feeds_are_valid_sitemaps():
    """Material fetches sitemap.xml beside each alternate link; the sitemaps.org schema wants
    at least one <url> with an absolute <loc> in a urlset (an empty one is invalid)."""
    import xml.etree.ElementTree as ET

    site_out = built_site()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    paths = sorted(site_out.glob("*/sitemap.xml")) + sorted(site_out.glob("*/*/sitemap.xml"))
    assert len(paths) > 10
    for path in paths:
        if path.parent.name == "sitemaps":
            continue
        root = ET.fromstring(path.read_bytes())
        assert root.tag == f"{ns}urlset", path
        locs = [u.findtext(f"{ns}loc") for u in root.findall(f"{ns}url")]
        assert locs and all(loc.startswith(site_url()) for loc in locs), path
        page = path.parent.relative_to(site_out).as_posix() + "/"
        assert locs == [site_url() + page], path
