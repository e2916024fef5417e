"""Shared helpers for the editors' tests: a small valid site in a temporary folder."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from site_plugins.cli import main as cli_main

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "base"
GOLDEN = REPO / "tests" / "golden"


def make_site(target: Path) -> Path:
    """The base corpus plus the repository's real taxonomies, copied so tests can change them."""
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    shutil.copytree(REPO / "data" / "taxonomy", target / "data" / "taxonomy", dirs_exist_ok=True)
    return target


def overlay(case: Path, target: Path) -> None:
    """Copy a golden case's input files over the base corpus (byte for byte)."""
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_dir() or rel.as_posix() in ("expected.txt", "README.md"):
            continue
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())


def run_check(root: Path) -> tuple[int, list[str], str]:
    """`python -m site_plugins check --root root`, in process: (exit code, stdout lines, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["check", "--root", str(root)])
    return code, out.getvalue().splitlines(), err.getvalue()


def make_buildable_site(target: Path) -> Path:
    """The base corpus with the repository's mkdocs.yml (minus its nav, which names the
    real about pages) and theme overrides: a site `mkdocs build` can build."""
    make_site(target)
    shutil.copytree(REPO / "overrides", target / "overrides", dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:", 1)[0] + "\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target
