"""Editors' values reach the theme's HTML as text: escaped once, never as markup.

MkDocs renders Material's templates with autoescape off, so the adapter escapes
front-matter titles, descriptions and summaries (as Markup), gives pages without
a front-matter title their heading as HTML, and percent-encodes the edit link
and the stamped pages' URL.
"""

from __future__ import annotations

import html.parser
import json
import shutil
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup
from mkdocs.utils import weak_property

from conftest import ROOT, build_site
from site_plugins.mkdocs_adapter import escaping
from site_plugins.mkdocs_adapter.shells import TOKENS
from site_plugins.mkdocs_adapter.stamping import stamp
from site_plugins.output import Page

SITE_NAME = "서울 협동조합 포털"
IMG = "<img src=x onerror=alert(1)//"

# Legal front matter for the validator, which refuses "<" followed by a letter, "/", "!" or "?".
TITLE = "R&D \"인용\" 'a' &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; x < y"
DESCRIPTION = "\">< x a>b R&D 'q' &amp;"
SUMMARY = "요약 \"><1 a>b & 'q'"
PAYLOAD_CASE = f"""---
title: {json.dumps(TITLE, ensure_ascii=False)}
date: 2026-04-06
summary: {json.dumps(SUMMARY, ensure_ascii=False)}
description: {json.dumps(DESCRIPTION, ensure_ascii=False)}
coops: [seodaemun-credit-union]
---

본문입니다.
"""
ORDINARY_CASE = """---
title: R&D 협동조합
date: 2026-04-07
summary: R&D 협동조합의 한 해
coops: [seodaemun-credit-union]
---

본문입니다.
"""
# No front-matter title: MkDocs takes the heading, as HTML, and Material's <title>
# decodes its entities with `striptags`.
HEADING = "머리말 없는 R&D &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; x < y"
HEADING_TEXT = "머리말 없는 R&D </title><script>alert(1)</script> x < y"


# --- the escaping functions -----------------------------------------------------------------


def test_front_matter_values_are_escaped_once_as_markup():
    meta = {"title": IMG, "description": '"><script>alert(1)</script>', "summary": "R&D 'a'", "date": "2026-01-01"}
    escaping.escape_meta(meta)
    assert meta["title"] == "&lt;img src=x onerror=alert(1)//"
    assert meta["description"] == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert meta["summary"] == "R&amp;D &#39;a&#39;"
    assert meta["date"] == "2026-01-01"  # not printed by the theme: left alone
    assert all(isinstance(meta[field], Markup) for field in escaping.PRINTED_FIELDS)
    again = dict(meta)
    escaping.escape_meta(again)  # a second pass (another rebuild, another plugin) changes nothing
    assert again == meta
    assert escaping.plain(meta["title"]) == IMG
    assert escaping.plain(meta["summary"]) == "R&D 'a'"
    assert escaping.plain(None) == ""


def test_templates_print_the_escaped_values_as_they_are():
    """Autoescape off, as MkDocs renders: raw printing shows the text, `| e` does not escape again."""
    meta = {"title": IMG, "description": 'R&D "x"'}
    escaping.escape_meta(meta)
    env = jinja2.Environment(autoescape=False)
    out = env.from_string('<title>{{ t }}</title><h1>{{ t }}</h1><meta content="{{ d }}"><meta content="{{ d | e }}">').render(t=meta["title"], d=meta["description"])
    assert out == ('<title>&lt;img src=x onerror=alert(1)//</title><h1>&lt;img src=x onerror=alert(1)//</h1>'
                   '<meta content="R&amp;D &#34;x&#34;"><meta content="R&amp;D &#34;x&#34;">')


class _FakePage:
    """As MkDocs' Page: `title` from the front matter, the rendered heading or the file
    name, unless mkdocs.yml's nav set it on the page itself."""

    def __init__(self, meta=None, rendered=None, file_title="", is_homepage=False, nav_title=None):
        self.meta = dict(meta or {})
        self._title_from_render = rendered
        self.file_title = file_title
        self.is_homepage = is_homepage
        if nav_title is not None:
            self.title = nav_title

    @weak_property
    def title(self):
        return self.meta.get("title") or self._title_from_render or self.file_title


