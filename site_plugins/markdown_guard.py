"""Markdown with no way to smuggle HTML or script into a page, rendered in linear time.

Python-Markdown passes raw HTML, `onerror=` and `javascript:` links straight
through. This extension keeps Markdown's own parsing (so code spans and fenced
code may still *show* HTML) but records every raw HTML block or inline tag, every
link or image whose URL scheme is not http(s), mailto or tel, every image
without alt text, every fenced code block whose first line sets attributes or
options, every `!!!`/`???` box type that is not Material's (it becomes a class), and
every element id that would take over one the theme or the portal uses; it renders
the offending HTML as visible text, strips the fence attributes, drops the class
and renames the id, so the output is safe even where a finding is ignored. No other
syntax enabled here lets an editor choose an attribute (attr_list and md_in_html are
not enabled; titles, summaries, terms, cells and footnote labels are text; a table
column's alignment is one of three fixed styles). The validator turns
the findings into editor messages; the build refuses to publish a page that has any.

Everything an editor writes is untrusted, including its shape: a page of 512 KB
must be checked in about a second whatever it holds. Python-Markdown has a few
steps that take time proportional to the square of the input (its HTML block
parser rescans the rest of the document from every `<` that does not end a tag,
its block list is consumed with `pop(0)`, its inline pass queues elements on a
list consumed with `pop(0)`, footnotes number repeated references from the start);
this module replaces those with linear versions.
Shapes that no Markdown renderer handles in linear time (hundreds of headings
without a blank line, thousands of fenced blocks, a paragraph packed with
unclosed `*` and backticks, lists nested hundreds deep) are reported as findings
and shown as plain text instead of rendered.

Use it in mkdocs.yml as `site_plugins.markdown_guard` and in code via `SafeMarkdown`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.footnotes import RE_REF_ID, FootnoteExtension
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")

# --- limits -------------------------------------------------------------------------------

MAX_FINDINGS = 20  # per page or record field; the rest are counted in one "…외 N건" line
MAX_BRACKETS_PER_BLOCK = 300
# Headings, !!!/??? boxes, definitions and rules are split off their run of lines one at a
# time and the rest of the run copied and rescanned: (such lines) x (lines in the run),
# summed over the page, may be this much (a tenth of a second or two).
MAX_SPLIT_WORK = 2_000_000
MAX_FENCE_LENGTH = 32  # backticks or tildes of a fence (superfences compiles each opener's into a pattern)
MAX_CODE_BLOCKS = 500  # fenced code blocks per page (each costs Pygments about half a millisecond)
MAX_BLOCKS = 20_000  # paragraphs, list items, headings, table cells... per page (each costs tens of microseconds)
MAX_NESTING = 20  # lists, quotes and boxes inside each other
# Inline patterns cost up to (marks in a paragraph) x (its length): a 3 KB paragraph may be
# all marks, a 100 KB one may have 100; the page may have that much in all, and 5,000 marks
# (a 512 KB page written like content/ would have about 1,300).
MAX_INLINE_WORK = 10_000_000
MAX_INLINE_MARKS = 5_000

# Element ids the page around the Markdown uses. Material's all start with "__" (__config,
# __search, __drawer, __toc, __source, __consent, __palette_0, __code_0, ...). The portal
# names the ids of what it adds around an editor's page after where it is: the shell
# (overrides/main.html: portal-content), the home page's sections (templates/home.html:
# home-find, home-start, ...), an article's (templates/article_after.html: article-coops).
# tests/test_markdown_guard.py checks every literal id in those templates against these.
RESERVED_ID_PREFIXES = ("__", "portal-", "home-", "article-")


def reserved_id(value: str) -> bool:
    """Whether an id from the page's Markdown could collide with one the theme or portal uses."""
    return value.lower().startswith(RESERVED_ID_PREFIXES)


def _renamed_id(value: str) -> str:
    """`__config` -> `h-config`, `home-find` -> `h-home-find`: never reserved."""
    return "h-" + value.lstrip("_")


# --- findings -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    snippet: str  # what to look for in the source to find the line
    message: str
    line: int = 0  # 1-based line in the rendered text when known exactly; 0: look for the snippet


@dataclass(slots=True)
class Findings:
    items: list[Finding] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every href and img src, for the link check
    ids: set[str] = field(default_factory=set)  # every element id (heading anchors), ditto
    more: int = 0  # findings past MAX_FINDINGS, not kept
    first_more: Finding | None = None  # the first of them, for the summary's line
    tags: set[str] = field(default_factory=set)  # names of reported opening tags
    kinds: set[str] = field(default_factory=set)  # findings reported once per text ("nesting")
    finished: bool = False

    def add(self, finding: Finding) -> None:
        if len(self.items) < MAX_FINDINGS:
            self.items.append(finding)
        else:
            if self.first_more is None:
                self.first_more = finding
            self.more += 1

    def finish(self) -> Findings:
        """Close the list: one more item says how many were left out."""
        if not self.finished and self.more and self.first_more is not None:
            self.items.append(Finding(self.first_more.snippet, more_message(self.more), self.first_more.line))
        self.finished = True
        return self


def more_message(count: int) -> str:
    return f"…외 {count:,}건: 문제가 너무 많아 처음 {MAX_FINDINGS}건만 보여 줍니다. 위 문제를 고친 뒤 다시 확인하세요"


