"""Helpers for the hostile-input suite (tests/test_hostile.py, corpus in tests/hostile/).

* `yaml_quote`: a YAML double-quoted scalar that stands for exactly the given string;
* `HtmlAudit` / `audit_html`: a real HTML parser (the standard library's, which
  tokenizes the way browsers do for everything the suite needs) that lists what a page
  could run: script elements that are not the theme's, `on*` attributes, script-bearing
  URL schemes, clobbered theme ids;
* `check_lines_problems`: the shape of `python -m site_plugins check`'s report;
* `listing`: a snapshot of a folder tree, to prove a build wrote nothing outside `site/`.
"""

from __future__ import annotations

import html
import html.parser
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HANGUL = re.compile("[\uac00-\ud7a3]")
REPORT_LINE = re.compile(r"^[^:\n]+:\d+: ")

# --- YAML ---------------------------------------------------------------------------------

_YAML_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0", "\x1b": "\\e"}


def yaml_quote(value: str, *, ascii_only: bool = False) -> str:
    """`value` as a YAML double-quoted scalar, whatever it holds.

    Printable characters are written as they are (Hangul stays readable in the corpus);
    everything else (controls, separators, format characters such as bidi controls,
    unassigned or private code points) becomes a `\\uXXXX` / `\\UXXXXXXXX` escape, so the
    file itself is plain text and the parser, not the reader, produces the character.
    With `ascii_only`, every non-ASCII character is escaped too: the file's NFC
    normalisation then cannot change the value (property tests compare exactly).
    """
    out = []
    for char in value:
        code = ord(char)
        if char in _YAML_SHORT:
            out.append(_YAML_SHORT[char])
        elif 0x20 <= code < 0x7F or not ascii_only and char.isprintable() and unicodedata.category(char) not in ("Cf", "Co", "Cn", "Zl", "Zp", "Mn", "Mc", "Me"):
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


# --- check's report -------------------------------------------------------------------------


def report_problems(lines: list[str], stderr: str) -> list[str]:
    """What is wrong with the shape of a check report (empty when it is right).

    Every stdout line is one problem, `path:line: message`, in Korean; the summary on
    stderr counts them, so a message that broke onto a second line shows as a mismatch.
    """
    wrong = [f"not a `path:line: ` line: {line!r}" for line in lines if not REPORT_LINE.match(line)]
    wrong += [f"no Korean in: {line!r}" for line in lines if not HANGUL.search(line)]
    if "Traceback" in stderr or any("Traceback" in line for line in lines):
        wrong.append("a traceback in the output")
    if lines:
        found = re.search(r"문제 ([\d,]+)건", stderr)
        if not found:
            wrong.append(f"no '문제 N건' summary on stderr: {stderr[-300:]!r}")
        elif int(found.group(1).replace(",", "")) != len(lines):
            wrong.append(f"{len(lines)} lines for {found.group(1)} problems")
    return wrong


# --- HTML -----------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "longdesc", "srcset", "ping", "manifest", "codebase", "dynsrc", "lowsrc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
ANIMATION_ATTRIBUTES = {"values", "to", "from", "by"}  # <animate attributeName=href values=javascript:...>
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "xmp", "plaintext", "listing", "noembed"}
# Removed by browsers before a scheme is recognised: controls, whitespace.
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def url_scheme(value: str) -> str:
    """The lower-cased scheme a browser sees in an attribute value (already entity-decoded
    by the parser), or ''."""
    compact = _SCHEME_NOISE.sub("", html.unescape(value)).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", compact)
    return match.group(1) + ":" if match else ""


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    line: int


class HtmlAudit(html.parser.HTMLParser):
    """Everything the checks need from one HTML document, in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.texts: list[str] = []
        self._in_script = False
        self._skip_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr_map: dict[str, str | None] = {}
        for name, value in attrs:
            attr_map.setdefault(name, value)  # browsers keep the first of a repeated attribute
        self.elements.append(Element(tag, attr_map, self.getpos()[0]))
        if tag == "script":
            self.scripts.append((attr_map, ""))
            self._in_script = True
        if tag in ("script", "style", "template"):
            self._skip_text += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style", "template"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag in ("script", "style", "template") and self._skip_text:
            self._skip_text -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif not self._skip_text:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def ids(self) -> list[str]:
        return [e.attrs["id"] or "" for e in self.elements if e.attrs.get("id") is not None]

    def signature(self) -> list[tuple[str, tuple[str, ...]]]:
        """Tags and attribute names in order: two documents with the same signature have
        the same elements, whatever text they hold."""
        return [(e.tag, tuple(sorted(e.attrs))) for e in self.elements]


def parse_html(text: str) -> HtmlAudit:
    audit = HtmlAudit()
    audit.feed(text)
    audit.close()
    return audit


def normal_script(text: str) -> str:
    """An inline theme script with its relative paths ("../..", "/", ".") blanked: the
    same script on pages at different depths compares equal (as test_build_guard does)."""
    return re.sub(r'"[./]*"', '""', re.sub(r"(\.\./)+|(?<=\")/(?=assets/)", "", text)).strip()


def script_problem(attrs: dict[str, str | None], text: str, theme_inline: set[str]) -> str | None:
    """Why one <script> element is not the theme's or data, or None."""
    src = attrs.get("src")
    if src is not None:
        if url_scheme(src):
            return f"script from another origin or scheme: {src!r}"
        local = re.sub(r"^(\.\./)+|^\./|^/", "", src)
        return None if local.startswith("assets/") else f"script src outside assets/: {src!r}"
    kind = (attrs.get("type") or "").lower()
    if kind in ("application/json", "application/ld+json"):
        # data: it must be JSON, and nothing in it may end the element early or switch the
        # tokenizer into the "script data double escaped" state (`<!--` then `<script`)
        lowered = text.lower()
        for needle in ("</script", "<!--", "<script"):
            if needle in lowered:
                return f"{needle!r} inside a {kind} script: {text[:120]!r}"
        try:
            json.loads(text)
        except ValueError as exc:
            return f"{kind} script that is not JSON ({exc}): {text[:120]!r}"
        return None
    if normal_script(text) in theme_inline:
        return None
    return f"inline script that is not the theme's: {text[:160]!r}"


