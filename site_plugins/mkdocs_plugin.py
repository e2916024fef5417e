"""The thin MkDocs adapter: the core loads and generates, this plugin hands it to MkDocs.

Section front pages (few, in the navigation) are MkDocs pages whose content we
supply. Every other generated page (one per co-op, term, course, ...) is stamped
into a *shell*: a page MkDocs and Material render once per URL depth with
placeholder tokens, so relative asset links, header, footer and scripts are
exactly Material's while 30,000 entries cost a string join each, not a theme
render (see benchmarks/README.md).
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import logging
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from . import cache
from .context import BuildContext
from .generate import generate_all
from .load import load_site
from .output import Outputs, Page
from .search import SearchDoc, asset_files, write_index
from .searchdocs import page_doc, record_docs
from .sitemap import gzipped, page_urls, sitemap_files
from .writer import Writer, write_if_changed

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


class _DirtyNotice(logging.Filter):
    """`make serve` previews with --dirty; MkDocs' warning about it would fail strict mode."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


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
        self.root = Path(".")
        self.dirty = False
        self.serving = False
        self.observer: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"
        # serve: keep the record cache in memory between rebuilds, write it once at the end
        cache.defer_saving(command == "serve")
        if command == "serve" and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())

    # --- read, validate, model, generate (all in the core) -----------------------------

    def on_config(self, config: Any) -> Any:
        root = self.root = Path(self.config.root or Path(config.config_file_path).parent)
        site, problems = load_site(root, trust_stats=self.serving)
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
        if self.dirty:
            # --dirty skips reading unchanged editor pages, which leaves their titles out
            # of the navigation ("None"). They are few: read and render them every time;
            # the --dirty gain we want is only that the output folder is not wiped.
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
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
            shell = collapse_whitespace(output.replace(_shell_url(depth), TOKENS["URL"]))
            self.shells[depth] = _TOKEN_SPLIT.split(shell)
        return output

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        # MkDocs makes a new Jinja environment for every build; without this each
        # preview rebuild would compile Material's templates again (a fifth of it).
        env.bytecode_cache = _THEME_BYTECODE
        return env

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
        version = cache.version(self.root, self.ctx.site.build_date.date()) + repr((self.ctx.site_url, self.ctx.repo_url, self.ctx.branch))
        rendered = _stamp_all(stamped, self.shells, site_dir, version)
        held_version, files_memo = _FILES_WRITTEN.get(str(writer.out_dir), ("", {}))
        if held_version != version:
            files_memo = {}
        for file in self.outputs.files:
            if self.dirty and file.bulk and (site_dir / file.path).is_file():
                # the preview is for reading pages; 30,000-row downloads are rebuilt by `make build`
                continue
            target = writer.target(file.path)
            if file.key is not None and _unchanged(files_memo.get(file.path), file.key, target):
                continue  # a preview rebuild, and nothing this file shows has changed
            write_if_changed(target, file.content())
            if file.key is not None:
                st = os.stat(target)
                files_memo[file.path] = (file.key, st.st_size, st.st_mtime_ns)
        _FILES_WRITTEN[str(writer.out_dir)] = (version, files_memo)
        # replaces MkDocs' sitemap, which lists the shells and none of the stamped pages
        urls = page_urls(self.mkdocs_urls + [page.url for page in stamped], exclude_prefix=SHELL_ROOT + "/")
        # write_if_changed: rewriting an unchanged file costs a preview rebuild more than
        # comparing it (on ext4, truncating a file that has just been written waits for it)
        for name, content in sitemap_files(config.site_url or "", urls).items():
            write_if_changed(site_dir / name, content)
        write_if_changed(site_dir / "sitemap.xml.gz", gzipped((site_dir / "sitemap.xml").read_bytes()))
        if self.dirty and (site_dir / "search" / "manifest.json").is_file():
            # The preview keeps the first index: rebuilding it for 30,000 co-ops takes
            # seconds per edit, and a preview is for reading pages, not searching them.
            log.info("미리보기에서는 검색 색인을 처음 한 번만 만듭니다")
        else:
            write_index(record_docs(self.ctx) + self.page_docs, site_dir / "search")
        for dest, source in asset_files():
            writer.write(dest, source.read_bytes())
        log.info("생성한 페이지 %d쪽, 파일 %d개", len(stamped), len(self.outputs.files))
        if rendered < len(stamped):
            log.info("바뀌지 않은 페이지 %d쪽은 다시 만들지 않았습니다", len(stamped) - rendered)
        if self.serving:
            _collect_when_idle()

    def on_shutdown(self) -> None:
        cache.flush()
        if self.observer is not None:
            self.observer.stop()
            self.observer = None

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        root = Path(self.config.root or Path(config.config_file_path).parent)
        if not self._watch_natively(server, root / "data"):
            server.watch(str(root / "data"))
        return server

    def _watch_natively(self, server: Any, folder: Path) -> bool:
        """Watch data/ with the OS's change notifications instead of MkDocs' poller.

        MkDocs' PollingObserver stats every watched file twice a second; with 30,000
        records that walk holds the interpreter for most of each second, halving the
        speed of the very rebuild it triggers. The callback does what
        LiveReloadServer.watch() does (MkDocs 1.6); without those internals, or without
        a native observer, data/ goes back to server.watch().
        """
        try:
            from watchdog import events
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
            from watchdog.observers.polling import PollingObserver
        except ImportError:
            return False
        condition = getattr(server, "_rebuild_cond", None)
        if condition is None or Observer is PollingObserver or not hasattr(server, "_want_rebuild"):
            return False

        # Only changes: unfiltered, inotify also reports every open and read, and the
        # build's own reads of 30,000 files would keep the watcher thread (and the GIL) busy.
        kinds = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
                 events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

        def changed(event: Any) -> None:
            if event.is_directory and event.event_type == "modified":
                return
            with condition:
                server._want_rebuild = True
                condition.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        observer = Observer()
        observer.daemon = True
        try:
            observer.schedule(handler, str(folder), recursive=True, event_filter=kinds)
            observer.start()
        except OSError:  # e.g. out of inotify watches
            return False
        self.observer = observer
        log.info("data/의 변경을 지켜봅니다")
        return True


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the life of the process.

    Jinja keys a bucket by template name and checks the source's checksum, so an
    edited override is compiled again.
    """

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_THEME_BYTECODE = _MemoryBytecodeCache()
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


_IDLE_COLLECTION: threading.Timer | None = None


def _collect_when_idle(delay: float = 2.0) -> None:
    """Keep the preview's garbage collection out of the rebuild an editor waits for.

    A preview process holds millions of objects (30,000 records and their pages).
    Python's full collections walk all of them, several times per rebuild, about a
    fifth of its time. After each build everything alive is frozen (not walked
    again), and once the preview has been idle for `delay` seconds one full
    collection runs, so what earlier builds left behind is still freed.
    """
    global _IDLE_COLLECTION
    gc.freeze()
    if _IDLE_COLLECTION is not None:
        _IDLE_COLLECTION.cancel()

    def collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    _IDLE_COLLECTION = threading.Timer(delay, collect)
    _IDLE_COLLECTION.daemon = True
    _IDLE_COLLECTION.start()


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


# What this process last wrote, per output folder: url -> (inputs, size, mtime_ns).
# `mkdocs serve --dirty` keeps one process and one folder across rebuilds, so a page
# whose inputs (url, title, description and Page.key) equal those it was last written
# from, and whose file is still the one written, is skipped without rendering. An
# unchanged co-op is the very same object from one preview rebuild to the next (the
# record cache keeps it), so comparing 30,000 keys is mostly identity checks in C.
# A new version (code, taxonomies, shells, addresses) or a cleaned folder renders all.
Memo = dict[str, tuple[object, int, int]]
_WRITTEN: dict[str, tuple[str, Memo]] = {}
_FILES_WRITTEN: dict[str, tuple[str, Memo]] = {}  # the same for OutputFiles with a key, by path


def _unchanged(known: tuple[object, int, int] | None, inputs: object, path: Path | str) -> bool:
    """Whether a file was written from these inputs and is still the one written."""
    # == on equal tuples of the same objects stops at identity, in C
    if known is None or known[0] != inputs:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == known[1:]


def _stamp_range(bounds: tuple[int, int]) -> list[tuple[int, int, int]]:
    """Stamp pages[start:end]; (index, size, mtime_ns) of each keyed page written.

    Only numbers go back from a forked worker: the parent holds the pages themselves.
    """
    pages: list[Page] = _STAMP_STATE["pages"]
    shells: dict[int, list[str]] = _STAMP_STATE["shells"]
    folder: str = _STAMP_STATE["folder"]
    written = []
    for index in range(bounds[0], bounds[1]):
        page = pages[index]
        path = f"{folder}/{page.url}index.html"
        write_if_changed(Path(path), stamp(shells[page.depth], page).encode("utf-8"))
        if page.key is not None:
            st = os.stat(path)
            written.append((index, st.st_size, st.st_mtime_ns))
    return written


def _inputs(page: Page) -> tuple[object, ...]:
    return (page.title, page.description, page.key)


def _stamp_all(pages: list[Page], shells: dict[int, list[str]], site_dir: Path, version: str = "") -> int:
    """Stamp every page whose output may have changed; returns how many were rendered."""
    urls = [page.url for page in pages]
    if len(set(urls)) != len(urls):
        raise PluginError("같은 주소의 페이지가 두 번 만들어졌습니다")
    folder = str(site_dir.resolve())
    version += hashlib.blake2b("\1".join("\0".join(shells[depth]) for depth in sorted(shells)).encode("utf-8")).hexdigest()
    held_version, memo = _WRITTEN.get(folder, ("", {}))
    if held_version != version:
        # everything is rendered again, but what was written is still known, to be removed if gone
        memo = {url: (None, -1, -1) for url in memo}
    todo: list[Page] = []
    for page in pages:
        if page.key is not None and _unchanged(memo.get(page.url), _inputs(page), f"{folder}/{page.url}index.html"):
            continue
        todo.append(page)
    _STAMP_STATE.update(pages=todo, shells=shells, folder=folder)
    workers = min(os.cpu_count() or 1, 4)
    # A preview rebuild after a rename re-renders a few hundred index pages: worth forking.
    threshold = PARALLEL_PAGES if not memo else PARALLEL_PAGES // 10
    if len(todo) < threshold or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parts = [_stamp_range((0, len(todo)))]
    else:
        step = max(1, len(todo) // (workers * 8))
        ranges = [(start, min(start + step, len(todo))) for start in range(0, len(todo), step)]
        # fork: the workers inherit the validated site and the shells without pickling them.
        # No collector in them: short-lived, and a collection would touch (and so copy)
        # every page of the parent's heap it walks.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.disable) as pool:
            parts = list(pool.map(_stamp_range, ranges))
    current = set(urls)
    for url in [url for url in memo if url not in current]:
        # a page that no longer exists (a deleted co-op) must not linger in a preview
        Path(f"{folder}/{url}index.html").unlink(missing_ok=True)
        del memo[url]
    for part in parts:
        for index, size, mtime_ns in part:
            memo[todo[index].url] = (_inputs(todo[index]), size, mtime_ns)
    _WRITTEN[folder] = (version, memo)
    return len(todo)