def capped(findings: Iterable[Finding]) -> list[Finding]:
    collected = Findings()
    for finding in findings:
        collected.add(finding)
    return collected.finish().items


def _findings(md: markdown.Markdown) -> Findings:
    found = getattr(md, "guard_findings", None)
    if found is None:
        found = md.guard_findings = Findings()  # type: ignore[attr-defined]
    return found


def _unsafe_scheme(url: str) -> str | None:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    compact = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return None


def _first_line(text: str, limit: int = 80) -> str:
    return text.strip().split("\n", 1)[0][:limit]


# --- raw HTML -----------------------------------------------------------------------------


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


_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def _record_html(findings: Findings, raw: str) -> None:
    findings.add(Finding(_first_line(raw), _html_message(raw)))
    name = _TAG_NAME.match(raw.strip())
    if name and not raw.lstrip().startswith("</"):
        findings.tags.add(name.group(1).lower())


# A start or end tag with no "<" inside it, so that a failed match stops at the next "<".
_TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/>\x00<]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>""")
# Where raw HTML may start a block: at most three spaces into a line (Python-Markdown's rule).
_BLOCK_START = re.compile(r"^ {0,3}(<(?:!--|\?|!\[CDATA\[|!\[|![a-zA-Z]|[a-zA-Z]))", re.MULTILINE)
_CDATA_ELEMENTS = ("script", "style")


class _Next:
    """The next match of a pattern at or after a position that only moves forward.

    A search that found its match at f answers every later question up to f; a search
    that found nothing answers all of them. So however many times it is asked, the
    text is searched about once.
    """

    __slots__ = ("_found", "_pattern", "_text")

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._found: re.Match[str] | None | bool = False  # False: not searched yet

    def at(self, pos: int) -> re.Match[str] | None:
        found = self._found
        if found is None:
            return None
        if found is False or found.start() < pos:
            found = self._found = self._pattern.search(self._text, pos)
        return found


class _LinearHtmlBlock(Preprocessor):
    """Raw HTML blocks, found in one pass and stashed as visible text.

    Replaces Python-Markdown's HtmlBlockPreprocessor, which feeds the document to
    html.parser: that scans from every `<` to the end of an unclosed tag (through
    every later `<`), and copies the rest of the document at every block's end, so
    `<a ` repeated 50,000 times took minutes. The rules are Python-Markdown's: a
    block starts where a block-level tag, a comment, a declaration or a processing
    instruction begins a line (at most three spaces in) and ends with the tag that
    closes it; inline tags are left to the inline pattern. Every block is refused
    anyway, so only where it starts and that it is shown as text matter.
    """

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if "<" not in source:
            return lines
        findings = _findings(self.md)
        comment = _Next(source, re.compile(r"--!?>"))
        pi = _Next(source, re.compile(r"\?>"))
        cdata = _Next(source, re.compile(r"\]\]>"))
        gt = _Next(source, re.compile(r">"))
        closers = {name: _Next(source, re.compile(rf"</\s*{name}\s*>", re.IGNORECASE)) for name in _CDATA_ELEMENTS}
        out: list[str] = []
        pos = 0
        search_from = 0
        while True:
            match = _BLOCK_START.search(source, search_from)
            if match is None:
                break
            begin = match.start(1)
            end = self._block_end(source, begin, comment, pi, cdata, gt, closers)
            if end is None:
                search_from = match.end()
                continue
            out.append(source[pos : match.start()])
            if len(out) // 2 >= MAX_FINDINGS:
                # Past the findings' limit only the count matters: the rest of the text is
                # stashed as one block (shown as text), not one stash and paragraph per block.
                _record_html(findings, source[begin:end])
                rest, more = begin, 0
                while True:
                    match = _BLOCK_START.search(source, end)
                    if match is None:
                        break
                    next_end = self._block_end(source, match.start(1), comment, pi, cdata, gt, closers)
                    if next_end is None:
                        end = match.end()
                    else:
                        more += 1
                        end = next_end
                findings.more += more  # counted, not described: they are past the limit
                out.append("\n" + self.md.htmlStash.store(f"<p>{html.escape(source[rest:])}</p>") + "\n\n")
                return "".join(out).split("\n")
            out.append("\n" + self._store(source[begin:end], findings) + "\n\n")
            pos = search_from = end
        if not out:
            return lines
        out.append(source[pos:])
        return "".join(out).split("\n")

    def _store(self, raw: str, findings: Findings) -> str:
        _record_html(findings, raw)
        return self.md.htmlStash.store(f"<p>{html.escape(raw)}</p>")

    def _block_end(self, source: str, begin: int, comment: _Next, pi: _Next, cdata: _Next, gt: _Next, closers: dict[str, _Next]) -> int | None:
        if source.startswith("<!--", begin):
            close = comment.at(begin + 4)
            return close.end() if close else None
        if source.startswith("<?", begin):
            close = pi.at(begin + 2)
            return close.end() if close else None
        if source.startswith("<![CDATA[", begin):
            close = cdata.at(begin + 9)
            return close.end() if close else None
        if source.startswith("<!", begin):
            close = gt.at(begin + 2)
            return close.end() if close else None
        tag = _TAG.match(source, begin)
        if tag is None:
            return None
        name = tag.group(2).lower()
        if not self.md.is_block_level(name):
            return None  # an inline tag at the start of a line: the inline pattern reports it
        if name == "hr" or tag.group(3).rstrip().endswith("/"):
            return tag.end()
        return self._raw_end(source, tag.end(), name, comment, closers)

    def _raw_end(self, source: str, pos: int, name: str, comment: _Next, closers: dict[str, _Next]) -> int:
        """Where the element opened just before `pos` closes (the end of the text if never)."""
        if name in closers:
            close = closers[name].at(pos)
            return close.end() if close else len(source)
        stack = [name]
        open_count = {name: 1}
        while True:
            at = source.find("<", pos)
            if at < 0:
                return len(source)
            if source.startswith("<!--", at):
                close = comment.at(at + 4)
                pos = close.end() if close else at + 1
                continue
            tag = _TAG.match(source, at)
            if tag is None:
                pos = at + 1
                continue
            pos = tag.end()
            tag_name = tag.group(2).lower()
            if tag.group(1):  # an end tag closes everything opened since its start tag
                if open_count.get(tag_name):
                    while stack:
                        popped = stack.pop()
                        open_count[popped] -= 1
                        if popped == tag_name:
                            break
                    if not stack:
                        return pos
            elif tag_name in closers:
                close = closers[tag_name].at(pos)
                if close is None:
                    return len(source)
                pos = close.end()
            elif not tag.group(3).rstrip().endswith("/"):
                stack.append(tag_name)
                open_count[tag_name] = open_count.get(tag_name, 0) + 1


class _RecordingHtmlInline(HtmlInlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        raw = m.group(1)
        findings = _findings(self.md)
        closing = re.match(r"</\s*([a-zA-Z][a-zA-Z0-9-]*)", raw)
        # `<span>빨강</span>` is one mistake: the closing tag of a reported tag adds nothing
        if not (closing and closing.group(1).lower() in findings.tags):
            _record_html(findings, raw)
        return html.escape(raw), m.start(0), m.end(0)


# --- fenced code --------------------------------------------------------------------------

# A line superfences may take for the first line of a fenced block: after any spaces,
# tabs and ">" (its PREFIX_CHARS) three or more backticks or tildes.
_FENCE_LINE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})(.*)$", re.MULTILINE)
_FENCE_LANG = re.compile(r"[ \t]*\.?([\w#.+-]+)(?=[\t ]|$)")
# What superfences reads as attributes ({#id .class key=value}) or options (title="...",
# linenums="1", hl_lines="2", or a bare word): an identifier followed by "=", a space or
# the end, or a brace. Anything else ("```a``` 입니다") is not a fence to it.
_FENCE_SETTINGS = re.compile(r"[ \t]*(?:\{|[a-zA-Z][a-zA-Z0-9_]*(?:=|[ \t]|$))")


def _fence_header_problem(header: str) -> tuple[str, str] | None:
    """(language, what to refuse) when a fence's first line has more than a language name."""
    lang = _FENCE_LANG.match(header)
    rest = header[lang.end() :] if lang else header
    if not rest.strip() or not _FENCE_SETTINGS.match(rest):
        return None
    return (lang.group(1) if lang else ""), rest.strip()