def test_a_page_without_a_front_matter_title_gets_its_heading_as_html():
    rendered = _FakePage(rendered="a &lt;/title&gt;&lt;script&gt;")
    escaping.pin_title(rendered)
    assert rendered.meta["title"] == "a &lt;/title&gt;&lt;script&gt;"  # already HTML: not escaped again
    from_file_name = _FakePage(file_title=IMG)
    escaping.pin_title(from_file_name)
    assert from_file_name.meta["title"] == "&lt;img src=x onerror=alert(1)//"
    assert from_file_name.title == "&lt;img src=x onerror=alert(1)//"  # the navigation and <h1> too

    front_matter = _FakePage(meta={"title": Markup("제목")})
    home = _FakePage(rendered="홈", is_homepage=True)  # Material shows the site name in its <title>
    from_nav = _FakePage(rendered="본문 제목", nav_title="목차 제목")
    for untouched in (front_matter, home, from_nav):
        before = dict(untouched.meta)
        escaping.pin_title(untouched)
        assert untouched.meta == before


@pytest.mark.parametrize("name", ['cases/a"b.md', "cases/a'b.md", "cases/<img src=x onerror=alert(1)//>.md", "cases/a b.md", "cases/a%b?c#d.md"])
def test_the_edit_link_is_percent_encoded(name):
    repo = "https://github.com/seoul-coop-portal/portal/"
    url = escaping.edit_url(repo + "edit/main/content/" + name, name)
    assert url.startswith(repo + "edit/main/content/cases/")
    assert not any(char in url.removeprefix("https://") for char in "\"'<> ?#`")
    assert url.count("%") >= 1
    # a configured link that does not end with the file's path is encoded as a whole
    template = escaping.edit_url(f"https://example.org/e?path={name}&x=1", None)
    assert not any(char in template for char in "\"'<> `")
    assert escaping.edit_url(None, name) is None


def test_stamped_pages_escape_title_and_description_and_encode_their_url():
    shell = ['<title>', TOKENS["TITLE"], '</title><meta content="', TOKENS["DESC"], '"><link href="https://x/', TOKENS["URL"], '">', TOKENS["BODY"]]
    page = Page(url='coops/a"b <c>/', title=IMG, description='"><script>', render=lambda: "<h1>본문</h1>")
    out = stamp(shell, page)
    assert out == ('<title>&lt;img src=x onerror=alert(1)//</title><meta content="&quot;&gt;&lt;script&gt;">'
                   '<link href="https://x/coops/a%22b%20%3Cc%3E/"><h1>본문</h1>')
    assert stamp(shell, Page(url="coops/mapo-dolbom/", title="t", render=str)).count("coops/mapo-dolbom/") == 1


# --- a real build ---------------------------------------------------------------------------


