"""The theme's chrome on entry pages, moved from every page into one shared script.

Every stamped page (30,000 co-ops, every term and index page) would otherwise
carry the same 10-13 KB that Material renders around the content: the header
with its icons, palette toggle and search box, the tabs, the drawer's
navigation, the table-of-contents sidebar, the back-to-top button, the dialog
and the theme's configuration. `split()` takes that chrome out of the rendered
shell and writes it into `assets/portal/chrome.<hash>.js`, one file per URL
depth (its relative links differ), named by its content so a browser never
pairs a page with another build's chrome.

What stays in each page: the whole `<head>` (title, description, canonical
link, sharing metadata, styles, feeds, the page's own head), the elements the
content sits in (body, container, main, grid, content), the article and the
theme's scripts. One `<script src=...>` sits first in the content element, before
the article: it runs while the page is parsed, before the article is painted,
and puts every piece back where Material put it, so the finished document is
Material's, element for element, and the theme's own script (loaded after it,
as before) finds the header, search and navigation it expects. Keyboard
navigation, search, the drawer and the palette work as on any Material page.

The pieces are inserted with `Range.createContextualFragment`, whose inline
scripts run when inserted (the palette script, the config rewrite of
overrides/main.html), in document order. The theme's inline head script (the
localStorage helpers those scripts use) runs from the chrome script first, and
the generator tag is dropped. The header shows the page's title:
the one value the shared chrome cannot hold. The script takes it from the
page's `og:title` (the same escaped title, read back as text by the browser)
and escapes it again before it goes into the header's markup.

Two more things travel in the script instead of every page. The attributes of
the elements the article sits in that only scripts read (Material's component
hooks) or only the chrome links to (the skip link's target) are set by it before
it inserts anything; classes, `dir` and the colour scheme stay in the page, for
its look before and without the script. And a theme script that the pages load
before the bundle and that may run that early (the search page script, which the
plugin names) is cut from the page and runs at the end of the chrome script: the
same order before the bundle, one request and one tag fewer.

Without scripts a visitor gets the article and a link to the home page
(`<noscript>`); search and the directory filters need scripts anyway. The footer
went into the chrome too: on a co-op page it was 350 of about 7,500 bytes.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Kept in every page: the theme's own external scripts (they must load after the
# chrome, in order).
STATIC_CHILDREN = ("script[src]",)
# Attributes of the elements the article sits in that the chrome script sets instead
# of every page: Material's component hooks (read by its bundle, which runs after the
# chrome) and the skip link's target (the skip link is in the chrome).
SCRIPT_ATTRIBUTES = ("data-md-component", "id", "tabindex")
CHROME_FOLDER = "assets/portal"
# Where the page's title goes in the shared chrome: a comment, which no escaped
# text can contain.
TITLE_MARK = "<!--portal:title-->"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str | None]
    start: int
    end: int = -1
    tag_end: int = -1  # the end of the start tag
    parent: "_Element | None" = None
    children: list["_Element"] = field(default_factory=list)

    def matches(self, selector: str) -> bool:
        tag, _, cls = selector.partition(".")
        tag, _, attr = tag.partition("[")
        if tag and tag != self.tag:
            return False
        if cls and cls not in (self.attrs.get("class") or "").split():
            return False
        return not attr or self.attrs.get(attr.rstrip("]")) is not None


class _Tree(HTMLParser):
    """Elements with their offsets in the text (the theme writes every end tag)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = _Element("#document", {}, 0, len(text))
        self._stack = [self.root]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        start = self._offset()
        element = _Element(tag, dict(attrs), start, parent=self._stack[-1])
        element.tag_end = start + len(self.get_starttag_text() or "")
        self._stack[-1].children.append(element)
        if closed or tag in _VOID:
            element.end = element.tag_end
        else:
            self._stack.append(element)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                for element in self._stack[depth:]:
                    element.end = self.text.index(">", start) + 1
                del self._stack[depth:]
                return


@dataclass(frozen=True)
class Chrome:
    skeleton: str  # the shell without its chrome, with the loader script in place
    path: str  # site-relative path of the chrome script
    script: bytes


