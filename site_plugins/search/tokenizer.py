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
   digits become ASCII, compatibility characters fold, ``iCOOP`` is ``icoop``).
2. **Split into runs** of one script; every other character is a separator:

   * ``ko``: Hangul syllables U+AC00..U+D7A3;
   * ``han``: CJK ideographs U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF;
   * ``latin``: ASCII letters and digits plus Latin letters U+00C0..U+024F
     (except U+00D7 and U+00F7).

   Hangul jamo (an unfinished syllable while typing), punctuation, the middle
   dot ``·``, spaces and everything else separate runs. A change of script
   separates runs too (``iCOOP서울`` gives ``icoop`` and ``서울``).
3. **Terms of a document run** (``ko``/``han``):

   * every overlapping character bigram (``공동육아협동조합을`` gives 공동 동육
     육아 아협 협동 동조 조합 합을), so a word is found inside a compound and
     before a particle;
   * every syllable alone (a *unigram*: ``빵집`` gives 빵 and 집), so a
     one-syllable query finds the words that contain it;
   * a *whole-word* term ``^`` + the first syllable when the run is one
     syllable, or one syllable followed by one of :data:`SUFFIXES` (``집``,
     ``집을``, ``옷과`` give ``^집``, ``^집``, ``^옷``), so those rank first;
   * a *space bigram* across one run of white space when either side is one
     syllable (``헌 옷`` also gives 헌옷, ``집 수리`` gives 집수), so ``헌옷``
     finds "헌 옷". Two longer words are not joined: ``서울시 장터`` must not
     answer ``시장``.

   **Terms of a document run** (``latin``, two characters or more, cut to
   :data:`MAX_LATIN`): the whole run, and when it has four characters or more,
   its character trigrams marked ``~`` (``icoop`` gives ``icoop``, ``~ico``,
   ``~coo``, ``~oop``), so ``coop`` is found inside ``iCOOP``. One-character
   Latin runs are dropped.

   No particle is stripped on the document side.
4. **Query clauses**: the query is split exactly like a document; every run
   that yields terms is one *clause* (AND between clauses). A clause has one
   or more *alternatives* (OR); an alternative is a set of terms that must all
   be in a document (AND), with a *rank*: 0 for the word as typed or a
   curated spelling of it, 1 for a looser reading. A clause's alternatives:

   * ``ko``/``han`` word of two syllables or more: its bigrams (rank 0); so a
     page sharing one bigram of a 3+ syllable word is not a match;
   * one syllable: ``^`` + it (rank 0: the word itself) and the unigram
     (rank 1: inside a longer word);
   * ``latin`` word: the whole word (rank 0) and, from three characters, its
     ``~`` trigrams (rank 1: inside a longer word);
   * every curated spelling of the word (``data/search/spellings.yaml``:
     ``cooperative`` also looks for ``coop``, ``생협`` for ``생활협동조합``):
     that spelling's alternatives, at rank 0 (rank 1 stays 1).

   When the whole query, its runs joined, is a curated spelling (``co-op``),
   it is one clause.
5. **Particle and ending relaxation** (query side only): a ``ko`` run of
   three or more syllables that ends with one of :data:`SUFFIXES` (longest
   first) and keeps a stem of at least two syllables is searched as its stem.
   ``협동조합을`` looks for 협동 동조 조합, ``마포구에서`` for 마포 포구,
   ``운영합니다`` for 운영. Two-syllable runs are never relaxed (``마을``
   stays ``마을``).
6. **Segmentation** (query side, needs the index, see :mod:`.query`): when a
   ``ko`` word of four or more syllables matches no document at all, it is
   split into the fewest indexed words of two or more syllables that occur
   together (``의료협동조합`` → ``의료`` + ``협동조합``), which become
   clauses of their own.
7. **Highlighting and phrase check** use each clause's *stem*: the run, or
   its stem when rule 5 applied.
8. **Shard of a term**: FNV-1a 32-bit over the term's UTF-8 bytes, modulo the
   shard count written in the manifest.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MAX_LATIN = 32
WHOLE = "^"  # prefix of a one-syllable whole-word term
TRIGRAM = "~"  # prefix of a Latin trigram term
TRIGRAM_FROM = 4  # a Latin run gets trigram terms from this length on
SEGMENT_FROM = 4  # a ko word this long or longer may be segmented (rule 6)