def fence_message(line: str) -> str:
    return (
        f"코드 블록 첫 줄에는 언어 이름(예: ```python)만 쓸 수 있습니다: {line.strip()[:60]}. "
        "중괄호 { }나 title= 같은 설정을 지우세요"
    )


def fence_length_message(length: int) -> str:
    return f"코드 블록 기호(``` 또는 ~~~)가 너무 깁니다({length:,}글자, 최대 {MAX_FENCE_LENGTH}글자). ```처럼 세 글자로 쓰세요"


class _FenceHeaders(Preprocessor):
    """Fence attributes and options, refused and stripped before superfences reads them.

    pymdownx.superfences turns ```` ```{#__config} ```` into an element with the id
    `__config`, which takes Material's configuration over, and its pattern for options
    backtracks exponentially on a long first line. Every line that looks like a fence
    opener with attributes or options is cut back to the fence and the language,
    wherever it is (a code sample that shows one is cut too), so superfences never
    sees one. A fence longer than MAX_FENCE_LENGTH is cut to three characters (superfences
    compiles each opener into a pattern: one of 500,000 backticks took a second). Runs
    first, on the editor's own lines, so the finding has its line.
    """

    def run(self, lines: list[str]) -> list[str]:
        if _fenced_code_preprocessor(self.md) is None:
            return lines
        text = "\n".join(lines)
        if "``" not in text and "~~" not in text:
            return lines
        findings = _findings(self.md)
        line_number, counted = 0, 0
        for match in _FENCE_LINE.finditer(text):
            fence = match.group(2)
            problem = _fence_header_problem(match.group(3))
            if problem is None and len(fence) <= MAX_FENCE_LENGTH:
                continue
            line_number += text.count("\n", counted, match.start())
            counted = match.start()
            line = match.group(0)
            if len(fence) > MAX_FENCE_LENGTH:
                findings.add(Finding(_first_line(line, 40), fence_length_message(len(fence)), line_number + 1))
                fence = fence[:3]
            if problem is not None:
                findings.add(Finding(_first_line(line), fence_message(line), line_number + 1))
            lines[line_number] = match.group(1) + fence + (problem[0] if problem else match.group(3))
        return lines


def _fenced_code_preprocessor(md: markdown.Markdown) -> Preprocessor | None:
    return md.preprocessors["fenced_code_block"] if "fenced_code_block" in md.preprocessors else None