def theme_baseline(pages: list[str]) -> tuple[set[str], set[tuple[str, str, str]]]:
    """What the theme itself puts on pages built from harmless input: its inline scripts
    (normalised) and the (tag, attribute, value) triples `audit_html` would otherwise
    flag (Material's search-share button is `<a href="javascript:void(0)">`)."""
    inline: set[str] = set()
    flagged: set[tuple[str, str, str]] = set()
    for text in pages:
        audit = parse_html(text)
        for attrs, body in audit.scripts:
            if attrs.get("src") is None and (attrs.get("type") or "").lower() not in ("application/json", "application/ld+json"):
                inline.add(normal_script(body))
        for element in audit.elements:
            for name, value in element.attrs.items():
                if value is not None and (name.startswith("on") or url_scheme(value) in BAD_SCHEMES):
                    flagged.add((element.tag, name, value))
    return inline, flagged


def audit_html(text: str, theme_inline: set[str], theme_attrs: set[tuple[str, str, str]] = frozenset(), *, where: str = "") -> list[str]:  # type: ignore[assignment]
    """Everything on one HTML page that could run, or take over a theme element."""
    audit = parse_html(text)
    found: list[str] = []
    prefix = f"{where}: " if where else ""
    for attrs, body in audit.scripts:
        problem = script_problem(attrs, body, theme_inline)
        if problem:
            found.append(prefix + problem)
    for element in audit.elements:
        if element.tag in FORBIDDEN_ELEMENTS:
            found.append(f"{prefix}<{element.tag}> element (line {element.line})")
        if element.tag == "meta" and (element.attrs.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{prefix}<meta http-equiv=refresh> (line {element.line})")
        for name, value in element.attrs.items():
            if (element.tag, name, value) in theme_attrs:
                continue
            if name.startswith("on"):
                found.append(f"{prefix}event attribute {name}={value!r} on <{element.tag}> (line {element.line})")
            if value is None:
                continue
            scheme = url_scheme(value)
            if name in URL_ATTRIBUTES and scheme in BAD_SCHEMES or name in ANIMATION_ATTRIBUTES and element.tag in ("animate", "set") and re.search(r"(java|vb)script:", _SCHEME_NOISE.sub("", value), re.IGNORECASE):
                found.append(f"{prefix}{name}={value[:80]!r} on <{element.tag}> (line {element.line})")
            if name == "style" and re.search(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", value, re.IGNORECASE):
                found.append(f"{prefix}style={value[:80]!r} on <{element.tag}> (line {element.line})")
    where_ids: dict[str, list[str]] = {}
    for element in audit.elements:
        ident = element.attrs.get("id") or ""
        if ident.startswith("__"):
            where_ids.setdefault(ident, []).append(f"<{element.tag}> line {element.line}")
        if ident == "__config" and not (element.tag == "script" and (element.attrs.get("type") or "") == "application/json"):
            found.append(f"{prefix}<{element.tag} id=\"__config\"> that is not the theme's configuration (line {element.line})")
    for ident, places in where_ids.items():
        if len(places) > 1:
            found.append(f"{prefix}theme id {ident!r} on {len(places)} elements: {', '.join(places)}")
    return found


# --- files ----------------------------------------------------------------------------------


def listing(folder: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, tuple[str, int, int]]:
    """Every entry under `folder` (not following links): kind, size and mtime, by path."""
    skipped = {str(path) for path in skip}
    found: dict[str, tuple[str, int, int]] = {}
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [name for name in dirs if os.path.join(current, name) not in skipped]
        for name in dirs + files:
            path = os.path.join(current, name)
            if path in skipped:
                continue
            st = os.lstat(path)
            kind = "link" if os.path.islink(path) else "dir" if os.path.isdir(path) else "file"
            found[os.path.relpath(path, folder)] = (kind, 0 if kind == "dir" else st.st_size, 0 if kind == "dir" else st.st_mtime_ns)
    return found


def grep_tree(folder: Path, needle: bytes) -> list[str]:
    """Files under `folder` whose bytes (or name) hold `needle`."""
    hits = []
    for current, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(current, name)
            if needle in name.encode("utf-8", "surrogateescape") or (not path.is_symlink() and needle in path.read_bytes()):
                hits.append(str(path.relative_to(folder)))
    return hits