# Particles (조사), the plural 들 and common verb/copula endings, as they
# appear glued to the end of a query word. Longest match wins. Used to relax
# a query (rule 5) and to spot a one-syllable word in a document (rule 3).
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
_CJK = "\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Fast path for indexing (same terms, no order).
_CJK_RE = re.compile("[\uac00-\ud7a3]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RE = re.compile("[a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
# Rule 3's space bigrams: two CJK characters across one run of white space where the
# first is a whole run (not preceded by CJK) or the second is (not followed by CJK). The
# second character is looked at, not consumed, so "헌 옷 집" gives both pairs.
_WS = "[ \\t\\n\\r\\f\\v]+"
_SPACE_PAIR_RE = re.compile(
    f"(?<![{_CJK}])([{_CJK}]){_WS}(?=([{_CJK}]))"
    f"|([{_CJK}]){_WS}(?=([{_CJK}])(?![{_CJK}]))"
)


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


def is_whole_word(run: str) -> bool:
    """Rule 3: a one-syllable word, alone or with a particle or ending glued on."""
    return len(run) == 1 or run[1:] in _SUFFIX_SET


def run_terms(script: str, run: str) -> list[str]:
    """Rule 3: the terms of one document run, in order, with repeats."""
    if script == "latin":
        if len(run) < 2:
            return []
        word = run[:MAX_LATIN]
        out = [word]
        if len(word) >= TRIGRAM_FROM:
            out += [TRIGRAM + word[i : i + 3] for i in range(len(word) - 2)]
        return out
    out = [run[i : i + 2] for i in range(len(run) - 1)]
    out += list(run)
    if is_whole_word(run):
        out.append(WHOLE + run[0])
    return out


def terms(text: str) -> list[str]:
    """All terms of a document text, with repeats (rules 1-3): runs in order, then space bigrams."""
    t = normalize(text)
    out: list[str] = []
    for script, run in runs(t):
        out += run_terms(script, run)
    out += space_bigrams(t)
    return out


def space_bigrams(normalized: str) -> list[str]:
    """Rule 3: the bigrams across white space next to a one-syllable word."""
    return [(a or c) + (b or d) for a, b, c, d in _SPACE_PAIR_RE.findall(normalized)]


def _space_bigrams_of(normalized: str, cjk: list[str]) -> list[str]:
    """:func:`space_bigrams`, given the text's script runs (``_CJK_RE.findall``).

    Every space bigram has, on one side of the space, a CJK character with no
    CJK character next to it: a one-character run of its script. A text whose
    runs are all longer has none and skips the pattern, which is slow (it looks
    behind and ahead at every character); two thirds of the fields are such.
    """
    return space_bigrams(normalized) if 1 in map(len, cjk) else []


def term_counts(text: str) -> tuple[Counter, int]:
    """``(Counter(terms(text)), len(terms(text)))``, computed faster.

    The index only needs how often each term occurs, not where, so this
    collects the terms of every run kind in bulk instead of in text order
    (the syllables are counted straight from the joined runs, in C).
    ``tests/test_search_tokenizer.py`` checks it against :func:`terms`.
    """
    if not text:  # most documents have no other names
        return Counter(), 0
    t = normalize(text)
    cjk = _CJK_RE.findall(t)
    out = [r[i : i + 2] for r in cjk for i in range(len(r) - 1)]
    out += [WHOLE + r[0] for r in cjk if len(r) == 1 or r[1:] in _SUFFIX_SET]
    for w in _LATIN_RE.findall(t):
        if len(w) >= 2:
            w = w[:MAX_LATIN]
            out.append(w)
            if len(w) >= TRIGRAM_FROM:
                out += [TRIGRAM + w[i : i + 3] for i in range(len(w) - 2)]
    out += _space_bigrams_of(t, cjk)
    syllables = "".join(cjk)
    counts = Counter(out)
    counts.update(syllables)  # a string: one count per character
    return counts, len(out) + len(syllables)


def term_length(text: str) -> int:
    """``len(terms(text))``, the field length of BM25, without building the terms."""
    if not text:
        return 0
    t = normalize(text)
    n = 0
    cjk = _CJK_RE.findall(t)
    for r in cjk:
        n += 2 * len(r) - 1 + (len(r) == 1 or r[1:] in _SUFFIX_SET)
    for w in _LATIN_RE.findall(t):
        if len(w) >= 2:
            k = min(len(w), MAX_LATIN)
            n += 1 + (k - 2 if k >= TRIGRAM_FROM else 0)
    return n + len(_space_bigrams_of(t, cjk))


# ---------------------------------------------------------------- queries


@dataclass(frozen=True, slots=True)
class Alternative:
    """Terms that must all be in a document; rank 0 is the word itself, 1 a looser reading."""

    terms: tuple[str, ...]
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Clause:
    """One query word: a document matches when one of its alternatives matches."""

    stem: str  # text used for highlighting and the phrase check (rule 7)
    key: str  # the stem as looked up in the spellings and facet tables
    script: str
    alternatives: tuple[Alternative, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term any alternative needs, each once, in order."""
        return tuple(dict.fromkeys(t for a in self.alternatives for t in a.terms))


def _dedupe(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def split_suffix(run: str) -> tuple[str, str]:
    """Rule 5: ``(stem, suffix)`` of a Hangul run, suffix empty when none."""
    if len(run) < 3:
        return run, ""
    for n in range(min(_MAX_SUFFIX, len(run) - 2), 0, -1):
        if run[-n:] in _SUFFIX_SET:
            return run[:-n], run[-n:]
    return run, ""


def word_alternatives(script: str, word: str) -> list[Alternative]:
    """Rule 4: the alternatives of one word (a stem or a Latin run), spellings aside."""
    if script == "latin":
        if len(word) < 2:
            return []
        word = word[:MAX_LATIN]
        out = [Alternative((word,), 0)]
        if len(word) >= 3:
            out.append(Alternative(_dedupe(TRIGRAM + word[i : i + 3] for i in range(len(word) - 2)), 1))
        return out
    if len(word) == 1:
        return [Alternative((WHOLE + word,), 0), Alternative((word,), 1)]
    return [Alternative(_dedupe(word[i : i + 2] for i in range(len(word) - 1)), 0)]


def phrase_alternatives(text: str) -> list[Alternative]:
    """Alternatives of a curated spelling, which may be several runs (``co-op``)."""
    found = runs(normalize(text))
    if len(found) == 1:
        return word_alternatives(*found[0])
    terms_: list[str] = []
    for script, run in found:
        alts = word_alternatives(script, run)
        if alts:
            terms_ += alts[0].terms
    return [Alternative(_dedupe(terms_), 0)] if terms_ else []


def spelling_key(text: str) -> str:
    """How a spelling and a query word are compared: normalised runs joined (``co-op`` → ``coop``)."""
    return "".join(run for _, run in runs(normalize(text)))


def make_clause(script: str, stem: str, spellings: dict[str, list[str]] | None = None) -> Clause | None:
    """A clause for one word, with its curated spellings' alternatives."""
    alts = word_alternatives(script, stem)
    if not alts:
        return None
    key = stem[:MAX_LATIN] if script == "latin" else stem
    for other in (spellings or {}).get(key, ()):
        alts += phrase_alternatives(other)
    unique = tuple(dict.fromkeys(alts))
    return Clause(stem=key, key=key, script=script, alternatives=unique)


def parse_query(text: str, spellings: dict[str, list[str]] | None = None) -> list[Clause]:
    """Rules 4-5: the clauses of a query string; repeated clauses merge.

    ``spellings``: curated spelling key -> the other spellings it also looks for
    (the manifest's ``spellings``; see :func:`site_plugins.spellings.spelling_table`).
    """
    spellings = spellings or {}
    found = runs(normalize(text))
    joined = "".join(run for _, run in found)
    if len(found) > 1 and joined in spellings:
        script = found[0][0] if all(s == found[0][0] for s, _ in found) else "latin"
        clause = make_clause(script, joined, spellings)
        return [clause] if clause else []
    clauses: list[Clause] = []
    seen: set[str] = set()
    for script, run in found:
        stem = split_suffix(run)[0] if script == "ko" else run
        clause = make_clause(script, stem, spellings)
        if clause is None or clause.key in seen:
            continue
        seen.add(clause.key)
        clauses.append(clause)
    return clauses


def fnv1a(term: str) -> int:
    """Rule 8: FNV-1a 32-bit hash of the UTF-8 bytes of ``term``."""
    h = 0x811C9DC5
    for b in term.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def rules_for_manifest() -> dict:
    """The data half of the rules, shipped to the browser in the manifest."""
    return {"suffixes": list(SUFFIXES), "max_latin": MAX_LATIN, "segment_from": SEGMENT_FROM}
