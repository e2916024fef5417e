"""What every generator gets: the validated site, its relations and the publishing settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .markdown_guard import SafeMarkdown
from .model import Site, Term
from .publishing import DEFAULT as DEFAULT_TAG_AUTHORITY
from .publishing import TagAuthority
from .relations import Relations, build_relations


@dataclass(slots=True)
class BuildContext:
    site: Site
    relations: Relations
    site_url: str = ""  # "https://example.org/portal/" (absolute links in feeds and sitemaps)
    repo_url: str = ""  # "https://github.com/owner/repo" (edit and report links)
    branch: str = "main"
    markdown: SafeMarkdown = field(default_factory=SafeMarkdown)
    root: Path | None = None  # repository root, for data files that are not records (data/geo)
    # who mints feed ids and calendar UIDs (publishing.py): fixed, never the deploy host
    ids: TagAuthority = DEFAULT_TAG_AUTHORITY

    @classmethod
    def create(cls, site: Site, *, site_url: str = "", repo_url: str = "", branch: str = "main", root: Path | None = None,
               tag_authority: str | TagAuthority = DEFAULT_TAG_AUTHORITY) -> "BuildContext":
        ids = tag_authority if isinstance(tag_authority, TagAuthority) else TagAuthority.parse(tag_authority)
        return cls(site, build_relations(site), site_url.rstrip("/") + "/" if site_url else "", repo_url.rstrip("/"), branch, root=root, ids=ids)

    def absolute(self, url: str) -> str:
        return f"{self.site_url}{url}" if self.site_url else f"/{url}"

    def markdown_html(self, text: str) -> str:
        """Markdown of a record field; validation already refused anything unsafe."""
        return self.markdown.render(text)[0] if text else ""

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{quote(path)}" if self.repo_url else ""

    def report_url(self, title: str, page_url: str) -> str:
        """A new issue in the repository's correction form, with this title and page; "" without a repository.

        The form (`REPORT_FORM`) holds the questions, the label and the guidance, so
        the link carries only what differs per page: on 30,000 co-op pages a body of
        instructions in every link was about 560 bytes each.
        """
        if not self.repo_url:
            return ""
        return f"{self.repo_url}/issues/new?template={REPORT_FORM}&title={_query(title)}&{REPORT_PAGE_FIELD}={_query(page_url)}"


# The issue form of report links and its field for the page's address (GitHub fills a form
# field from the query parameter named by the field's id).
REPORT_FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml
REPORT_PAGE_FIELD = "page"


# What quote() escapes among the ASCII characters (all but letters, digits, "_.-~" and "/").
_IRI_ESCAPES = {chr(code): f"%{code:02X}" for code in range(128) if quote(chr(code)) != chr(code)}
_IRI_ESCAPED = re.compile("[" + "".join(re.escape(char) for char in _IRI_ESCAPES) + "]")


def _iri(text: str) -> str:
    """`quote()` for the ASCII characters; Hangul and other letters stay as they are.

    An href may hold them (the browser sends them percent-encoded in UTF-8, the same
    request), and percent-encoded Hangul is three times as long: on 30,000 co-op
    pages the report link alone was 1.4 KB each. Characters the trust boundary
    refuses (controls, bidi, ...) never reach a title.
    """
    return _IRI_ESCAPED.sub(lambda match: _IRI_ESCAPES[match.group()], text)


# In a query value a space may be "+" (form encoding, as GitHub's own examples write it; a
# "+" itself stays escaped) and ":" may stay as it is.
_QUERY_ESCAPES = {char: "+" if char == " " else escape for char, escape in _IRI_ESCAPES.items() if char != ":"}
_QUERY_ESCAPED = re.compile("[" + "".join(re.escape(char) for char in _QUERY_ESCAPES) + "]")


def _query(text: str) -> str:
    """`_iri()` for a query parameter's value: one byte for a space, an address as it reads."""
    return _QUERY_ESCAPED.sub(lambda match: _QUERY_ESCAPES[match.group()], text)


# Extra sections on a facet term's page, contributed by other generators (a region's
# page shows its consultation centre, courses and programmes). Each returns HTML.
TermSection = Callable[[BuildContext, str, Term, str], str]
TERM_SECTIONS: list[TermSection] = []

# Extra HTML under a facet overview page's lead (the district map on /regions/):
# (ctx, kind, page url) -> HTML, empty when the generator has nothing for that kind.
OverviewSection = Callable[[BuildContext, str, str], str]
OVERVIEW_SECTIONS: list[OverviewSection] = []

# Extra <head> HTML on a facet term's page (the feed of what is new in a region).
TermHead = Callable[[BuildContext, str, Term, str], str]
TERM_HEADS: list[TermHead] = []
