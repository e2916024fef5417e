"""Time and memory of ``write_index`` on the synthetic corpus.

    python benchmarks/search/bench_build.py --coops 30000 --out OUT_DIR
    python benchmarks/search/bench_build.py --docs bench-out/bb30k/docs.pickle --out OUT_DIR

``--docs`` takes the documents (and vocabulary) the portal's own build indexed, as
``browser_bench.py`` / ``portal.py`` keep them; without it, ``gen_corpus.corpus``.

Runs the build in a fresh child process so the peak RSS is the build's own
(corpus generation included and reported separately), builds twice to check
that the output is byte-identical, and prints the index statistics.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, pathlib, resource, sys, time, tracemalloc
sys.path[:0] = sys.argv[3:5]
from gen_corpus import corpus
from site_plugins.search import write_index
if sys.argv[1].endswith(".pickle"):
    import pickle
    with open(sys.argv[1], "rb") as f:
        docs, vocabulary = pickle.load(f)
else:
    docs, vocabulary = corpus(int(sys.argv[1])), None
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
t, c = time.perf_counter(), time.process_time()
stats = write_index(docs, pathlib.Path(sys.argv[2]), vocabulary=vocabulary)
dt, cpu = time.perf_counter() - t, time.process_time() - c
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"seconds": dt, "cpu": cpu, "docs": stats.docs, "stats": stats.__class__.__name__ and {
    k: getattr(stats, k) for k in stats.__slots__}, "tracemalloc_peak": peak,
    "rss_before": rss0 * 1024, "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""

CHILD_NO_TRACE = CHILD.replace("tracemalloc.start()", "").replace(
    "peak = tracemalloc.get_traced_memory()[1]", "peak = 0")


def digest(d: pathlib.Path) -> str:
    h = hashlib.sha256()
    for p in sorted(d.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(d).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def run(code: str, n: int | str, out: pathlib.Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, str(n), str(out), str(HERE), str(HERE.parents[1])],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--coops", type=int, default=30000)
    ap.add_argument("--docs", type=pathlib.Path, help="documents the portal indexed (a portal.py pickle) instead of gen_corpus")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=int, nargs="*", default=[], help="also time these corpus sizes (co-ops)")
    args = ap.parse_args()
    for n in args.scale:
        cpus = sorted(run(CHILD_NO_TRACE, n, args.out / f"scale{n}")["cpu"] for _ in range(args.runs))
        r = run(CHILD_NO_TRACE, n, args.out / f"scale{n}")
        print(f"scale: {r['docs']:,} documents, write_index CPU median {cpus[len(cpus) // 2]:.2f} s, "
              f"{r['stats']['postings']:,} postings, {r['stats']['bytes']:,} bytes")
    times, cpus = [], []
    source = str(args.docs.resolve()) if args.docs else args.coops
    for i in range(args.runs):
        r = run(CHILD_NO_TRACE, source, args.out / f"run{i}")
        times.append(r["seconds"])
        cpus.append(r["cpu"])
    mem = run(CHILD, source, args.out / "traced")
    digests = {digest(args.out / f"run{i}") for i in range(args.runs)} | {digest(args.out / "traced")}
    s = r["stats"]
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (args.out / "run0").rglob("*") if p.is_file())
    times.sort()
    cpus.sort()
    print(f"documents: {r['docs']:,}")
    print(f"write_index wall time: median {times[len(times) // 2]:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"write_index CPU time: median {cpus[len(cpus) // 2]:.2f} s (runs: {', '.join(f'{t:.2f}' for t in cpus)})")
    print(f"peak RSS of the build process: {r['rss_peak'] / 2**20:.0f} MiB "
          f"(corpus in memory before the build: {r['rss_before'] / 2**20:.0f} MiB)")
    print(f"peak Python allocations during write_index (tracemalloc): {mem['tracemalloc_peak'] / 2**20:.0f} MiB")
    print(f"byte-identical across {args.runs + 1} builds: {len(digests) == 1}")
    print(f"terms {s['terms']:,}, postings {s['postings']:,}, shards {s['shards']}, big terms {s['big_terms']}, "
          f"doc-store chunks {s['doc_chunks']:,}, files {s['files']:,}")
    print(f"bytes: total {s['bytes']:,} (gzip {gz:,}); inverted index {s['index_bytes']:,}; doc store {s['store_bytes']:,}")


if __name__ == "__main__":
    main()
