"""Golden tests: each folder under tests/golden/ is one editor's mistake (or a harmless
variant) laid over the small valid site, with the exact lines `check` must print.

An empty expected.txt means the input must pass. Set UPDATE_GOLDEN=1 to rewrite the
expected files after a deliberate change of wording, then read the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from golden_helpers import GOLDEN, make_site, overlay, run_check

CASES = sorted(path for path in GOLDEN.iterdir() if path.is_dir())
LINE = re.compile(r"^[^:]+:\d+: .+")


def test_base_corpus_is_valid(tmp_path):
    code, lines, _ = run_check(make_site(tmp_path))
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden(case, tmp_path):
    root = make_site(tmp_path / "site")
    overlay(case, root)
    code, lines, _ = run_check(root)
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert code == (1 if expected else 0)
    for line in lines:
        assert LINE.match(line), line
