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


def write_if_changed(path: Path | str, content: bytes) -> os.stat_result:
    """Leave an identical file alone, so a preview rebuild touches only what changed.

    Returns the file's status as it now is (its size and modification time key the
    memos of stamping and `writing.write_files`, which then need no stat of their own).
    Only for paths a `Writer` has handed out: it checks nothing itself.

    A full build writes 36,000 files into an emptied folder, so the common case is a
    new file: created exclusively (never through a link) and written in place, with
    no look before and no rename after; its folder is made only when creating it fails.
    An existing file is compared first and replaced atomically through a temporary
    file, so a preview never serves half a page.
    """
    path = os.fspath(path)
    try:
        return _create(path, content)
    except FileNotFoundError:  # a new folder (each stamped page has its own)
        folder = os.path.dirname(path)
        try:
            os.mkdir(folder)  # its parent is usually there (coops/), so no makedirs' look first
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:  # made meanwhile
            pass
        return _create(path, content)
    except FileExistsError:
        pass
    try:
        st = os.stat(path)
        if st.st_size == len(content):
            with open(path, "rb") as existing:
                if existing.read() == content:
                    return st
    except FileNotFoundError:  # a dangling link: replaced below, never followed
        pass
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.tmp{os.getpid()}")
    try:
        os.unlink(tmp)  # left by a build that was killed
    except FileNotFoundError:
        pass
    st = _create(tmp, content)
    os.replace(tmp, path)
    return st


# O_EXCL: the name must be free, so an existing file (or a link there) is never opened or truncated.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _create(path: str, content: bytes) -> os.stat_result:
    """Write a new file with one open, one write and one close (no buffering layer)."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
        st = os.fstat(fd)
    except BaseException:
        os.close(fd)
        os.unlink(path)  # never half a file
        raise
    os.close(fd)
    return st
