"""Cases, columns, authors and issues on the built pages, linked both ways."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from site_plugins.load import load_site
from stories_helpers import ROOT, built_site, front_matter

pytestmark = pytest.mark.slow


def page(relative: str) -> str:
    return (built_site() / relative / "index.html").read_text(encoding="utf-8")


def sources(kind: str) -> list[Path]:
    files = sorted((ROOT / "content" / kind).glob("*.md"))
    assert files, f"no content/{kind}/ to test with"
    return files


def test_case_pages_link_their_coops_and_coop_pages_link_back():
    for source in sources("cases"):
        meta = front_matter(source)
        case_html = page(f"cases/{source.stem}")
        box = re.search(r'<aside class="portal-article-box".*?</aside>', case_html, flags=re.S)
        assert box, source.name
        for coop_id in meta["coops"]:
            assert f'href="../../coops/{coop_id}/"' in box.group(0), (source.name, coop_id)
            coop_html = page(f"coops/{coop_id}")
            assert f'href="../../cases/{source.stem}/"' in coop_html, (coop_id, source.name)


@functools.cache
def loaded():
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    return site


def test_case_box_links_facets_and_author():
    cases = loaded().articles["cases"].values()
    assert cases
    for case in cases:
        box = re.search(r'<aside class="portal-article-box".*?</aside>', page(case.url), flags=re.S).group(0)
        for field in case.fields:
            assert f'href="../../fields/{field}/"' in box, (case.slug, field)
        if case.district:
            assert f'href="../../regions/{case.district}/"' in box, case.slug
        if case.industry:
            assert f'href="../../industries/{case.industry}/"' in box, case.slug
        if case.author:
            assert f'href="../../authors/{case.author}/"' in box, case.slug
        assert f'datetime="{case.date.isoformat()}"' in box


def test_facet_pages_list_their_cases():
    for case in loaded().articles["cases"].values():
        link = f'href="../../cases/{case.slug}/"'
        if case.district:
            assert link in page(f"regions/{case.district}"), case.slug
        for field in case.fields:
            assert link in page(f"fields/{field}"), (case.slug, field)
        if case.industry:
            assert link in page(f"industries/{case.industry}"), case.slug


def test_authors_pages_list_their_columns_and_columns_show_the_author():
    index = page("authors")
    for source in sources("columns"):
        author = front_matter(source)["author"]
        assert f'href="{author}/"' in index
        assert f'href="../../columns/{source.stem}/"' in page(f"authors/{author}"), source.name
        column = page(f"columns/{source.stem}")
        assert f'href="../../authors/{author}/"' in column
        assert 'class="portal-author-box"' in column


def test_section_front_pages_list_every_article_newest_first():
    for kind in ("cases", "columns", "newsletter"):
        html = page(kind)
        metas = sorted(((str(front_matter(s)["date"]), s.stem) for s in sources(kind)), reverse=True)
        positions = [html.find(f'href="{slug}/"') for _, slug in metas]
        assert all(p >= 0 for p in positions), kind
        assert positions == sorted(positions), f"/{kind}/ is not newest first"


def test_newsletter_issues_link_their_neighbours_and_email_version():
    issues = sorted(sources("newsletter"), key=lambda s: (str(front_matter(s)["date"]), s.stem))
    for older, newer in zip(issues, issues[1:]):
        assert f'rel="next" href="../{newer.stem}/"' in page(f"newsletter/{older.stem}")
        assert f'rel="prev" href="../{older.stem}/"' in page(f"newsletter/{newer.stem}")
    assert 'href="email.html"' in page(f"newsletter/{issues[-1].stem}")


def test_subscribe_page_explains_feeds_and_calendar():
    html = page("subscribe")
    assert 'href="../feed.xml"' in html and 'href="../atom.xml"' in html
    assert 'href="../education/calendar.ics"' in html
    assert "webcal://" in html
    for words in ("RSS", "구글 캘린더", "애플 캘린더", "아웃룩", "이메일"):
        assert words in html


def test_nav_has_the_story_and_newsletter_sections():
    html = page("")
    for label in ("이야기", "소식지"):
        assert f">{label}<" in html or f"{label}\n" in html
    for target in ("cases/", "columns/", "authors/", "newsletter/", "subscribe/"):
        assert f'href="{target}"' in html
