"""Golden tests of the search tokenizer rules (site_plugins.search.tokenizer)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_plugins.search import tokenizer as T
from site_plugins.search.text import shorten, strip_markdown


def bigrams(text):
    return [t for t in T.terms(text) if len(t) == 2 and t[0] not in "^~"]


def test_document_terms_are_bigrams_inside_compounds_and_particles():
    assert bigrams("공동육아협동조합을") == ["공동", "동육", "육아", "아협", "협동", "동조", "조합", "합을"]
    assert "돌봄" in T.terms("어르신돌봄사회적협동조합")
    assert "주택" in T.terms("청년주택협동조합")


def test_every_syllable_is_a_unigram_and_one_syllable_words_are_marked():
    assert T.terms("빵집") == ["빵집", "빵", "집"]
    assert T.terms("집 한 채") == ["집", "^집", "한", "^한", "채", "^채", "집한", "한채"]
    assert "^빵" in T.terms("빵을 굽습니다")  # a particle after one syllable: still the word 빵
    assert "^빵" not in T.terms("동네빵집")


def test_bigrams_never_cross_a_separator_or_script_change():
    assert bigrams("마포 구") == ["마포", "포구"]  # 구 stands alone: joined across the space
    assert bigrams("마포구 돌봄") == ["마포", "포구", "돌봄"]  # two longer words are not joined
    assert bigrams("농업·임업") == ["농업", "임업"]
    assert T.terms("GS25편의점")[:2] == ["gs25", "~gs2"]
    assert "25편" not in T.terms("GS25편의점")


def test_space_bigrams_next_to_one_syllable_words():
    assert "헌옷" in T.terms("헌 옷과 가구")
    assert "집수" in T.terms("집 수리")
    assert "시장" not in T.terms("서울시 장터")  # neither side is one syllable


def test_normalisation_folds_width_and_case():
    assert T.terms("ＩＣＴ 협동조합")[:4] == ["ict", "협동", "동조", "조합"]
    assert T.terms("Café") == ["café", "~caf", "~afé"]
    assert T.terms("iCOOP")[0] == "icoop"


def test_latin_runs_are_whole_words_and_trigrams():
    assert T.terms("a ICT 3층 02-123-4567") == ["ict", "층", "^층", "02", "123", "4567", "~456", "~567"]
    assert T.terms("x" * 40)[0] == "x" * T.MAX_LATIN
    assert T.terms("icoop") == ["icoop", "~ico", "~coo", "~oop"]


def test_jamo_and_punctuation_are_separators():
    assert T.terms("협ㄷ") == ["협", "^협"]
    assert T.terms("!!!") == []


def test_han_runs_get_bigrams():
    assert bigrams("協同組合") == ["協同", "同組", "組合"]


def alts(clause):
    return [(a.terms, a.rank) for a in clause.alternatives]


@pytest.mark.parametrize(
    "query, stem, alternatives",
    [
        ("협동조합", "협동조합", [(("협동", "동조", "조합"), 0)]),
        ("협동조합을", "협동조합", [(("협동", "동조", "조합"), 0)]),
        ("마포구에서", "마포구", [(("마포", "포구"), 0)]),
        ("운영합니다", "운영", [(("운영",), 0)]),
        ("어르신들이", "어르신", [(("어르", "르신"), 0)]),
        ("마을", "마을", [(("마을",), 0)]),  # two syllables are never relaxed
        ("돌봄을", "돌봄", [(("돌봄",), 0)]),
        ("빵", "빵", [(("^빵",), 0), (("빵",), 1)]),  # the word first, then inside words
        ("ICT", "ict", [(("ict",), 0), (("~ict",), 1)]),
        ("coop", "coop", [(("coop",), 0), (("~coo", "~oop"), 1)]),
        ("it", "it", [(("it",), 0)]),
    ],
)
def test_query_alternatives(query, stem, alternatives):
    (clause,) = T.parse_query(query)
    assert (clause.stem, alts(clause)) == (stem, alternatives)


def test_curated_spellings_add_alternatives():
    spellings = {"생협": ["생활협동조합"], "coop": ["cooperative", "co-op"]}
    (clause,) = T.parse_query("생협", spellings)
    assert alts(clause) == [(("생협",), 0), (("생활", "활협", "협동", "동조", "조합"), 0)]
    (clause,) = T.parse_query("co-op", spellings)  # the whole query, runs joined, is a spelling
    assert clause.stem == "coop" and (("co", "op"), 0) in alts(clause)


def test_query_words_become_clauses_and_repeats_merge():
    clauses = T.parse_query("마포구  돌봄 마포구 a")
    assert [c.stem for c in clauses] == ["마포구", "돌봄"]


def test_query_of_nothing_searchable():
    assert T.parse_query("  -- ! ") == []


def test_fnv1a_known_values():
    # FNV-1a 32 reference values; the JS must give the same numbers
    assert T.fnv1a("") == 0x811C9DC5
    assert T.fnv1a("a") == 0xE40C292C
    assert T.fnv1a("foobar") == 0xBF9CF968


def test_strip_markdown():
    md = (
        "# 제목\n\n**굵게** 그리고 [링크](https://example.org/x) ![그림](a.png)\n\n"
        "```python\nprint(1)\n```\n\n<div class=\"note\">안내</div> &amp; {: .big }\n"
        "- 목록 하나\n> 인용\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n"
    )
    out = strip_markdown(md)
    assert "https" not in out and "class" not in out and "**" not in out and "#" not in out
    for word in ("제목", "굵게", "링크", "그림", "print(1)", "안내", "&", "목록 하나", "인용", "가", "나"):
        assert word in out
    assert strip_markdown("평범한 글입니다.") == "평범한 글입니다."


def test_shorten():
    assert shorten("짧은 글", 10) == "짧은 글"
    assert shorten("가나다 라마바 사아자 차카타", 10) == "가나다 라마바…"

_ALPHABET = st.sampled_from(list("협동조합마포구돌봄가나 ·-.,!abcXYZ09éÀ×ㄱ漢字ＡＢ①ﬁ\n\t") + ["을", "에서"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_term_counts_is_counter_of_terms(text):
    counts, n = T.term_counts(text)
    assert counts == Counter(T.terms(text))
    assert n == len(T.terms(text)) == T.term_length(text)
