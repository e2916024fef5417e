"""One corpus, three search engines: the portal as built, and the same pages for lunr and Pagefind.

* :func:`build_portal` runs ``mkdocs build --strict`` on a repository (this one, or a
  ``python -m site_plugins synth`` copy) in a child process and keeps the
  :class:`~site_plugins.search.SearchDoc` list the portal indexed, so every engine
  sees the same documents;
* :func:`material_site` builds a plain MkDocs + Material site (the theme as shipped,
  ``language: ko``) whose ``search/search_index.json`` is the one Material's search
  plugin writes for those documents (:func:`material_index`: one entry per page, the
  title, then summary, body and keywords as paragraphs; checked against a real
  3,000-page build to 0.004 % in the first round, see README);
* :func:`pagefind` indexes the built portal's HTML with Pagefind (npm ``pagefind``),
  article content only (``.md-content__inner``, where Material puts the page), and adds
  a bare page that loads Pagefind's own browser API, for :mod:`compare` and
  :mod:`browser_bench`.

    python benchmarks/search/portal.py build ROOT SITE_DIR DOCS.pickle
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import pickle
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from site_plugins.search.text import strip_markdown

EPOCH = "1795316400"  # 2026-11-22 12:00 Seoul, as the tests build the site
PAGEFIND = os.environ.get("PAGEFIND", "npx --yes pagefind@1.5.2")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Child process: patch the adapter's write_search to keep the documents, then MkDocs' CLI.
_BUILD = r"""
import pickle, sys
import site_plugins.mkdocs_adapter.plugin as plugin
real = plugin.write_search
def keep(writer, docs, *, dirty, vocabulary=None):
    got = docs()
    vocab = vocabulary() if vocabulary else None
    with open(sys.argv[3], "wb") as f:
        pickle.dump((got, vocab), f)
    return real(writer, lambda: got, dirty=dirty, vocabulary=lambda: vocab)
plugin.write_search = keep
from mkdocs.__main__ import cli
cli(["build", "--strict", "--clean", "-q", "-f", sys.argv[1] + "/mkdocs.yml", "-d", sys.argv[2]])
"""


def build_portal(root: pathlib.Path, site: pathlib.Path, docs_file: pathlib.Path) -> tuple[list, object, float]:
    """Build ``root`` into ``site``; (documents, vocabulary, seconds)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", _BUILD, str(root), str(site), str(docs_file)], check=True, env=env, cwd=root)
    seconds = time.perf_counter() - t
    with open(docs_file, "rb") as f:
        docs, vocabulary = pickle.load(f)
    return docs, vocabulary, seconds


def material_index(docs, config: dict) -> bytes:
    """The search_index.json Material's plugin writes for one page per document."""
    entries = [{"location": "", "title": "서울 협동조합 포털", "text": "<p>협동조합 정보를 찾아보세요.</p>"}]
    for d in docs:
        if not d.url:
            continue
        parts = [strip_markdown(d.summary), strip_markdown(d.body), " · ".join((*d.keywords, *getattr(d, "aliases", ())))]
        text = " ".join(f"<p>{p}</p>" for p in parts if p)
        entries.append({"location": d.url, "title": d.title, "text": text})
    return json.dumps({"config": config, "docs": entries}, separators=(",", ":")).encode()


def material_site(docs, work: pathlib.Path) -> pathlib.Path:
    """A plain MkDocs + Material site (the theme's own search) whose index covers ``docs``."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "index.md").write_text("# 서울 협동조합 포털\n\n협동조합 정보를 찾아보세요.\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: 서울 협동조합 포털\ntheme:\n  name: material\n  language: ko\n  font: false\n"
        "  features: [search.highlight]\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    site = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml"), "-d", str(site)],
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    index = site / "search" / "search_index.json"
    config = json.loads(index.read_text("utf-8"))["config"]
    index.write_bytes(material_index(docs, config))
    return site


PAGEFIND_PAGE = """<!doctype html>
<html lang="ko"><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
window.pagefind = await import("./pagefind/pagefind.js");
await window.pagefind.init();
window.pagefindReady = true;
</script>
</html>
"""


def pagefind(site: pathlib.Path) -> float:
    """Index ``site`` with Pagefind into ``site/pagefind/``; the seconds it took."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([*PAGEFIND.split(), "--site", str(site), "--output-subdir", "pagefind", "--root-selector", ".md-content__inner",
                    "--silent"], check=True)
    seconds = time.perf_counter() - t
    (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return seconds


@contextlib.contextmanager
def serve(site: pathlib.Path):
    """``python -m http.server`` on loopback (no compression: sizes are raw bodies)."""
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


# JS run in the Pagefind page: every result's URL (the first ``limit`` by loading their data)
PAGEFIND_SEARCH = """async ([q, limit]) => {
  const t0 = performance.now()
  const s = await window.pagefind.search(q)
  const found = s ? s.results : []
  const top = await Promise.all(found.slice(0, limit).map(r => r.data()))
  const ms = performance.now() - t0
  return { n: found.length, ms, urls: top.map(d => d.url) }
}"""


def site_path(url: str, base: str = "/") -> str:
    """A result URL as the site-relative form the query set uses (``coops/x/``)."""
    path = url.split("#")[0].split("?")[0]
    if path.startswith("http"):
        path = "/" + path.split("/", 3)[3]
    path = path.removeprefix(base).lstrip("/")
    return path.removesuffix("index.html")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "build":
        docs, _vocab, secs = build_portal(pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve(), pathlib.Path(sys.argv[4]))
        print(f"{len(docs)} documents, built in {secs:.1f} s")
    else:
        sys.exit(__doc__)
