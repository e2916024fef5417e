"""Writing the generated site: every path once, and never outside the output folder.

Every file the portal itself produces (stamped pages, feeds, calendars, open data,
the search index, sitemaps, assets) is claimed here first. The check is lexical,
on the site-relative path, so it does not depend on what is already on disk and
costs no system call: a path is refused if it is absolute, empty, has an empty,
`.` or `..` segment, a backslash, or any control character. Paths come from
record ids and taxonomy ids, which the validator already holds to the slug rule;
this is the second, independent line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# NUL and other control characters, and the backslash Windows and some servers read as "/".
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


class WriteError(Exception):
    """A generator asked for a path outside the output folder, or for one path twice."""


def safe_relative(rel: str) -> bool:
    """Whether `rel` ("coops/mapo-dolbom/index.html") names a file inside the output folder."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or _UNSAFE.search(rel):
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


class Writer:
    """The one gate for the build's files.

    `target(rel)` claims a site-relative path and returns where to write it;
    `write(rel, content)` claims and writes (leaving an identical file untouched).
    Raises WriteError, with a Korean message, for a path outside the folder or a
    path claimed twice (two records that map to one URL).
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir).resolve()
        self._prefix = str(self.out_dir)
        self.written: set[str] = set()

    def target(self, rel: str) -> Path:
        return Path(self.target_str(rel))

    def target_str(self, rel: str) -> str:
        """As `target`, as a string: stamping claims 30,000 paths and Path() costs more than the check."""
        if not safe_relative(rel):
            raise WriteError(f"출력 폴더 밖이나 허용되지 않는 이름으로 쓰려고 했습니다: {rel!r}")
        if rel in self.written:
            raise WriteError(f"같은 파일을 두 번 만들려고 했습니다: {rel} (id나 주소가 겹치는지 확인하세요)")
        self.written.add(rel)
        return f"{self._prefix}/{rel}"

    def write(self, rel: str, content: bytes) -> None:
        write_if_changed(self.target(rel), content)


def write_if_changed(path: Path | str, content: bytes) -> None:
    """Leave an identical file alone, so a preview rebuild touches only what changed.

    Only for paths a `Writer` has handed out: it checks nothing itself.
    """
    path = Path(path)
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(content)
    os.replace(tmp, path)