def _disarm_superfences(fenced: Preprocessor) -> None:
    """Second guard: superfences accepts no attributes or options even if one got through."""
    if getattr(fenced, "_portal_disarmed", False):
        return
    if hasattr(fenced, "handle_attrs"):
        fenced.handle_attrs = lambda m: False  # type: ignore[attr-defined]
    original = getattr(fenced, "parse_options", None)
    if original is not None:
        fenced.parse_options = lambda m: False if m.group("options") else original(m)  # type: ignore[attr-defined]
    fenced._portal_disarmed = True  # type: ignore[attr-defined]


def _linear_footnote_refs(footnotes: FootnoteExtension) -> None:
    """Footnotes' unique_ref, resuming where the last duplicate of a reference stopped.

    The original walks fnref:1, fnref2:1, fnref3:1, ... from the start for every further
    reference to the same footnote: 10,000 references to one footnote took minutes.
    Every id it would walk past is still taken, so resuming gives the same ids.
    """
    last: dict[str, str] = {}

    def unique_ref(reference: str, found: bool = False) -> str:
        if not found:
            return reference
        original_ref = reference
        used = footnotes.used_refs
        if last.get(original_ref) in used:  # not after a reset, which empties used_refs
            reference = last[original_ref]
        separator = footnotes.get_separator()
        while reference in used:
            ref, rest = reference.split(separator, 1)
            m = RE_REF_ID.match(ref)
            if m:
                reference = f"{m.group(1)}{int(m.group(2)) + 1}{separator}{rest}"
            else:
                reference = f"{ref}2{separator}{rest}"
        used.add(reference)
        last[original_ref] = reference
        footnotes.found_refs[original_ref] = footnotes.found_refs.get(original_ref, 0) + 1
        return reference

    footnotes.unique_ref = unique_ref  # type: ignore[method-assign]


class _Prepare(Preprocessor):
    """Once per Markdown instance, when every extension has registered: other extensions'
    quadratic or unsafe steps replaced (see _disarm_superfences, _linear_footnote_refs)."""

    def run(self, lines: list[str]) -> list[str]:
        md = self.md
        if not getattr(md, "_portal_prepared", False):
            fenced = _fenced_code_preprocessor(md)
            if fenced is not None:
                _disarm_superfences(fenced)
            for extension in md.registeredExtensions:
                if isinstance(extension, FootnoteExtension):
                    _linear_footnote_refs(extension)
            md._portal_prepared = True  # type: ignore[attr-defined]
        return lines


# --- block parsing ------------------------------------------------------------------------


class _FrontList:
    """The block parser's list of blocks, cheap to take from and put back at the front.

    Every block processor takes its block with `blocks.pop(0)` and puts back what it
    did not use with `blocks.insert(0, rest)`; on a list both move every later block,
    so a page of short paragraphs took time growing with the square of their number.
    Kept in reverse, both are O(1). Only what the processors use is provided.
    """

    __slots__ = ("_reversed",)

    def __init__(self, items: Iterable[str]) -> None:
        self._reversed = list(items)
        self._reversed.reverse()

    def __len__(self) -> int:
        return len(self._reversed)

    def __bool__(self) -> bool:
        return bool(self._reversed)

    def __iter__(self) -> Iterator[str]:
        return reversed(self._reversed)

    def _index(self, index: int) -> int:
        size = len(self._reversed)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("block index out of range")
        return size - 1 - index

    def __getitem__(self, index: int) -> str:
        if isinstance(index, slice):
            return list(self)[index]  # type: ignore[return-value]
        return self._reversed[self._index(index)]

    def __setitem__(self, index: int, value: str) -> None:
        self._reversed[self._index(index)] = value

    def pop(self, index: int = -1) -> str:
        if index == 0:
            return self._reversed.pop()
        return self._reversed.pop(self._index(index))

    def insert(self, index: int, value: str) -> None:
        size = len(self._reversed)
        if index < 0:
            index += size
        self._reversed.insert(size - max(0, min(index, size)), value)

    def append(self, value: str) -> None:
        self._reversed.insert(0, value)

    def clear(self) -> None:
        self._reversed.clear()


def nesting_message() -> str:
    return (
        f"목록·인용(>)·상자가 너무 깊게 겹쳐 있습니다(최대 {MAX_NESTING}단계). "
        "줄 앞의 기호(>, -, 1.)나 들여쓰기가 잘못 붙여 넣어진 것 같습니다. 겹침을 줄이세요"
    )


def _guard_block_parser(md: markdown.Markdown) -> None:
    """The parser's block list made cheap at the front, and nesting bounded.

    Past MAX_NESTING (Python would run out of stack a few hundred levels down) what
    is left is shown as plain text and reported once. too_complex() refuses nesting by
    markers before this; this catches what indentation alone nests (the document and a
    level of slack count too).
    """
    parser = md.parser
    if getattr(parser, "_portal_guarded", False):
        return
    depth = [0]

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        if depth[0] >= MAX_NESTING + 2:
            rest = "\n\n".join(blocks)
            blocks.clear()
            if rest.strip():
                paragraph = etree.SubElement(parent, "p")
                paragraph.text = util.AtomicString(rest)
                findings = _findings(md)
                if "nesting" not in findings.kinds:
                    findings.kinds.add("nesting")
                    findings.add(Finding(_first_line(rest), nesting_message()))
            return
        if type(blocks) is list and len(blocks) > 1:
            blocks = _FrontList(blocks)  # type: ignore[assignment]
        front = blocks._reversed if isinstance(blocks, _FrontList) else None
        processors = list(parser.blockprocessors)
        depth[0] += 1
        try:
            # BlockParser.parseBlocks, reading the first block once per round
            while blocks:
                block = front[-1] if front is not None else blocks[0]
                for processor in processors:
                    if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                        break
        finally:
            depth[0] -= 1

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]
    parser._portal_guarded = True  # type: ignore[attr-defined]


