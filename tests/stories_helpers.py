"""Shared by the stories, newsletter and feed tests: one real build of the repository, cached per run."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_into(target: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795316400")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return target


def _tempdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="portal-stories-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def built_site() -> Path:
    """The site built once per test run (the same build for every module that asks)."""
    return build_into(_tempdir() / "site")


@cache
def second_build() -> Path:
    return build_into(_tempdir() / "site")


@cache
def site_url() -> str:
    """The configured site_url, read the way MkDocs reads it (its !ENV default included)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).site_url or ""


def front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])
