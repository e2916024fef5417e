"""Keeping Python's cyclic garbage collector off the build's millions of long-lived objects.

A full build holds 30,000 records, their pages and MkDocs' own objects until it
ends. Python runs a full collection each time the objects it tracks have grown by
a quarter, and each one walks all of them; while records stream in from the
parsing processes, and again while the search index and the exports are written,
that came to a dozen full collections a build that found nothing to free.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """No cyclic collection while acyclic data (unpickled records) is being built.

    Reference counting still frees everything as usual; the collector resumes (as
    it was) afterwards. Only for work that makes no reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Full collections skip everything alive when this starts, until it ends.

    What is made meanwhile is collected as usual. Unfrozen afterwards, so a process
    that builds many times (tests) collects what the build dropped; a heap that was
    already frozen (the preview's, see `mkdocs_adapter.preview.collect_when_idle`)
    stays frozen, as its owner expects.
    """
    was_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not was_frozen:
            gc.unfreeze()
