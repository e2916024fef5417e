"""Markdown with no way to smuggle HTML or script into a page.

Python-Markdown passes raw HTML, `onerror=` and `javascript:` links straight
through. This extension keeps Markdown's own parsing (so code spans and fenced
code may still *show* HTML) but records every raw HTML block or inline tag, every
link or image whose URL scheme is not http(s), mailto or tel, and every image
without alt text, and renders the offending HTML as visible text instead. The
validator turns the findings into editor messages; the build refuses to publish
a page that has any.

Use it in mkdocs.yml as `site_plugins.markdown_guard` and in code via `render()`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass(frozen=True, slots=True)
class Finding:
    snippet: str  # what to look for in the source to find the line
    message: str


@dataclass(slots=True)
class Findings:
    items: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every href and img src, for the link check
    ids: set[str] = field(default_factory=set)  # every element id (heading anchors), ditto


def _unsafe_scheme(url: str) -> str | None:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return None


class _RecordingHtmlBlock(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        original = stash.store
        findings: Findings = self.md.guard_findings  # type: ignore[attr-defined]

        def store(raw: str | etree.Element) -> str:
            if isinstance(raw, str) and raw.strip():
                findings.items.append(Finding(raw.strip().split("\n")[0][:80], _html_message(raw)))
                return original(f"<p>{html.escape(raw)}</p>")
            return original(raw)

        stash.store = store  # type: ignore[method-assign]
        try:
            return super().run(lines)
        finally:
            stash.store = original  # type: ignore[method-assign]


class _RecordingHtmlInline(HtmlInlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        raw = m.group(1)
        findings: Findings = self.md.guard_findings  # type: ignore[attr-defined]
        closing = re.match(r"</\s*([a-zA-Z][a-zA-Z0-9-]*)", raw)
        # `<span>빨강</span>` is one mistake: the closing tag of a reported tag adds nothing
        if not (closing and any(f.snippet.lower().startswith(f"<{closing.group(1).lower()}") for f in findings.items)):
            findings.items.append(Finding(raw[:80], _html_message(raw)))
        return html.escape(raw), m.start(0), m.end(0)


def _html_message(raw: str) -> str:
    lowered = raw.lower()
    if "<script" in lowered:
        what = "<script> 태그는"
    elif re.search(r"\son[a-z]+\s*=", lowered):
        what = "이벤트 속성(onerror= 등)이 있는 HTML은"
    elif lowered.startswith("<!--"):
        what = "HTML 주석(<!-- -->)은"
    else:
        what = "HTML 태그는"
    return f"{what} 쓸 수 없습니다: {raw.strip()[:60]!s}. Markdown 문법으로 쓰세요(줄바꿈은 빈 줄, 강조는 **굵게**)"


class _LinkAudit(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        findings: Findings = self.md.guard_findings  # type: ignore[attr-defined]
        for element in root.iter():
            if element.get("id"):
                findings.ids.add(element.get("id", ""))
            if element.tag == "a":
                href = element.get("href", "")
                if href and not element.get("class", "").startswith(("headerlink", "footnote")):
                    findings.links.append(href)
                scheme = _unsafe_scheme(href)
                if scheme:
                    findings.items.append(Finding(href[:80], f"'{scheme}:' 링크는 쓸 수 없습니다: {href[:60]}. http(s)://, mailto:, tel: 주소만 쓰세요"))
                    element.set("href", "#")
                elif href.startswith(("http://", "https://")):
                    element.set("rel", "noopener")
            elif element.tag == "img":
                src = element.get("src", "")
                findings.links.append(src)
                scheme = _unsafe_scheme(src)
                if scheme:
                    findings.items.append(Finding(src[:80], f"'{scheme}:' 이미지 주소는 쓸 수 없습니다. 이미지 파일을 저장소에 올리고 그 경로를 쓰세요"))
                    element.set("src", "")
                if not (element.get("alt") or "").strip():
                    findings.items.append(Finding(f"]({src}" if src else "![", f"이미지에 대체 텍스트가 없습니다: {src[:60]}. ![무엇을 보여 주는지](경로)처럼 [ ] 안에 설명을 쓰세요"))


class GuardExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.guard_findings = Findings()  # type: ignore[attr-defined]
        md.preprocessors.register(_RecordingHtmlBlock(md), "html_block", 20)
        md.inlinePatterns.register(
            _RecordingHtmlInline(markdown.inlinepatterns.HTML_RE, md), "html", 90
        )
        md.treeprocessors.register(_LinkAudit(md), "portal_link_audit", 1)
        md.registerExtension(self)

    def reset(self) -> None:
        pass


def makeExtension(**kwargs: object) -> GuardExtension:  # noqa: N802 - Markdown's entry point name
    return GuardExtension(**kwargs)


MAX_BRACKETS_PER_BLOCK = 300


def too_complex(text: str) -> list[Finding]:
    """Blocks Python-Markdown would take minutes on, reported instead of rendered.

    Its link pattern backtracks over unclosed `[`: 4,000 of them in one paragraph take
    seconds, 20,000 take minutes, and the build would hang. No real paragraph has
    hundreds of brackets; a stray paste does.
    """
    findings = []
    for block in re.split(r"\n[ \t]*\n", text):
        count = block.count("[")
        if count > MAX_BRACKETS_PER_BLOCK:
            findings.append(Finding(block[:80], f"한 문단에 대괄호([)가 너무 많습니다({count:,}개, 최대 {MAX_BRACKETS_PER_BLOCK}개). 붙여 넣기가 잘못되었거나 링크가 깨진 것 같습니다. 문단을 나누거나 [ 를 지우세요"))
    return findings


class SafeMarkdown:
    """A reusable renderer for record fields (descriptions, bios)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists", GuardExtension()], output_format="html")

    def render(self, text: str) -> tuple[str, list[Finding]]:
        md = self._md
        md.reset()
        md.guard_findings = Findings()  # type: ignore[attr-defined]
        hard = too_complex(text)
        if hard:
            return html.escape(text), hard
        out = md.convert(text)
        return out, md.guard_findings.items  # type: ignore[attr-defined]


def needs_audit(text: str) -> bool:
    """Whether rendering the text could find anything to report.

    Without `<` there is no HTML and no autolink; without `&` or a backslash no
    entity or escape can spell a character; without `![` there is no image. What is
    left is Markdown links, and a link's address can only start right after `](`
    or `]:`: if none of those has an unsafe scheme, the text is safe unrendered.
    Descriptions are mostly prose with at most a homepage link, so this keeps
    `make check` from rendering 30,000 of them.
    """
    if "<" in text or "&" in text or "\\" in text or "![" in text or text.count("[") > MAX_BRACKETS_PER_BLOCK:
        return True
    return any(_unsafe_scheme(target) for target in _link_starts(text))


def _link_starts(text: str) -> list[str]:
    """Text that may begin a link address: after `](` up to the next `)`, or the word after `]:`.

    Generous on purpose: Markdown strips the address's surrounding spaces and
    browsers ignore spaces inside a scheme, and _unsafe_scheme removes both.
    """
    starts = []
    for match in re.finditer(r"\]\(", text):
        end = text.find(")", match.end())
        starts.append(text[match.end() : end if end >= 0 else len(text)])
    for match in re.finditer(r"\]:\s*(\S*)", text):
        starts.append(match.group(1))
    return starts


def line_of(text: str, snippet: str) -> int:
    """1-based line of the first occurrence of `snippet` (1 if not found)."""
    index = text.find(snippet)
    if index < 0:
        index = html.unescape(text).find(html.unescape(snippet))
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
