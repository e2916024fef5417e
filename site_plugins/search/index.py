"""Build the sharded Korean search index.

Layout of ``out_dir`` (``<site>/search/``)::

    search_index.json   Material's file, config only and no documents, so the
                        theme's main bundle still has something to fetch and
                        the big lunr index is never shipped
    manifest.json       counts, shard count, the table of big terms, score
                        weights, result labels, the tokenizer rules, the facet
                        words and the curated spellings
    t/<n>.bin           inverted-index shard n: the small terms whose
                        FNV-1a hash modulo the shard count is n
    t/b<n>.bin          one big term (a posting list too large to share)
    d/<n>.json          doc store chunk n: [url, title, summary, kind] (plus
                        the other names joined by " · " when there are any) for
                        documents n*chunk .. n*chunk+chunk-1

Documents are numbered in URL order. Every (term, document) pair gets one
precomputed *level* 1..32 that says first *where* the term is and then how
strongly: ``level = 1 + 8 * class + sub``, where class is the best field
holding the term (3 title or other names, 2 keywords (facet labels),
1 summary, 0 body) and ``sub`` 0..7 grows with the field's BM25 saturation
(``tf * (K1 + 1) / (tf + K1 * (1 - b + b * len / avg))``), plus a quarter of
the lower fields'. So any name or title match outranks any body mention of
the same word, which is what "names and titles first" asks. A posting list
is stored as tiers, one per level, highest first; each tier is its document
numbers either as LEB128 varint gaps or as a bitmap, whichever is smaller.
So the level costs nothing per posting, and a term found in every document
costs N/8 bytes.

Binary term file (shard or big term), all integers LEB128 varints::

    count
    count x (utf8_len, utf8 bytes, df, idf, posting_len)   sorted by term
    postings, concatenated in the same order
    posting = tiers, tiers x (level byte, encoding byte, n, payload)
      encoding 0: byte_len, n gaps (first gap is the document number)
      encoding 1: first document, byte_len, bitmap (bit i: document first+i)

Special terms, beside the tokenizer's (:mod:`.tokenizer`, rule 3):

* ``=`` + a title's runs joined (``=마포구``), and the same for every other
  name (``=아이쿱``), cut to 64 characters: the *exact-name* key;
* ``@`` + facet parameter + ``:`` + term id (``@district:mapo``): the
  documents that belong to a facet term (co-ops at level 1, the term's own
  page at level 2), for "co-ops of that term first".

Query ranking (:mod:`.query`, step for step the same in the worker), in
integers so Python and JS agree exactly. Per clause and document::

    value = max over the clause's matching alternatives of
            min(level of the alternative's terms) + 32 * (1 - rank)
    weight(clause) = max over alternatives with every term indexed of sum(idf)

then documents sort by, in order: the facet levels summed over the clauses
that name a facet (co-ops of the named district, industry or field first),
whether the query is a document's exact name, ``sum weight * WEIGHTS[value]``,
and the document number. ``idf = round(100 * ln(1 + N / df))``,
``WEIGHTS[v] = round(100 * (2 ** (v / 4) - 1))``. Once the titles of the
first page (:data:`PAGE` results) are loaded, a clause whose stem appears
verbatim in a title adds ``weight * PHRASE_TITLE`` (in the summary
``weight * PHRASE_SUMMARY``); this only reorders that first page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import operator
import os
import pathlib
import shutil
from array import array
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING

from . import tokenizer
from .text import plain_line, shorten, strip_markdown

if TYPE_CHECKING:
    from ..writer import Writer

FORMAT_VERSION = 2
# Field order of a prepared row (after url, title, kind): see _prepare().
FIELDS = ("title", "aliases", "keywords", "summary", "body")
FIELD_CLASS = (3, 3, 2, 1, 0)  # title and other names, keywords, summary, body
FIELD_B = (0.3, 0.3, 0.0, 0.5, 0.75)  # BM25 length normalisation per field
K1 = 1.2
CLASS_WIDTH = 8  # sub-levels per class
MAX_LEVEL = 1 + 4 * CLASS_WIDTH - 1  # 32
RANK_GAP = 32  # added to a rank-0 alternative's level: the word as typed beats a looser reading
WEIGHTS = [0] + [round(100 * (2 ** (v / 4) - 1)) for v in range(1, MAX_LEVEL + RANK_GAP + 1)]
PHRASE_TITLE = 20000
PHRASE_SUMMARY = 5000
PAGE = 10  # results Material renders at once; their titles load before the answer
EXACT = "="
FACET = "@"

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


# Runs an iterator to its end, keeping nothing (each step's work is the point).
_drain = deque(maxlen=0).extend


def _varint(out: bytearray, v: int) -> None:
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def _varint_bytes(v: int) -> bytes:
    out = bytearray()
    _varint(out, v)
    return bytes(out)


@functools.cache
def _varints() -> list[bytes]:
    """The varint of every gap below 2**16, so a posting list is joined in C, not looped over."""
    return [_varint_bytes(v) for v in range(1 << 16)]


def _gaps(docs: list[int], base: int = 0) -> bytes:
    """Varint gaps of ascending numbers, the first from ``base`` (see :func:`_tier`)."""
    gaps = [docs[0] - base]
    gaps += map(operator.sub, docs[1:], docs)
    top = max(gaps)
    if top < 0x80:
        return bytes(gaps)
    if top < 1 << 16:
        return b"".join(map(_varints().__getitem__, gaps))
    out = bytearray()
    for g in gaps:
        _varint(out, g)
    return bytes(out)


# 0 and 1 bytes to the digits "0" and "1"
_DIGITS = bytes.maketrans(b"\0\1", b"01")


def _bitmap(docs: list[int], first: int, length: int) -> bytes:
    """``length`` bytes, bit ``d - first`` set for each of ``docs`` (least significant bit first).

    That is the little-endian bytes of the integer with those bits set, made from a
    string of binary digits: all in C, where a loop setting each bit was in Python.
    """
    flags = bytearray(length * 8)
    _drain(map(flags.__setitem__, map(operator.sub, docs, repeat(first)), repeat(1)))
    return int(flags.translate(_DIGITS)[::-1], 2).to_bytes(length, "little")


def _tier(out: bytearray, level: int, docs: list[int], base: int = 0) -> None:
    """One tier: ``docs`` are document numbers plus ``base`` (a posting code's level part)."""
    n = len(docs)
    first, last = docs[0], docs[-1]
    bitmap_len = ((last - first) >> 3) + 1
    if bitmap_len < n:  # cheaper than even one byte per document
        gaps = None
    else:
        gaps = _gaps(docs, base)
        if bitmap_len + 4 >= len(gaps):
            out.append(level)
            out.append(0)
            _varint(out, n)
            _varint(out, len(gaps))
            out += gaps
            return
    out.append(level)
    out.append(1)
    _varint(out, n)
    _varint(out, first - base)
    _varint(out, bitmap_len)
    out += _bitmap(docs, first, bitmap_len)


# A posting is one integer, level first: (MAX_LEVEL - level) << DOC_BITS | document.
# Sorted, a term's postings are its tiers from the highest level down, each in
# document order: what the file stores, so a posting list is encoded by one C sort.
DOC_BITS = 26
MAX_DOCS = 1 << DOC_BITS


def posting_code(doc: int, level: int) -> int:
    return (MAX_LEVEL - level) << DOC_BITS | doc


def encode_posting(codes: array | list[int]) -> bytes:
    """A term's postings (:func:`posting_code`, any order) as stored: tiers, highest level first."""
    codes = sorted(codes)
    top, bottom = codes[0] >> DOC_BITS, codes[-1] >> DOC_BITS
    out = bytearray()
    if top == bottom:
        out.append(1)
        _tier(out, MAX_LEVEL - top, codes, top << DOC_BITS)
        return bytes(out)
    tiers = []
    start = 0
    while start < len(codes):
        part = codes[start] >> DOC_BITS
        end = bisect_left(codes, (part + 1) << DOC_BITS, start)
        tiers.append((part, codes[start:end]))
        start = end
    _varint(out, len(tiers))
    for part, docs in tiers:
        _tier(out, MAX_LEVEL - part, docs, part << DOC_BITS)
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


# (url, title, kind, title text, aliases text, keywords text, summary, body, aliases, facets)
Row = tuple[str, str, str, str, str, str, str, str, tuple[str, ...], tuple[tuple[str, str], ...]]


def _prepare(docs: Iterable) -> list[Row]:
    """One row per document, normalised, in URL order."""
    seen: dict[str, None] = {}
    rows = []
    for doc in docs:
        url = doc.url.lstrip("/")
        if url in seen:
            raise ValueError(f"search: two documents with url {url!r}")
        seen[url] = None
        title = doc.title.strip()
        aliases = tuple(a.strip() for a in getattr(doc, "aliases", ()) if a.strip())
        rows.append(
            (
                url,
                title,
                doc.kind,
                title,
                " \n ".join(aliases),
                " \n ".join(doc.keywords),
                plain_line(doc.summary),  # one-line fields are text, never Markdown
                strip_markdown(doc.body),
                aliases,
                tuple(getattr(doc, "facets", ())),
            )
        )
    rows.sort(key=lambda r: r[0])
    return rows


class _DocLevels(dict):
    """Posting codes of one document, by a term's count in each field.

    Keys are ``(tf in title, aliases, keywords, summary, body)``, 0 where the term
    is absent. A document's couple of hundred terms share about twenty such keys
    (most terms occur once, in one field), so each level is worked out once per
    key, and the lookups run in C through ``map``.

    The level (module docstring): the best field's class, then its BM25
    saturation ``tf * (K1 + 1) / (tf + K1 * (1 - b + b * len / avg))`` plus a
    quarter of the other fields' (title before other names, then keywords,
    summary, body), ``1 + 8 * class + min(7, int(3 * (best + 0.25 * lower)))``.
    A term found in the body alone is class 0.
    """

    def __init__(self, doc: int, lengths: list[int], avgs: list[float]) -> None:
        super().__init__()
        self.doc = doc
        # each field's `K1 * (1 - b + b * len / avg)`, once per document
        self.norms = [K1 * (1 - b + b * (length / avg if avg else 1.0)) for length, avg, b in zip(lengths, avgs, FIELD_B)]

    def __missing__(self, sig: tuple[int, ...]) -> int:
        norms = self.norms
        k1 = K1 + 1
        best_cls = -1
        best = lower = 0.0
        for f, tf in enumerate(sig):
            if not tf:
                continue
            s = tf * k1 / (tf + norms[f])  # saturation
            if f == _BODY:  # the body adds to the lower fields' share, or is the only field
                if best_cls < 0:
                    best_cls, best = 0, s
                else:
                    lower += s
                continue
            cls = FIELD_CLASS[f]
            if cls > best_cls:
                lower += best
                best_cls, best = cls, s
            elif cls == best_cls:
                if s > best:
                    lower += best
                    best = s
                else:
                    lower += s
            else:
                lower += s
        level = 1 + CLASS_WIDTH * best_cls + min(CLASS_WIDTH - 1, int(3 * (best + 0.25 * lower)))
        self[sig] = code = posting_code(self.doc, level)
        return code


class _BodyLevels(dict):
    """Posting codes of one document's body-only terms, by their count in the body."""

    def __init__(self, levels: _DocLevels) -> None:
        super().__init__()
        self.levels = levels

    def __missing__(self, tf: int) -> int:
        self[tf] = code = self.levels[(0,) * _BODY + (tf,)]
        return code


_BODY = len(FIELDS) - 1


def build_postings(rows: list[Row]) -> tuple[dict[str, array], int]:
    """Term -> its postings (:func:`posting_code`), in document order.

    The inner loops are ``map`` over dictionary and array methods, so the six
    million (term, document) pairs of 30,000 co-ops cost no Python bytecode each:
    the Python-level work is per document and per distinct level.
    """
    if len(rows) > MAX_DOCS:
        raise ValueError(f"search: more than {MAX_DOCS} documents")
    count = tokenizer.term_counts
    cols = range(3, 8)
    # pass 1: field lengths in terms, for BM25 length normalisation (counting without
    # keeping the terms: 30,000 documents' counters at once would take a gigabyte)
    length = tokenizer.term_length
    lengths = [[length(row[c]) for c in cols] for row in rows]
    n_fields = len(FIELDS)
    avgs = [sum(doc[f] for doc in lengths) / max(1, len(rows)) for f in range(n_fields)]

    postings: defaultdict[str, array] = defaultdict(partial(array, "I"))
    posting_list = postings.__getitem__

    def add_all(terms: Iterable[str], codes: Iterable[int]) -> None:
        _drain(map(array.append, map(posting_list, terms), codes))

    n_post = 0
    for i, row in enumerate(rows):
        counters = [count(row[c])[0] for c in cols]
        body = counters[_BODY]
        levels = _DocLevels(i, lengths[i], avgs)
        # terms of the short fields: the level from the term's count in every field
        small = set(counters[0]).union(*counters[1:_BODY])
        signatures = zip(*(map(counter.get, small, repeat(0)) for counter in counters))
        add_all(small, map(levels.__getitem__, signatures))  # a set's order holds while it is unchanged
        # body-only terms: the level depends on tf alone for this document
        body_only = body.keys() - small
        add_all(body_only, map(_BodyLevels(levels).__getitem__, map(body.__getitem__, body_only)))
        n_post += len(small) + len(body_only)
        # exact-name keys and facet membership
        keys = dict.fromkeys(k for k in (title_key(row[1]), *map(title_key, row[8])) if k)
        add_all(keys, repeat(posting_code(i, 1)))
        facets = [facet_term(param, term_id) for param, term_id in dict.fromkeys(row[9])]
        add_all(facets, repeat(posting_code(i, 2 if row[2] == "term" else 1)))
        n_post += len(keys) + len(facets)
    return dict(postings), n_post


def title_key(title: str) -> str:
    """The exact-name term of a (raw) title or other name; empty when it has no runs."""
    key = tokenizer.spelling_key(title)
    return EXACT + key[:TITLE_KEY_CHARS] if key else ""


def facet_term(param: str, term_id: str) -> str:
    """The term listing the documents of one facet term (``@district:mapo``)."""
    return f"{FACET}{param}:{term_id}"


def _doc_record(row: Row) -> list[str]:
    url, title, kind, _t, _a, _kw, summary, body, aliases, _f = row
    line = summary or body
    record = [url, title, shorten(line, SUMMARY_CHARS), kind]
    if aliases:
        record.append(" · ".join(aliases))
    return record


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the index knows about words besides the documents.

    ``facets``: (directory parameter, term id, label, spellings) for every
    facet term a query may name, in a fixed order (first spelling wins on a
    clash); ``spellings``: curated spelling key -> the other spellings a query
    for it also looks for (:func:`site_plugins.spellings.spelling_table`).
    """

    facets: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    spellings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def manifest(self) -> dict:
        keys: dict[str, int] = {}
        for index, (_param, _id, _label, spellings) in enumerate(self.facets):
            for spelling in spellings:
                key = tokenizer.spelling_key(spelling)
                if key:
                    keys.setdefault(key, index)
        return {
            "facets": [[param, term_id, label] for param, term_id, label, _ in self.facets],
            "facet_keys": dict(sorted(keys.items())),
            "spellings": {key: list(others) for key, others in sorted(self.spellings)},
        }


def write_index(
    docs: Iterable,
    out_dir: pathlib.Path,
    *,
    vocabulary: Vocabulary | None = None,
    shard_target: int = SHARD_TARGET,
    big_term: int = BIG_TERM,
    chunk_target: int = CHUNK_TARGET,
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
        codes = postings[term]
        enc = encode_posting(codes)
        entry = (term, len(codes), idf_q(n, len(codes)), enc)
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
    for k in range(max(1, math.ceil(n / chunk)) if n else 0):
        part = records[k * chunk : (k + 1) * chunk]
        emit(f"d/{k}.json", json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode())

    vocab = (vocabulary or Vocabulary()).manifest()
    digest.update(json.dumps(vocab, ensure_ascii=False, sort_keys=True).encode())
    build_id = digest.hexdigest()[:16]
    manifest = {
        "version": FORMAT_VERSION,
        "build": build_id,
        "docs": n,
        "shards": n_shards,
        "chunk": chunk,
        "page": PAGE,
        "weights": WEIGHTS,
        "rank_gap": RANK_GAP,
        "phrase": {"title": PHRASE_TITLE, "summary": PHRASE_SUMMARY},
        "kinds": KIND_LABELS,
        "rules": tokenizer.rules_for_manifest(),
        "big": big_table,
        **vocab,
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
