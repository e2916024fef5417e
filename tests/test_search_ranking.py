"""Golden tests of the index and ranking, through the reference query engine."""

from __future__ import annotations

import hashlib
import json
import pathlib
import random

import pytest

from site_plugins.search import SearchDoc, asset_files, query, write_index
from site_plugins.search.index import iter_files
from site_plugins.search.query import Index

try:
    from test_search_fixtures import DOCS, VOCABULARY
except ImportError:  # tests/ imported as a package
    from .test_search_fixtures import DOCS, VOCABULARY


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site") / "search"
    write_index(DOCS, out, vocabulary=VOCABULARY)
    return out


def q(index_dir, text):
    return query(index_dir, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("협동조합", "coops/mapo-gongdong/"),  # inside 공동육아협동조합을
        ("육아", "coops/mapo-gongdong/"),
        ("돌봄", "coops/eunpyeong-dolbom/"),  # inside 어르신돌봄
        ("주택", "coops/seongbuk-house/"),  # inside 청년주택협동조합
        ("협동조합을", "coops/mapo-gongdong/"),  # particle on the query
        ("마포구에서", "coops/mapo-gongdong/"),
        ("운영합니다", "coops/mapo-gongdong/"),  # ending on the query
        ("어르신들", "coops/eunpyeong-dolbom/"),
        ("ict", "courses/startup/"),
        ("4567", "centers/seobuk/"),
        ("constructor", "courses/startup/"),
        ("proto", "courses/startup/"),
    ],
)
def test_compound_and_particle_queries_find_the_page(index_dir, text, expected):
    assert expected in q(index_dir, text)


def test_and_semantics_narrow_results(index_dir):
    assert set(q(index_dir, "마포 돌봄")) == {"cases/dolbom-story/", "coops/mapo-care/"}
    assert set(q(index_dir, "돌봄")) > set(q(index_dir, "마포 돌봄"))
    assert q(index_dir, "마포 주택") == []


def test_count_is_every_match(index_dir, tmp_path):
    """No cap: a word in 50 documents gives 50 results, all of them ranked."""
    docs = [SearchDoc(url=f"coops/c{i:03d}/", title=f"협동조합 {i}", kind="coop") for i in range(50)]
    write_index(docs, tmp_path)
    result = Index(tmp_path).search("협동조합")
    assert result.total == 50 == len(set(result.order))
    assert len(result.page) == 10  # only the first page waits for its titles
    having = {d.url for d in DOCS if "협동조합" in " ".join((d.title, d.summary, d.body, *d.keywords))}
    # every page with the word, and the one built to hold all its bigrams apart (below)
    assert set(q(index_dir, "협동조합")) == having | {"columns/history/"}


def test_scattered_bigrams_rank_below_the_word(index_dir):
    # "협동의 역사" has 협동 (title), 조합 (in 노동조합) and 동조 (in 동조하는) but
    # never 협동조합 as one word: it matches all three bigrams (a bigram index
    # cannot tell), yet ranks below every page that has the word in a name or
    # title, because a word counts where its weakest bigram is (summary here)
    index = Index(index_dir)
    order = index.search("협동조합").order
    urls = [index.record(d)[0] for d in order]
    at = urls.index("columns/history/")
    for d in order[at + 1 :]:
        assert "협동조합" not in index.hit(d).title
    assert at >= sum("협동조합" in d.title for d in DOCS)
    assert "programs/space/" in urls  # body: 협동조합에
    assert "columns/history/" not in q(index_dir, "공동육아")
    assert q(index_dir, "육아협동") == ["coops/mapo-gongdong/"]


def test_every_query_bigram_is_required(index_dir):
    # 주택가 (programs/space) has 주택 but not 택협: a word is all of its bigrams
    assert q(index_dir, "주택협동") == ["coops/seongbuk-house/"]
    # 주택조합 is nowhere as one word: its parts 주택 + 조합 are looked for instead
    assert Index(index_dir).search("주택조합").segmented == [("주택조합", ("주택", "조합"))]


