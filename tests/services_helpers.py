"""Shared pieces of the education/centre/programme tests: the fixture site build and a server."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"
# 2026-10-10 12:00 in Seoul: inside fixture-open's registration window (10-01 .. 10-20),
# after fixture-past's only session, before fixture-soon's window opens.
FIXTURE_EPOCH = 1791601200

FIXTURE_NAV = """nav:
  - 홈: index.md
  - 협동조합 찾기:
      - coops/index.md
      - regions/index.md
      - industries/index.md
      - categories/index.md
      - types/index.md
      - fields/index.md
  - 교육: education/index.md
  - 상담센터: centers/index.md
  - 지원사업: programs/index.md
"""


def fixture_config(root: Path) -> str:
    """The repository's mkdocs.yml with the fixture's smaller navigation and the real theme overrides."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text[: text.index("\nnav:")] + "\n" + FIXTURE_NAV
    return text.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    (dest / "mkdocs.yml").write_text(fixture_config(dest), encoding="utf-8")
    return dest


def build_fixture(dest: Path, *, epoch: int = FIXTURE_EPOCH, site_url: str = "https://portal.example.org/") -> Path:
    """Copy the fixture to `dest`, build it with MkDocs (strict) and return the site folder."""
    root = copy_fixture(dest)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path):
    """The built site served by `python -m http.server` on 127.0.0.1 and a free port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("http.server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def text_of(html: str) -> str:
    """Visible-ish text of a page: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


_BUILT: dict[str, Path] = {}


def built_fixture(tmp_path_factory) -> Path:
    """The fixture site built once per test session, shared by the build and browser tests."""
    if "site" not in _BUILT:
        _BUILT["site"] = build_fixture(tmp_path_factory.mktemp("services") / "root")
    return _BUILT["site"]