# --- inline patterns ----------------------------------------------------------------------

_MARKS = ("`", "\\", "[", "<", "&", "*", "_")
# The inline patterns these pages have (Python-Markdown's and footnotes'): none of them
# can match text without one of _MARKS or a two-space line break.
_MARKED_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong", "em_strong2", "not_strong",
})


def inline_marks(text: str) -> int:
    """Characters where an inline pattern may start (and the two-space line breaks)."""
    return sum(text.count(mark) for mark in _MARKS) + text.count("  \n")


def dense_message(marks: int, length: int) -> str:
    return (
        f"이 문단은 길이에 비해 서식 기호(*, _, `, [, <, &, \\)가 너무 많습니다(기호 {marks:,}개, {length:,}자). "
        "붙여 넣기가 잘못되었는지 확인하고, 빈 줄을 넣어 문단을 나누세요"
    )


def marks_message(total: int) -> str:
    return (
        f"이 글에는 서식 기호(*, _, `, [, <, &, \\)가 너무 많습니다(기호 {total:,}개). "
        "글을 여러 개로 나누거나 긴 문단을 빈 줄로 나누세요"
    )


def _too_dense(marks: int, length: int) -> bool:
    return marks * length > MAX_INLINE_WORK


class _InlineBudget(Treeprocessor):
    """Text the inline patterns would take too long on is kept as plain text and reported.

    Each inline match rebuilds its paragraph's text and some patterns scan to the
    paragraph's end from every unclosed mark (`[` and backticks in Python loops), so a
    paragraph costs about its marks times its length, and every marked text costs tens
    of microseconds. A paragraph may cost MAX_INLINE_WORK, the page as much in all and
    MAX_INLINE_MARKS marks.
    """

    def run(self, root: etree.Element) -> None:
        findings = _findings(self.md)
        total = work = 0  # marks, and marks x length, of the text left to the inline patterns
        seen = 0  # marks in all the text
        past_budget = ""  # the first text left as it is because the page ran out of marks
        # Text without a mark is left alone by every pattern: marked atomic, the inline
        # pass skips it instead of trying fifteen patterns on it (most of its time on prose).
        patterns = self.md.inlinePatterns
        skip_plain = sum(name in patterns for name in _MARKED_PATTERNS) == len(patterns)
        for parent in root.iter():
            for child in parent:
                for attr in ("text", "tail"):
                    text = getattr(child, attr)
                    if not text or isinstance(text, util.AtomicString):
                        continue
                    marks = inline_marks(text)
                    if not marks:
                        if skip_plain:
                            setattr(child, attr, util.AtomicString(text))
                        continue
                    cost = marks * len(text)
                    if cost > MAX_INLINE_WORK:
                        setattr(child, attr, util.AtomicString(text))
                        findings.add(Finding(_first_line(text), dense_message(marks, len(text))))
                    elif total + marks > MAX_INLINE_MARKS or work + cost > MAX_INLINE_WORK:
                        setattr(child, attr, util.AtomicString(text))
                        past_budget = past_budget or _first_line(text)
                    else:
                        total += marks
                        work += cost
                    seen += marks
        if past_budget:
            findings.add(Finding(past_budget, marks_message(seen)))


class _LinearInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass with its work queue a deque.

    The original takes from the front of a list (`stack.pop(0)`), which moves every
    queued element: its time grows with the square of the elements on the page. This
    is its `run` (Python-Markdown 3.11) with only that changed.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self.stashed_nodes: dict[str, etree.Element | str] = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack: deque[tuple[etree.Element, list[str]]] = deque([(tree, tree_parents)])
        self._InlineProcessor__build_ancestors(tree, tree_parents)  # type: ignore[attr-defined]
        handle_inline = self._InlineProcessor__handleInline  # type: ignore[attr-defined]
        process_placeholders = self._InlineProcessor__processPlaceholders  # type: ignore[attr-defined]

        while stack:
            currElement, parents = stack.popleft()
            self.ancestors = parents
            if currElement is not tree:
                self.ancestors.append(currElement.tag.lower())
            insertQueue = []
            for child in currElement:
                if child.text and not isinstance(child.text, util.AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    lst = process_placeholders(handle_inline(text), child)
                    for item in lst:
                        self.parent_map[item[0]] = child
                    stack.extend(lst)
                    insertQueue.append((child, lst))
                    self.ancestors.pop()
                if child.tail:
                    tail = handle_inline(child.tail)
                    dumby = etree.Element("d")
                    child.tail = None
                    tailResult = process_placeholders(tail, dumby, False)
                    if dumby.tail:
                        child.tail = dumby.tail
                    pos = list(currElement).index(child) + 1
                    tailResult.reverse()
                    for newChild in tailResult:
                        self.parent_map[newChild[0]] = currElement
                        currElement.insert(pos, newChild[0])
                if len(child):
                    self.parent_map[child] = currElement
                    stack.append((child, self.ancestors[:]))
            for element, lst in insertQueue:
                for i, obj in enumerate(lst):
                    element.insert(i, obj[0])
        return tree


# --- ids ----------------------------------------------------------------------------------


def reserved_heading_message(title: str, slug: str) -> str:
    return (
        f"제목 '{title[:60]}'의 주소(#{slug[:60]})가 사이트 화면이 쓰는 이름과 겹칩니다. "
        "제목을 다른 말로 바꾸세요(주소가 __, home-, portal-, article-로 시작하는 제목은 쓸 수 없습니다)"
    )


def reserved_id_message(value: str) -> str:
    return f"사이트 화면이 쓰는 주소 이름(id)입니다: '{value[:60]}'. 다른 이름을 쓰세요"


# `!!! type "title"` and `??? type "title"` turn their type words into classes: any word
# would let a box wear the theme's (md-header, md-dialog) or the portal's classes. These
# are Material's admonition types and its two placement modifiers.
BOX_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite", "inline", "end",
})