def test_names_and_titles_rank_above_body_mentions(index_dir):
    results = q(index_dir, "주택")
    assert results[0] == "coops/seongbuk-house/"
    assert set(results[1:]) == {"columns/history/", "programs/space/"}
    # 돌봄: names and titles, then keywords and summaries, then the body
    results = q(index_dir, "돌봄")
    assert results.index("coops/seongbuk-health/") == len(results) - 1  # body only ("건강 돌봄")


def test_exact_title_first(index_dir):
    assert q(index_dir, "돌봄")[0] == "fields/care/"
    assert q(index_dir, "마포구")[0] == "regions/mapo/"
    assert q(index_dir, "돌봄을")[0] == "fields/care/"


def test_keywords_are_searched(index_dir):
    assert "coops/guro-cafe/" in q(index_dir, "서남권")


def test_markdown_link_targets_are_not_indexed(index_dir):
    assert q(index_dir, "https") == []
    assert q(index_dir, "누리집") == ["coops/mapo-gongdong/"]
    assert q(index_dir, "class") == []


def test_nothing_searchable_gives_nothing(index_dir):
    assert q(index_dir, "") == []
    assert q(index_dir, "?!") == []
    assert q(index_dir, "없는말입니다") == []


# ------------------------------------------------------------ every length of word


def test_one_syllable_finds_words_containing_it(index_dir):
    assert q(index_dir, "빵") == ["coops/gwangjin-bakery/"]  # 동네빵집, 빵을
    found = q(index_dir, "집")
    assert {"coops/gwangjin-bakery/", "coops/seongbuk-house/", "coops/mapo-gongdong/"} <= set(found)  # 빵집, 집, 어린이집
    assert q(index_dir, "옷") == ["coops/dobong-recycling/"]


def test_one_syllable_whole_words_first(index_dir):
    # 청년주택 "…함께 사는 집" has 집 as a word; 빵집 and 어린이집 only inside words
    found = q(index_dir, "집")
    assert found[0] == "coops/seongbuk-house/"


def test_spacing_variants_match_both_ways(index_dir):
    assert q(index_dir, "헌옷") == ["coops/dobong-recycling/"]  # the page says "헌 옷"
    assert q(index_dir, "헌 옷") == ["coops/dobong-recycling/"]
    assert "coops/gwangjin-bakery/" in q(index_dir, "동네 빵집")
    assert "coops/gwangjin-bakery/" in q(index_dir, "동네빵집")


def test_two_long_words_across_a_space_are_not_one(index_dir, tmp_path):
    # only a one-syllable word is joined to its neighbour: "서울시 장터" never answers 시장
    write_index([SearchDoc("a/", "서울시 장터 안내", "page")], tmp_path)
    assert query(tmp_path, "시장") == []
    assert query(tmp_path, "장터") == ["a/"]


def test_compound_whose_parts_stand_apart_is_segmented(index_dir):
    index = Index(index_dir)
    result = index.search("의료협동조합")  # the page says 의료사회적협동조합
    assert [index.record(d)[0] for d in result.order] == ["coops/seongbuk-health/"]
    assert result.segmented == [("의료협동조합", ("의료", "협동조합"))]
    # a word that is found as typed is never split
    assert index.search("공동육아협동조합").segmented == []


def test_latin_inside_mixed_script_words_any_case(index_dir):
    for text in ("coop", "COOP", "icoop", "iCOOP", "cooperative"):
        assert q(index_dir, text) == ["coops/icoop-seoul/"], text
    assert q(index_dir, "oop") == ["coops/icoop-seoul/"]  # any three letters inside a word


def test_other_names_and_spellings(index_dir):
    assert q(index_dir, "아이쿱")[0] == "coops/icoop-seoul/"
    assert q(index_dir, "아이쿱생협") == ["coops/icoop-seoul/"]
    assert "coops/icoop-seoul/" in q(index_dir, "생협")  # curated: 생협 also looks for 생활협동조합


# ------------------------------------------------------------ facet words


