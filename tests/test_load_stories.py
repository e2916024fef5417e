"""Editor files that would collide with generated story pages are reported, not skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_plugins.load import load_site
from stories_helpers import ROOT


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "taxonomy", tmp_path / "data" / "taxonomy")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("# 홈\n", encoding="utf-8")
    return tmp_path


def messages(root: Path) -> list[str]:
    _, problems = load_site(root)
    return [str(p) for p in problems.sorted()]


def test_clean_minimal_repository_has_no_problem(repo):
    assert messages(repo) == []


@pytest.mark.parametrize("folder", ["cases", "columns", "newsletter"])
def test_index_md_in_an_article_folder_is_a_problem(repo, folder):
    (repo / "content" / folder).mkdir()
    (repo / "content" / folder / "index.md").write_text("# 목록\n\n소개 글\n", encoding="utf-8")
    found = messages(repo)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/{folder}/index.md:1: ")
    assert "자동으로 만들어지므로" in found[0]


def test_a_subscribe_page_written_by_hand_is_a_problem(repo):
    (repo / "content" / "subscribe.md").write_text("# 구독\n", encoding="utf-8")
    found = messages(repo)
    assert len(found) == 1 and found[0].startswith("content/subscribe.md:1: "), found