def box_type_message(word: str) -> str:
    return f"쓸 수 없는 상자 종류입니다: '{word[:40]}'. note, tip, info, warning, danger 같은 종류를 쓰세요(예: !!! note \"제목\")"


class _SafeSlugify:
    """toc's slugify, renaming a heading's id that the theme or the portal uses."""

    def __init__(self, original: Callable[[str, str], str], md: markdown.Markdown) -> None:
        self.original = original
        self.md = md

    def __call__(self, value: str, separator: str) -> str:
        slug = self.original(value, separator)
        if reserved_id(slug):
            _findings(self.md).add(Finding(_first_line(value), reserved_heading_message(value.strip(), slug)))
            slug = _renamed_id(slug)
        return slug


class _HeadingIds(Treeprocessor):
    """Runs just before toc: makes its slugify rename reserved ids."""

    def run(self, root: etree.Element) -> None:
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        slugify = getattr(toc, "slugify", None)
        if slugify is None:
            return
        original = slugify.original if isinstance(slugify, _SafeSlugify) else slugify
        toc.slugify = _SafeSlugify(original, self.md)  # type: ignore[union-attr]


def _audit_box(element: etree.Element, findings: Findings) -> None:
    """An admonition's or details box's type words (its classes) must be Material's."""
    classes = (element.get("class") or "").split()
    own = classes[1:] if element.tag == "div" else classes  # "admonition" comes first
    unknown = [word for word in own if word not in BOX_TYPES]
    if unknown:
        for word in unknown:
            findings.add(Finding(word, box_type_message(word)))
        kept = [word for word in own if word in BOX_TYPES]
        element.set("class", " ".join((["admonition"] if element.tag == "div" else []) + (kept or ["note"])))


