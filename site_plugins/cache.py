"""Validated records cached by content, on disk and in memory, never stale.

A record's result (the typed record and the editor's problems) depends only on
the file's bytes, its path, the taxonomies, "today" and the code. The cache key
is the path plus a hash of the bytes; the cache file's name carries a hash of
everything else (every file of this package, the taxonomy files, the date and the
versions of the libraries that parse and validate), so changing any of them
simply misses. The in-memory copy lets `mkdocs serve` rebuilds skip unpickling.

`PORTAL_CACHE=0` turns it off. The folder is `.cache/` in the repository (gitignored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
Entry = tuple[bytes, Any, list[Any]]  # (hash of the file's bytes, record or None, problems)
_MEMORY: dict[Path, tuple[str, dict[str, Entry]]] = {}


def enabled() -> bool:
    return os.environ.get("PORTAL_CACHE", "1") != "0"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@cache
def code_version() -> str:
    """Hash of every source file of this package and of the libraries that shape a record."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for name in ("pyyaml", "jsonschema", "fastjsonschema", "markdown", "pymdown-extensions"):
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(name.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".html", ".yaml", ".txt") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def version(root: Path, today: dt.date) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(code_version().encode())
    h.update(today.isoformat().encode())
    taxonomy = root / "data" / "taxonomy"
    if taxonomy.is_dir():
        for path in sorted(taxonomy.iterdir()):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()


# While `mkdocs serve` runs, writing tens of MB of pickle after every edit would cost
# more than the rebuild itself: the memory copy serves the rebuilds, flush() writes.
_DEFERRED: dict[Path, "RecordCache"] | None = None


def defer_saving(defer: bool) -> None:
    global _DEFERRED
    if defer and _DEFERRED is None:
        _DEFERRED = {}
    elif not defer:
        flush()
        _DEFERRED = None


def flush() -> None:
    if _DEFERRED:
        for record_cache in list(_DEFERRED.values()):
            record_cache._write()
        _DEFERRED.clear()


class RecordCache:
    """One record folder's cache for one version."""

    def __init__(self, root: Path, folder: str, version: str) -> None:
        self.dir = root / ".cache" / "portal"
        self.file = self.dir / f"records-{folder}-{version}.pickle"
        self.version = version
        self.entries: dict[str, Entry] = {}
        self.changed = False
        if not enabled():
            return
        held = _MEMORY.get(self.file)
        if held is not None and held[0] == version:
            self.entries = held[1]
            return
        try:
            with open(self.file, "rb") as handle:
                self.entries = pickle.load(handle)
        except Exception:  # missing, truncated or from another Python: start afresh
            self.entries = {}

    def get(self, rel: str, file_hash: bytes) -> Entry | None:
        entry = self.entries.get(rel)
        return entry if entry is not None and entry[0] == file_hash else None

    def put(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry
        self.changed = True

    def keep_only(self, rels: set[str]) -> None:
        for rel in [rel for rel in self.entries if rel not in rels]:
            del self.entries[rel]
            self.changed = True

    def save(self) -> None:
        if not enabled():
            return
        _MEMORY[self.file] = (self.version, self.entries)
        if not self.changed and self.file.exists():
            return
        if _DEFERRED is not None:
            _DEFERRED[self.file] = self
            return
        self._write()

    def _write(self) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
            with open(tmp, "wb") as handle:
                pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
            prefix = self.file.name.rsplit("-", 1)[0] + "-"
            for old in self.dir.glob(f"{prefix}*.pickle"):
                if old != self.file:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still builds, only slower
        self.changed = False