class _Reader(html.parser.HTMLParser):
    """Texts and attributes the tests look at, entities decoded once (convert_charrefs)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1: list[str] = []
        self.meta: dict[str, str] = {}
        self.edit_links: list[str] = []
        self.scripts: list[tuple[tuple[tuple[str, str | None], ...], str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("title", "h1", "script"):
            self._in = tag
            if tag == "h1":
                self.h1.append("")
            if tag == "script":
                self.scripts.append((tuple(attrs), ""))
        elif tag == "meta" and (found.get("name") or found.get("property")):
            self.meta[found.get("name") or found["property"]] = found.get("content") or ""
        elif tag == "a" and found.get("rel") == "edit":
            self.edit_links.append(found.get("href") or "")
        elif tag == "a" and self._in == "h1":
            self._in = None  # the heading's permalink (¶) is not its text

    def handle_endtag(self, tag):
        if tag in ("title", "h1", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data
        elif self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def _read(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escaping") / "repo"
    for name in ("data", "content", "overrides"):  # as conftest's repo_copy
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content/cases/escaping-check.md").write_text(PAYLOAD_CASE, encoding="utf-8")
    (root / "content/cases/rnd-coop.md").write_text(ORDINARY_CASE, encoding="utf-8")
    (root / "content/about/heading-only.md").write_text(f"# {HEADING}\n\n본문.\n", encoding="utf-8")
    out = root / "site"
    result = build_site(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.slow
def test_title_and_description_hold_exactly_the_editors_text(built):
    page = _read(built / "cases/escaping-check/index.html")
    assert page.title == f"{TITLE} - {SITE_NAME}"
    assert page.h1 == [TITLE]
    assert page.meta["description"] == DESCRIPTION
    assert page.meta["og:title"] == TITLE and page.meta["og:description"] == DESCRIPTION
    assert "twitter:title" not in page.meta and "twitter:description" not in page.meta  # X reads og:*
    assert page.meta["og:url"].endswith("/cases/escaping-check/")


@pytest.mark.slow
def test_an_ordinary_ampersand_is_escaped_once_everywhere(built):
    text = (built / "cases/rnd-coop/index.html").read_text(encoding="utf-8")
    assert "R&amp;D 협동조합" in text and "&amp;amp;" not in text and "R&D" not in text
    page = _read(built / "cases/rnd-coop/index.html")
    assert page.title == f"R&D 협동조합 - {SITE_NAME}"
    assert page.h1 == ["R&D 협동조합"]
    assert page.meta["og:title"] == "R&D 협동조합"
    assert page.meta["og:description"] == "R&D 협동조합의 한 해"  # no description: the summary


@pytest.mark.slow
def test_a_heading_title_is_not_decoded_into_markup(built):
    page = _read(built / "about/heading-only/index.html")
    assert page.title == f"{HEADING_TEXT} - {SITE_NAME}"
    assert page.h1 == [HEADING_TEXT]
    assert page.meta["og:title"] == HEADING_TEXT


@pytest.mark.slow
def test_the_edit_link_is_the_files_address(built):
    page = _read(built / "cases/escaping-check/index.html")
    assert len(page.edit_links) == 1
    assert page.edit_links[0].endswith("/edit/main/content/cases/escaping-check.md")


@pytest.mark.slow
def test_no_script_but_the_themes(built):
    # a case page without payloads, at the same depth: the same theme scripts
    # (a case's own JSON-LD block is data, not script: it must parse, and be the only one)
    def theme_scripts(name: str) -> list:
        scripts = _read(built / name / "index.html").scripts
        data = [text for attrs, text in scripts if ("type", "application/ld+json") in attrs]
        assert len(data) == (1 if name.startswith("cases/") else 0) and all(json.loads(text)["@type"] == "Article" for text in data), name
        return [(attrs, text) for attrs, text in scripts if ("type", "application/ld+json") not in attrs]

    reference = theme_scripts("cases/quebec-social-economy")
    for name in ("cases/escaping-check", "cases/rnd-coop", "about/heading-only"):
        assert theme_scripts(name) == reference, name


@pytest.mark.slow
def test_the_search_index_holds_the_plain_text(built):
    records = [record for chunk in sorted((built / "search/d").glob("*.json")) for record in json.loads(chunk.read_text(encoding="utf-8"))]
    titles = {record[0]: record[1] for record in records}
    assert titles["cases/escaping-check/"] == TITLE
    assert titles["cases/rnd-coop/"] == "R&D 협동조합"
    assert titles["about/heading-only/"] == HEADING_TEXT  # the worker escapes what it shows


@pytest.mark.slow
def test_the_404_page_links_the_feeds_from_the_site_url(built):
    text = (built / "404.html").read_text(encoding="utf-8")
    assert 'href="//' not in text
    canonical = _read(built / "index.html").meta["og:url"]
    assert f'href="{canonical}feed.xml"' in text and f'href="{canonical}atom.xml"' in text
