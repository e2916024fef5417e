"""Build the sharded Korean search index.

Layout of ``out_dir`` (``<site>/search/``)::

    search_index.json   Material's file, config only and no documents, so the
                        theme's main bundle still has something to fetch and
                        the big lunr index is never shipped
    manifest.json       counts, shard count, the table of big terms, score
                        weights, result labels and the tokenizer rules
    t/<n>.bin           inverted-index shard n: the small terms whose
                        FNV-1a hash modulo the shard count is n
    t/b<n>.bin          one big term (a posting list too large to share)
    d/<n>.json          doc store chunk n: [url, title, summary, kind] for
                        documents n*chunk .. n*chunk+chunk-1

Documents are numbered in URL order. Every (term, document) pair gets one
precomputed *impact level* 1..31 from per-field BM25 saturation, weighted by
field (title 10, keywords 5, summary 3, body 1) and put on a log scale:
``level = round(4 * log2(1 + impact))``. A posting list is stored as tiers,
one per level, highest first; each tier is its document numbers either as
LEB128 varint gaps or as a bitmap, whichever is smaller. So the level costs
nothing per posting, and a term found in every document costs N/8 bytes.

Binary term file (shard or big term), all integers LEB128 varints::

    count
    count x (utf8_len, utf8 bytes, df, idf, posting_len)   sorted by term
    postings, concatenated in the same order
    posting = tiers, tiers x (level byte, encoding byte, n, payload)
      encoding 0: byte_len, n gaps (first gap is the document number)
      encoding 1: first document, byte_len, bitmap (bit i: document first+i)

Query score, in integers so Python and JS agree exactly::

    low(clause, doc) = min of level(term, doc) over the clause's required terms
    score(doc) = sum over clauses, over required terms: idf(term) * WEIGHTS[low]
    idf = round(100 * ln(1 + N / df)),  WEIGHTS[l] = round(100 * (2**(l/4) - 1))

A word is only as strong as its weakest bigram: ``협동조합`` counts as a title
word only when 협동, 동조 and 조합 all have title-level impact, so a page
titled ``협동의 역사`` whose 동조 and 조합 sit in other words of the body does
not outrank pages that have the word itself.

plus, for the top results once their titles are loaded, a phrase bonus per
clause whose stem appears verbatim in the title (``sum idf * 1000``) or else
in the summary (``sum idf * 300``) of the clause's required terms.

Exact titles: every document also gets the term ``=`` + its title's runs
joined (``=마포구``, ``=돌봄``; cut to 64 characters). A query whose clause
stems joined form such a key adds ``sum idf * 3000`` (all clauses' required
terms) to those documents before the top results are picked, so ``돌봄`` or
``마포구`` puts the page titled exactly that first among thousands of matches.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pathlib
import shutil
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from . import tokenizer
from .text import shorten, strip_markdown

if TYPE_CHECKING:
    from ..writer import Writer

FORMAT_VERSION = 1
FIELD_WEIGHTS = {"title": 10.0, "keywords": 5.0, "summary": 3.0, "body": 1.0}
FIELD_B = {"title": 0.3, "keywords": 0.0, "summary": 0.5, "body": 0.75}
K1 = 1.2
MAX_LEVEL = 31
WEIGHTS = [0] + [round(100 * (2 ** (lv / 4) - 1)) for lv in range(1, MAX_LEVEL + 1)]
PHRASE_TITLE = 1000
PHRASE_SUMMARY = 300
PHRASE_EXACT = 3000

KIND_LABELS = {
    "coop": "협동조합",
    "case": "사례",
    "column": "칼럼",
    "newsletter": "소식지",
    "course": "교육",
    "center": "상담센터",
    "program": "지원사업",
    "page": "안내",
    "term": "분류",
}

# Sizing. A shard aims at SHARD_TARGET bytes; a posting list larger than
# BIG_TERM gets a file of its own instead of crowding a shard. The doc store
# puts about CHUNK_TARGET bytes of [url, title, summary, kind] in one file.
SHARD_TARGET = 8 * 1024
BIG_TERM = 4 * 1024
CHUNK_TARGET = 2 * 1024
SUMMARY_CHARS = 90
TITLE_KEY_CHARS = 64
MAX_RESULTS = 20


@dataclass(frozen=True, slots=True)
class IndexStats:
    docs: int
    terms: int
    postings: int
    shards: int
    big_terms: int
    doc_chunks: int
    files: int
    bytes: int  # all files written under out_dir
    index_bytes: int  # t/ only
    store_bytes: int  # d/ only
    build_id: str


def idf_q(n_docs: int, df: int) -> int:
    return max(1, round(100 * math.log(1 + n_docs / df)))


# ---------------------------------------------------------------- encoding


def _varint(out: bytearray, v: int) -> None:
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def _gaps(docs: list[int] | array) -> bytes:
    prev = 0
    gaps = []
    for d in docs:
        gaps.append(d - prev)
        prev = d
    if max(gaps) < 0x80:
        return bytes(gaps)
    out = bytearray()
    for g in gaps:
        while g >= 0x80:
            out.append((g & 0x7F) | 0x80)
            g >>= 7
        out.append(g)
    return bytes(out)


def _tier(out: bytearray, level: int, docs: list[int] | array) -> None:
    n = len(docs)
    first, last = docs[0], docs[-1]
    bitmap_len = ((last - first) >> 3) + 1
    if bitmap_len < n:  # cheaper than even one byte per document
        gaps = None
    else:
        gaps = _gaps(docs)
        if bitmap_len + 4 >= len(gaps):
            out.append(level)
            out.append(0)
            _varint(out, n)
            _varint(out, len(gaps))
            out += gaps
            return
    bm = bytearray(bitmap_len)
    for d in docs:
        i = d - first
        bm[i >> 3] |= 1 << (i & 7)
    out.append(level)
    out.append(1)
    _varint(out, n)
    _varint(out, first)
    _varint(out, bitmap_len)
    out += bm


def encode_posting(docs: array, levels: bytearray) -> bytes:
    out = bytearray()
    lv0 = levels[0]
    if levels.count(lv0) == len(levels):
        out.append(1)
        _tier(out, lv0, docs)
        return bytes(out)
    tiers: dict[int, list[int]] = {}
    for d, lv in zip(docs, levels):
        t = tiers.get(lv)
        if t is None:
            tiers[lv] = [d]
        else:
            t.append(d)
    _varint(out, len(tiers))
    for lv in sorted(tiers, reverse=True):
        _tier(out, lv, tiers[lv])
    return bytes(out)


def encode_term_file(entries: list[tuple[str, int, int, bytes]]) -> bytes:
    """``entries``: (term, df, idf, posting), already sorted by term."""
    out = bytearray()
    _varint(out, len(entries))
    for term, df, idf, posting in entries:
        raw = term.encode("utf-8")
        _varint(out, len(raw))
        out += raw
        _varint(out, df)
        _varint(out, idf)
        _varint(out, len(posting))
    for *_, posting in entries:
        out += posting
    return bytes(out)


# ---------------------------------------------------------------- building


def _sat(tf: int, length: int, avg: float, b: float) -> float:
    norm = K1 * (1 - b + b * (length / avg if avg else 1.0))
    return tf * (K1 + 1) / (tf + norm)


def _level(impact: float) -> int:
    return max(1, min(MAX_LEVEL, round(4 * math.log2(1 + impact))))


def _prepare(docs: Iterable) -> list[tuple[str, str, str, str, str, str]]:
    """(url, title, kind, summary, keywords, body), normalised, URL order."""
    seen: dict[str, None] = {}
    rows = []
    for doc in docs:
        url = doc.url.lstrip("/")
        if url in seen:
            raise ValueError(f"search: two documents with url {url!r}")
        seen[url] = None
        rows.append(
            (
                url,
                doc.title.strip(),
                doc.kind,
                strip_markdown(doc.summary),
                " \n ".join(doc.keywords),
                strip_markdown(doc.body),
            )
        )
    rows.sort(key=lambda r: r[0])
    return rows


def build_postings(rows) -> tuple[dict[str, tuple[array, bytearray]], int]:
    """Term -> (document numbers, impact levels), both in document order."""
    fields = ("title", "keywords", "summary", "body")
    cols = (1, 4, 3, 5)
    count = tokenizer.term_counts
    # pass 1: field lengths in terms, for BM25 length normalisation
    length = tokenizer.term_length
    lengths = [[length(row[c]) for row in rows] for c in cols]
    avgs = [sum(col) / max(1, len(col)) for col in lengths]
    wts = [FIELD_WEIGHTS[f] for f in fields]
    bs = [FIELD_B[f] for f in fields]

    postings: dict[str, tuple[array, bytearray]] = {}
    get = postings.get
    n_post = 0
    for i, row in enumerate(rows):
        counters = [count(row[c])[0] for c in cols]
        body = counters[3]
        small = counters[0].keys() | counters[1].keys() | counters[2].keys()
        # terms of the small fields: full per-field sum
        for t in small:
            impact = 0.0
            for f in range(4):
                tf = counters[f].get(t)
                if tf:
                    impact += wts[f] * _sat(tf, lengths[f][i], avgs[f], bs[f])
            lv = _level(impact)
            p = get(t)
            if p is None:
                postings[t] = p = (array("I"), bytearray())
            p[0].append(i)
            p[1].append(lv)
        # body-only terms: the level depends on tf alone for this document
        cache: dict[int, int] = {}
        blen, bavg, bb = lengths[3][i], avgs[3], bs[3]
        for t, tf in body.items():
            if t in small:
                continue
            lv = cache.get(tf)
            if lv is None:
                lv = cache[tf] = _level(wts[3] * _sat(tf, blen, bavg, bb))
            p = get(t)
            if p is None:
                postings[t] = p = (array("I"), bytearray())
            p[0].append(i)
            p[1].append(lv)
        n_post += len(small) + len(body) - len(small & body.keys())
        key = title_key(row[1])
        if key:
            p = get(key)
            if p is None:
                postings[key] = p = (array("I"), bytearray())
            p[0].append(i)
            p[1].append(1)
            n_post += 1
    return postings, n_post


def title_key(title: str) -> str:
    """The exact-title term of a (raw) title; empty when it has no runs."""
    key = "".join(run for _, run in tokenizer.runs(tokenizer.normalize(title)))
    return "=" + key[:TITLE_KEY_CHARS] if key else ""


def _doc_record(row) -> list[str]:
    url, title, kind, summary, _kw, body = row
    line = summary or body
    return [url, title, shorten(line, SUMMARY_CHARS), kind]


def write_index(
    docs: Iterable,
    out_dir: pathlib.Path,
    *,
    shard_target: int = SHARD_TARGET,
    big_term: int = BIG_TERM,
    chunk_target: int = CHUNK_TARGET,
    max_results: int = MAX_RESULTS,
    writer: Writer | None = None,
) -> IndexStats:
    """Write the index under ``out_dir``.

    With ``writer`` (the site's :class:`~site_plugins.writer.Writer`, ``out_dir``
    inside its folder), every file is claimed from it first, so the index can
    neither leave the site nor overwrite a file another part of the build made.
    """
    out_dir = pathlib.Path(out_dir)
    prefix = ""  # out_dir as a path in the writer's folder
    if writer is not None:
        inside = out_dir.resolve().relative_to(writer.out_dir).as_posix()  # ValueError before anything is removed
        prefix = "" if inside == "." else inside + "/"
    rows = _prepare(docs)
    n = len(rows)
    postings, n_post = build_postings(rows)

    # encode every term, split big from small
    small: list[tuple[str, int, int, bytes]] = []
    big: list[tuple[str, int, int, bytes]] = []
    for term in sorted(postings):
        d, lv = postings[term]
        enc = encode_posting(d, lv)
        entry = (term, len(d), idf_q(n, len(d)), enc)
        (big if len(enc) > big_term else small).append(entry)
    del postings
    small_bytes = sum(len(e[3]) + len(e[0].encode()) + 6 for e in small)
    n_shards = max(1, math.ceil(small_bytes / shard_target))
    shards: list[list] = [[] for _ in range(n_shards)]
    for e in small:
        shards[tokenizer.fnv1a(e[0]) % n_shards].append(e)

    # doc store chunk size from the average record size
    records = [_doc_record(r) for r in rows]
    if records:
        avg = sum(len(json.dumps(r, ensure_ascii=False).encode()) for r in records) / n
        chunk = max(1, int(chunk_target // avg))
    else:
        chunk = 1

    # start from a clean slate: only the directories this module owns
    out_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("t", "d"):
        shutil.rmtree(out_dir / sub, ignore_errors=True)
        (out_dir / sub).mkdir()
    written: dict[str, int] = {}
    digest = hashlib.sha256()

    def write(rel: str, data: bytes) -> None:
        # no compare-before-write: t/ and d/ were just emptied, and the rest is two small files
        path = writer.target(prefix + rel) if writer else out_dir / rel
        path.write_bytes(data)
        written[rel] = len(data)

    def emit(rel: str, data: bytes) -> None:
        digest.update(rel.encode() + b"\0" + data)
        write(rel, data)

    for k, entries in enumerate(shards):
        emit(f"t/{k}.bin", encode_term_file(entries))
    big_table = {}
    for k, e in enumerate(big):
        big_table[e[0]] = k
        emit(f"t/b{k}.bin", encode_term_file([e]))
    for k in range(0, max(1, math.ceil(n / chunk)) if n else 0):
        part = records[k * chunk : (k + 1) * chunk]
        emit(f"d/{k}.json", json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode())

    build_id = digest.hexdigest()[:16]
    manifest = {
        "version": FORMAT_VERSION,
        "build": build_id,
        "docs": n,
        "shards": n_shards,
        "chunk": chunk,
        "max_results": max_results,
        "weights": WEIGHTS,
        "phrase": {"title": PHRASE_TITLE, "summary": PHRASE_SUMMARY, "exact": PHRASE_EXACT},
        "kinds": KIND_LABELS,
        "rules": tokenizer.rules_for_manifest(),
        "big": big_table,
    }
    write("manifest.json", json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode())
    write("search_index.json", material_stub())

    total = sum(written.values())
    return IndexStats(
        docs=n,
        terms=len(small) + len(big),
        postings=n_post,
        shards=n_shards,
        big_terms=len(big),
        doc_chunks=sum(1 for k in written if k.startswith("d/")),
        files=len(written),
        bytes=total,
        index_bytes=sum(v for k, v in written.items() if k.startswith("t/")),
        store_bytes=sum(v for k, v in written.items() if k.startswith("d/")),
        build_id=build_id,
    )


def material_stub() -> bytes:
    """Material's ``search_index.json`` with its config and no documents.

    The theme's bundle fetches this file and hands it to the worker in the
    SETUP message; its ``config.separator`` also drives the ``search.highlight``
    feature on the target page, which matches inside words with it.
    """
    data = {
        "config": {
            "lang": ["ko"],
            "separator": r"[\s\-]+",
            "pipeline": [],
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
        },
        "docs": [],
    }
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def iter_files(out_dir: pathlib.Path) -> Iterable[pathlib.Path]:
    for root, _dirs, files in os.walk(out_dir):
        for f in files:
            yield pathlib.Path(root) / f
