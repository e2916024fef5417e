"""What every generator gets: the validated site, its relations and the publishing settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .markdown_guard import SafeMarkdown
from .model import Site, Term
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

    @classmethod
    def create(cls, site: Site, *, site_url: str = "", repo_url: str = "", branch: str = "main", root: Path | None = None) -> "BuildContext":
        return cls(site, build_relations(site), site_url.rstrip("/") + "/" if site_url else "", repo_url.rstrip("/"), branch, root=root)

    def absolute(self, url: str) -> str:
        return f"{self.site_url}{url}" if self.site_url else f"/{url}"

    def markdown_html(self, text: str) -> str:
        """Markdown of a record field; validation already refused anything unsafe."""
        return self.markdown.render(text)[0] if text else ""

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{quote(path)}" if self.repo_url else ""

    def report_url(self, title: str, body: str) -> str:
        if not self.repo_url:
            return ""
        return f"{self.repo_url}/issues/new?title={quote(title)}&body={quote(body)}&labels={quote('정보 수정')}"


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
