"""Korean full-text search for the portal: sharded bigram index + web worker.

The build calls :func:`write_index` with every page as a :class:`SearchDoc`
and copies :func:`asset_files` into the site; Material's search box, result
list, keyboard handling, highlighting and ``?q=`` stay as they are, because
the shipped worker speaks the theme's worker protocol (SETUP / READY / QUERY /
RESULT) and loads only the index pieces a query needs. A small page script
(``search-page.js``) keeps the count line exact, fills in results beyond the
first page as Material renders them on scroll, shows the facet link and makes
sure the latest text in the box is always the query. Tokenizer rules:
:mod:`site_plugins.search.tokenizer`; file formats and scoring:
:mod:`site_plugins.search.index`; design and measurements:
``benchmarks/search/README.md``.

Wiring, for the portal's MkDocs plugin and templates:

1. Keep Material's ``search`` plugin enabled: the header shows the search box
   only when it is. To spare it indexing every page, set
   ``page.meta["search"] = {"exclude": True}`` before its ``on_page_context``
   runs (Material then writes a config-only ``search_index.json``).
2. Point Material's worker URL at ours: the ``config`` block of the portal's
   ``overrides/main.html`` rewrites ``__config.search`` before the bundle runs,
   then loads :data:`PAGE_SCRIPT_PATH` (it must run before the bundle, which
   creates the worker).
3. In ``on_post_build`` with a priority below Material's search plugin (e.g.
   ``@event_priority(-100)``): ``write_index(docs, Path(config.site_dir) /
   "search", vocabulary=..., writer=writer)`` and write every ``(dest, src)``
   of :func:`asset_files` through the same writer.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..writer import Writer

KINDS = ("coop", "case", "column", "newsletter", "course", "center", "program", "page", "term")

_ASSETS = pathlib.Path(__file__).resolve().parent.parent / "assets" / "search"

# Where the worker goes in the site. The worker finds the index at
# ``../../search/`` relative to itself, so the two paths move together.
WORKER_PATH = "assets/search/search-worker.js"
PAGE_SCRIPT_PATH = "assets/search/search-page.js"


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str  # site-relative, e.g. "coops/mapo-dolbom/" (no leading slash)
    title: str
    kind: str  # one of KINDS
    summary: str = ""  # one line shown under the title in results
    body: str = ""  # plain text or Markdown (stripped here)
    keywords: tuple[str, ...] = ()  # facet labels, e.g. ("마포구", "서북권", "돌봄")
    aliases: tuple[str, ...] = ()  # other names, ranked like the title, e.g. ("아이쿱",)
    facets: tuple[tuple[str, str], ...] = ()  # (directory parameter, term id) it belongs to, e.g. (("district", "mapo"),)


from .index import IndexStats, Vocabulary
from .index import write_index as _write_index
from .query import query


def write_index(
    docs: Iterable[SearchDoc], out_dir: pathlib.Path, *, vocabulary: Vocabulary | None = None, writer: Writer | None = None
) -> IndexStats:
    """Write the whole index under ``out_dir`` (``<site>/search/``).

    ``vocabulary``: the facet words and curated spellings queries may use
    (:class:`~site_plugins.search.index.Vocabulary`); without it, none.

    With a ``writer`` (the build's :class:`site_plugins.writer.Writer`), every file is
    claimed from it first, so the index obeys the same rules as every other output.

    Output is deterministic: documents are numbered in URL order and nothing
    depends on time or input order, so two builds are byte-identical. Files
    in ``out_dir/t`` and ``out_dir/d`` from an earlier build are removed;
    ``search_index.json`` (Material's, config only) is overwritten.
    """
    return _write_index(docs, pathlib.Path(out_dir), vocabulary=vocabulary, writer=writer)


def asset_files() -> list[tuple[str, pathlib.Path]]:
    """(site-relative destination, source file) of the JS the site ships."""
    return [(WORKER_PATH, _ASSETS / "search-worker.js"), (PAGE_SCRIPT_PATH, _ASSETS / "search-page.js")]


__all__ = ["KINDS", "PAGE_SCRIPT_PATH", "WORKER_PATH", "IndexStats", "SearchDoc", "Vocabulary", "asset_files", "query", "write_index"]