class _LinkAudit(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        findings = _findings(self.md)
        for element in root.iter():
            if element.tag == "details" or (element.tag == "div" and (element.get("class") or "").startswith("admonition ")):
                _audit_box(element, findings)
            element_id = element.get("id")
            if element_id:
                if reserved_id(element_id):  # toc's are renamed already; anything else is caught here
                    findings.add(Finding(_first_line(element_id), reserved_id_message(element_id)))
                    element_id = _renamed_id(element_id)
                    while element_id in findings.ids:
                        element_id += "_1"
                    element.set("id", element_id)
                findings.ids.add(element_id)
            if element.tag == "a":
                href = element.get("href", "")
                if href and not element.get("class", "").startswith(("headerlink", "footnote")):
                    findings.links.append(href)
                scheme = _unsafe_scheme(href)
                if scheme:
                    findings.add(Finding(href[:80], f"'{scheme}:' 링크는 쓸 수 없습니다: {href[:60]}. http(s)://, mailto:, tel: 주소만 쓰세요"))
                    element.set("href", "#")
                elif href.startswith(("http://", "https://")):
                    element.set("rel", "noopener")
            elif element.tag == "img":
                src = element.get("src", "")
                findings.links.append(src)
                scheme = _unsafe_scheme(src)
                if scheme:
                    findings.add(Finding(src[:80], f"'{scheme}:' 이미지 주소는 쓸 수 없습니다. 이미지 파일을 저장소에 올리고 그 경로를 쓰세요"))
                    element.set("src", "")
                if not (element.get("alt") or "").strip():
                    findings.add(Finding(f"]({src}" if src else "![", f"이미지에 대체 텍스트가 없습니다: {src[:60]}. ![무엇을 보여 주는지](경로)처럼 [ ] 안에 설명을 쓰세요"))


# --- the extension ------------------------------------------------------------------------


class GuardExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.md = md
        md.guard_findings = Findings()  # type: ignore[attr-defined]
        md.preprocessors.register(_Prepare(md), "portal_prepare", 36)
        md.preprocessors.register(_FenceHeaders(md), "portal_fence_headers", 35)  # before superfences, even its raw pass (31.05)
        md.preprocessors.register(_LinearHtmlBlock(md), "html_block", 20)
        md.inlinePatterns.register(_RecordingHtmlInline(markdown.inlinepatterns.HTML_RE, md), "html", 90)
        md.treeprocessors.register(_InlineBudget(md), "portal_inline_budget", 20.5)
        md.treeprocessors.register(_LinearInlineProcessor(md), "inline", 20)
        md.treeprocessors.register(_HeadingIds(md), "portal_heading_ids", 5.5)  # toc is 5
        md.treeprocessors.register(_LinkAudit(md), "portal_link_audit", 1)
        _guard_block_parser(md)
        md.registerExtension(self)

    def reset(self) -> None:
        md = getattr(self, "md", None)
        if md is not None:
            md.guard_findings = Findings()  # type: ignore[attr-defined]


def makeExtension(**kwargs: object) -> GuardExtension:  # noqa: N802 - Markdown's entry point name
    return GuardExtension(**kwargs)


# --- shapes no renderer handles in linear time ------------------------------------------

# A line that starts a heading (#, or a setext underline), an admonition or details box, a
# definition, or a rule: the block processors split these off one at a time.
_BLOCK_LINE = re.compile(r"^[ \t>]*(?:#|!!!|\?\?\?|:[ \t]|(?:[-*_=][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
# A line that starts an element of its own inside a run of lines: those and list items
# and footnotes.
_ELEMENT_LINE = re.compile(
    r"^[ \t>]*(?:[-*+][ \t]|\d+[.)][ \t]|#|!!!|\?\?\?|:[ \t]|\[\^|(?:[-*_=][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE
)
_BLANK = re.compile(r"\n[ \t>]*\n")
# More quote and list markers at the start of a line than MAX_NESTING, each a level.
_TOO_DEEP = re.compile(rf"^(?:[ \t]*(?:>|(?:[-*+]|\d{{1,9}}[.)])[ \t])){{{MAX_NESTING + 1}}}", re.MULTILINE)


def brackets_message(count: int) -> str:
    return f"한 문단에 대괄호([)가 너무 많습니다({count:,}개, 최대 {MAX_BRACKETS_PER_BLOCK}개). 붙여 넣기가 잘못되었거나 링크가 깨진 것 같습니다. 문단을 나누거나 [ 를 지우세요"


def block_lines_message(splits: int, lines: int) -> str:
    return (
        f"빈 줄 없이 {lines:,}줄이 이어진 곳에 제목(#)·상자(!!!, ???)·정의(:)·구분선 줄이 {splits:,}개 있어 처리할 수 없습니다. "
        "그 사이사이에 빈 줄을 넣으세요"
    )


def blocks_message(count: int) -> str:
    return f"문단·목록 항목·제목·표 칸이 너무 많습니다({count:,}개, 최대 {MAX_BLOCKS:,}개). 글을 여러 개로 나누세요"


def code_blocks_message(count: int) -> str:
    return f"코드 블록(```)이 너무 많습니다({count:,}개, 최대 {MAX_CODE_BLOCKS}개). 글을 여러 개로 나누세요"


def too_complex(text: str, *, fences: bool = False) -> list[Finding]:
    """Shapes Python-Markdown would take minutes on, reported instead of rendered.

    - Its link pattern backtracks over unclosed `[`: 4,000 of them in one paragraph take
      seconds, 20,000 take minutes. No real paragraph has hundreds of brackets.
    - Headings, `!!!`/`???` boxes, definitions and rules are split off a run of lines one
      at a time, the rest copied and rescanned each time: MAX_SPLIT_WORK in all.
    - Lists and quotes nest one level per marker: more than MAX_NESTING on one line.
    - Each paragraph, list item, heading or table cell costs Python-Markdown tens of
      microseconds: a page may have MAX_BLOCKS of them.
    - With `fences` (pages, which have superfences): each fenced block costs Pygments
      about half a millisecond, and superfences rebuilds the line list for each.
    Every check is one pass over the text.
    """
    findings = []
    for block in re.split(r"\n[ \t]*\n", text):
        count = block.count("[")
        if count > MAX_BRACKETS_PER_BLOCK:
            findings.append(Finding(block[:80], brackets_message(count)))
    if findings:
        return capped(findings)
    spans = _fenced_spans(text) if fences else []
    if spans:
        pieces, pos = [], 0
        for start, end in spans:  # the block processors never see fenced code
            pieces.append(text[pos:start])
            pos = end
        pieces.append(text[pos:])
        outside = "\n\n".join(pieces)
    else:
        outside = text
    if "\n" in outside:
        elements = len(_ELEMENT_LINE.findall(outside)) + outside.count("|")  # and table cells
        work = 0
        runs: list[tuple[int, int, str]] = []  # (split lines, lines, run) where splitting costs
        for block in _BLANK.split(outside):
            if not block.strip(" \t\n>"):
                continue
            elements += 1
            splits = len(_BLOCK_LINE.findall(block)) if len(block) > 2 else 0
            if splits > 1:
                lines = block.rstrip("\n").count("\n") + 1
                work += splits * lines
                runs.append((splits, lines, block))
        if work > MAX_SPLIT_WORK:
            worst = [run for run in runs if run[0] * run[1] >= MAX_SPLIT_WORK // 100] or [max(runs, key=lambda run: run[0] * run[1])]
            for splits, lines, block in worst:
                first = _BLOCK_LINE.search(block)
                findings.append(Finding(_first_line(block[first.start() :] if first else block), block_lines_message(splits, lines)))
        if elements > MAX_BLOCKS:
            findings.append(Finding(_first_line(outside), blocks_message(elements)))
    for match in _TOO_DEEP.finditer(outside):
        line = outside[match.start() : outside.find("\n", match.start()) % (len(outside) + 1)]
        if not any(line.strip(f" \t{mark}") == "" for mark in "-*_"):  # "- - - -" alone is a rule
            findings.append(Finding(_first_line(line), nesting_message()))
            break
    if len(spans) > MAX_CODE_BLOCKS:
        findings.append(Finding(_first_line(text[spans[0][0] :]), code_blocks_message(len(spans))))
    return capped(findings)


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    """Fenced blocks as superfences roughly sees them: an opener, then a line with the same fence."""
    if "``" not in text and "~~" not in text:
        return []
    spans = []
    start, fence = 0, ""
    for match in _FENCE_LINE.finditer(text):
        if not fence:
            start, fence = match.start(), match.group(2)
        elif match.group(2) == fence and not match.group(3).strip():
            spans.append((start, match.end()))
            fence = ""
    return spans


# One line of prose whose characters start no Markdown or HTML construct: it begins
# with a letter (no heading, list, quote, rule, table or indented code), holds none of
# _MARKS (no inline element, entity or tag) and nothing to escape, and ends without a
# space (kept verbatim). Python-Markdown makes it one paragraph, character for
# character (tests/test_markdown_guard.py checks); most descriptions are one.
_PLAIN_PARAGRAPH = re.compile(r"([가-힣A-Za-z](?:[가-힣A-Za-z0-9 .,·%()/:-]*[가-힣A-Za-z0-9.,·%()/:-])?)\n?")


class SafeMarkdown:
    """A reusable renderer for record fields (descriptions, bios)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists", GuardExtension()], output_format="html")

    def render(self, text: str) -> tuple[str, list[Finding]]:
        plain = _PLAIN_PARAGRAPH.fullmatch(text)
        if plain:  # what convert() makes of it, 25 times as fast (30,000 co-op pages)
            return f"<p>{plain.group(1)}</p>", []
        md = self._md
        md.reset()
        md.guard_findings = Findings()  # type: ignore[attr-defined]
        hard = too_complex(text)
        if hard:
            return html.escape(text), hard
        out = md.convert(text)
        return out, md.guard_findings.finish().items  # type: ignore[attr-defined]


# A line whose leading run of quote, list and indent characters is long enough to nest
# MAX_NESTING deep (each level takes at least one of them): the first line, or another
# (a pattern that starts with a newline is searched for at C speed).
_DEEP_FIRST = re.compile(rf"[ \t>*+\-.)0-9]{{{MAX_NESTING}}}")
_DEEP_LINE = re.compile(rf"\n[ \t>*+\-.)0-9]{{{MAX_NESTING}}}")


def needs_audit(text: str) -> bool:
    """Whether rendering the text could find anything to report.

    Without `<` there is no HTML and no autolink; without `&` or a backslash no
    entity or escape can spell a character; without `![` there is no image. What is
    left is Markdown links, and a link's address can only start right after `](`
    or `]:`: if none of those has an unsafe scheme, the text is safe unrendered.
    A text too big for its marks, too deeply indented or too_complex() is rendered
    too (to report it). Descriptions are mostly prose with at most a homepage link,
    so this keeps `make check` from rendering 30,000 of them.
    """
    if "<" in text or "&" in text or "\\" in text or "![" in text or text.count("[") > MAX_BRACKETS_PER_BLOCK:
        return True
    if _DEEP_FIRST.match(text) or _DEEP_LINE.search(text):
        return True
    if len(text) * len(text) > MAX_INLINE_WORK:  # else no count of marks can be too many
        marks = inline_marks(text)  # the whole text costs at least what any of its paragraphs does
        if marks > MAX_INLINE_MARKS or _too_dense(marks, len(text)):
            return True
    lines = text.count("\n") + 1  # too_complex() needs this many lines or characters to find anything
    if (lines * lines > MAX_SPLIT_WORK or len(text) > MAX_BLOCKS) and too_complex(text):
        return True
    return any(_unsafe_scheme(target) for target in _link_starts(text))


# After `](`: a scheme, with the spaces and control characters _unsafe_scheme ignores.
# Neither `]` nor `(` can be in one, so the runs do not overlap: one pass in all.
_INLINE_LINK_SCHEME = re.compile(r"\]\(([\x00-\x20]*[a-zA-Z](?:[\x00-\x20]*[a-zA-Z0-9+.\-])*[\x00-\x20]*:)")


def _link_starts(text: str) -> list[str]:
    """What may begin a link address: a scheme right after `](`, or the word after `]:`.

    Generous on purpose: Markdown strips the address's surrounding spaces and
    browsers ignore spaces inside a scheme, and _unsafe_scheme removes both. Only
    called on text without `&` or a backslash, which could spell a character.
    """
    starts = [match.group(1) for match in _INLINE_LINK_SCHEME.finditer(text)]
    starts += [match.group(1) for match in re.finditer(r"\]:\s*(\S*)", text)]
    return starts


_UNESCAPED: list[str] = ["", ""]  # the last text line_of unescaped, and the result


def line_of(text: str, snippet: str) -> int:
    """1-based line of the first occurrence of `snippet` (1 if not found)."""
    index = text.find(snippet)
    if index < 0:
        if _UNESCAPED[0] is not text:
            _UNESCAPED[:] = [text, html.unescape(text)]
        index = _UNESCAPED[1].find(html.unescape(snippet))
        if index >= 0:
            return _UNESCAPED[1].count("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
