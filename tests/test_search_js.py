"""The browser worker and the Python reference agree: tokenizer and ranking.

Runs ``site_plugins/assets/search/search-worker.js`` under Node.js (the file
exports its functions when loaded as a module) on the same strings and the
same index as the Python side, and compares the outputs exactly.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from site_plugins.search import asset_files, tokenizer, write_index
from site_plugins.search.index import write_index as raw_write
from site_plugins.search.query import Index

try:
    from test_search_fixtures import DOCS
except ImportError:  # tests/ imported as a package
    from .test_search_fixtures import DOCS

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "search"))

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

WORKER = dict(asset_files())["assets/search/search-worker.js"]

RUNNER = r"""
const fs = require("fs"), path = require("path")
const api = require(process.argv[1])
const input = JSON.parse(fs.readFileSync(0, "utf8"))
const rules = api.compileRules(input.rules)
const out = { terms: [], clauses: [], hashes: [], search: {} }
for (const s of input.strings) {
  out.terms.push(api.terms(s, rules))
  out.clauses.push(api.parseQuery(s, rules))
  out.hashes.push(api.fnv1a(s))
}
;(async () => {
  for (const dir of input.dirs) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json")))
    const e = new api.Engine(m,
      async rel => new Uint8Array(fs.readFileSync(path.join(dir, rel))),
      async rel => JSON.parse(fs.readFileSync(path.join(dir, rel))))
    out.search[dir] = []
    for (const q of input.queries) {
      const { hits } = await e.search(q)
      out.search[dir].push(hits.map(h => [h.url, h.score]))
    }
    const r = await e.result(input.queries[0])
    out.result = r.items.slice(0, 3)
  }
  process.stdout.write(JSON.stringify(out))
})()
"""

STRINGS = [
    "마포구에서 공동육아협동조합을 운영합니다",
    "어르신돌봄사회적협동조합",
    "ＩＣＴ 협동조합 GS25편의점 Café ÀÉÎ",
    "협ㄷ 농업·임업 02-123-4567 help@example.org",
    "協同組合 漢字 한자",
    "조합원들이 어르신들에게 마을 마을에서",
    "운영합니다 운영하는 되었다 있습니다",
    "x" * 40 + " 가",
    "",
    "   ",
    "🙂 이모지 ① ㈜협동",
    "ﬁ ligature Ǆ İstanbul",
]

QUERIES = [
    "협동조합",
    "협동조합을",
    "육아",
    "돌봄",
    "주택",
    "마포 돌봄",
    "마포구에서",
    "운영합니다",
    "서북권 협동조합",
    "돌봄 돌봄을",
    "ict",
    "4567",
    "없는말",
    "",
    "조합",
    "마포구",
    "협동 조합",
    "constructor",  # JS object keys must not leak into lookups
    "tostring",
    "__proto__",
    "hasownproperty",
]


def _run(payload: dict) -> dict:
    proc = subprocess.run(
        [NODE, "-e", RUNNER, str(WORKER)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    from gen_corpus import corpus

    base = tmp_path_factory.mktemp("js")
    dirs = {
        "one": base / "one",
        "sharded": base / "sharded",
        "corpus": base / "corpus",
    }
    write_index(DOCS, dirs["one"])
    raw_write(DOCS, dirs["sharded"], shard_target=200, big_term=6, chunk_target=100)
    raw_write(corpus(400), dirs["corpus"], shard_target=2048, big_term=256)
    payload = {
        "rules": tokenizer.rules_for_manifest(),
        "strings": STRINGS + QUERIES,
        "queries": QUERIES,
        "dirs": [str(d) for d in dirs.values()],
    }
    return dirs, _run(payload)


def test_tokenizer_terms_agree(js):
    _, out = js
    assert out["terms"] == [tokenizer.terms(s) for s in STRINGS + QUERIES]


def test_query_clauses_agree(js):
    _, out = js
    expected = [
        [{"stem": c.stem, "required": list(c.required), "optional": list(c.optional)} for c in tokenizer.parse_query(s)]
        for s in STRINGS + QUERIES
    ]
    assert out["clauses"] == expected


def test_hash_agrees(js):
    _, out = js
    assert out["hashes"] == [tokenizer.fnv1a(s) for s in STRINGS + QUERIES]


@pytest.mark.parametrize("name", ["one", "sharded", "corpus"])
def test_ranking_agrees(js, name):
    dirs, out = js
    index = Index(dirs[name])
    got = out["search"][str(dirs[name])]
    for text, js_hits in zip(QUERIES, got):
        py_hits = [[h.url, h.score] for h in index.search(text)]
        assert js_hits == py_hits, text


def test_result_message_shape(js):
    _, out = js
    item = out["result"][0][0]
    assert set(item) >= {"location", "title", "text", "score", "terms", "tags"}
    assert "<mark>" in item["title"] + item["text"]
    assert item["terms"] == {"협동조합": True}


def test_highlight_escapes_html():
    script = (
        "const a = require(process.argv[1]);"
        "const re = a.markPattern([{stem: 'ab'}, {stem: '협동'}]);"
        "process.stdout.write(a.mark('<b>AB & 협동</b>', re))"
    )
    proc = subprocess.run([NODE, "-e", script, str(WORKER)], capture_output=True, text=True, check=True)
    assert proc.stdout == "&lt;b&gt;<mark>AB</mark> &amp; <mark>협동</mark>&lt;/b&gt;"
