"""The e-mail version of each newsletter issue: self-contained, script-free, absolute links only."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from site_plugins.abslinks import absolutize, page_url_of, plain_text, resolve
from site_plugins.newsletter import inline_styles
from stories_helpers import ROOT, built_site, front_matter, site_url


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    ("link", "src", "expected"),
    [
        ("../columns/x.md", "newsletter/2026-11.md", "columns/x/"),
        ("../columns/x.md#part", "newsletter/2026-11.md", "columns/x/#part"),
        ("2026-10.md", "newsletter/2026-11.md", "newsletter/2026-10/"),
        ("../cases/index.md", "newsletter/2026-11.md", "cases/"),
        ("../index.md", "newsletter/2026-11.md", ""),
        ("#schedule", "newsletter/2026-11.md", "newsletter/2026-11/#schedule"),
        ("../images/a.png", "newsletter/2026-11.md", "images/a.png"),
        ("/coops/", "newsletter/2026-11.md", "coops/"),
        ("../../../../etc.md", "newsletter/2026-11.md", "etc/"),
    ],
)
def test_links_resolve_the_way_mkdocs_does(link, src, expected):
    assert resolve(link, src) == expected


def test_page_url_of():
    assert page_url_of("index.md") == ""
    assert page_url_of("about/index.md") == "about/"
    assert page_url_of("cases/a.md") == "cases/a/"


def test_absolutize_keeps_external_links_and_rewrites_the_rest():
    html = '<a href="https://example.com/">x</a><a href="../cases/a.md">y</a><a href="mailto:a@b.kr">z</a><img alt="i" src="p.png">'
    out = absolutize(html, "newsletter/n.md", lambda url: "https://site.example/" + url)
    assert 'href="https://example.com/"' in out
    assert 'href="https://site.example/cases/a/"' in out
    assert 'href="mailto:a@b.kr"' in out
    assert 'src="https://site.example/newsletter/p.png"' in out


def test_absolutize_rewrites_attributes_of_tags_only():
    # a code sample that shows an href is text: it stays exactly as the editor wrote it
    html = ('<p><code>&lt;a href="x.md"&gt;</code> href="y.md" '
            '<a title="t" href="../cases/a.md" data-src="keep.png">a</a> <img alt="src=&quot;z&quot;" src="p.png"></p>')
    out = absolutize(html, "newsletter/n.md", lambda url: "https://site.example/" + url)
    assert '<code>&lt;a href="x.md"&gt;</code> href="y.md" ' in out
    assert '<a title="t" href="https://site.example/cases/a/" data-src="keep.png">' in out
    assert '<img alt="src=&quot;z&quot;" src="https://site.example/newsletter/p.png">' in out


def test_absolutize_escapes_what_it_writes():
    out = absolutize('<a href="a&quot;b.md">x</a>', "newsletter/n.md", lambda url: 'https://s.example/?q="<' + url)
    parser = Collect()
    parser.feed(out)
    assert parser.tags == [("a", {"href": 'https://s.example/?q="<newsletter/a"b/'})]


def test_inline_styles_merge_with_table_alignment():
    out = inline_styles('<td style="text-align: right;">1</td><p>x</p>')
    assert out.count("style=") == 2
    assert re.search(r'<td style="[^"]*text-align: right;">', out)


@pytest.mark.slow
def test_every_issue_has_a_safe_email_version():
    site = built_site()
    base = site_url()
    issues = sorted((ROOT / "content" / "newsletter").glob("*.md"))
    assert issues
    for source in issues:
        path = site / "newsletter" / source.stem / "email.html"
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert '<html lang="ko">' in text
        assert "<script" not in text.lower()
        assert "<style" not in text.lower() and "<link" not in text.lower(), "mail clients drop these: inline styles only"
        assert not re.search(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE), "event handler attribute"
        assert "javascript:" not in text.lower()
        assert front_matter(source)["title"] in text
        parser = Collect()
        parser.feed(text)
        tags = [t for t, _ in parser.tags]
        assert "table" in tags and "h1" in tags
        urls = [attrs[a] for _, attrs in parser.tags for a in ("href", "src") if attrs.get(a) is not None]
        assert urls
        for url in urls:
            assert url.startswith(("https://", "http://", "mailto:", "tel:")), f"{path.name}: relative link {url}"
        assert base + f"newsletter/{source.stem}/" in urls, "link to the web version"
        # every paragraph and heading of the body is styled inline
        for tag, attrs in parser.tags:
            if tag in ("p", "h2", "td", "th", "a", "table"):
                assert attrs.get("style"), f"{path.name}: <{tag}> without inline style"


@pytest.mark.slow
def test_issue_links_to_a_column_become_absolute_in_the_email():
    site = built_site()
    text = (site / "newsletter" / "2026-11" / "email.html").read_text(encoding="utf-8")
    if "columns/education-after-founding" not in (ROOT / "content/newsletter/2026-11.md").read_text(encoding="utf-8"):
        pytest.skip("the seed issue no longer links that column")
    assert f'href="{site_url()}columns/education-after-founding/"' in text


def test_plain_text_makes_markdown_links_absolute():
    text = "보기: [칼럼](../columns/x.md), [밖](https://example.com/), ![사진](p.png)\n\n[ref]: ../cases/y.md\n"
    out = plain_text(text, "newsletter/n.md", lambda url: "https://site.example/" + url)
    assert "칼럼 (https://site.example/columns/x/)" in out
    assert "밖 (https://example.com/)" in out
    assert "[그림: 사진] (https://site.example/newsletter/p.png)" in out
    assert "[ref]: https://site.example/cases/y/" in out


@pytest.mark.slow
def test_every_issue_has_a_plain_text_version_with_absolute_links():
    site = built_site()
    for source in sorted((ROOT / "content" / "newsletter").glob("*.md")):
        text = (site / "newsletter" / source.stem / "email.txt").read_text(encoding="utf-8")
        assert text.startswith(front_matter(source)["title"] + "\n")
        assert f"{site_url()}newsletter/{source.stem}/" in text
        assert not re.search(r"<[a-zA-Z/!]", text), "no HTML in the text version"
        assert not re.search(r"\]\((?!https?://|mailto:|tel:)", text), "relative Markdown link left"
