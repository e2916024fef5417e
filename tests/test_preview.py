"""`make serve`: the real `mkdocs serve --dirty` on a small synthetic repository.

A preview rebuild reads only the files whose stat changed, keeps the cards of
unchanged co-ops and skips unchanged pages; these tests edit, add, break and delete
files under the running server and read what it serves, so a stale page from any
of those shortcuts fails them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from services_helpers import free_port
from site_plugins.synth import synthesize

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60  # seconds; a failure, not a benchmark: `make bench` measures the speed


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:  # the server may be between builds
        return 0, ""


def _wait(condition, what: str, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen; mkdocs serve said:\n{log.read_text(encoding='utf-8')[-3000:]}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory):
    root = synthesize(REPO, tmp_path_factory.mktemp("preview") / "repo", 120, seed=11).root
    port = free_port()
    log = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795316400"}
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = ""

    def served() -> bool:
        nonlocal base
        match = re.search(r"Serving on (http://\S+)", log.read_text(encoding="utf-8"))
        if match:
            base = match.group(1).rstrip("/") + "/"
            return _get(base + "coops/")[0] == 200
        return server.poll() is not None

    try:
        _wait(served, "the first build", log)
        assert server.poll() is None, log.read_text(encoding="utf-8")
        time.sleep(1)  # let the watchers start
        yield root, base, log
    finally:
        server.terminate()
        server.wait(30)


def _coop(root: Path, index: int) -> tuple[Path, str, str]:
    path = sorted((root / "data" / "coops").glob("*.yaml"))[index]
    text = path.read_text(encoding="utf-8")
    district = re.search(r"^district:\s*(\S+)", text, flags=re.MULTILINE).group(1)
    return path, text, district


def _set(path: Path, text: str, field: str, value: str) -> None:
    path.write_text(re.sub(rf"^{field}:.*$", f'{field}: "{value}"', text, count=1, flags=re.MULTILINE), encoding="utf-8")


def test_a_renamed_coop_shows_on_its_page_and_its_index_pages(preview) -> None:
    root, base, log = preview
    path, text, district = _coop(root, -1)
    old_name = re.search(r"^name:\s*(.+)$", text, flags=re.MULTILINE).group(1).strip().strip('"')
    _set(path, text, "name", "가가미리보기협동조합")  # sorts first: every index page it is on shifts
    pages = [f"coops/{path.stem}/", f"regions/{district}/", "coops/"]
    _wait(lambda: all("가가미리보기협동조합" in _get(base + page)[1] for page in pages), "the rename", log)
    district_page = _get(base + f"regions/{district}/")[1]
    assert old_name not in district_page
    assert district_page.count(f'coops/{path.stem}/"') == 1


def test_an_unchanged_coop_keeps_its_card_and_a_changed_one_gets_a_new_one(preview) -> None:
    root, base, log = preview
    path, text, district = _coop(root, 0)
    neighbour, neighbour_text, _ = _coop(root, 1)
    neighbour_name = re.search(r"^name:\s*(.+)$", neighbour_text, flags=re.MULTILINE).group(1).strip().strip('"')
    _set(path, text, "summary", "미리보기에서 고친 한 줄 소개")
    _wait(lambda: "미리보기에서 고친 한 줄 소개" in _get(base + f"regions/{district}/")[1], "the summary edit", log)
    assert neighbour_name in _get(base + f"coops/{neighbour.stem}/")[1]


def test_an_added_then_deleted_coop_appears_and_disappears(preview) -> None:
    root, base, log = preview
    path, text, district = _coop(root, 2)
    added = path.with_name("zz-preview-added.yaml")
    added.write_text(re.sub(r"^name:.*$", 'name: "새로추가미리보기협동조합"', text, count=1, flags=re.MULTILINE), encoding="utf-8")
    _wait(lambda: "새로추가미리보기협동조합" in _get(base + "coops/zz-preview-added/")[1]
          and "새로추가미리보기협동조합" in _get(base + f"regions/{district}/")[1], "the new co-op", log)
    added.unlink()
    _wait(lambda: _get(base + "coops/zz-preview-added/")[0] == 404
          and "새로추가미리보기협동조합" not in _get(base + f"regions/{district}/")[1], "the deletion", log)


def test_a_broken_file_is_reported_with_its_line_and_a_fix_is_picked_up(preview) -> None:
    root, base, log = preview
    path, text, district = _coop(root, 3)
    path.write_text(text.replace(f"district: {district}", "district: 없는구", 1), encoding="utf-8")
    rel = f"data/coops/{path.name}"
    _wait(lambda: re.search(rf"{re.escape(rel)}:\d+: 알 수 없는 지역", log.read_text(encoding="utf-8")) is not None,
          "the problem report", log)
    _set(path, text, "name", "고친뒤미리보기협동조합")
    _wait(lambda: "고친뒤미리보기협동조합" in _get(base + f"coops/{path.stem}/")[1], "the fixed file", log)


def test_a_broken_preview_keeps_serving_says_why_every_time_and_recovers(preview) -> None:
    root, base, log = preview
    path, text, _district = _coop(root, 4)
    rel = f"data/coops/{path.name}"
    reports = lambda: log.read_text(encoding="utf-8").count(f"{rel}:")  # noqa: E731
    before = reports()
    for attempt, bad in enumerate(("2015.6.1", "2015.6.2.x"), start=1):
        _set(path, text, "founded", bad)
        # every failing rebuild prints the whole report (MkDocs' own logger would print it once)
        _wait(lambda: reports() >= before + attempt, f"report {attempt}", log)
        _wait(lambda: bad in _get(base + "portal-preview.json")[1], f"status {attempt}", log)
        status, page = _get(base + f"coops/{path.stem}/")  # _get gives up after 10 s: it used to hang
        assert status == 200, "a broken preview must still answer"
        assert "preview-status.js" in page
    problems = json.loads(_get(base + "portal-preview.json")[1])["problems"]
    assert len(problems) == 1 and problems[0].startswith(f"{rel}:") and "2015.6.2.x" in problems[0]
    path.write_text(text, encoding="utf-8")
    _wait(lambda: json.loads(_get(base + "portal-preview.json")[1] or '{"problems": [1]}')["problems"] == [], "the recovery", log)


def test_a_renamed_new_coop_is_renamed_in_its_district_feed(preview) -> None:
    root, base, log = preview
    path, text, district = _coop(root, 4)
    text = re.sub(r"^founded:.*$", "founded: 2026-11-01", text, count=1, flags=re.MULTILINE)  # the newest: in the feed
    _set(path, text, "name", "피드미리보기협동조합")
    _wait(lambda: "새 협동조합: 피드미리보기협동조합" in _get(base + f"regions/{district}/feed.xml")[1], "the feed update", log)
