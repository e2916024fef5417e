"""Shared fixtures: the repository built once per session, served on loopback, and a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A fixed build date inside the example courses' and programmes' windows.
EPOCH = "1795316400"  # 2026-11-22T12:00:00+09:00


def build_site(root: Path, out: Path, *, epoch: str = EPOCH, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict`, as `make build` runs it, into `out`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root, env=env, capture_output=True, text=True, timeout=900,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    port = _free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian의 chromium이 없습니다: .ci/run이 설치해야 합니다")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield tab
    context.close()
    assert outside == [], f"pages must not request outside hosts: {outside}"


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's inputs, for tests that change a file."""
    target = tmp_path / "repo"
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


_LISTS = re.compile(r'<ol class="portal-coops[^"]*"[^>]*>(.*?)</ol>', re.S)
# a card or a name row: its first link goes to the co-op, the last segment before "/"
_LISTED = re.compile(r'<li(?: class="portal-coop")?><a href="[^"]*?([a-z0-9-]+)/">')


def listed_coops(html: str) -> set[str]:
    """Ids of the co-ops an index page lists, as cards or as names."""
    return {coop_id for block in _LISTS.findall(html) for coop_id in _LISTED.findall(block)}


def scroll_to_the_end(page, limit: int = 400) -> int:
    """Scroll the result list as a reader would until Material renders no more; the item count."""
    last, still = -1, 0
    for _ in range(limit):
        page.evaluate("() => { const w = document.querySelector('.md-search__scrollwrap');"
                      " w.scrollTop = Math.max(0, w.scrollHeight - w.clientHeight - 200) }")
        page.wait_for_timeout(20)
        page.evaluate("() => { const w = document.querySelector('.md-search__scrollwrap'); w.scrollTop = w.scrollHeight }")
        page.wait_for_timeout(20)
        count = page.locator(".md-search-result__item").count()
        still = still + 1 if count == last else 0
        if still == 5:
            break
        last = count
    page.wait_for_function("() => !document.querySelector('.md-search-result__list [data-portal-doc]')", timeout=60000)
    return last
