"""Content pages rendered as the build renders them, and their internal links checked.

MkDocs reports a broken link or anchor only during the build, in English, without a
line number. `check` renders each Markdown page with the same extensions as
mkdocs.yml (headings get the same slugs: pymdownx.slugs.slugify(case="lower")), so
that a relative link to a missing page, a missing file or a missing `#anchor` is
reported to the editor at its line before anything is built. MkDocs's own link
validation (mkdocs.yml `validation:`) stays on as the second guard.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import markdown
from pymdownx.slugs import slugify

from .markdown_guard import MAX_FINDINGS, Finding, Findings, GuardExtension, line_of, more_message, too_complex
from .particles import quoted
from .problems import Problems

# Keep in step with mkdocs.yml `markdown_extensions` (tests/test_pagelinks.py compares them).
PAGE_EXTENSIONS = (
    "toc",
    "tables",
    "admonition",
    "footnotes",
    "def_list",
    "sane_lists",
    "pymdownx.details",
    "pymdownx.superfences",
)


@dataclass(frozen=True, slots=True)
class ScannedPage:
    rel: str  # repository-relative path, e.g. content/guide/index.md
    src_uri: str  # path under content/, e.g. guide/index.md
    text: str  # the Markdown body
    first_line: int  # line of the body's first line in the file
    links: tuple[str, ...]
    ids: frozenset[str]


class PageMarkdown:
    """One reusable renderer with the build's page extensions plus the guard."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=[*PAGE_EXTENSIONS, GuardExtension()],
            extension_configs={"toc": {"slugify": slugify(case="lower"), "permalink": True}},
            output_format="html",
        )

    def scan(self, text: str) -> Findings:
        md = self._md
        md.reset()
        md.guard_findings = Findings()  # type: ignore[attr-defined]
        hard = too_complex(text, fences=True)
        if hard:
            return Findings(items=hard, finished=True)
        md.convert(text)
        return md.guard_findings.finish()  # type: ignore[attr-defined]


def report_findings(findings: list[Finding], text: str, rel: str, first_line: int, problems: Problems, field: str = "") -> None:
    """Each finding at its line: the one it knows, or where its snippet is.

    Findings come in the order of the text, so a snippet seen before (the same tag
    twice) is looked for after where it was last found. There are at most
    MAX_FINDINGS + 1 (Findings.finish), so the look-ups stay a few passes over the text.
    """
    after: dict[str, int] = {}
    for finding in findings:
        line = finding.line
        if not line:
            index = text.find(finding.snippet, after.get(finding.snippet, 0)) if finding.snippet else -1
            if index >= 0:
                after[finding.snippet] = index + 1
                line = text.count("\n", 0, index) + 1
            else:
                line = line_of(text, finding.snippet)
        problems.add(rel, first_line + line - 1, finding.message, field)


def check_links(pages: dict[str, ScannedPage], existing: set[str], generated: set[str], problems: Problems) -> None:
    """Relative links between content files, and their anchors.

    `pages` is keyed by src_uri. `existing` holds every file under content/ (paths
    relative to it), `generated` the
    section pages the build adds (e.g. coops/index.md). Absolute links and links with
    a scheme are not checked here (MkDocs does not resolve them either).
    """
    for page in pages.values():
        reported = 0
        for href in dict.fromkeys(page.links):
            message = _link_problem(page, href, pages, existing, generated)
            if not message:
                continue
            reported += 1
            if reported <= MAX_FINDINGS:  # each look-up reads the page: a page of broken links is summed up
                problems.add(page.rel, page.first_line + line_of(page.text, href) - 1, message)
            elif reported == MAX_FINDINGS + 1:
                first_more = href
        if reported > MAX_FINDINGS:
            problems.add(page.rel, page.first_line + line_of(page.text, first_more) - 1, more_message(reported - MAX_FINDINGS))


def _link_problem(page: ScannedPage, href: str, pages: dict[str, ScannedPage], existing: set[str], generated: set[str]) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/") or not href.strip():
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        if fragment and fragment not in page.ids:
            return f"이 페이지에 '#{fragment}' 제목이 없습니다. 링크의 # 뒤는 제목을 소문자로, 띄어쓰기는 하이픈(-)으로 쓰세요 (예: '## 신청 방법' → #신청-방법)"
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
    if target.startswith("../") or target == "..":
        return f"링크 {quoted(href, '이/가')} content/ 폴더 밖을 가리킵니다. content/ 안의 파일을 상대 경로로 가리키세요"
    if target.endswith(".md"):
        if target not in existing and target not in generated:
            return f"링크한 페이지 {quoted(href, '이/가')} 없습니다(content/{target}). 파일 이름과 상대 경로(../ 등)를 확인하세요"
        scanned = pages.get(target)
        if fragment and scanned is not None and fragment not in scanned.ids:
            return f"'{path}'에 '#{fragment}' 제목이 없습니다. 그 페이지의 제목을 소문자로, 띄어쓰기는 하이픈(-)으로 쓰세요 (예: '## 신청 방법' → #신청-방법)"
        return None
    if target in existing:
        return None
    if path.endswith("/") or "." not in posixpath.basename(path):
        return (
            f"링크 {quoted(href, '은/는')} 사이트가 알아볼 수 없습니다. 다른 글은 .md 파일을 상대 경로로 가리키세요 "
            "(예: ../cases/mapo-story.md). 협동조합 페이지는 사례의 coops: 필드로 연결하세요"
        )
    return f"링크한 파일 {quoted(href, '이/가')} 없습니다(content/{target}). 파일을 content/ 안에 올렸는지, 경로를 확인하세요"
