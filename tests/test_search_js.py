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
const spellings = new Map(Object.entries(input.spellings))
const out = { terms: [], clauses: [], hashes: [], search: {}, compositions: [] }
for (const s of input.strings) {
  out.terms.push(api.terms(s, rules))
  out.clauses.push(api.parseQuery(s, rules, spellings))
  out.hashes.push(api.fnv1a(s))
}
for (const [n, k] of input.compositions)
  out.compositions.push(api.compositions(n, k))
;(async () => {
  for (const dir of input.dirs) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json")))
    const e = new api.Engine(m,
      async rel => new Uint8Array(fs.readFileSync(path.join(dir, rel))),
      async rel => JSON.parse(fs.readFileSync(path.join(dir, rel))))
    out.search[dir] = []
    for (const q of input.queries) {
      const r = await e.search(q)
      out.search[dir].push({
        order: r.order, page: r.page.map(h => [h.url, h.score]), facets: r.facets,
        members: r.members, segmented: r.segmented, stems: r.clauses.map(c => c.stem)
      })
    }
    const fresh = new api.Engine(m,
      async rel => new Uint8Array(fs.readFileSync(path.join(dir, rel))),
      async rel => JSON.parse(fs.readFileSync(path.join(dir, rel))))
    const r = await fresh.result(input.queries[0], 7)
    out.result = { items: r.items, portal: { ...r.portal, order: Array.from(r.portal.order) }, view: r.view.id }
    fresh.view = r.view
    const lastDoc = r.portal.order[r.portal.order.length - 1]
    out.fill = await fresh.fill(7, [lastDoc])
    out.staleFill = await fresh.fill(6, [lastDoc])
  }
  process.stdout.write(JSON.stringify(out))
})()
"""

SPELLINGS = {"생협": ["생활협동조합"], "coop": ["cooperative", "co-op"], "cooperative": ["coop", "co-op"]}

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
    "은퇴한 조합원이 헌 옷과 가구를, 집 수리 서울시 장터 빵 가게",
    "iCOOP서울생활협동조합 co-op COOP",
    "빵을 집에서 책 옷",
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
    "빵",
    "집",
    "헌옷",
    "헌 옷",
    "coop",
    "cooperative",
    "co-op",
    "생협",
    "의료협동조합",
    "공동육아어르신돌봄",
    "마포 육아",
    "마포 돌봄",
    "송파 도시농업",
    "서북권",
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


COMPOSITIONS = [(4, 2), (6, 2), (6, 3), (9, 3), (12, 4), (5, 3)]


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    from gen_corpus import corpus, vocabulary

    base = tmp_path_factory.mktemp("js")
    dirs = {
        "one": base / "one",
        "sharded": base / "sharded",
        "corpus": base / "corpus",
    }
    vocab = vocabulary()
    write_index(DOCS, dirs["one"], vocabulary=vocab)
    raw_write(DOCS, dirs["sharded"], vocabulary=vocab, shard_target=200, big_term=6, chunk_target=100)
    raw_write(corpus(400), dirs["corpus"], vocabulary=vocab, shard_target=2048, big_term=256)
    payload = {
        "rules": tokenizer.rules_for_manifest(),
        "spellings": SPELLINGS,
        "strings": STRINGS + QUERIES,
        "queries": QUERIES,
        "compositions": COMPOSITIONS,
        "dirs": [str(d) for d in dirs.values()],
    }
    return dirs, _run(payload)


def test_tokenizer_terms_agree(js):
    _, out = js
    assert out["terms"] == [tokenizer.terms(s) for s in STRINGS + QUERIES]


def test_query_clauses_agree(js):
    _, out = js
    expected = [
        [
            {"stem": c.stem, "key": c.key, "script": c.script,
             "alternatives": [{"terms": list(a.terms), "rank": a.rank} for a in c.alternatives]}
            for c in tokenizer.parse_query(s, SPELLINGS)
        ]
        for s in STRINGS + QUERIES
    ]
    assert out["clauses"] == expected


def test_compositions_agree(js):
    from site_plugins.search.query import compositions

    _, out = js
    assert out["compositions"] == [[list(c) for c in compositions(n, k)] for n, k in COMPOSITIONS]


def test_hash_agrees(js):
    _, out = js
    assert out["hashes"] == [tokenizer.fnv1a(s) for s in STRINGS + QUERIES]


@pytest.mark.parametrize("name", ["one", "sharded", "corpus"])
def test_ranking_agrees(js, name):
    """Every result in the same order, the first page with the same scores, the same facets and segments."""
    dirs, out = js
    index = Index(dirs[name])
    got = out["search"][str(dirs[name])]
    for text, js_result in zip(QUERIES, got):
        r = index.search(text)
        py = {
            "order": r.order,
            "page": [[h.url, h.score] for h in r.page],
            "facets": [list(f) for f in r.facets],
            "members": r.members,
            "segmented": [[w, list(p)] for w, p in r.segmented],
            "stems": [c.stem for c in r.clauses],
        }
        assert js_result == py, text


def test_every_query_kind_is_exercised(js):
    """The parity check above covers facets, segmentation and every clause kind on the corpus."""
    dirs, out = js
    got = dict(zip(QUERIES, out["search"][str(dirs["corpus"])]))
    assert got["마포 돌봄"]["facets"] == [["district", "mapo", "마포구"], ["field", "care", "돌봄"]]
    assert got["마포 돌봄"]["members"] > 0
    assert got["공동육아어르신돌봄"]["segmented"] == [["공동육아어르신돌봄", ["공동육아", "어르신돌봄"]]]
    assert len(got["협동조합"]["order"]) > 400  # every match, not a first page


def test_result_message_shape(js):
    dirs, out = js
    items, portal = out["result"]["items"], out["result"]["portal"]
    first = items[0][0]
    assert set(first) >= {"location", "title", "text", "score", "terms", "tags"}
    assert "<mark>" in first["title"] + first["text"]
    assert first["terms"] == {"협동조합": True} == portal["terms"]
    # the first page as Material's items; every match's document number, in order, for the page script
    expected = Index(dirs["corpus"]).search(QUERIES[0])
    assert len(items) == 10 and portal["order"] == expected.order and portal["total"] == expected.total > 400
    assert portal["id"] == 7 and portal["facets"] == [] and portal["link"] == ""
    # scores fall down the list, so Material's Enter (highest data-md-score) opens the first result
    scores = [item[0]["score"] for item in items]
    assert scores == sorted(scores, reverse=True) and scores[0] == portal["total"]
    # past the first page: filled on request, with the score of its place
    (filled,) = out["fill"]
    assert filled["doc"] == portal["order"][-1] and filled["location"] and filled["score"] == 1
    assert out["staleFill"] is None  # a fill for an older result is refused


def test_highlight_escapes_html():
    script = (
        "const a = require(process.argv[1]);"
        "const re = a.markPattern([{stem: 'ab'}, {stem: '협동'}]);"
        "process.stdout.write(a.mark('<b>AB & 협동</b>', re))"
    )
    proc = subprocess.run([NODE, "-e", script, str(WORKER)], capture_output=True, text=True, check=True)
    assert proc.stdout == "&lt;b&gt;<mark>AB</mark> &amp; <mark>협동</mark>&lt;/b&gt;"
