"""Transfer and latency of search in headless Chromium, ours against Material's.

    python benchmarks/search/browser_bench.py --coops 30000 --work WORK_DIR \
        [--chromium /usr/bin/chromium] [--runs 3]

Builds two small MkDocs + Material sites (language ko) whose search covers
the synthetic corpus of ``gen_corpus.corpus(coops)``:

* ``material``: Material's search plugin as shipped; its
  ``search/search_index.json`` is replaced by the one Material would write
  for the corpus (see ``material_index``; ``--lunr-index`` takes a real one);
* ``bigram``: the same site with the portal's wiring: ``__config.search``
  pointed at our worker and ``write_index`` run after the build.

Only the search index is corpus-sized: result pages are not built, which
changes nothing for search. Both are served by ``python -m http.server`` on
127.0.0.1 (no compression, so sizes are raw bodies; the gzip column is
``gzip -6`` of each body, what a gzip-serving host such as GitHub Pages would
send for text types). Chromium runs headless and unthrottled on loopback, so
times are CPU time plus local I/O, with no network latency.

Measured, each as the median of ``--runs`` fresh browser contexts:

1. cold deep link ``/?q=협동조합``: from navigation start to the first
   ``.md-search-result__item`` in the DOM, and the bytes of all search files;
2. per query on a page whose worker is ready (manifest loaded, no shard
   cached): the index pieces fetched (count, raw, gzip), the time from the
   keystroke to the first result, and the time from the arrival of the last
   needed piece to the first result.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from gen_corpus import corpus  # noqa: E402

from site_plugins.search import asset_files, write_index  # noqa: E402
from site_plugins.search.text import strip_markdown  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

QUERIES = [
    "협동조합",
    "돌봄",
    "주택",
    "마포구 돌봄",
    "공동육아협동조합을",
    "사회적협동조합",
    "은평 어르신 돌봄",
    "서울 협동조합 조합원",
    "운영합니다",
    "상담센터",
    "햇빛발전",
    "송파 도시농업 협동조합",
]

# The portal's own theme overrides: their `config` block points Material's search box at our worker.
OVERRIDES = pathlib.Path(__file__).resolve().parents[2] / "overrides"

OBSERVER = """
window.__first = null;
new MutationObserver(() => {
  if (window.__first === null && document.querySelector('.md-search-result__item'))
    window.__first = performance.timeOrigin + performance.now();
}).observe(document, { subtree: true, childList: true });
"""

SUBMIT = """q => {
  const el = document.querySelector('.md-search__input');
  el.focus();
  el.value = q;
  window.__first = null;
  window.__submit = performance.timeOrigin + performance.now();
  el.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
}"""


def material_index(docs, config: dict) -> bytes:
    """The search_index.json Material's plugin writes for one page per doc.

    Mirrors what the plugin produced for ``gen_corpus.write_mkdocs`` pages
    (checked on the 3,000 co-op build in the README): one entry per page,
    the h1 as title, the rest as ``<p>`` paragraphs.
    """
    entries = [{"location": "", "title": "서울 협동조합 포털", "text": "<p>협동조합 정보를 찾아보세요.</p>"}]
    for d in docs:
        parts = [strip_markdown(d.summary), strip_markdown(d.body), " · ".join(d.keywords)]
        text = " ".join(f"<p>{p}</p>" for p in parts if p)
        entries.append({"location": d.url, "title": d.title, "text": text})
    return json.dumps({"config": config, "docs": entries}, separators=(",", ":")).encode()


def mkdocs_site(root: pathlib.Path, wired: bool) -> pathlib.Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# 서울 협동조합 포털\n\n협동조합 정보를 찾아보세요.\n", encoding="utf-8")
    theme = "theme:\n  name: material\n  language: ko\n  font: false\n"
    if wired:
        shutil.copytree(OVERRIDES, root / "overrides")
        theme += "  custom_dir: overrides\n"
    (root / "mkdocs.yml").write_text(f"site_name: 서울 협동조합 포털\n{theme}plugins:\n  - search\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                   check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return root / "site"


@contextlib.contextmanager
def serve(site: pathlib.Path):
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Recorder:
    """Finished requests of one page: url, raw bytes, gzip bytes, end time (epoch ms)."""

    def __init__(self, page):
        self.items = []
        page.on("requestfinished", self._done)

    def _done(self, request):
        resp = request.response()
        body = resp.body() if resp else b""
        t = request.timing
        end = t["startTime"] + t["responseEnd"] if t.get("responseEnd", -1) >= 0 else None
        self.items.append({"url": request.url, "raw": len(body), "gzip": len(gzip.compress(body, 6)), "end": end})

    def search_files(self, since: int = 0):
        return [i for i in self.items[since:] if "/search/" in i["url"] or "/workers/" in i["url"]]


def deep_link(browser, base: str, query: str, runs: int) -> dict:
    times, files = [], None
    for _ in range(runs):
        ctx = browser.new_context()
        page = ctx.new_page()
        page.add_init_script(OBSERVER)
        rec = Recorder(page)
        page.goto(base + "?q=" + urllib.parse.quote(query))
        page.wait_for_selector(".md-search-result__item", timeout=120000)
        first = page.evaluate("window.__first")
        times.append(first - page.evaluate("performance.timeOrigin"))
        page.wait_for_timeout(300)
        files = rec.search_files()
        ctx.close()
    return {"ms": statistics.median(times), "runs": times, "raw": sum(f["raw"] for f in files),
            "gzip": sum(f["gzip"] for f in files), "files": len(files)}


def typed_query(browser, base: str, query: str, runs: int, ready_url: str, warm: str = "") -> dict:
    out = []
    for _ in range(runs):
        ctx = browser.new_context()
        page = ctx.new_page()
        page.add_init_script(OBSERVER)
        rec = Recorder(page)
        page.goto(base)
        for _ in range(600):  # the worker is ready once the index (ours: manifest) is loaded
            if any(ready_url in i["url"] for i in rec.items):
                break
            page.wait_for_timeout(50)
        page.wait_for_timeout(200)
        if warm:  # lunr: let the worker finish building its index first
            page.evaluate(SUBMIT, warm)
            page.wait_for_function("window.__first !== null", timeout=300000)
        mark = len(rec.items)
        page.evaluate(SUBMIT, query)
        page.wait_for_function("window.__first !== null", timeout=120000)
        page.wait_for_timeout(200)
        first, submit = page.evaluate("[window.__first, window.__submit]")
        got = [i for i in rec.search_files(mark) if "/search/t/" in i["url"] or "/search/d/" in i["url"]]
        ends = [i["end"] for i in got if i["end"] is not None]
        out.append({
            "total_ms": first - submit,
            "after_last_piece_ms": (first - max(ends)) if ends else first - submit,
            "files": len(got), "index_files": sum("/search/t/" in i["url"] for i in got),
            "raw": sum(i["raw"] for i in got), "gzip": sum(i["gzip"] for i in got),
            "count": page.locator(".md-search-result__item").count(),
        })
        ctx.close()
    med = {k: statistics.median(r[k] for r in out) for k in out[0]}
    med["max_after_last_piece_ms"] = max(r["after_last_piece_ms"] for r in out)
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--coops", type=int, default=30000)
    ap.add_argument("--work", type=pathlib.Path, required=True)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lunr-index", type=pathlib.Path, help="a real search_index.json for the same corpus")
    ap.add_argument("--skip-material", action="store_true")
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    shutil.rmtree(args.work, ignore_errors=True)
    docs = corpus(args.coops)
    ours = mkdocs_site(args.work / "bigram", wired=True)
    t0 = time.perf_counter()
    stats = write_index(docs, ours / "search")
    build_s = time.perf_counter() - t0
    for dest, src in asset_files():
        (ours / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, ours / dest)
    material = None
    if not args.skip_material:
        material = mkdocs_site(args.work / "material", wired=False)
        stub = json.loads((material / "search" / "search_index.json").read_text("utf-8"))
        data = args.lunr_index.read_bytes() if args.lunr_index else material_index(docs, stub["config"])
        (material / "search" / "search_index.json").write_bytes(data)

    report = {"docs": len(docs), "write_index_s": build_s, "stats": {k: getattr(stats, k) for k in stats.__slots__}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        with serve(ours) as base:
            report["bigram_deep_link"] = deep_link(browser, base, "협동조합", args.runs)
            report["bigram_queries"] = {q: typed_query(browser, base, q, args.runs, "/search/manifest.json") for q in QUERIES}
        if material:
            with serve(material) as base:
                report["material_deep_link"] = deep_link(browser, base, "협동조합", args.runs)
                report["material_queries"] = {q: typed_query(browser, base, q, 1, "/search/search_index.json", warm="조합")
                                              for q in QUERIES[:4]}
        browser.close()

    print(f"corpus: {len(docs):,} documents; write_index {build_s:.1f} s; index files {stats.files:,}, "
          f"{stats.bytes:,} bytes")
    for name in ("material", "bigram"):
        d = report.get(f"{name}_deep_link")
        if d:
            print(f"{name}: cold /?q=협동조합 -> first result {d['ms']:.0f} ms "
                  f"(runs {', '.join(f'{x:.0f}' for x in d['runs'])}); search files {d['files']}, "
                  f"{d['raw']:,} bytes raw, {d['gzip']:,} gzip")
    print()
    print("| query | results | files (index) | raw bytes | gzip bytes | keystroke → first result | last piece → first result (max) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for q, r in report["bigram_queries"].items():
        print(f"| {q} | {r['count']:.0f} | {r['files']:.0f} ({r['index_files']:.0f}) | {r['raw']:,.0f} | {r['gzip']:,.0f} | "
              f"{r['total_ms']:.0f} ms | {r['after_last_piece_ms']:.0f} ms ({r['max_after_last_piece_ms']:.0f} ms) |")
    if "material_queries" in report:
        print("\nmaterial (lunr), index loaded and built (after a first query):")
        for q, r in report["material_queries"].items():
            print(f"  {q}: {r['count']:.0f} results, keystroke → first result {r['total_ms']:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
