"""Reference query engine: what the browser worker does, in Python.

It reads the files :func:`site_plugins.search.index.write_index` wrote, with
the same steps and the same integer arithmetic as
``site_plugins/assets/search/search-worker.js``, so tests can check ranking
without a browser and compare the two implementations result for result.

Steps (ranking formulas: :mod:`.index`):

1. parse the query into clauses (:func:`.tokenizer.parse_query`, with the
   manifest's curated spellings);
2. look up every term of every alternative, the facet terms of clauses that
   name a facet, and the exact-name key of the whole query;
3. per clause, the documents of its alternatives (OR of ANDs); a Hangul word
   of :data:`~.tokenizer.SEGMENT_FROM` or more syllables that matches nothing
   is replaced by the fewest parts of two or more syllables that match
   together (:func:`segment`);
4. AND over clauses: *every* matching document is a result, so the count is
   the number of matches, and all of them are ranked;
5. the first page's titles are loaded and reorder that page by the phrase
   bonus.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field
from functools import lru_cache

from . import tokenizer
from .index import EXACT, TITLE_KEY_CHARS, facet_term

MAX_SEGMENT = 12  # longest word (syllables) rule 6 splits: compositions grow as Fibonacci numbers


@dataclass(frozen=True, slots=True)
class Hit:
    url: str
    title: str
    summary: str
    kind: str
    score: int
    doc: int
    aliases: str = ""


@dataclass(slots=True)
class Result:
    clauses: list[tokenizer.Clause]
    order: list[int]  # every matching document, best first
    page: list[Hit]  # the first page, with titles, in final order
    facets: list[tuple[str, str, str]] = field(default_factory=list)  # (parameter, term id, label) named by the query
    members: int | None = None  # co-ops of all named facet terms, when each parameter is named once
    segmented: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (word, its parts)

    @property
    def total(self) -> int:
        return len(self.order)


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


def compositions(n: int, k: int, least: int = 2) -> list[tuple[int, ...]]:
    """Ways to write ``n`` as ``k`` ordered parts of at least ``least``, shortest first part first."""
    if k == 1:
        return [(n,)] if n >= least else []
    out = []
    for first in range(least, n - least * (k - 1) + 1):
        out += [(first, *rest) for rest in compositions(n - first, k - 1, least)]
    return out


class Index:
    """An index directory opened for queries; files are read on demand."""

    def __init__(self, index_dir: pathlib.Path | str):
        self.dir = pathlib.Path(index_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text("utf-8"))
        self.spellings: dict[str, list[str]] = self.manifest.get("spellings", {})
        self._files: dict[str, dict] = {}
        self._chunks: dict[int, list] = {}
        self._postings: dict[str, dict[int, int]] = {}
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

    def posting(self, term: str) -> dict[int, int]:
        """document -> level; empty when the term is not indexed."""
        p = self._postings.get(term)
        if p is None:
            hit = self.lookup(term)
            p = self._postings[term] = dict(decode_posting(hit[2])) if hit else {}
        return p

    def idf(self, term: str) -> int:
        hit = self.lookup(term)
        return hit[1] if hit else 0

    def record(self, doc: int) -> list:
        k = doc // self.manifest["chunk"]
        chunk = self._chunks.get(k)
        if chunk is None:
            rel = f"d/{k}.json"
            self.fetched.add(rel)
            chunk = self._chunks[k] = json.loads((self.dir / rel).read_text("utf-8"))
        return chunk[doc % self.manifest["chunk"]]

    def hit(self, doc: int, score: int = 0) -> Hit:
        url, title, summary, kind, *rest = self.record(doc)
        return Hit(url, title, summary, kind, score, doc, rest[0] if rest else "")

    # ------------------------------------------------------------ matching

    def live(self, clause: tokenizer.Clause) -> list[tokenizer.Alternative]:
        """Alternatives whose every term is indexed."""
        return [a for a in clause.alternatives if all(self.posting(t) for t in a.terms)]

    def matches(self, clause: tokenizer.Clause) -> set[int]:
        """Documents of a clause: the union over its alternatives of the AND of their terms."""
        found: set[int] = set()
        for alt in self.live(clause):
            posts = sorted((self.posting(t) for t in alt.terms), key=len)
            found.update(d for d in posts[0] if all(d in p for p in posts[1:]))
        return found

    def segment(self, clause: tokenizer.Clause) -> list[tokenizer.Clause] | None:
        """Rule 6: the fewest parts (two syllables or more) that match together, or None.

        Among splits into the same number of parts, the one with the most
        documents wins; on a tie, the one listed first by :func:`compositions`.
        """
        word = clause.stem
        n = len(word)
        if clause.script != "ko" or n < tokenizer.SEGMENT_FROM or n > MAX_SEGMENT:
            return None
        parts: dict[tuple[int, int], tuple[tokenizer.Clause | None, set[int]]] = {}
        for i in range(n - 1):
            for j in range(i + 2, n + 1):
                part = tokenizer.make_clause("ko", word[i:j], self.spellings)
                parts[(i, j)] = (part, self.matches(part) if part else set())
        for k in range(2, n // 2 + 1):
            best: tuple[int, list[tokenizer.Clause]] | None = None
            for lengths in compositions(n, k):
                spans, at = [], 0
                for length in lengths:
                    spans.append((at, at + length))
                    at += length
                sets = sorted((parts[s][1] for s in spans), key=len)
                common = {d for d in sets[0] if all(d in s for s in sets[1:])}
                if common and (best is None or len(common) > best[0]):
                    best = (len(common), [parts[s][0] for s in spans])
            if best:
                return best[1]
        return None

    # ------------------------------------------------------------ search

    def search(self, text: str, page: int | None = None) -> Result:
        m = self.manifest
        page = m["page"] if page is None else page
        weights, gap = m["weights"], m["rank_gap"]
        clauses = tokenizer.parse_query(text, self.spellings)
        result = Result(clauses=clauses, order=[], page=[])
        if not clauses:
            return result
        exact_key = EXACT + "".join(c.stem for c in clauses)[:TITLE_KEY_CHARS]
        final: list[tokenizer.Clause] = []
        sets: list[set[int]] = []
        for c in clauses:
            found = self.matches(c)
            if not found:
                parts = self.segment(c)
                if parts:
                    result.segmented.append((c.stem, tuple(p.stem for p in parts)))
                    for p in parts:
                        final.append(p)
                        sets.append(self.matches(p))
                    continue
            final.append(c)
            sets.append(found)
        result.clauses = final
        # facets named by the query (the original words, not segments)
        keys = m.get("facet_keys", {})
        named: list[int] = list(dict.fromkeys(keys[c.key] for c in clauses if c.key in keys))
        result.facets = [tuple(m["facets"][i]) for i in named]
        if named and len({m["facets"][i][0] for i in named}) == len(named):
            members = [{d for d, lv in self.posting(facet_term(*m["facets"][i][:2])).items() if lv == 1} for i in named]
            result.members = len(set.intersection(*members))
        if any(not s for s in sets):
            return result
        ordered = sorted(sets, key=len)
        cand = [d for d in sorted(ordered[0]) if all(d in s for s in ordered[1:])]
        if not cand:
            return result
        # per clause: weight and the value of its best matching alternative
        score = dict.fromkeys(cand, 0)
        weight_of: list[int] = []
        for c in final:
            alts = self.live(c)
            w = max(sum(self.idf(t) for t in a.terms) for a in alts)
            weight_of.append(w)
            value = dict.fromkeys(cand, 0)
            for a in alts:
                posts = [self.posting(t) for t in a.terms]
                bonus = gap * (1 - a.rank)
                for d in cand:
                    low = 255
                    for p in posts:
                        lv = p.get(d)
                        if lv is None:
                            low = 0
                            break
                        low = min(low, lv)
                    if low and low + bonus > value[d]:
                        value[d] = low + bonus
            for d in cand:
                score[d] += w * weights[value[d]]
        facet = dict.fromkeys(cand, 0)
        for i in named:
            p = self.posting(facet_term(*m["facets"][i][:2]))
            for d in cand:
                facet[d] += p.get(d, 0)
        exact = self.posting(exact_key)

        def key(d: int, s: int) -> tuple:
            return (-facet[d], -(d in exact), -s, d)

        order = sorted(cand, key=lambda d: key(d, score[d]))
        # the first page: titles, phrase bonus, final order of that page
        hits = []
        phrase = m["phrase"]
        for d in order[:page]:
            h = self.hit(d)
            s = score[d]
            nt = tokenizer.normalize(h.title + " " + h.aliases)
            ns = tokenizer.normalize(h.summary)
            for c, w in zip(final, weight_of):
                if c.stem in nt:
                    s += w * phrase["title"]
                elif c.stem in ns:
                    s += w * phrase["summary"]
            hits.append(Hit(h.url, h.title, h.summary, h.kind, s, d, h.aliases))
        hits.sort(key=lambda h: key(h.doc, h.score))
        result.page = hits
        result.order = [h.doc for h in hits] + order[page:]
        return result


@lru_cache(maxsize=8)
def _open(path: str, build: str) -> Index:
    return Index(path)


def open_index(index_dir: pathlib.Path | str) -> Index:
    """An :class:`Index`, reused while the directory holds the same build."""
    manifest = json.loads((pathlib.Path(index_dir) / "manifest.json").read_text("utf-8"))
    return _open(str(index_dir), manifest["build"])


def query(index_dir: pathlib.Path | str, text: str) -> list[str]:
    """URLs of every result for ``text``, best first."""
    index = open_index(index_dir)
    return [index.record(d)[0] for d in index.search(text).order]
