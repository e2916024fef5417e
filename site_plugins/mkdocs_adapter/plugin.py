"""The portal's MkDocs plugin: one short method per MkDocs event.

The machinery is beside it: `shells.py`, `stamping.py`, `writing.py`,
`escaping.py` and `preview.py` (see the package's docstring).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from .. import cache, publishing
from ..context import BuildContext
from ..generate import generate_all
from ..load import load_site
from ..output import Decoration, Outputs, Page
from ..particles import josa
from ..problems import Problems
from ..search import SearchDoc
from ..searchdocs import page_doc, record_docs, search_vocabulary
from ..writer import WriteError, Writer, safe_relative
from . import escaping, preview, shells, stale
from .stamping import stamp_all
from .writing import set_aside, write_assets, write_files, write_search, write_sitemaps

log = logging.getLogger("mkdocs.plugins.portal")


class PortalConfig(Config):
    root = config_options.Optional(config_options.Type(str))  # repository root; default: mkdocs.yml's folder
    # the fixed name in feed ids and calendar UIDs (publishing.py); never the deploy host
    tag_authority = config_options.Type(str, default=publishing.DEFAULT_TAG_AUTHORITY)


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self) -> None:
        self.ctx: BuildContext | None = None
        self.outputs = Outputs()
        self.problems: Problems | None = None  # the last load's, shown by a preview (stale.py)
        self.nav_pages: dict[str, Page] = {}
        self.shells: dict[int, list[str]] = {}
        self.shell_assets: dict[str, bytes] = {}  # the chrome scripts of the shells (shells.py)
        self.shell_files: dict[str, int] = {}
        self.decorations: dict[str, Decoration] = {}
        self.mkdocs_urls: list[str] = []
        self.page_docs: list[SearchDoc] = []
        self.root = Path(".")
        self.dirty = False
        self.serving = False
        self.observer: Any = None
        self.deleting: Any = None  # the process deleting the previous build (writing.set_aside)
        self.seconds: dict[str, float] = {}  # how long the build's parts took, for the log

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"
        # serve: keep the record cache in memory between rebuilds, write it once at the end
        cache.defer_saving(self.serving)
        if self.serving and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(preview.DirtyNotice())

    # --- read, validate, model, generate (all in the core) -----------------------------

    def on_config(self, config: Any) -> Any:
        started = time.perf_counter()
        root = self.root = self._root(config)
        settings = publishing.problems(config.site_url, self.config.tag_authority)
        if settings:
            raise PluginError("\n".join(settings))
        site, problems = load_site(root, trust_stats=self.serving)
        self.problems = problems
        if self.serving:
            config.extra_javascript.append(stale.SCRIPT)
        if problems and not self.serving:
            raise PluginError("data/와 content/에 문제가 있어 사이트를 만들지 않았습니다.\n" + problems.report())
        if problems and self.ctx is not None:
            stale.announce(problems, kept_previous=True)  # keep serving the last good site
            self.shells, self.shell_assets, self.mkdocs_urls, self.page_docs = {}, {}, [], []
            return config
        if problems:
            stale.announce(problems, kept_previous=False)
        self.ctx = BuildContext.create(site, site_url=config.site_url or "", repo_url=config.repo_url or "", root=root,
                                       tag_authority=self.config.tag_authority)
        try:
            self.outputs = generate_all(self.ctx)
        except Exception as exc:  # a duplicate URL names the clash; anything else is a bug
            if not problems:
                raise PluginError(str(exc)) from exc
            self.outputs = Outputs()  # a first preview of a broken site: the banner says why
            config.validation.nav.not_found = logging.INFO
        self.nav_pages = {page.src_uri: page for page in self.outputs.pages if page.nav}
        self.decorations = {d.src_uri: d for d in self.outputs.decorations}
        self.shells = {}
        self.shell_assets = {}
        self.mkdocs_urls = []
        self.page_docs = []
        self.seconds = {"load": time.perf_counter() - started}
        return config

    def on_pre_build(self, config: Any) -> None:
        # MkDocs empties the output folder next, file by file: move it aside instead
        self.deleting = None if self.dirty else set_aside(Path(config.site_dir))

    def on_files(self, files: Files, config: Any) -> Files:
        if self.dirty:
            # --dirty skips reading unchanged editor pages, which leaves their titles out
            # of the navigation ("None"). They are few: read and render them every time;
            # the --dirty gain we want is only that the output folder is not wiped.
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
        for page in self.nav_pages.values():
            if not safe_relative(page.src_uri):  # MkDocs writes these pages, not our Writer
                raise PluginError(f"허용되지 않는 주소의 페이지입니다: {page.src_uri!r}")
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"{josa(f'content/{page.src_uri}', '은/는')} 자동으로 만들어지는 페이지와 겹칩니다. 파일을 지우세요")
            files.append(File.generated(config, page.src_uri, content=shells.front_matter(page.title, page.description)))
        self.shell_files = {}
        for depth in sorted({page.depth for page in self.outputs.pages if not page.nav}):
            src, source = shells.shell_source(depth)
            self.shell_files[src] = depth
            files.append(File.generated(config, src, content=source))
        return files

    # --- pages MkDocs renders: editor pages, section front pages, shells ----------------

    def on_page_markdown(self, markdown: str, page: MkPage, config: Any, files: Files) -> str:
        # Our own index covers every page; Material's would only duplicate the work.
        page.meta["search"] = {"exclude": True}
        escaping.escape_meta(page.meta)
        return markdown

    def on_page_content(self, html_text: str, page: MkPage, config: Any, files: Files) -> str:
        src = page.file.src_uri
        if src in self.shell_files:
            return shells.TOKENS["BODY"]
        if src in self.nav_pages:
            nav_page = self.nav_pages[src]
            self.page_docs.append(page_doc(page.url, nav_page.title, nav_page.description, ""))
            return nav_page.render()
        escaping.pin_title(page)
        description = escaping.plain(page.meta.get("description") or page.meta.get("summary"))
        self.page_docs.append(page_doc(page.url, escaping.plain(page.title), description, page.markdown or ""))
        decoration = self.decorations.get(src)
        if decoration:
            before = decoration.before() if decoration.before else ""
            after = decoration.after() if decoration.after else ""
            return before + html_text + after
        return html_text

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        env.bytecode_cache = preview.THEME_BYTECODE
        return env

    def on_page_context(self, context: dict[str, Any], page: MkPage, config: Any, nav: Any) -> dict[str, Any]:
        src = page.file.src_uri
        self.mkdocs_urls.append(page.url)
        if src in self.shell_files:
            page.edit_url = None
            page.meta["portal_head"] = shells.TOKENS["HEAD"]
            context["nav"] = shells.light_nav(nav)
        elif src in self.nav_pages:
            page.edit_url = None
            if self.nav_pages[src].head:
                page.meta["portal_head"] = self.nav_pages[src].head()
        else:
            page.edit_url = escaping.edit_url(page.edit_url, page.file.edit_uri)
            if src in self.decorations and self.decorations[src].head:
                page.meta["portal_head"] = self.decorations[src].head()
        return context

    def on_post_page(self, output: str, page: MkPage, config: Any) -> str:
        depth = self.shell_files.get(page.file.src_uri)
        if depth is not None:
            try:
                self.shells[depth], assets = shells.split_shell(output, depth, config.site_name)
            except ValueError as exc:  # a theme override the shared chrome cannot carry
                raise PluginError(f"테마의 머리글·탐색을 공유 스크립트로 옮길 수 없습니다 (overrides/를 확인하세요): {exc}") from exc
            self.shell_assets.update(assets)
        return output

    # --- write ---------------------------------------------------------------------------

    # After Material's search plugin has written its search_index.json, which ours replaces.
    @event_priority(-100)
    def on_post_build(self, config: Any) -> None:
        assert self.ctx is not None
        shells.remove_shells(Path(config.site_dir), list(self.shell_files))
        writer = Writer(Path(config.site_dir))  # one per build: a preview rebuild claims every path again
        stamped = [page for page in self.outputs.pages if not page.nav]
        version = cache.version(self.root, self.ctx.site.build_date.date()) + repr((self.ctx.site_url, self.ctx.repo_url, self.ctx.branch, self.ctx.ids))
        ctx = self.ctx
        started = time.perf_counter()

        def meanwhile() -> None:  # in this process, while the stamping workers run
            write_files(self.outputs.files, writer, version, dirty=self.dirty)
            write_sitemaps(writer, config.site_url or "", self.mkdocs_urls + [page.url for page in stamped])
            write_search(writer, lambda: record_docs(ctx) + self.page_docs, dirty=self.dirty, vocabulary=lambda: search_vocabulary(ctx))
            write_assets(writer, self.shell_assets)
            self.seconds["files"] = time.perf_counter() - started

        try:
            rendered = stamp_all(stamped, self.shells, writer, version, meanwhile=meanwhile)
        except WriteError as exc:
            raise PluginError(str(exc)) from exc
        log.info("생성한 페이지 %d쪽, 파일 %d개 (읽고 준비하기 %.1f초, 쓰기 %.1f초: 그사이 이 프로세스에서 색인과 파일 %.1f초)",
                 len(stamped), len(self.outputs.files), self.seconds.get("load", 0), time.perf_counter() - started, self.seconds.get("files", 0))
        if rendered < len(stamped):
            log.info("바뀌지 않은 페이지 %d쪽은 다시 만들지 않았습니다", len(stamped) - rendered)
        if self.deleting is not None:
            self.deleting.wait()  # the previous build's files, deleted meanwhile
            self.deleting = None
        if self.serving:
            stale.write_status(writer, self.problems)
            preview.collect_when_idle()

    # --- preview -------------------------------------------------------------------------

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        data = self._root(config) / "data"
        self.observer = preview.watch_natively(server, data)
        if self.observer is None:
            server.watch(str(data))
        return server

    def on_shutdown(self) -> None:
        cache.flush()
        if self.observer is not None:
            self.observer.stop()
            self.observer = None

    def _root(self, config: Any) -> Path:
        return Path(self.config.root or Path(config.config_file_path).parent)
