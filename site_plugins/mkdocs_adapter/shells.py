"""Shell pages: one page per URL depth that MkDocs and Material render with tokens.

The plugin adds a shell per depth of the stamped pages, keeps the rendered shell
split at its tokens, and removes the shells from the output; `stamping.py` joins
each entry into the shell of its depth.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import minify_html
from mkdocs.structure.nav import Link, Navigation, Section

from ..search import PAGE_SCRIPT_PATH, asset_files
from . import chrome

TOKENS = {name: f"xPORTALx{name}x" for name in ("TITLE", "DESC", "HEAD", "URL")}
# Material adds its own <h1> when the content has none; the body token carries one so
# that it does not, and the whole token is replaced by the page body (which has its h1).
TOKENS["BODY"] = "<h1>xPORTALxBODYx</h1>"
_TOKEN_SPLIT = re.compile("(" + "|".join(re.escape(token) for token in TOKENS.values()) + ")")
SHELL_ROOT = "portal-shell"


def shell_url(depth: int) -> str:
    return "/".join([SHELL_ROOT] + ["x"] * (depth - 1)) + "/"


def front_matter(title: str, description: str) -> str:
    # JSON strings are valid YAML scalars: no quoting surprises whatever the title holds.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n"


def shell_source(depth: int) -> tuple[str, str]:
    """(src_uri, Markdown) of the shell for pages `depth` folders deep."""
    # the shell is a template, not a page: keep its tokens out of the search index
    source = front_matter(TOKENS["TITLE"], TOKENS["DESC"]).replace("\n---\n", "\nsearch:\n  exclude: true\n---\n", 1)
    return shell_url(depth) + "index.md", source + "\n"


def split_shell(output: str, depth: int, site_name: str) -> tuple[list[str], dict[str, bytes]]:
    """The rendered shell as text and tokens alternately (tokens at odd indexes), and its assets.

    The theme's chrome (header, navigation, search box, ...) goes into a script
    shared by every page of this depth (`chrome.py`); what stays is minified.
    """
    shell = chrome.split(output.replace(shell_url(depth), TOKENS["URL"]), depth=depth, tokens=TOKENS, site_name=site_name, minify=minify,
                         carried=carried_scripts())
    return _TOKEN_SPLIT.split(_quote_tokens(minify(shell.skeleton))), {shell.path: shell.script}


def carried_scripts() -> dict[str, str]:
    """The theme scripts whose code the chrome script runs instead of each entry page loading them.

    The search page script (overrides/main.html loads it before the bundle) only has to
    run before the bundle creates its worker and after the theme's configuration is in
    place, and waits for the page to be parsed before it looks at the result list:
    run at the end of the chrome script, it is both. On entry pages that is a tag and
    a request fewer; pages MkDocs renders load it as before.
    """
    return {dest: source.read_text(encoding="utf-8") for dest, source in asset_files() if dest == PAGE_SCRIPT_PATH}


def minify(html_text: str) -> str:
    """HTML without what a browser ignores: indentation, optional quotes and end tags, comments.

    minify-html (pinned) parses the markup and writes it back the shortest way that
    parses to the same document; scripts and styles are left as they are. The
    type of a text input stays: Material's styles do not need it, but readers of
    the markup (and tests) find the search box by it.
    """
    return minify_html.minify(html_text, keep_input_type_text_attr=True)


_UNQUOTED_TOKEN = re.compile(r"""=([^\s"'=<>`]*xPORTALx[A-Z]+x[^\s"'=<>`]*)""")


def _quote_tokens(html_text: str) -> str:
    # A token alone needs no quotes, the stamped value (with spaces) does.
    return _UNQUOTED_TOKEN.sub(r'="\1"', html_text)


def remove_shells(site_dir: Path, shell_sources: list[str]) -> None:
    for src in shell_sources:
        (site_dir / src.replace("index.md", "index.html")).unlink(missing_ok=True)
    _remove_empty_dirs(site_dir / SHELL_ROOT)


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"[ \t]*\n\s*")


def collapse_whitespace(html_text: str) -> str:
    """Material's indentation and blank lines, each run down to one newline.

    A browser renders any run of whitespace with a newline in it as that newline,
    except inside <pre> and <textarea>, which are kept as they are (with <script>
    and <style>). On the shells this is 3-4 KB of every one of 30,000 pages.
    """
    parts = _VERBATIM.split(html_text)
    # split() with two groups gives: text, whole match, tag name, text, ...
    return "".join(part if index % 3 else _INDENT.sub("\n", part) for index, part in enumerate(parts) if index % 3 != 2)


def light_nav(nav: Navigation) -> Navigation:
    """The navigation for entry pages: each section as one link to its front page.

    Material renders the whole tree into every page; for 30,000 entries that tree
    would be a third of each page's bytes. Readers of an entry reach the full
    tree one click away, on the section's front page.
    """
    items = []
    for item in nav.items:
        if isinstance(item, Section):
            first = next((child for child in _walk(item) if getattr(child, "url", None) is not None and not isinstance(child, Section)), None)
            items.append(Link(item.title, first.url) if first is not None else item)
        else:
            items.append(item)
    return Navigation(items, nav.pages)


def _walk(section: Section):
    for child in section.children:
        yield child
        if isinstance(child, Section):
            yield from _walk(child)
