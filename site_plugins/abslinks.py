"""Absolute links in rendered Markdown, for HTML read away from the site (e-mail, feed readers).

An editor links a column from a newsletter issue the MkDocs way, relative to the
source file (`../columns/x.md`). On the site MkDocs rewrites that link; in an e-mail
or a feed reader there is no page to be relative to, so every link must be absolute.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Callable

# A start tag of the rendered HTML (the renderer escapes `<`, `>` and `"` in text and in
# attribute values, so a `<` here is always markup), and an href/src attribute inside one:
# `href="..."` written in a code sample is text and stays as it is.
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ATTR = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def page_url_of(src_uri: str) -> str:
    """The URL MkDocs gives a Markdown file (directory URLs): `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/" if src_uri.endswith(".md") else stem


def resolve(link: str, src_uri: str) -> str:
    """Site-relative target of a link written in the Markdown file `src_uri`."""
    path, hash_, fragment = link.partition("#")
    if not path:
        target = page_url_of(src_uri)
    elif path.startswith("/"):
        target = path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        target = "" if joined == "." else joined.lstrip("/")
        while target.startswith("../"):  # above the site root: keep it on the site
            target = target[3:]
        if path.endswith(".md"):
            target = page_url_of(target)
        elif path.endswith("/") and not target.endswith("/"):
            target += "/"
    return target + hash_ + fragment


def absolutize(rendered: str, src_uri: str, absolute: Callable[[str], str]) -> str:
    """Every href/src of `rendered` made absolute; http(s), mailto and tel links are kept."""

    def replace(match: re.Match[str]) -> str:
        attr, value = match.group(1), html.unescape(match.group(2))
        if _SCHEME.match(value):
            return match.group(0)
        return f'{attr}="{html.escape(absolute(resolve(value, src_uri)), quote=True)}"'

    return _TAG.sub(lambda tag: _ATTR.sub(replace, tag.group(0)), rendered)


_MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]\n]+\]:\s*)(\S+)", flags=re.MULTILINE)


def plain_text(markdown_text: str, src_uri: str, absolute: Callable[[str], str]) -> str:
    """Markdown as a plain-text letter: `[text](link)` becomes `text (https://...)`."""

    def target(link: str) -> str:
        return link if _SCHEME.match(link) else absolute(resolve(link, src_uri))

    def inline(match: re.Match[str]) -> str:
        bang, text, link = match.groups()
        return f"[그림: {text}] ({target(link)})" if bang else f"{text} ({target(link)})"

    text = _MD_LINK.sub(inline, markdown_text)
    return _MD_REFERENCE.sub(lambda m: m.group(1) + target(m.group(2)), text)