def test_facet_words_rank_their_coops_first(index_dir):
    index = Index(index_dir)
    result = index.search("마포 돌봄")
    assert result.facets == [("district", "mapo", "마포구"), ("field", "care", "돌봄")]
    assert result.members == 1  # co-ops in both: 마포돌봄사회적협동조합
    assert index.record(result.order[0])[0] == "coops/mapo-care/"
    # a district alone: its term page, then its co-ops, then pages that only mention it
    urls = q(index_dir, "마포")
    assert urls[:3] == ["regions/mapo/", "coops/mapo-care/", "coops/mapo-gongdong/"] or urls[:3] == [
        "regions/mapo/", "coops/mapo-gongdong/", "coops/mapo-care/"]
    assert urls.index("cases/dolbom-story/") > 2


def test_no_facet_link_for_plain_words(index_dir):
    result = Index(index_dir).search("협동조합")
    assert result.facets == [] and result.members is None


def test_results_carry_display_fields(index_dir):
    (hit, *_) = Index(index_dir).search("마포공동육아협동조합").page
    assert (hit.url, hit.title, hit.kind) == ("coops/mapo-gongdong/", "마포공동육아협동조합", "coop")
    assert hit.summary == "마포구에서 공동육아협동조합을 운영합니다"
    (hit, *_) = Index(index_dir).search("아이쿱").page
    assert hit.aliases == "아이쿱 · 아이쿱생협"


# ------------------------------------------------------------ files


def _digest(d: pathlib.Path) -> str:
    h = hashlib.sha256()
    for p in sorted(iter_files(d)):
        h.update(p.relative_to(d).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_builds_are_byte_identical_whatever_the_input_order(tmp_path):
    docs = list(DOCS)
    write_index(docs, tmp_path / "a", vocabulary=VOCABULARY)
    random.Random(1).shuffle(docs)
    write_index(docs, tmp_path / "b", vocabulary=VOCABULARY)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_rebuild_removes_stale_shards(tmp_path):
    from site_plugins.search.index import write_index as raw

    raw(DOCS, tmp_path, shard_target=64)
    many = len(list((tmp_path / "t").iterdir()))
    raw(DOCS, tmp_path)
    assert len(list((tmp_path / "t").iterdir())) < many


def test_sharding_does_not_change_results(tmp_path, index_dir):
    from site_plugins.search.index import write_index as raw

    stats = raw(DOCS, tmp_path, vocabulary=VOCABULARY, shard_target=200, big_term=6, chunk_target=100)
    assert stats.shards > 5 and stats.big_terms > 0 and stats.doc_chunks > 3
    for text in ("협동조합", "돌봄", "마포 돌봄", "주택", "협동조합을", "서북권", "마포구", "빵", "헌옷", "의료협동조합", "coop"):
        assert query(tmp_path, text) == query(index_dir, text), text


def test_duplicate_url_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="two documents"):
        write_index([DOCS[0], DOCS[0]], tmp_path)


def test_stats_and_material_stub(tmp_path):
    stats = write_index(DOCS, tmp_path, vocabulary=VOCABULARY)
    assert stats.docs == len(DOCS)
    assert stats.bytes == sum(p.stat().st_size for p in iter_files(tmp_path))
    stub = json.loads((tmp_path / "search_index.json").read_text())
    assert stub["docs"] == [] and stub["config"]["separator"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["docs"] == len(DOCS) and manifest["build"] == stats.build_id
    assert manifest["facet_keys"]["마포"] == manifest["facets"].index(["district", "mapo", "마포구"])
    assert manifest["spellings"]["생협"] == ["생활협동조합"]


def test_empty_corpus(tmp_path):
    stats = write_index([], tmp_path)
    assert stats.docs == 0
    assert query(tmp_path, "협동조합") == []


def test_asset_files_exist():
    assets = dict(asset_files())
    assert set(assets) == {"assets/search/search-worker.js", "assets/search/search-page.js"}
    assert all(src.is_file() for src in assets.values())
