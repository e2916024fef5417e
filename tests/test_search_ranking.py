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
    from test_search_fixtures import DOCS
except ImportError:  # tests/ imported as a package
    from .test_search_fixtures import DOCS


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site") / "search"
    write_index(DOCS, out)
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
    assert set(q(index_dir, "마포 돌봄")) == {"cases/dolbom-story/"}
    assert set(q(index_dir, "돌봄")) > set(q(index_dir, "마포 돌봄"))
    assert q(index_dir, "마포 주택") == []


def test_no_match_on_one_shared_bigram(index_dir):
    # "협동의 역사" has 협동 (title), 조합 (in 노동조합) and 동조 (in 동조하는) but
    # never 협동조합 as one word: it may match all bigrams, yet must rank below
    # every page that has the word in its title or summary
    hits = Index(index_dir).search("협동조합")
    at = [h.url for h in hits].index("columns/history/")
    for h in hits[at + 1 :]:
        assert "협동조합" not in h.title + h.summary
    assert "programs/space/" in [h.url for h in hits]  # body: 협동조합에
    assert "columns/history/" not in q(index_dir, "공동육아")
    assert q(index_dir, "육아협동") == ["coops/mapo-gongdong/"]


def test_every_query_bigram_is_required(index_dir):
    # 주택가 (programs/space) has 주택 but not 택조
    assert q(index_dir, "주택조합") == []


def test_title_ranks_above_body(index_dir):
    results = q(index_dir, "주택")
    assert results[0] == "coops/seongbuk-house/"
    assert set(results[1:]) == {"columns/history/", "programs/space/"}


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


def test_results_carry_display_fields(index_dir):
    (hit, *_) = Index(index_dir).search("마포공동육아협동조합")
    assert (hit.url, hit.title, hit.kind) == ("coops/mapo-gongdong/", "마포공동육아협동조합", "coop")
    assert hit.summary == "마포구에서 공동육아협동조합을 운영합니다"


def _digest(d: pathlib.Path) -> str:
    h = hashlib.sha256()
    for p in sorted(iter_files(d)):
        h.update(p.relative_to(d).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_builds_are_byte_identical_whatever_the_input_order(tmp_path):
    docs = list(DOCS)
    write_index(docs, tmp_path / "a")
    random.Random(1).shuffle(docs)
    write_index(docs, tmp_path / "b")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_rebuild_removes_stale_shards(tmp_path):
    from site_plugins.search.index import write_index as raw

    raw(DOCS, tmp_path, shard_target=64)
    many = len(list((tmp_path / "t").iterdir()))
    raw(DOCS, tmp_path)
    assert len(list((tmp_path / "t").iterdir())) < many


def test_sharding_does_not_change_results(tmp_path, index_dir):
    from site_plugins.search.index import write_index as raw

    stats = raw(DOCS, tmp_path, shard_target=200, big_term=6, chunk_target=100)
    assert stats.shards > 5 and stats.big_terms > 0 and stats.doc_chunks > 3
    for text in ("협동조합", "돌봄", "마포 돌봄", "주택", "협동조합을", "서북권", "마포구"):
        assert query(tmp_path, text) == query(index_dir, text), text


def test_duplicate_url_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="two documents"):
        write_index([DOCS[0], DOCS[0]], tmp_path)


def test_stats_and_material_stub(tmp_path):
    stats = write_index(DOCS, tmp_path)
    assert stats.docs == len(DOCS)
    assert stats.bytes == sum(p.stat().st_size for p in iter_files(tmp_path))
    stub = json.loads((tmp_path / "search_index.json").read_text())
    assert stub["docs"] == [] and stub["config"]["separator"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["docs"] == len(DOCS) and manifest["build"] == stats.build_id


def test_empty_corpus(tmp_path):
    stats = write_index([], tmp_path)
    assert stats.docs == 0
    assert query(tmp_path, "협동조합") == []


def test_max_results_cap(tmp_path):
    docs = [SearchDoc(url=f"coops/c{i:03d}/", title=f"협동조합 {i}", kind="coop") for i in range(50)]
    write_index(docs, tmp_path)
    assert len(query(tmp_path, "협동조합")) == 20


def test_asset_files_exist():
    (dest, src), = asset_files()
    assert dest == "assets/search/search-worker.js" and src.is_file()
