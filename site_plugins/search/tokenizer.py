"""Tokenizer rules of the Korean search: the one place they are written down.

The same rules run in two places: here, when the index is built (and in the
reference :func:`site_plugins.search.query.query`), and in the browser, in
``site_plugins/assets/search/search-worker.js``, when a query is typed. The
suffix lists below travel to the browser inside ``manifest.json`` so the two
sides cannot drift apart on data; ``tests/test_search_js.py`` runs both
implementations on the same strings to keep the code in agreement.

Rules
=====

1. **Normalise**: Unicode NFKC, then lower case (full-width letters and
   digits become ASCII, compatibility characters fold).
2. **Split into runs** of one script; every other character is a separator:

   * ``ko``: Hangul syllables U+AC00..U+D7A3;
   * ``han``: CJK ideographs U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF;
   * ``latin``: ASCII letters and digits plus Latin letters U+00C0..U+024F
     (except U+00D7 and U+00F7).

   Hangul jamo (an unfinished syllable while typing), punctuation, the middle
   dot ``·``, spaces and everything else separate runs. A change of script
   separates runs too (``GS25편의점`` gives ``gs25`` and ``편의점``).
3. **Terms of a document run**:

   * ``ko``/``han`` run of one character: that character (a unigram term);
   * ``ko``/``han`` run of two or more: every overlapping character bigram
     (``공동육아협동조합을`` gives 공동 동육 육아 아협 협동 동조 조합 합을).
     Bigrams never cross a run boundary;
   * ``latin`` run of two or more characters: the whole run, cut to
     :data:`MAX_LATIN` characters. One-character Latin runs are dropped.

   No particle is stripped on the document side: a bigram index finds
   ``협동조합`` inside ``공동육아협동조합을`` without knowing what ``을`` is.
4. **Query clauses**: the query is split exactly like a document; every run
   that yields terms is one *clause*. A document matches when it holds every
   *required* term of every clause (AND between words, AND between the
   bigrams of one word, so a page sharing one bigram of a 3+ syllable word is
   not a match). A clause's *optional* terms are not looked up: each could
   cost one more file fetch for a negligible change in score.
5. **Particle and ending relaxation** (query side only): for a ``ko`` run of
   three or more syllables that ends with one of :data:`SUFFIXES` (longest
   first) and keeps a stem of at least two syllables, the bigrams of the stem
   are required and the bigrams that touch the suffix are optional (rule 4).
   ``협동조합을`` requires 협동 동조 조합 (``합을`` is optional), ``마포구에서``
   requires 마포 포구, ``운영합니다`` requires 운영. Two-syllable runs are never
   relaxed (``마을`` stays ``마을``).
6. **Highlighting and phrase check** use each clause's *stem*: the run itself,
   or its stem when rule 5 applied. A stem found verbatim in a result's title
   or summary (after rule 1) adds the phrase bonus of :mod:`.index`.
7. **Shard of a term**: FNV-1a 32-bit over the term's UTF-8 bytes, modulo the
   shard count written in the manifest.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MAX_LATIN = 32

# Particles (조사), the plural 들 and common verb/copula endings, as they
# appear glued to the end of a query word. Longest match wins. Only used to
# relax a query (rule 5); never to cut a document.
SUFFIXES: tuple[str, ...] = (
    # particles
    "이", "가", "을", "를", "은", "는", "의", "에", "와", "과", "도", "로", "만", "께",
    "에서", "에게", "한테", "으로", "부터", "까지", "처럼", "보다", "이나", "이며",
    "이고", "에는", "에도", "에서는", "에서도", "으로는", "으로도", "와의", "과의",
    "에의", "이라는", "라는", "이란", "란", "에게는", "까지는", "부터는", "마다",
    "들", "들이", "들은", "들을", "들의", "들과", "들에게", "들도",
    # verb / adjective / copula endings after a noun (하다, 되다, 이다, 있다)
    "하다", "한다", "하는", "하고", "하여", "해서", "했다", "하며", "하기", "하면",
    "합니다", "했습니다", "하였다", "하였습니다", "할", "한", "함",
    "되다", "된다", "되는", "되어", "됩니다", "되었다", "된",
    "이다", "입니다", "였다", "이었다",
    "있는", "있다", "있습니다", "없는", "없다",
)

_SUFFIX_SET = frozenset(SUFFIXES)
_MAX_SUFFIX = max(len(s) for s in SUFFIXES)

# One alternative per script, in the order the JS uses.
_RUN_RE = re.compile(
    "([\uac00-\ud7a3]+)"
    "|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    "|([a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)"
)


# Fast path for indexing (same terms, no order): one pattern per kind of run.
_CJK_RE = re.compile("[\uac00-\ud7a3]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RE = re.compile("[a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def normalize(text: str) -> str:
    """Rule 1: NFKC, then lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[tuple[str, str]]:
    """Rule 2: ``(script, run)`` pairs of already normalised text."""
    out = []
    for m in _RUN_RE.finditer(text):
        ko, han, latin = m.groups()
        if ko is not None:
            out.append(("ko", ko))
        elif han is not None:
            out.append(("han", han))
        else:
            out.append(("latin", latin))
    return out


