"""Content pages rendered as the build renders them, and their internal links checked.

MkDocs reports a broken link or anchor only during the build, in English, without a
line number. `check` renders each Markdown page with the same extensions as
mkdocs.yml (headings get the same slugs: pymdownx.slugs.slugify(case="lower")), so
that a relative link to a missing page, a missing file or a missing `#anchor` is
reported to the editor at its line before anything is built. MkDocs's own link
validation (mkdocs.yml `validation:`) stays on as the second guard.

A site-absolute link (`/coops/mapo-dolbom/`) is not resolved by MkDocs at all (an
English INFO line at most). Those whose first segment is one the portal publishes are
checked against `SiteUrls`: every page and file the build will write, computed from the
loaded Site without generating anything.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import markdown
from pymdownx.slugs import slugify

from .abslinks import page_url_of
from .markdown_guard import (
    MAX_FINDINGS,
    Finding,
    Findings,
    GuardExtension,
    line_of,
    more_message,
    too_complex,
)
from .particles import josa, quoted
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


# Files the build writes beside a generated page (a term's feed, an event's calendar, a
# newsletter issue's e-mail): feeds.py, events.py, education.py, newsletter.py.
_BESIDE_FILE = re.compile(r"(?:feed\.xml|atom\.xml|sitemap\.xml|event\.ics|email\.html|email\.txt|session-[1-9][0-9]*\.ics)")
_PAGINATED = re.compile(r"(.*/)page/([2-9]|[1-9][0-9]+)/")
# A site-absolute link is better written relative (CONTRIBUTING.md): it keeps working
# when the site is published under a sub-path.
PREFER_RELATIVE = "사이트 안의 글은 /로 시작하는 주소보다 .md 파일의 상대 경로로 링크하는 것이 좋습니다(사이트가 하위 경로에 게시되어도 깨지지 않습니다)"


@functools.cache
def known_files() -> frozenset[str]:
    """Site-relative paths of the files the build writes at fixed paths (one place).

    Taken from the generators' own constants; imported here, on the first site-absolute
    link, so that `check` of a site without one never loads the generators.
    """
    from . import (
        admin,
        education,
        events,
        jobs,
        opendata,
        programs,
        robots,
        socialcard,
    )

    files = {education.CALENDAR, events.CALENDAR, programs.DEADLINES, jobs.FEED, robots.PATH, socialcard.PATH,
             f"{admin.PAGE}index.html", f"{admin.PAGE}config.yml", "coops/directory.json",
             "feed.xml", "atom.xml",  # feeds.py: the newsletter feeds
             "data/places.geojson", "data/districts.geojson",  # opendata.py, beside its DATASETS
             "sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json"}  # written by MkDocs and its search plugin
    files |= {f"data/{dataset.key}.{ext}" for dataset in opendata.DATASETS for ext in ("csv", "json")}
    return frozenset(files)


@dataclass(slots=True)
class SiteUrls:
    """Every URL the build publishes, site-relative without the leading slash.

    `urls` holds pages (`coops/mapo-dolbom/`, `coops/`, `` for the home page) and the
    content files MkDocs copies (`library/files/x.pdf`), one set built once: a set of
    strings stays cheap at 30,000 co-ops. `prefix` is the path the site is published
    under (`/` or `/portal/`).
    """

    urls: set[str]
    content_pages: dict[str, str]  # URL of a content page -> its src_uri, for its anchors
    prefix: str = "/"
    segments: set[str] = field(default_factory=set)
    # first segment -> its URLs with their trigrams; built on the first broken link only
    _grams: dict[str, list[tuple[str, frozenset[str]]]] | None = None

    def __post_init__(self) -> None:
        self.segments = {url.split("/", 1)[0] for url in self.urls if url} | {url.split("/", 1)[0] for url in self.content_pages if url}

    def closest(self, target: str) -> str | None:
        """The published URL or known file most like `target`, under the same first segment.

        difflib alone reads every URL of the folder for each broken link (seconds at
        30,000 co-ops); the URLs sharing most trigrams with `target` are kept first.
        """
        if self._grams is None:
            self._grams = {}
            for url in (*self.urls, *known_files()):
                self._grams.setdefault(url.split("/", 1)[0], []).append((url, _trigrams(url)))
        candidates = self._grams.get(target.split("/", 1)[0], []) if target else []
        if len(candidates) > 200:
            grams = _trigrams(target)
            candidates = heapq.nlargest(200, candidates, key=lambda item: len(grams & item[1]))
        close = difflib.get_close_matches(target, sorted(url for url, _ in candidates), n=1, cutoff=0.6)
        return close[0] if close else None


def _trigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 3] for i in range(len(text) - 2))


def published_urls(sections: Iterable[str], records: Mapping[str, Iterable[str]], content_files: Iterable[str], prefix: str = "/") -> SiteUrls:
    """The SiteUrls of a loaded site, without generating a page.

    `sections` are the section pages (`coops`), `records` maps a URL folder (`coops`,
    `regions`) to the ids published under it, `content_files` are the paths under content/.
    """
    urls = {""}  # the home page
    urls.update(f"{section}/" for section in sections)
    for folder, ids in records.items():
        urls.update(f"{folder}/{record_id}/" for record_id in ids)
    content_pages: dict[str, str] = {}
    for path in content_files:
        if path.endswith(".md"):
            content_pages[page_url_of(path)] = path
        else:
            urls.add(path)
    urls.update(content_pages)
    return SiteUrls(urls, content_pages, prefix)


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


def check_links(pages: dict[str, ScannedPage], existing: set[str], generated: set[str], problems: Problems, site_urls: SiteUrls | None = None) -> None:
    """Relative links between content files, and their anchors; site-absolute ones too.

    `pages` is keyed by src_uri. `existing` holds every file under content/ (paths
    relative to it), `generated` the
    section pages the build adds (e.g. coops/index.md). Site-absolute links (`/coops/x/`)
    are checked against `site_urls` when given; links with a scheme are not checked.
    """
    for page in pages.values():
        reported = 0
        for href in dict.fromkeys(page.links):
            if href.startswith("/") and not href.startswith("//"):
                # a suggestion only for the links that are shown: the rest are counted
                message = _absolute_link_problem(page, href, pages, site_urls, reported < MAX_FINDINGS) if site_urls is not None else None
            else:
                message = _link_problem(page, href, pages, existing, generated)
            if not message:
                continue
            reported += 1
            if reported <= MAX_FINDINGS:  # each look-up reads the page: a page of broken links is summed up
                problems.add(page.rel, page.first_line + link_line(page.text, href) - 1, message)
            elif reported == MAX_FINDINGS + 1:
                first_more = href
        if reported > MAX_FINDINGS:
            problems.add(page.rel, page.first_line + link_line(page.text, first_more) - 1, more_message(reported - MAX_FINDINGS))


def link_line(text: str, href: str) -> int:
    """1-based line where `href` is written as a link's address.

    The address itself, not its first mention: `/coops/a/` also begins `/coops/a/b/`
    and may be quoted in prose or a code sample before the link. Tried in turn: an
    inline link `](href`, a reference definition `]: href`, an HTML attribute, an
    autolink; then any occurrence (line_of, which also reads entities).
    """
    end = r"(?=[\s)>\"']|$)"
    escaped = re.escape(href)
    patterns = (rf"\]\(\s*<?{escaped}{end}", rf"(?m)^[ ]{{0,3}}\[[^\]\n]+\]:[ \t]*<?{escaped}{end}", rf"=\s*[\"']{escaped}[\"']", rf"<{escaped}>")
    found = [match.start() for match in (re.search(pattern, text) for pattern in patterns) if match]
    if found:
        return text.count("\n", 0, min(found)) + 1
    return line_of(text, href)


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


def _absolute_link_problem(page: ScannedPage, href: str, pages: dict[str, ScannedPage], site_urls: SiteUrls, suggest: bool = True) -> str | None:
    """A site-absolute link whose first segment the portal publishes, checked against site_urls."""
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    prefix = site_urls.prefix
    under_prefix = prefix != "/" and (path + "/").startswith(prefix)
    target = path[len(prefix):] if under_prefix else path[1:]
    if target.split("/", 1)[0] not in site_urls.segments and target:
        return None  # not one of the portal's pages (a theme asset, another site on the host)
    resolved = _resolve(target, site_urls)
    if resolved is None:
        return _missing_message(page, href, target, site_urls, suggest)
    if prefix != "/" and not under_prefix:
        example = _relative_example(page, resolved, site_urls)
        how = f"다른 글은 .md 파일을 상대 경로로 가리키세요 (예: {example})" if example else f"주소 앞에 게시 경로를 붙여 '{prefix}{target}'로 쓰세요"
        return f"사이트가 '{prefix}' 아래에 게시되므로 링크 {quoted(href, '은/는')} 깨집니다. {how}"
    src_uri = site_urls.content_pages.get(resolved)
    scanned = pages.get(src_uri) if src_uri is not None else None
    if fragment and scanned is not None and fragment not in scanned.ids:
        close = difflib.get_close_matches(fragment, sorted(scanned.ids), n=1)
        similar = f" (비슷한 제목: #{close[0]})" if close else ""
        return (
            f"'{path}'에 '#{fragment}' 제목이 없습니다{similar}. 그 페이지의 제목을 소문자로, 띄어쓰기는 하이픈(-)으로 쓰세요 "
            f"(예: '## 신청 방법' → #신청-방법). {PREFER_RELATIVE}"
        )
    return None


def _resolve(target: str, site_urls: SiteUrls) -> str | None:
    """The published URL or file `target` reaches, or None."""
    urls = site_urls.urls
    if target in urls:
        return target
    if target.endswith("/"):
        if f"{target}index.html" in known_files():
            return target
        paginated = _PAGINATED.fullmatch(target)
        if paginated and paginated.group(1) in urls:  # a list's later pages (render.paginate)
            return paginated.group(1)
        return None
    if f"{target}/" in urls:  # the host redirects to the folder
        return f"{target}/"
    if target in known_files():
        return target
    folder, _, name = target.rpartition("/")
    if folder and f"{folder}/" in urls and _BESIDE_FILE.fullmatch(name):
        return target
    return None


def _missing_message(page: ScannedPage, href: str, target: str, site_urls: SiteUrls, suggest: bool = True) -> str:
    close = site_urls.closest(target) if suggest else None
    similar = ""
    if close is not None:
        example = _relative_example(page, close, site_urls)
        similar = f" 비슷한 주소: {site_urls.prefix}{close}{f' (상대 경로로는 {example})' if example else ''}."
    what = "파일" if not target.endswith("/") and "." in target.rpartition("/")[2] else "페이지"
    return f"링크 {quoted(href, '이/가')} 가리키는 {josa(what, '이/가')} 사이트에 없습니다. 주소의 철자를 확인하세요.{similar} {PREFER_RELATIVE}"


def _relative_example(page: ScannedPage, url: str, site_urls: SiteUrls) -> str:
    """The relative .md path from `page` to the content page at `url`, or "" for a generated one."""
    src_uri = site_urls.content_pages.get(url)
    if src_uri is None:
        return ""
    return posixpath.relpath(src_uri, posixpath.dirname(page.src_uri) or ".")
