"""Reference query engine: what the browser worker does, in Python.

It reads the files :func:`site_plugins.search.index.write_index` wrote, with
the same steps and the same integer arithmetic as
``site_plugins/assets/search/search-worker.js``, so tests can check ranking
without a browser and compare the two implementations result for result.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from functools import lru_cache

from . import tokenizer


@dataclass(frozen=True, slots=True)
class Hit:
    url: str
    title: str
    summary: str
    kind: str
    score: int
    doc: int


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    v = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        if b < 0x80:
            return v, pos
        shift += 7


def decode_term_file(buf: bytes) -> dict[str, tuple[int, int, bytes]]:
    """term -> (df, idf, posting bytes)."""
    count, pos = _varint(buf, 0)
    heads = []
    for _ in range(count):
        ln, pos = _varint(buf, pos)
        term = buf[pos : pos + ln].decode("utf-8")
        pos += ln
        df, pos = _varint(buf, pos)
        idf, pos = _varint(buf, pos)
        plen, pos = _varint(buf, pos)
        heads.append((term, df, idf, plen))
    out = {}
    for term, df, idf, plen in heads:
        out[term] = (df, idf, buf[pos : pos + plen])
        pos += plen
    return out


def decode_posting(buf: bytes) -> list[tuple[int, int]]:
    """[(document, level)] of one posting, tier by tier (highest level first)."""
    tiers, pos = _varint(buf, 0)
    out = []
    for _ in range(tiers):
        level, enc = buf[pos], buf[pos + 1]
        pos += 2
        n, pos = _varint(buf, pos)
        if enc == 0:
            _blen, pos = _varint(buf, pos)
            d = 0
            for _ in range(n):
                g, pos = _varint(buf, pos)
                d += g
                out.append((d, level))
        else:
            first, pos = _varint(buf, pos)
            blen, pos = _varint(buf, pos)
            for i in range(blen):
                byte = buf[pos + i]
                while byte:
                    low = byte & -byte
                    out.append((first + i * 8 + low.bit_length() - 1, level))
                    byte ^= low
            pos += blen
    return out


class Index:
    """An index directory opened for queries; files are read on demand."""

    def __init__(self, index_dir: pathlib.Path | str):
        self.dir = pathlib.Path(index_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text("utf-8"))
        self._files: dict[str, dict] = {}
        self._chunks: dict[int, list] = {}
        self.fetched: set[str] = set()  # files touched, for transfer accounting

    def term_file(self, term: str) -> str:
        big = self.manifest["big"].get(term)
        if big is not None:
            return f"t/b{big}.bin"
        return f"t/{tokenizer.fnv1a(term) % self.manifest['shards']}.bin"

    def _load(self, rel: str) -> dict:
        table = self._files.get(rel)
        if table is None:
            self.fetched.add(rel)
            table = self._files[rel] = decode_term_file((self.dir / rel).read_bytes())
        return table

    def lookup(self, term: str):
        return self._load(self.term_file(term)).get(term)

    def record(self, doc: int) -> list:
        k = doc // self.manifest["chunk"]
        chunk = self._chunks.get(k)
        if chunk is None:
            rel = f"d/{k}.json"
            self.fetched.add(rel)
            chunk = self._chunks[k] = json.loads((self.dir / rel).read_text("utf-8"))
        return chunk[doc % self.manifest["chunk"]]

    def search(self, text: str, limit: int | None = None) -> list[Hit]:
        m = self.manifest
        limit = m["max_results"] if limit is None else limit
        clauses = tokenizer.parse_query(text)
        if not clauses:
            return []
        weights = m["weights"]
        # required terms, each once; fail fast on a missing one
        req: dict[str, tuple] = {}
        for c in clauses:
            for t in c.required:
                if t not in req:
                    hit = self.lookup(t)
                    if hit is None:
                        return []
                    req[t] = hit
        # candidates: the rarest required term's documents; then AND
        order = sorted(req, key=lambda t: (req[t][0], t))
        cand: dict[int, int] = {d: 0 for d, _ in decode_posting(req[order[0]][2])}
        for t in order[1:]:
            nxt = {}
            for d, _ in decode_posting(req[t][2]):
                if d in cand:
                    nxt[d] = 0
            cand = nxt
            if not cand:
                return []
        # score: per clause, per term of the clause present in the document
        levels: dict[str, dict[int, int]] = {}
        for t, (_df, _idf, post) in req.items():
            levels[t] = {d: lv for d, lv in decode_posting(post) if d in cand}
        for c in clauses:
            low = {d: min(levels[t][d] for t in c.required) for d in cand}
            w = sum(req[t][1] for t in c.required)
            for d, lv in low.items():
                cand[d] += w * weights[lv]
        # exact title: the clause stems joined are a document's whole title
        total = sum(req[t][1] for c in clauses for t in c.required)
        exact = self.lookup("=" + "".join(c.stem for c in clauses)[: 64])
        if exact is not None:
            for d, _ in decode_posting(exact[2]):
                if d in cand:
                    cand[d] += total * m["phrase"]["exact"]
        top = sorted(cand.items(), key=lambda x: (-x[1], x[0]))[:limit]
        # phrase bonus on the stored title and summary, then final order
        hits = []
        phrase = m["phrase"]
        for d, score in top:
            url, title, summary, kind = self.record(d)
            nt, ns = tokenizer.normalize(title), tokenizer.normalize(summary)
            for c in clauses:
                w = sum(req[t][1] for t in c.required)
                if c.stem in nt:
                    score += w * phrase["title"]
                elif c.stem in ns:
                    score += w * phrase["summary"]
            hits.append(Hit(url, title, summary, kind, score, d))
        hits.sort(key=lambda h: (-h.score, h.doc))
        return hits


@lru_cache(maxsize=8)
def _open(path: str, build: str) -> Index:
    return Index(path)


def query(index_dir: pathlib.Path | str, text: str) -> list[str]:
    """URLs of the results for ``text``, best first (at most max_results)."""
    manifest = json.loads((pathlib.Path(index_dir) / "manifest.json").read_text("utf-8"))
    return [h.url for h in _open(str(index_dir), manifest["build"]).search(text)]