def run_terms(script: str, run: str) -> list[str]:
    """Rule 3: the terms of one run, in order, with repeats."""
    if script == "latin":
        return [run[:MAX_LATIN]] if len(run) >= 2 else []
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str) -> list[str]:
    """All terms of a document text, in order, with repeats (rules 1-3)."""
    out: list[str] = []
    for script, run in runs(normalize(text)):
        if script == "latin":
            if len(run) >= 2:
                out.append(run[:MAX_LATIN])
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend([run[i : i + 2] for i in range(len(run) - 1)])
    return out


def term_counts(text: str) -> tuple[Counter, int]:
    """``(Counter(terms(text)), len(terms(text)))``, computed faster.

    The index only needs how often each term occurs, not where, so this
    collects the terms of every run kind in bulk instead of in text order.
    ``tests/test_search_tokenizer.py`` checks it against :func:`terms`.
    """
    t = normalize(text)
    cjk = _CJK_RE.findall(t)
    out = [r[i : i + 2] for r in cjk for i in range(len(r) - 1)]
    out += [r for r in cjk if len(r) == 1]
    out += [w[:MAX_LATIN] for w in _LATIN_RE.findall(t) if len(w) >= 2]
    return Counter(out), len(out)


def term_length(text: str) -> int:
    """``len(terms(text))`` without building the terms."""
    t = normalize(text)
    n = sum(len(r) - 1 or 1 for r in _CJK_RE.findall(t))
    return n + sum(len(w) >= 2 for w in _LATIN_RE.findall(t))


@dataclass(frozen=True, slots=True)
class Clause:
    """One query word: terms it must have; optional ones are not searched."""

    stem: str  # text used for highlighting and the phrase check (rule 6)
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def split_suffix(run: str) -> tuple[str, str]:
    """Rule 5: ``(stem, suffix)`` of a Hangul run, suffix empty when none."""
    if len(run) < 3:
        return run, ""
    for n in range(min(_MAX_SUFFIX, len(run) - 2), 0, -1):
        if run[-n:] in _SUFFIX_SET:
            return run[:-n], run[-n:]
    return run, ""


def parse_query(text: str) -> list[Clause]:
    """Rules 4-5: the clauses of a query string; repeated clauses merge."""
    clauses: list[Clause] = []
    seen: set[tuple[str, ...]] = set()
    for script, run in runs(normalize(text)):
        if script == "ko":
            stem, suffix = split_suffix(run)
        else:
            stem, suffix = run, ""
        all_terms = run_terms(script, run)
        if not all_terms:
            continue
        if suffix:
            required = _dedupe(run_terms(script, stem))
            optional = tuple(t for t in _dedupe(all_terms) if t not in required)
        else:
            required, optional = _dedupe(all_terms), ()
        if script == "latin":
            stem = stem[:MAX_LATIN]
        key = required + ("|",) + optional
        if key in seen:
            continue
        seen.add(key)
        clauses.append(Clause(stem=stem, required=required, optional=optional))
    return clauses


def fnv1a(term: str) -> int:
    """Rule 7: FNV-1a 32-bit hash of the UTF-8 bytes of ``term``."""
    h = 0x811C9DC5
    for b in term.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def rules_for_manifest() -> dict:
    """The data half of the rules, shipped to the browser in the manifest."""
    return {"suffixes": list(SUFFIXES), "max_latin": MAX_LATIN}
