"""A directory too large for one JSON file: rows in chunk files, loaded progressively."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from site_plugins import directory
from site_plugins.synth import synthesize

REPO = Path(__file__).resolve().parents[1]
CHUNK = 150  # instead of 5,000, so a 400-co-op corpus needs three chunk files


@pytest.fixture(scope="module")
def chunked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = synthesize(REPO, tmp_path_factory.mktemp("chunked") / "repo", 400, seed=5).root
    saved = directory.DIRECTORY_CHUNK_ROWS
    directory.DIRECTORY_CHUNK_ROWS = CHUNK
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        directory.DIRECTORY_CHUNK_ROWS = saved
    return root / "site"


def test_directory_json_is_split_into_chunks(chunked_site: Path) -> None:
    manifest = json.loads((chunked_site / "coops" / "directory.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == [] and manifest["total"] == 400
    assert manifest["chunks"] == ["directory-1.json", "directory-2.json", "directory-3.json"]
    rows = []
    for name in manifest["chunks"]:
        rows += json.loads((chunked_site / "coops" / name).read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 400 and len({row[0] for row in rows}) == 400
    names = [row[1] for row in rows]
    assert names == sorted(names)  # chunks follow the directory order


@pytest.mark.browser
def test_directory_loads_every_chunk_and_filters(chunked_site: Path, browser) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(chunked_site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    manifest = json.loads((chunked_site / "coops" / "directory.json").read_text(encoding="utf-8"))
    rows = []
    for name in manifest["chunks"]:
        rows += json.loads((chunked_site / "coops" / name).read_text(encoding="utf-8"))["rows"]
    mapo = manifest["terms"]["district"].index("mapo")
    expected = sum(1 for row in rows if row[2] == mapo)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/coops/?district=mapo")
        status = page.locator(".portal-directory__status")
        page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('곳') && !document.querySelector('.portal-directory__status').textContent.includes('불러왔습니다')")
        assert status.inner_text() == f"조건에 맞는 협동조합 {expected:,}곳"
        assert page.locator(".portal-coops li").count() == min(expected, 200)
        page.uncheck("input[name=district][value=mapo]")
        page.wait_for_function("document.querySelector('.portal-directory__status').textContent.includes('400곳')")
        assert page.locator(".portal-more").count() == 1  # 400 rows, 200 shown
        page.close()
    finally:
        server.shutdown()
