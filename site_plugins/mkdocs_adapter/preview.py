"""`make serve` (`mkdocs serve --dirty`): what keeps a preview rebuild at about 2 seconds."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

log = logging.getLogger("mkdocs.plugins.portal")


class DirtyNotice(logging.Filter):
    """`make serve` previews with --dirty; MkDocs' warning about it would fail strict mode."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def watch_natively(server: Any, folder: Path) -> Any:
    """Watch data/ with the OS's change notifications instead of MkDocs' poller.

    MkDocs' PollingObserver stats every watched file twice a second; with 30,000
    records that walk holds the interpreter for most of each second, halving the
    speed of the very rebuild it triggers. The callback does what
    LiveReloadServer.watch() does (MkDocs 1.6). Returns the running observer, or
    None without those internals or without a native observer: then data/ goes
    back to server.watch().
    """
    try:
        from watchdog import events
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return None
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or Observer is PollingObserver or not hasattr(server, "_want_rebuild"):
        return None

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
        return None
    log.info("data/의 변경을 지켜봅니다")
    return observer


_IDLE_COLLECTION: threading.Timer | None = None


def collect_when_idle(delay: float = 2.0) -> None:
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


# MkDocs makes a new Jinja environment for every build; without this each
# preview rebuild would compile Material's templates again (a fifth of it).
THEME_BYTECODE = _MemoryBytecodeCache()
