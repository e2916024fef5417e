"""The thin MkDocs adapter: the core loads and generates, this plugin hands it to MkDocs.

Section front pages (few, in the navigation) are MkDocs pages whose content we
supply. Every other generated page (one per co-op, term, course, ...) is stamped
into a *shell*: a page MkDocs and Material render once per URL depth with
placeholder tokens, so relative asset links, header, footer and scripts are
exactly Material's while 30,000 entries cost a string join each, not a theme
render (see benchmarks/README.md).
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from .context import BuildContext
from .generate import generate_all
from .load import load_site
from .output import Outputs, Page
from .search import SearchDoc, asset_files, write_index
from .searchdocs import page_doc, record_docs
from .sitemap import gzipped, page_urls, sitemap_files
from .writer import Writer

log = logging.getLogger("mkdocs.plugins.portal")

TOKENS = {name: f"xPORTALx{name}x" for name in ("TITLE", "DESC", "HEAD", "URL")}
# Material adds its own <h1> when the content has none; the body token carries one so
# that it does not, and the whole token is replaced by the page body (which has its h1).
TOKENS["BODY"] = "<h1>xPORTALxBODYx</h1>"
_TOKEN_SPLIT = re.compile("(" + "|".join(re.escape(token) for token in TOKENS.values()) + ")")
SHELL_ROOT = "portal-shell"
PARALLEL_PAGES = 3000


class PortalConfig(Config):
    root = config_options.Optional(config_options.Type(str))  # repository root; default: mkdocs.yml's folder


def _shell_url(depth: int) -> str:
    return "/".join([SHELL_ROOT] + ["x"] * (depth - 1)) + "/"


def _front_matter(title: str, description: str) -> str:
    # JSON strings are valid YAML scalars: no quoting surprises whatever the title holds.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n"


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self) -> None:
        self.ctx: BuildContext | None = None
        self.outputs = Outputs()
        self.nav_pages: dict[str, Page] = {}
        self.shells: dict[int, list[str]] = {}
        self.shell_files: dict[str, int] = {}
        self.decorations: dict[str, Any] = {}
        self.mkdocs_urls: list[str] = []
        self.page_docs: list[SearchDoc] = []

    # --- read, validate, model, generate (all in the core) -----------------------------

    def on_config(self, config: Any) -> Any:
        root = Path(self.config.root or Path(config.config_file_path).parent)
        site, problems = load_site(root)
        if problems:
            raise PluginError("data/와 content/에 문제가 있어 사이트를 만들지 않았습니다.\n" + problems.report())
        self.ctx = BuildContext.create(site, site_url=config.site_url or "", repo_url=config.repo_url or "", root=root)
        try:
            self.outputs = generate_all(self.ctx)
        except Exception as exc:  # a duplicate URL names the clash; anything else is a bug
            raise PluginError(str(exc)) from exc
        self.nav_pages = {page.src_uri: page for page in self.outputs.pages if page.nav}
        self.decorations = {d.src_uri: d for d in self.outputs.decorations}
        self.shells = {}
        self.mkdocs_urls = []
        self.page_docs = []
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self.nav_pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"content/{page.src_uri}은(는) 자동으로 만들어지는 페이지와 겹칩니다. 파일을 지우세요")
            files.append(File.generated(config, page.src_uri, content=_front_matter(page.title, page.description)))
        depths = sorted({page.depth for page in self.outputs.pages if not page.nav})
        self.shell_files = {}
        for depth in depths:
            src = _shell_url(depth) + "index.md"
            self.shell_files[src] = depth
            # the shell is a template, not a page: keep its tokens out of the search index
            shell = _front_matter(TOKENS["TITLE"], TOKENS["DESC"]).replace("\n---\n", "\nsearch:\n  exclude: true\n---\n", 1)
            files.append(File.generated(config, src, content=shell + "\n"))
        return files

    def on_page_context(self, context: dict[str, Any], page: MkPage, config: Any, nav: Any) -> dict[str, Any]:
        src = page.file.src_uri
        self.mkdocs_urls.append(page.url)
        if src in self.shell_files:
            page.edit_url = None
            page.meta["portal_head"] = TOKENS["HEAD"]
            context["nav"] = _light_nav(nav)
        elif src in self.nav_pages and self.nav_pages[src].head:
            page.meta["portal_head"] = self.nav_pages[src].head()
        elif src in self.decorations and self.decorations[src].head:
            page.meta["portal_head"] = self.decorations[src].head()
        if src in self.nav_pages:
            page.edit_url = None
        return context

    def on_page_content(self, html_text: str, page: MkPage, config: Any, files: Files) -> str:
        src = page.file.src_uri
        if src in self.shell_files:
            return TOKENS["BODY"]
        if src in self.nav_pages:
            nav_page = self.nav_pages[src]
            self.page_docs.append(page_doc(page.url, nav_page.title, nav_page.description, ""))
            return nav_page.render()
        self.page_docs.append(page_doc(page.url, page.title or "", page.meta.get("description") or page.meta.get("summary") or "", page.markdown or ""))
        decoration = self.decorations.get(src)
        if decoration:
            before = decoration.before() if decoration.before else ""
            after = decoration.after() if decoration.after else ""
            return before + html_text + after
        return html_text

    def on_post_page(self, output: str, page: MkPage, config: Any) -> str:
        depth = self.shell_files.get(page.file.src_uri)
        if depth is not None:
            self.shells[depth] = _TOKEN_SPLIT.split(output.replace(_shell_url(depth), TOKENS["URL"]))
        return output

    # --- write ---------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: MkPage, config: Any, files: Files) -> str:
        # Our own index covers every page; Material's would only duplicate the work.
        page.meta["search"] = {"exclude": True}
        return markdown

    # After Material's search plugin has written its search_index.json, which ours replaces.
    @event_priority(-100)
    def on_post_build(self, config: Any) -> None:
        assert self.ctx is not None
        site_dir = Path(config.site_dir)
        for src in self.shell_files:
            (site_dir / src.replace("index.md", "index.html")).unlink(missing_ok=True)
        _remove_empty_dirs(site_dir / SHELL_ROOT)
        writer = Writer(site_dir)
        stamped = [page for page in self.outputs.pages if not page.nav]
        _stamp_all(stamped, self.shells, site_dir)
        for file in self.outputs.files:
            writer.write(file.path, file.content())
        # replaces MkDocs' sitemap, which lists the shells and none of the stamped pages
        urls = page_urls(self.mkdocs_urls + [page.url for page in stamped], exclude_prefix=SHELL_ROOT + "/")
        for name, content in sitemap_files(config.site_url or "", urls).items():
            target = site_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (site_dir / "sitemap.xml.gz").write_bytes(gzipped((site_dir / "sitemap.xml").read_bytes()))
        stats = write_index(record_docs(self.ctx) + self.page_docs, site_dir / "search")
        for dest, source in asset_files():
            writer.write(dest, source.read_bytes())
        log.info("생성한 페이지 %d쪽, 파일 %d개, 검색 문서 %s", len(stamped), len(self.outputs.files), getattr(stats, "docs", "?"))

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        root = Path(self.config.root or Path(config.config_file_path).parent)
        server.watch(str(root / "data"))
        return server


def _light_nav(nav: Navigation) -> Navigation:
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


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def stamp(shell: list[str], page: Page) -> str:
    values = {
        TOKENS["TITLE"]: html.escape(page.title, quote=True),
        TOKENS["DESC"]: html.escape(page.description, quote=True),
        TOKENS["BODY"]: page.render(),
        TOKENS["HEAD"]: page.head() if page.head else "",
        TOKENS["URL"]: page.url,
    }
    return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(shell))


_STAMP_STATE: dict[str, Any] = {}


def _stamp_range(bounds: tuple[int, int]) -> int:
    pages: list[Page] = _STAMP_STATE["pages"]
    shells: dict[int, list[str]] = _STAMP_STATE["shells"]
    site_dir: Path = _STAMP_STATE["site_dir"]
    from .writer import write_if_changed

    for page in pages[bounds[0] : bounds[1]]:
        write_if_changed(site_dir / page.url / "index.html", stamp(shells[page.depth], page).encode("utf-8"))
    return bounds[1] - bounds[0]


def _stamp_all(pages: list[Page], shells: dict[int, list[str]], site_dir: Path) -> None:
    urls = [page.url for page in pages]
    if len(set(urls)) != len(urls):
        raise PluginError("같은 주소의 페이지가 두 번 만들어졌습니다")
    _STAMP_STATE.update(pages=pages, shells=shells, site_dir=site_dir)
    workers = min(os.cpu_count() or 1, 4)
    if len(pages) < PARALLEL_PAGES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _stamp_range((0, len(pages)))
        return
    step = max(1, len(pages) // (workers * 8))
    ranges = [(start, min(start + step, len(pages))) for start in range(0, len(pages), step)]
    # fork: the workers inherit the validated site and the shells without pickling them
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_stamp_range, ranges))
