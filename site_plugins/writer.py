"""Writing the generated site: every path once, and never outside the output folder."""

from __future__ import annotations

import os
from pathlib import Path


class WriteError(Exception):
    pass


class Writer:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.written: set[str] = set()

    def target(self, rel: str) -> Path:
        path = (self.out_dir / rel).resolve()
        if self.out_dir != path and self.out_dir not in path.parents:
            raise WriteError(f"출력 폴더 밖에 쓰려고 했습니다: {rel}")
        if rel in self.written:
            raise WriteError(f"같은 파일을 두 번 만들려고 했습니다: {rel} (id나 주소가 겹치는지 확인하세요)")
        self.written.add(rel)
        return path

    def write(self, rel: str, content: bytes) -> None:
        write_if_changed(self.target(rel), content)


def write_if_changed(path: Path, content: bytes) -> None:
    """Leave an identical file alone, so a preview rebuild touches only what changed."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(content)
    os.replace(tmp, path)
