"""Recall of three search engines on the portal's own pages, with the hand-judged query set.

    python benchmarks/search/compare.py --root . --work bench-out/compare [--json FILE]

* ``bigram``: this repository's search (``site_plugins/search``), through the Python
  reference engine on the index the build wrote, which returns exactly what the
  browser worker returns (``tests/test_search_js.py``; ``tests/test_site_search.py``
  runs the same query set through the built site in Chromium);
* ``lunr``: Material for MkDocs 9.8's own search worker (lunr.js) under Node.js, on the
  ``search_index.json`` Material writes for the same documents
  (:func:`portal.material_index`);
* ``pagefind``: Pagefind 1.5 (npm ``pagefind``) on the built portal's HTML (article
  content), through its own browser API in headless Chromium.

Queries and targets: ``queries.py``. For each query: how many results the engine
returns, the share of targets among them (recall) and among its first 10 (recall@10,
what a reader sees without scrolling). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from portal import (
    CHROMIUM_ARGS,
    PAGEFIND_SEARCH,
    build_portal,
    material_site,
    pagefind,
    serve,
    site_path,
)
from queries import KINDS, QUERIES

from site_plugins.search.query import Index


def material_worker() -> pathlib.Path:
    import material

    base = pathlib.Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    return next(base.glob("search.*.min.js"))


def run_lunr(index_json: pathlib.Path, queries: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(queries, f, ensure_ascii=False)
    out = subprocess.run(
        ["node", str(HERE / "lunr_runner.js"), str(material_worker()), str(index_json), f.name],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def run_pagefind(site: pathlib.Path, queries: list[str], chromium: str) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    results = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "pagefind-bench.html")
        page.wait_for_function("window.pagefindReady === true", timeout=60000)
        for q in queries:
            r = page.evaluate(PAGEFIND_SEARCH, [q, 100000])
            results[q] = [site_path(u) for u in r["urls"]]
        browser.close()
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=pathlib.Path, default=HERE.parents[1], help="repository to build (default: this one)")
    ap.add_argument("--work", type=pathlib.Path, required=True)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args()

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    site = work / "portal"
    docs, _vocab, build_s = build_portal(args.root.resolve(), site, work / "docs.pickle")
    texts = [q for q, *_ in QUERIES]

    ranked: dict[str, dict[str, list[str]]] = {}
    index = Index(site / "search")
    ranked["bigram"] = {q: [index.record(d)[0] for d in index.search(q).order] for q in texts}
    material = material_site(docs, work / "material")
    lunr = run_lunr(material / "search" / "search_index.json", texts)
    ranked["lunr"] = {q: [site_path(p) for p in lunr["results"][q]["pages"] if p] for q in texts}
    pagefind_s = pagefind(site)
    ranked["pagefind"] = run_pagefind(site, texts, args.chromium)

    rows = {}
    for q, kind, targets in QUERIES:
        row = {"kind": kind, "targets": len(targets)}
        for engine, got in ranked.items():
            urls = got[q]
            row[engine] = {
                "found": len(urls),
                "recall": sum(t in urls for t in targets) / len(targets) if targets else None,
                "recall10": sum(t in urls[:10] for t in targets) / len(targets) if targets else None,
            }
        rows[q] = row

    engines = list(ranked)
    print(f"corpus: {len(docs)} documents (the portal built from {args.root}); {len(QUERIES)} queries, "
          f"{sum(1 for *_, t in QUERIES if t)} with targets\n")
    print("| query | kind | targets | " + " | ".join(f"{e}: results / recall / recall@10" for e in engines) + " |")
    print("|---|---|---:|" + "---|" * len(engines))
    for q, row in rows.items():
        cells = []
        for e in engines:
            v = row[e]
            rec = "–" if v["recall"] is None else f"{v['recall']:.2f} / {v['recall10']:.2f}"
            cells.append(f"{v['found']} / {rec}")
        print(f"| {q} | {row['kind']} | {row['targets']} | " + " | ".join(cells) + " |")

    print("\n| kind | queries | " + " | ".join(f"{e} recall (@10)" for e in engines) + " |")
    print("|---|---:|" + "---:|" * len(engines))
    by_kind = defaultdict(list)
    for q, row in rows.items():
        if row["targets"]:
            by_kind[row["kind"]].append(row)
    for kind in (*KINDS, "all"):
        group = [r for rs in by_kind.values() for r in rs] if kind == "all" else by_kind.get(kind, [])
        if not group:
            continue
        cells = [f"{statistics.mean(r[e]['recall'] for r in group):.2f} ({statistics.mean(r[e]['recall10'] for r in group):.2f})"
                 for e in engines]
        print(f"| {'**all**' if kind == 'all' else kind} | {len(group)} | " + " | ".join(cells) + " |")
    whole = [r for r in rows.values() if r["targets"]]
    print()
    for e in engines:
        full = sum(r[e]["recall10"] == 1 for r in whole)
        print(f"{e}: every target among the first 10 for {full} of {len(whole)} queries")
    print(f"\nportal build {build_s:.1f} s; Pagefind indexing {pagefind_s:.1f} s")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "ranked": ranked}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