def _segments(parent: _Element, child: _Element, *, innermost: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The chrome before and after `child` among `parent`'s children, as (start, end) spans.

    The script inserts the chrome before `child` and at the end of `parent` while the
    page is parsed, so the order of the page survives only if the chrome before
    `child` follows every static sibling before it, the chrome after it precedes
    every static sibling after it, and nothing follows the innermost `child`.
    """
    before: list[tuple[int, int]] = []
    after: list[tuple[int, int]] = []
    seen_child = False
    static_after = False
    for element in parent.children:
        if element is child:
            seen_child = True
        elif any(element.matches(selector) for selector in STATIC_CHILDREN):
            if not seen_child and before:
                raise ValueError(f"<{element.tag}> follows chrome before <{child.tag}>: it cannot stay in the page")
            static_after = static_after or seen_child
        elif seen_child:
            if static_after or innermost:
                raise ValueError(f"<{element.tag}> after <{child.tag}> cannot be moved into the shared chrome")
            after.append((element.start, element.end))
        else:
            before.append((element.start, element.end))
    return before, after


def split(html_text: str, *, depth: int, tokens: dict[str, str], site_name: str, minify: Callable[[str], str],
          carried: Mapping[str, str] | None = None) -> Chrome:
    """Move the chrome of a shell `depth` folders deep into a script; `minify` shrinks HTML.

    `tokens` are the shell's placeholders: the chrome may hold the title (the
    script fills it in) and no other, since it is the same for every page.
    `carried` maps the site-relative path of a theme script the page loads to its
    code, which the chrome script runs instead (after the chrome is in place, so
    before the article is parsed): only for a script that may run that early.
    """
    tree = _Tree(html_text)
    token_at = html_text.index(tokens["BODY"])
    path: list[_Element] = []
    node = tree.root
    while True:
        inner = next((c for c in node.children if c.start <= token_at < c.end), None)
        if inner is None:
            break
        path.append(inner)
        node = inner
    names = [element.tag for element in path]
    body = names.index("body")
    article = len(path) - 1 - names[::-1].index("article")
    levels = path[body:article]  # body ... the element the article sits in
    cut: list[tuple[int, int]] = []
    pieces: list[list[str]] = []
    carried = carried or {}
    carried_code: list[str] = []
    base = "../" * depth
    for index, parent in enumerate(levels):
        child = path[body + index + 1]
        before, after = _segments(parent, child, innermost=parent is levels[-1])
        pieces.append(["".join(html_text[s:e] for s, e in before), "".join(html_text[s:e] for s, e in after)])
        cut += before + after
        for element in parent.children:  # a carried script is one of the static ones: never in a piece
            src = element.attrs.get("src") or ""
            if element.tag == "script" and src.startswith(base) and src[len(base):] in carried:
                carried_code.append(carried[src[len(base):]])
                cut.append((element.start, element.end))
    # the attributes only scripts read leave the start tags of body ... the article's parent
    attributes = [{name: value or "" for name, value in element.attrs.items() if name in SCRIPT_ATTRIBUTES} for element in levels]
    tags = [(element.start, element.tag_end, _start_tag(element, SCRIPT_ATTRIBUTES)) for element in levels if any(name in SCRIPT_ATTRIBUTES for name in element.attrs)]
    # The theme's inline head scripts (localStorage helpers the palette script uses)
    # run from the chrome script too, before anything it inserts.
    html_element = next(element for element in path if element.tag == "html")
    head = [e for element in html_element.children if element.tag == "head" for e in element.children]
    head_scripts = [e for e in head if e.tag == "script" and not e.attrs.get("src") and not e.attrs.get("type")]
    prelude = "".join(_script_text(html_text, script) + ";\n" for script in head_scripts)
    cut += [(script.start, script.end) for script in head_scripts]
    # the generator tag names the theme's version; it says nothing to readers or search engines
    cut += [(e.start, e.end) for e in head if e.tag == "meta" and e.attrs.get("name") == "generator"]

    data = [[minify(piece).replace(tokens["TITLE"], TITLE_MARK) if piece else "" for piece in level] for level in pieces]
    leftover = [name for name, token in tokens.items() if any(token in piece for level in data for piece in level)]
    if leftover:
        raise ValueError(f"the theme prints a page's {leftover} outside the content and the head: it cannot be shared")
    script = _script(prelude, data, attributes, carried_code).encode("utf-8")
    digest = hashlib.blake2b(script, digest_size=5).hexdigest()
    path_in_site = f"{CHROME_FOLDER}/chrome.{digest}.js"

    loader = f'<script src="{base}{path_in_site}"></script><noscript><a href="{base or "./"}">{html.escape(site_name)}</a></noscript>'
    article_start = path[article].start
    edits = [(start, end, "") for start, end in cut] + tags + [(article_start, article_start, loader)]
    skeleton = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[:2]):
        skeleton.append(html_text[position:start])
        skeleton.append(replacement)
        position = end
    skeleton.append(html_text[position:])
    return Chrome("".join(skeleton), path_in_site, script)


def _start_tag(element: _Element, without: tuple[str, ...]) -> str:
    kept = "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"' for name, value in element.attrs.items() if name not in without)
    return f"<{element.tag}{kept}>"


_LOADER = re.compile(r'<script src="?((?:\.\./)*' + re.escape(CHROME_FOLDER) + r'/chrome\.[0-9a-f]+\.js)"?>')


def chrome_html(page_html: str, page_folder: Path) -> str:
    """The chrome an entry page loads, as HTML (for tests and audits); "" for other pages.

    `page_folder` is the folder of the page's file, where its relative link starts.
    The markup is minified (attribute quotes only where needed).
    """
    match = _LOADER.search(page_html)
    if not match:
        return ""
    script = (page_folder / match.group(1)).read_text(encoding="utf-8")
    pieces = json.loads(re.search(r"^  (\[\[.*\]\])\.forEach", script, re.M).group(1))
    return "".join(piece for level in pieces for piece in level)


def _script_text(html_text: str, script: _Element) -> str:
    inner = html_text[script.start:script.end]
    return inner[inner.index(">") + 1 : inner.rindex("</")]


# The loader, run once per page where its <script> stands (first in the content
# element). Kept readable: it is a few hundred bytes once per site, not per page.
_RUNTIME = """(function () {
  var here = document.currentScript, levels = [], node;
  for (node = here.parentNode; node && node !== document.documentElement; node = node.parentNode) levels.unshift(node);
  var meta = document.querySelector('meta[property="og:title"]');
  var title = (meta ? meta.content : document.title).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  function put(html, parent, before) {
    var range = document.createRange();
    range.selectNodeContents(parent);
    parent.insertBefore(range.createContextualFragment(html.split(MARK).join(title)), before);
  }
  ATTRIBUTES.forEach(function (attributes, i) {
    for (var name in attributes) levels[i].setAttribute(name, attributes[name]);
  });
  PIECES.forEach(function (piece, i) {
    if (piece[0]) put(piece[0], levels[i], levels[i + 1] || here);
    if (piece[1]) put(piece[1], levels[i], null);
  });
  here.parentNode.removeChild(here);
})();
"""


def _script(prelude: str, pieces: list[list[str]], attributes: list[dict[str, str]], carried: list[str]) -> str:
    header = "/* 서울 협동조합 포털: 테마의 머리글·탐색·검색 상자 (site_plugins/mkdocs_adapter/chrome.py가 만듦) */\n"
    # one pass over the runtime's own text: the values are the theme's and may hold any word
    values = {"MARK": _json(TITLE_MARK), "PIECES": _json(pieces), "ATTRIBUTES": _json(attributes)}
    runtime = re.sub(r"\b(?:MARK|PIECES|ATTRIBUTES)\b", lambda match: values[match.group()], _RUNTIME)
    return header + prelude + runtime + "".join(code.rstrip("\n") + "\n" for code in carried)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
