"""Turn Markdown (or HTML-ish text) into plain text for indexing and display.

Robust rather than exact: the tokenizer ignores punctuation anyway, so the
only things that matter are link targets, HTML tags, entities and code fence
markers, which would otherwise put ``https``, ``div`` or ``class`` into the
index and into the one-line summaries shown under a result.
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_REFLINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_REFDEF = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ATTR_LIST = re.compile(r"\{:?[ \t]*[.#][^}\n]*\}")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_QUOTE_LIST = re.compile(r"^[ \t]*(?:>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)+", re.MULTILINE)
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*\S+(?:[ \t]+\"([^\"\n]*)\")?[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|`+)")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def strip_markdown(text: str) -> str:
    """Plain text of ``text``; plain input comes back with spaces collapsed.

    Each pattern runs only when the text holds a string every match of it
    contains: most bodies are prose, and 30,000 of them went through all fourteen.
    """
    if not text:
        return ""
    t = text
    if "<!--" in t:
        t = _COMMENT.sub(" ", t)
    if "```" in t or "~~~" in t:
        t = _FENCE.sub(" ", t)
    if "!!!" in t or "???" in t:
        t = _ADMONITION.sub(lambda m: m.group(1) or " ", t)
    if "]:" in t:
        t = _REFDEF.sub(" ", t)
    if "](" in t:
        t = _IMAGE.sub(r"\1", t)
        t = _LINK.sub(r"\1", t)
    if "][" in t:
        t = _REFLINK.sub(r"\1", t)
    if "<" in t:
        t = _AUTOLINK.sub(" ", t)
        t = _TAG.sub(" ", t)
    if "{" in t:
        t = _ATTR_LIST.sub(" ", t)
    if "---" in t:
        t = _TABLE_RULE.sub(" ", t)
    if "#" in t:
        t = _HEADING.sub("", t)
    t = _QUOTE_LIST.sub("", t)
    if "*" in t or "_" in t or "~" in t or "`" in t:
        t = _EMPHASIS.sub("", t)
    t = t.replace("|", " ")
    t = html.unescape(t)
    return _SPACE.sub(" ", t).strip()


def plain_line(text: str) -> str:
    """A one-line field (a title, a summary) as the page shows it: spaces collapsed.

    Such fields are plain text, not Markdown, so nothing is stripped and no entity is
    decoded: `&lt;b&gt;` stays the eight characters the page prints.
    """
    return _SPACE.sub(" ", text).strip() if text else ""


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a space when possible, with …."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:·") + "…"
