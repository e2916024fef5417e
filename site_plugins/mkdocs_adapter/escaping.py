"""Editors' values as the theme prints them.

MkDocs renders the theme with Jinja's autoescape off, and Material prints
`page.meta.title` into <title> and the header, `page.title` into <h1> and the
navigation, `page.meta.description` into a `content="..."` attribute, and
`page.edit_url` and `page.canonical_url` into `href="..."`, all as they are. So
the adapter hands the theme HTML, not text: the front-matter values become
`Markup` (escaped once; `| e` in a template leaves them as they are, and
`plain()` gives the editor's text back for the search index), and URLs are
percent-encoded.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

# The front-matter fields the theme prints: Material's title and description,
# overrides/main.html's summary (the sharing description of articles).
PRINTED_FIELDS = ("title", "description", "summary")

# What may stay as it is in an edit link the site's configuration made: none of
# `"`, `'`, `<`, `>`, backtick or whitespace, and `%` only because the
# configured part may already hold escapes.
_URL_SAFE = "/:@!$&()*+,;=?#[]~%"


def escape_meta(meta: dict[str, Any]) -> None:
    """Escape, in place and once, the front-matter fields the theme prints."""
    for field in PRINTED_FIELDS:
        value = meta.get(field)
        if value is not None:
            meta[field] = escape(value)  # a Markup stays as it is: escaping twice is harmless


def plain(value: Any) -> str:
    """The text of a value `escape_meta` escaped (or of one it did not)."""
    if isinstance(value, Markup):
        return value.unescape()
    return "" if value is None else str(value)


def pin_title(page: Any) -> None:
    """Give a page with no front-matter title its title as HTML, in `meta.title`.

    MkDocs takes such a title from the page's first heading as rendered HTML text
    (entities escaped), or from the file name as plain text. Material prints it
    into <title> through `striptags`, which decodes the entities again, so
    `# &lt;script&gt;` would be a tag there; `meta.title` is printed as it is.
    Call after the page is rendered.
    """
    if "title" in page.meta or page.is_homepage or "title" in vars(page):
        return  # front matter; the site name in the home page's <title>; a title from mkdocs.yml's nav
    rendered = getattr(page, "_title_from_render", None)
    page.meta["title"] = Markup(rendered) if rendered else escape(page.title)


def url_path(url: str) -> str:
    """A site-relative URL ("coops/마포/") percent-encoded, as MkDocs encodes its pages' URLs."""
    return quote(url)


def edit_url(url: str | None, path: str | None) -> str | None:
    """The edit link with the file's path percent-encoded.

    MkDocs joins `repo_url`, `edit_uri` and the path as they are, so a file name
    could put a quote or a tag into the link's href.
    """
    if not url:
        return url
    if path and url.endswith(path):
        return url[: len(url) - len(path)] + quote(path)
    return quote(url, safe=_URL_SAFE)
