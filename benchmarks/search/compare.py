"""Compare three Korean search designs on recall, precision, size and speed.

* ``lunr``: Material for MkDocs' own search, unchanged: its worker (lunr.js)
  run under Node.js on the ``search_index.json`` that Material's search
  plugin wrote for the same corpus built as a MkDocs site.
* ``bigram``: this package (``site_plugins.search``), via the Python
  reference engine, which gives the same results as the browser worker.
* ``kiwi``: a morpheme index: every text analysed with kiwipiepy, content
  morphemes (nouns, roots, verb/adjective stems, foreign words, numbers)
  indexed, a query analysed the same way, AND over its morphemes.

Relevance is explicit and engine-independent: each query lists the words a
page must contain (as substrings of its normalised title + summary +
keywords + body, so inside compounds too); ``협동조합을`` wants 협동조합,
``마포 돌봄`` wants 마포 and 돌봄.

    python benchmarks/search/gen_corpus.py --coops 3000 --mkdocs MK
    (cd MK && mkdocs build -q -d site)
    python benchmarks/search/compare.py --coops 3000 --lunr-index MK/site/search/search_index.json

Prints a Markdown table; ``--json`` writes the per-query numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from gen_corpus import corpus  # noqa: E402

from site_plugins.search import tokenizer, write_index  # noqa: E402
from site_plugins.search import index as index_mod  # noqa: E402
from site_plugins.search.query import Index  # noqa: E402
from site_plugins.search.text import strip_markdown  # noqa: E402

# query -> words a relevant page must contain
QUERIES: dict[str, list[str]] = {
    # words inside compounds
    "협동조합": ["협동조합"],
    "육아": ["육아"],
    "공동육아": ["공동육아"],
    "돌봄": ["돌봄"],
    "어르신": ["어르신"],
    "주택": ["주택"],
    "청년주택": ["청년주택"],
    "공동체주택": ["공동체주택"],
    "집수리": ["집수리"],
    "부엌": ["부엌"],
    "농업": ["농업"],
    "도시농업": ["도시농업"],
    "발전": ["발전"],
    "여행": ["여행"],
    "미디어": ["미디어"],
    "수제화": ["수제화"],
    "매점": ["매점"],
    "사회적협동조합": ["사회적협동조합"],
    "의료복지": ["의료복지"],
    "상담센터": ["상담센터"],
    # particles and endings on the query
    "협동조합을": ["협동조합"],
    "협동조합에서": ["협동조합"],
    "마포구에서": ["마포구"],
    "돌봄을": ["돌봄"],
    "주택은": ["주택"],
    "조합원들이": ["조합원"],
    "어르신들에게": ["어르신"],
    "운영합니다": ["운영"],
    # several words: all of them
    "마포 돌봄": ["마포", "돌봄"],
    "은평 어르신 돌봄": ["은평", "어르신", "돌봄"],
    "청년 주택": ["청년", "주택"],
    "송파 도시농업": ["송파", "도시농업"],
    "공동육아 협동조합": ["공동육아", "협동조합"],
    "강서 카페": ["강서", "카페"],
}

KIWI_TAGS = ("NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XR", "VV", "VA")


def doc_text(d) -> str:
    return tokenizer.normalize(" ".join([d.title, strip_markdown(d.summary), " ".join(d.keywords), strip_markdown(d.body)]))


def relevant(docs, words) -> set[str]:
    return {d.url for d, text in docs if all(w in text for w in words)}


# ------------------------------------------------------------------ kiwi


class KiwiIndex:
    def __init__(self, docs):
        from kiwipiepy import Kiwi

        self.kiwi = Kiwi()
        texts = [" ".join([d.title, d.summary, " ".join(d.keywords), strip_markdown(d.body)]) for d in docs]
        t0 = time.perf_counter()
        self.terms_per_doc = [self.morphemes_of(tokens) for tokens in self.kiwi.tokenize(texts)]
        self.analyse_s = time.perf_counter() - t0
        self.postings: dict[str, set[str]] = {}
        for d, terms in zip(docs, self.terms_per_doc):
            for t in terms:
                self.postings.setdefault(t, set()).add(d.url)

    @staticmethod
    def morphemes_of(tokens) -> list[str]:
        return [t.form.lower() for t in tokens if t.tag in KIWI_TAGS]

    def search(self, text: str) -> set[str]:
        terms = set(self.morphemes_of(self.kiwi.tokenize(text)))
        if not terms:
            return set()
        sets = [self.postings.get(t, set()) for t in terms]
        return set.intersection(*sets)


def kiwi_index_size(docs, kiwi: KiwiIndex, out: pathlib.Path) -> int:
    """Bytes of a kiwi-term index in exactly our file format (for a fair size)."""
    cache = {}
    for d, terms in zip(docs, kiwi.terms_per_doc):
        cache[d.url] = terms

    class Shim:
        normalize = staticmethod(tokenizer.normalize)
        runs = staticmethod(tokenizer.runs)
        fnv1a = staticmethod(tokenizer.fnv1a)
        rules_for_manifest = staticmethod(tokenizer.rules_for_manifest)

        @staticmethod
        def terms(text):
            return text.split("\x1f") if text else []

        @staticmethod
        def term_counts(text):
            items = text.split("\x1f") if text else []
            return Counter(items), len(items)

        @staticmethod
        def term_length(text):
            return len(text.split("\x1f")) if text else 0

    # feed pre-analysed morphemes through the body field, one doc at a time
    from site_plugins.search import SearchDoc

    morph_docs = [SearchDoc(url=d.url, title="", kind=d.kind, body="\x1f".join(cache[d.url])) for d in docs]
    saved = index_mod.tokenizer, index_mod.strip_markdown
    index_mod.tokenizer, index_mod.strip_markdown = Shim, (lambda s: s)
    try:
        stats = index_mod.write_index(morph_docs, out)
    finally:
        index_mod.tokenizer, index_mod.strip_markdown = saved
    return stats.index_bytes


# ------------------------------------------------------------------ lunr


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


# ------------------------------------------------------------------ main


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def dir_bytes(path: pathlib.Path, prefix: str) -> tuple[int, int]:
    raw = comp = 0
    for p in sorted((path / prefix).rglob("*")):
        if p.is_file():
            b = p.read_bytes()
            raw += len(b)
            comp += gz(b)
    return raw, comp


def score(returned: list[str] | set[str], rel: set[str]) -> tuple[float, float]:
    ret = set(returned)
    if not rel:
        return (1.0 if not ret else 0.0), (1.0 if not ret else 0.0)
    recall = len(ret & rel) / len(rel)
    precision = len(ret & rel) / len(ret) if ret else 1.0
    return recall, precision


def precision_at_10(ranked: list[str], rel: set[str]) -> float:
    if not ranked:
        return 1.0 if not rel else 0.0
    top = ranked[:10]
    return sum(u in rel for u in top) / len(top)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--coops", type=int, default=3000)
    ap.add_argument("--lunr-index", type=pathlib.Path, help="search_index.json Material wrote for the same corpus")
    ap.add_argument("--no-kiwi", action="store_true")
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args()

    docs = corpus(args.coops)
    texts = [(d, doc_text(d)) for d in docs]
    truth = {q: relevant(texts, words) for q, words in QUERIES.items()}
    rows: dict[str, dict] = {}

    # bigram (this package)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "search"
        t0 = time.perf_counter()
        write_index(docs, out)
        build_s = time.perf_counter() - t0
        ix = Index(out)
        per_q = {}
        times = []
        for q in QUERIES:
            t0 = time.perf_counter()
            hits = ix.search(q, limit=10**9)
            times.append(time.perf_counter() - t0)
            urls = [h.url for h in hits]
            r, p = score(urls, truth[q])
            p10 = precision_at_10(urls, truth[q])
            per_q[q] = {"returned": len(urls), "relevant": len(truth[q]), "recall": r, "precision": p, "p10": p10}
        raw, comp = dir_bytes(out, "t")
        sraw, scomp = dir_bytes(out, "d")
        rows["bigram"] = {"per_query": per_q, "build_s": build_s, "index_bytes": raw, "index_gzip": comp,
                          "store_bytes": sraw, "store_gzip": scomp, "query_ms_median": 1000 * statistics.median(times)}

    # kiwi
    if not args.no_kiwi:
        t0 = time.perf_counter()
        kiwi = KiwiIndex(docs)
        build_s = time.perf_counter() - t0
        per_q = {}
        times = []
        for q in QUERIES:
            t0 = time.perf_counter()
            got = kiwi.search(q)
            times.append(time.perf_counter() - t0)
            r, p = score(got, truth[q])
            per_q[q] = {"returned": len(got), "relevant": len(truth[q]), "recall": r, "precision": p}
        with tempfile.TemporaryDirectory() as tmp:
            size = kiwi_index_size(docs, kiwi, pathlib.Path(tmp))
            comp = dir_bytes(pathlib.Path(tmp), "t")[1]
        rows["kiwi"] = {"per_query": per_q, "build_s": build_s, "analyse_s": kiwi.analyse_s, "index_bytes": size,
                        "index_gzip": comp, "query_ms_median": 1000 * statistics.median(times)}

    # lunr (Material)
    if args.lunr_index:
        data = args.lunr_index.read_bytes()
        lr = run_lunr(args.lunr_index, list(QUERIES))
        per_q = {}
        for q in QUERIES:
            pages = [p for p in lr["results"][q]["pages"] if p]
            r, p = score(pages, truth[q])
            p10 = precision_at_10(pages, truth[q])
            per_q[q] = {"returned": len(pages), "relevant": len(truth[q]), "recall": r, "precision": p, "p10": p10}
        rows["lunr"] = {"per_query": per_q, "index_bytes": len(data), "index_gzip": gz(data),
                        "setup_ms": lr["setup_ms"],
                        "query_ms_median": statistics.median(v["ms"] for v in lr["results"].values())}

    # report
    print(f"corpus: {len(docs)} documents ({args.coops} co-ops), {len(QUERIES)} queries\n")
    print("| query | relevant | " + " | ".join(f"{k} found / recall / precision" for k in rows) + " |")
    print("|---|---:|" + "---|" * len(rows))
    for q in QUERIES:
        cells = []
        for k in rows:
            v = rows[k]["per_query"][q]
            cells.append(f"{v['returned']} / {v['recall']:.2f} / {v['precision']:.2f}")
        print(f"| {q} | {len(truth[q])} | " + " | ".join(cells) + " |")
    print()
    print("| engine | mean recall | mean precision | queries with recall < 0.99 | mean P@10 | index bytes (gzip) | build | median query |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for k, v in rows.items():
        pq = v["per_query"].values()
        rec = statistics.mean(x["recall"] for x in pq)
        prec = statistics.mean(x["precision"] for x in pq)
        low = sum(x["recall"] < 0.99 for x in pq)
        p10 = statistics.mean(x["p10"] for x in pq) if all("p10" in x for x in pq) else float("nan")
        size = f"{v['index_bytes']:,} ({v['index_gzip']:,})"
        build = f"{v['build_s']:.1f} s" if "build_s" in v else f"setup {v['setup_ms'] / 1000:.2f} s"
        print(f"| {k} | {rec:.3f} | {prec:.3f} | {low} | {p10:.2f} | {size} | {build} | {v['query_ms_median']:.1f} ms |")
    if "bigram" in rows:
        b = rows["bigram"]
        print(f"\nbigram doc store: {b['store_bytes']:,} bytes ({b['store_gzip']:,} gzip)")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
