"""Stamping: each entry page joined into the shell of its depth, in forked workers.

The parent claims every page's path from the build's `Writer` (so a path outside
the site or a URL made twice stops the build before anything is written) and
hands the claimed paths to the workers, which only write.
"""

from __future__ import annotations

import gc
import hashlib
import html
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..heap import frozen_heap
from ..output import Page
from ..writer import Writer, write_if_changed
from .escaping import url_path
from .shells import TOKENS

PARALLEL_PAGES = 3000


def stamp(shell: list[str], page: Page) -> str:
    values = {
        TOKENS["TITLE"]: html.escape(page.title, quote=True),
        TOKENS["DESC"]: html.escape(page.description, quote=True),
        TOKENS["BODY"]: page.render(),
        TOKENS["HEAD"]: page.head() if page.head else "",
        TOKENS["URL"]: url_path(page.url),
    }
    return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(shell))


# What this process last wrote, per output folder: url -> (inputs, size, mtime_ns).
# `mkdocs serve --dirty` keeps one process and one folder across rebuilds, so a page
# whose inputs (url, title, description and Page.key) equal those it was last written
# from, and whose file is still the one written, is skipped without rendering. An
# unchanged co-op is the very same object from one preview rebuild to the next (the
# record cache keeps it), so comparing 30,000 keys is mostly identity checks in C.
# A new version (code, taxonomies, shells, addresses) or a cleaned folder renders all.
Memo = dict[str, tuple[object, int, int]]
_WRITTEN: dict[str, tuple[str, Memo]] = {}


def unchanged(known: tuple[object, int, int] | None, inputs: object, path: Path | str) -> bool:
    """Whether a file was written from these inputs and is still the one written."""
    # == on equal tuples of the same objects stops at identity, in C
    if known is None or known[0] != inputs:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == known[1:]


def _inputs(page: Page) -> tuple[object, ...]:
    return (page.title, page.description, page.key)


# What the forked workers inherit instead of having it pickled.
_STAMP_STATE: dict[str, Any] = {}


def _stamp_range(bounds: tuple[int, int]) -> list[tuple[int, int, int]]:
    """Stamp pages[start:end]; (index, size, mtime_ns) of each keyed page written.

    Only numbers go back from a forked worker: the parent holds the pages themselves.
    """
    pages: list[Page] = _STAMP_STATE["pages"]
    paths: list[str] = _STAMP_STATE["paths"]
    shells: dict[int, list[str]] = _STAMP_STATE["shells"]
    written = []
    for index in range(bounds[0], bounds[1]):
        page = pages[index]
        st = write_if_changed(paths[index], stamp(shells[page.depth], page).encode("utf-8"))
        if page.key is not None:
            written.append((index, st.st_size, st.st_mtime_ns))
    return written


def stamp_all(pages: list[Page], shells: dict[int, list[str]], writer: Writer, version: str = "",
              meanwhile: Callable[[], None] | None = None) -> int:
    """Stamp every page whose output may have changed; returns how many were rendered.

    `meanwhile` runs in this process while forked workers stamp (the search index and
    the other files: single-threaded work that would otherwise leave a core idle),
    or after stamping when there are too few pages to fork for.
    Raises WriteError, before writing any page, for a path outside the site or claimed twice.
    """
    paths = [writer.target_str(page.url + "index.html") for page in pages]
    folder = str(writer.out_dir)
    version += hashlib.blake2b("\1".join("\0".join(shells[depth]) for depth in sorted(shells)).encode("utf-8")).hexdigest()
    held_version, memo = _WRITTEN.get(folder, ("", {}))
    if held_version != version:
        # everything is rendered again, but what was written is still known, to be removed if gone
        memo = {url: (None, -1, -1) for url in memo}
    todo: list[Page] = []
    todo_paths: list[str] = []
    for page, path in zip(pages, paths):
        if page.key is not None and unchanged(memo.get(page.url), _inputs(page), path):
            continue
        todo.append(page)
        todo_paths.append(path)
    _STAMP_STATE.update(pages=todo, paths=todo_paths, shells=shells)
    workers = min(os.cpu_count() or 1, 4)
    # A preview rebuild after a rename re-renders a few hundred index pages: worth forking.
    threshold = PARALLEL_PAGES if not memo else PARALLEL_PAGES // 10
    if len(todo) < threshold or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parts = [_stamp_range((0, len(todo)))]
        if meanwhile is not None:
            meanwhile()
    else:
        step = max(1, len(todo) // (workers * 8))
        ranges = [(start, min(start + step, len(todo))) for start in range(0, len(todo), step)]
        # fork: the workers inherit the validated site and the shells without pickling them.
        # No collector in them: short-lived, and a collection would touch (and so copy)
        # every page of the parent's heap it walks.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.disable) as pool:
            results = pool.map(_stamp_range, ranges)  # submitted (and the workers forked) now
            if meanwhile is not None:
                # The index, feeds and open data allocate enough to set off a dozen full
                # collections; none needs to walk the site, its pages or MkDocs' objects.
                with frozen_heap():
                    meanwhile()
            parts = list(results)
    current = {page.url for page in pages}
    for url in [url for url in memo if url not in current]:
        # a page that no longer exists (a deleted co-op) must not linger in a preview;
        # its path was claimed by the build that wrote it
        Path(f"{folder}/{url}index.html").unlink(missing_ok=True)
        del memo[url]
    for part in parts:
        for index, size, mtime_ns in part:
            memo[todo[index].url] = (_inputs(todo[index]), size, mtime_ns)
    _WRITTEN[folder] = (version, memo)
    return len(todo)
