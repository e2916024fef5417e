"""Cases, columns, authors and issues on the built pages, linked both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_case_box_links_facets_and_author():
    for source in sources("cases"):
        meta = front_matter(source)
        html = page(f"cases/{source.stem}")
        for field in meta.get("fields") or []:
            assert re.search(rf'href="../../fields/[a-z0-9-]+/"', html)
        if meta.get("author"):
            assert f'href="../../authors/{meta["author"]}/"' in html
        assert f'datetime="{meta["date"]}"' in html


def test_facet_pages_list_their_cases():
    for source in sources("cases"):
        meta = front_matter(source)
        if meta.get("district") and re.fullmatch(r"[a-z0-9-]+", str(meta["district"])):
            assert f'href="../../cases/{source.stem}/"' in page(f"regions/{meta['district']}"), source.name
        for field in meta.get("fields") or []:
            if re.fullmatch(r"[a-z0-9-]+", str(field)):
                assert f'href="../../cases/{source.stem}/"' in page(f"fields/{field}"), (source.name, field)


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
