"""The directory's filters at scale, in Chromium: what one change of the filters costs.

Run from the repository root on a built synthetic site (see benchmarks/README.md):

    .venv/bin/python -m site_plugins synth --coops 30000 --out /tmp/synth30k
    (cd /tmp/synth30k && SOURCE_DATE_EPOCH=1795316400 "$OLDPWD/.venv/bin/python" -m mkdocs build --strict --clean -d /tmp/site30k)
    .venv/bin/python benchmarks/directory/bench.py /tmp/site30k
    .venv/bin/python benchmarks/directory/bench.py /tmp/site30k --throttle 4   # a slower phone's CPU

It opens /coops/ at 390x844 with Debian's Chromium, waits until every row file has loaded,
opens the filter panel, then ticks and unticks six options five times (60 changes) and
types into the name box (6 changes). For each change it reports:

* pass: directory.js's one pass over the rows that finds the matches, every option's
  count and what dropping each group would give (its `portal-directory:pass` measure);
* handler: the whole change event (the pass, the 200 list items, the counts, the button);
* frame: until the second animation frame after the change, so style and layout are in
  (two frames are at least 2 x 16.7 ms: this column cannot go below about 33 ms).

Medians and maxima; nothing asserts.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import socket
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
OPTIONS = ["input[name=district][value=mapo]", "input[name=field][value=care]", "input[name=type][value=social-coop]",
           "input[name=status][value=active]", "input[name=area][value=seobuk]", "input[name=industry]"]
TICK = """async (sel) => {
  const box = document.querySelector(sel);
  const t0 = performance.now();
  box.click();
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const pass = performance.getEntriesByName('portal-directory:pass').pop();
  return [pass ? pass.duration : null, t1 - t0, performance.now() - t0];
}"""
TYPE = """async (text) => {
  const input = document.querySelector('.portal-filters input[name=q]');
  input.value = text;
  const t0 = performance.now();
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const pass = performance.getEntriesByName('portal-directory:pass').pop();
  return [pass ? pass.duration : null, t1 - t0, performance.now() - t0];
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d DIR)")
    parser.add_argument("--throttle", type=float, default=1, help="CPU slowdown (Chromium's Emulation.setCPUThrottlingRate)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
            if args.throttle > 1:
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            page.goto(f"http://127.0.0.1:{port}/coops/")
            page.wait_for_function("""() => { const s = document.querySelector('.portal-directory__status');
                return s && s.textContent.includes('곳') && !s.textContent.includes('불러왔습니다'); }""", timeout=300000)
            loaded = page.evaluate("performance.now()")
            rows = page.evaluate("document.querySelector('.portal-directory__status').textContent")
            page.click(".portal-filters__toggle")
            samples = []
            for _ in range(args.runs):
                for sel in OPTIONS + OPTIONS[::-1]:  # tick all, then untick all
                    samples.append(page.evaluate(TICK, sel))
            for text in ["마", "마포", "마포돌", "", "협동", ""]:
                samples.append(page.evaluate(TYPE, text))
            browser.close()
    finally:
        server.shutdown()
    print(f"{rows}; every row file loaded {loaded / 1000:.1f} s after the page started (CPU x{args.throttle:g})")
    for name, column in (("pass", 0), ("handler", 1), ("frame", 2)):
        values = [s[column] for s in samples if s[column] is not None]
        print(f"{name:8} median {statistics.median(values):6.1f} ms   max {max(values):6.1f} ms   ({len(values)} changes)")


if __name__ == "__main__":
    main()
