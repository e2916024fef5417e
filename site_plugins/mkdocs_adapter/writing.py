"""Everything the portal writes besides the stamped pages, through the build's `Writer`.

Each function claims its paths from the one `Writer` of the build, which refuses
a path outside the site and a path claimed twice; `write_if_changed` (behind
`Writer.write`) leaves identical files alone, because rewriting an unchanged
file costs a preview rebuild more than comparing it (on ext4, truncating a file
that has just been written waits for it).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ..output import OutputFile
from ..search import SearchDoc, Vocabulary, asset_files
from ..search import write_index
from ..sitemap import gzipped, page_urls, sitemap_files
from ..writer import Writer, write_if_changed
from .shells import SHELL_ROOT
from .stamping import Memo, unchanged

log = logging.getLogger("mkdocs.plugins.portal")

# As stamping's memo, for OutputFiles with a key, by path.
_FILES_WRITTEN: dict[str, tuple[str, Memo]] = {}


def write_files(files: list[OutputFile], writer: Writer, version: str, *, dirty: bool) -> None:
    held_version, memo = _FILES_WRITTEN.get(str(writer.out_dir), ("", {}))
    if held_version != version:
        memo = {}
    for file in files:
        target = writer.target(file.path)
        if dirty and file.bulk and target.is_file():
            # the preview is for reading pages; 30,000-row downloads are rebuilt by `make build`
            continue
        if file.key is not None and unchanged(memo.get(file.path), file.key, target):
            continue  # a preview rebuild, and nothing this file shows has changed
        st = write_if_changed(target, file.content())
        if file.key is not None:
            memo[file.path] = (file.key, st.st_size, st.st_mtime_ns)
    _FILES_WRITTEN[str(writer.out_dir)] = (version, memo)


def write_sitemaps(writer: Writer, site_url: str, urls: list[str]) -> None:
    """Replaces MkDocs' sitemap, which lists the shells and none of the stamped pages."""
    files = sitemap_files(site_url, page_urls(urls, exclude_prefix=SHELL_ROOT + "/"))
    for name, content in files.items():
        writer.write(name, content)
    if files:  # MkDocs wrote its own (of the shells) beside it: replace that one too
        writer.write("sitemap.xml.gz", gzipped(files["sitemap.xml"]))


def write_search(writer: Writer, docs: Callable[[], list[SearchDoc]], *, dirty: bool, vocabulary: Callable[[], Vocabulary] | None = None) -> None:
    if dirty and (writer.out_dir / "search" / "manifest.json").is_file():
        # The preview keeps the first index: rebuilding it for 30,000 co-ops takes
        # seconds per edit, and a preview is for reading pages, not searching them.
        log.info("미리보기에서는 검색 색인을 처음 한 번만 만듭니다")
        return
    write_index(docs(), writer.out_dir / "search", vocabulary=vocabulary() if vocabulary else None, writer=writer)


def write_assets(writer: Writer, generated: dict[str, bytes]) -> None:
    """The search worker and the shells' chrome scripts."""
    for dest, source in asset_files():
        writer.write(dest, source.read_bytes())
    for dest, content in generated.items():
        writer.write(dest, content)


# The previous build's files, moved aside inside the output folder (hidden, like the
# entries MkDocs' clean keeps, e.g. .git) until a separate process has deleted them.
ASIDE_PREFIX = ".portal-old-"


def set_aside(site_dir: Path) -> subprocess.Popen | None:
    """Move the previous build out of the way and delete it while this one runs.

    `mkdocs build --clean` deletes the old output (30,000 folders) before it starts,
    one file at a time, which on a rebuild took longer than loading the records. A
    rename per top-level entry is instant; the deleting runs in its own process and
    the build waits for it only at the end (`Popen.wait`). Hidden entries stay, as
    MkDocs leaves them; anything that cannot be moved is left for MkDocs to delete.
    """
    if not site_dir.is_dir():
        return None
    aside = site_dir / f"{ASIDE_PREFIX}{os.getpid()}"
    try:
        aside.mkdir(exist_ok=True)
        for entry in os.listdir(site_dir):
            if not entry.startswith("."):
                os.rename(site_dir / entry, aside / entry)
    except OSError:
        pass
    old = [str(site_dir / entry) for entry in os.listdir(site_dir) if entry.startswith(ASIDE_PREFIX)]
    code = "import shutil, sys\nfor path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)"
    return subprocess.Popen([sys.executable, "-c", code, *old], stdin=subprocess.DEVNULL)
