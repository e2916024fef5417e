"""In Chromium: a case page shows its co-ops, and the co-op's page lists the case."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from pathlib import Path

import pytest

from stories_helpers import ROOT, built_site, front_matter

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_page(browser):
    with serve(built_site()) as base:
        context = browser.new_context(viewport={"width": 412, "height": 900}, locale="ko-KR")
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        yield page, base, outside
        context.close()


def test_case_shows_its_coops_and_the_coop_lists_the_case(browser_page):
    page, base, outside = browser_page
    source = next(s for s in sorted((ROOT / "content" / "cases").glob("*.md")) if front_matter(s).get("coops"))
    meta = front_matter(source)
    page.goto(f"{base}cases/{source.stem}/")
    box = page.locator("aside.portal-article-box")
    box.wait_for()
    coop_links = box.locator("a[href*='coops/']")
    assert coop_links.count() == len(meta["coops"])
    assert page.locator("h1").first.inner_text().strip() == meta["title"]

    coop_links.first.click()
    page.wait_for_url(f"**/coops/{meta['coops'][0]}/")
    listed = page.locator(f"a[href$='cases/{source.stem}/']")
    assert listed.count() >= 1
    assert listed.first.inner_text().strip() == meta["title"]
    listed.first.click()
    page.wait_for_url(f"**/cases/{source.stem}/")
    assert outside == [], f"requests to outside hosts: {outside}"


def test_newsletter_email_version_opens_without_errors(browser_page):
    page, base, outside = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    issue = sorted((ROOT / "content" / "newsletter").glob("*.md"))[-1].stem
    page.goto(f"{base}newsletter/{issue}/")
    page.locator("a[href='email.html']").click()
    page.wait_for_url(f"**/newsletter/{issue}/email.html")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("table").count() >= 2
    assert errors == []


def test_story_and_feed_pages_log_no_console_errors(browser_page):
    page, base, outside = browser_page
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    author = sorted((ROOT / "data" / "authors").glob("*.yaml"))[0].stem
    for url in ["cases/", "columns/", "authors/", f"authors/{author}/", "newsletter/", "subscribe/", "regions/mapo/", "fields/care/"]:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        assert messages == [], (url, messages)
    assert outside == [], outside
