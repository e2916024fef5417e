"""The trust boundary: every string an editor wrote is checked here once, after parsing.

Anyone may open a pull request, and reviewers read YAML, not HTML or code points. So
a value is judged by what the parser made of it (YAML's `"\\u202E"` escape is one
character here, not six), and it is refused when it holds:

* an invisible or reordering character: C0/C1 controls, the line and paragraph
  separators, bidirectional controls, zero-width spaces, a BOM, lone surrogates,
  non-characters and Unicode tag characters (Trojan Source, CVE-2021-42574). The
  zero-width joiner and non-joiner stay allowed: emoji sequences are made of them;
* a newline or tab outside the fields that are multi-line by nature (Markdown:
  descriptions, a biography, a programme's eligibility and support);
* markup in a plain field: any `<` followed by a letter, `/`, `!` or `?` is a tag,
  a comment or a declaration to some reader, whatever the rest looks like. Markdown
  fields go to the Markdown guard instead, which refuses raw HTML in them.

Everything after this point may assume values are printable text; each output
still encodes for its own reader (see ARCHITECTURE.md, "Trust").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .particles import josa

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]"
)
_LINE_BREAK = re.compile("[\t\n]")
MARKUP = re.compile(r"<[A-Za-z/!?]")

_NAMES = {
    "\t": "탭", "\n": "줄바꿈", "\r": "캐리지 리턴(CR)", "\x00": "NUL", "\x1b": "ESC",
    "\u2028": "줄 구분자(LINE SEPARATOR)", "\u2029": "문단 구분자(PARAGRAPH SEPARATOR)",
    "\u200b": "폭 없는 공백(ZERO WIDTH SPACE)", "\ufeff": "BOM(ZERO WIDTH NO-BREAK SPACE)",
    "\u202e": "글자 방향 뒤집기(RIGHT-TO-LEFT OVERRIDE)", "\u202d": "글자 방향 강제(LEFT-TO-RIGHT OVERRIDE)",
}


class _Key:
    def __repr__(self) -> str:
        return "KEY"

    def __reduce__(self) -> str:  # records are pickled to the cache; keep one marker
        return "KEY"


KEY = _Key()  # path marker: the string is the key of the mapping at path[:-1]


@dataclass(frozen=True, slots=True)
class Suspect:
    """A string the YAML reader saw that may hold what this boundary refuses."""

    path: tuple[object, ...]  # ends in KEY when the string is a mapping key
    text: str
    line: int  # 1-based, within the YAML text


@dataclass(frozen=True, slots=True)
class ValueProblem:
    path: tuple[object, ...]  # where in the document, for the line and the (field) suffix
    line: int  # 1-based, of the offending character where it can be known
    message: str  # Korean


def char_name(char: str) -> str:
    """"U+202E 글자 방향 뒤집기(...)": what an editor can search for in their editor."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def shown(value: object, limit: int = 60) -> str:
    """A value as it may appear inside a one-line message: invisible characters spelled
    out (`\\n`, `\\u202e`), and long values cut, so one problem is always one line."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return visible(text)


_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]")


def visible(text: str) -> str:
    """Every invisible, line-breaking or reordering character as a `\\uXXXX` escape."""
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m.group(), f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF else f"\\U{ord(m.group()):08x}"), text)


def check_value(value: str, path: tuple[object, ...], line: int, *, multiline: bool) -> list[ValueProblem]:
    """Problems of one string (a value or a key) found at `line`. Empty for almost all."""
    problems: list[ValueProblem] = []
    for match in _INVISIBLE.finditer(value):
        at = line + value.count("\n", 0, match.start())
        problems.append(ValueProblem(path, at, f"보이지 않거나 글자 순서를 바꾸는 문자({char_name(match.group())})가 있습니다. 붙여 넣을 때 흔히 들어갑니다. 그 글자를 지우고 다시 입력하세요"))
        break  # one per value: the editor retypes the value anyway
    if not multiline:
        found = _LINE_BREAK.search(value)
        if found:
            what = "줄바꿈" if found.group() == "\n" else "탭 문자"
            problems.append(ValueProblem(path, line, f"이 항목은 한 줄로 써야 하는데 {josa(what, '이/가')} 있습니다. 여러 줄은 설명(description) 같은 글 항목에만 쓸 수 있습니다"))
        tag = MARKUP.search(value)
        if tag:
            snippet = shown(value[tag.start() : tag.start() + 30], 30)
            problems.append(ValueProblem(path, line, f"HTML 태그는 쓸 수 없습니다: {snippet}. 이 항목에는 글자만 씁니다('<' 바로 뒤에 글자나 /, !, ?가 오면 태그로 읽힙니다)"))
    return problems


def check_suspects(suspects: tuple[Suspect, ...] | list[Suspect], *, multiline_fields: frozenset[str] | tuple[str, ...] = (), line_offset: int = 0) -> list[ValueProblem]:
    """Problems of the strings a YAML document flagged.

    `multiline_fields`: top-level keys whose value is Markdown and may span lines and
    hold `<` (the Markdown guard judges those). Keys are always plain.
    """
    problems: list[ValueProblem] = []
    for suspect in suspects:
        path = suspect.path
        is_key = bool(path) and path[-1] is KEY
        field_path = path[:-1] if is_key else path
        multiline = not is_key and len(path) == 1 and path[0] in multiline_fields
        problems += check_value(suspect.text, field_path, suspect.line + line_offset, multiline=multiline)
    return problems
