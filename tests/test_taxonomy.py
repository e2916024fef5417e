"""Vocabularies are data: Seoul's districts under the seeds' four 권역, KSIC sections, ..."""

from __future__ import annotations

from site_plugins.problems import Problems
from site_plugins.taxonomy import load_taxonomies
from conftest import ROOT


def _load():
    problems = Problems()
    taxonomies, vocabularies = load_taxonomies(ROOT, problems)
    assert not problems, problems.report()
    return taxonomies, vocabularies


def test_seoul_has_25_districts_each_under_one_of_four_areas():
    taxonomies, _ = _load()
    regions = taxonomies.terms("regions")
    areas = {t.id: t.label for t in regions if t.level == "area"}
    districts = [t for t in regions if t.level == "district"]
    assert sorted(areas.values()) == ["동남권", "동북권", "서남권", "서북권"]
    assert len(districts) == 25
    assert all(d.parent in areas for d in districts)
    # the 서북권 centre is in 중구, so the city-centre districts belong to 서북권
    assert {d.label for d in districts if d.parent == "seobuk"} >= {"종로구", "중구", "용산구"}
    assert len({d.code for d in districts}) == 25


def test_ksic_sections_a_to_u_and_finance_is_restricted():
    taxonomies, _ = _load()
    industries = taxonomies.terms("industries")
    assert [t.code for t in industries] == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert [t.code for t in industries if t.restricted] == ["K"]


def test_the_seven_strategic_fields_and_six_tracks():
    taxonomies, _ = _load()
    assert [t.label for t in taxonomies.terms("fields")] == ["공동육아", "돌봄", "보건의료", "주택", "전통시장 및 소상공인", "베이비부머", "비정규직"]
    assert [t.label for t in taxonomies.terms("tracks")] == ["조합원·임직원 교육", "창업교육", "전문인력 양성", "시민교육", "공무원교육", "학교교육"]


def test_values_resolve_by_id_label_alias_or_code():
    _, vocabularies = _load()
    assert vocabularies["regions"].resolve("마포구") == "mapo"
    assert vocabularies["regions"].resolve("mapo") == "mapo"
    assert vocabularies["industries"].resolve("G") == "wholesale-retail"
    assert vocabularies["industries"].resolve("g") == "wholesale-retail"
    assert vocabularies["types"].resolve("생협") == "consumer-life-coop"
    assert vocabularies["categories"].resolve("소비자") == "consumer"
    assert vocabularies["regions"].resolve("마포") is None


def test_unknown_values_get_the_nearest_suggestions():
    _, vocabularies = _load()
    assert vocabularies["regions"].suggest("마포", level="district")[0] == "mapo(마포구)"
    assert "yeongdeungpo(영등포구)" in vocabularies["regions"].suggest("영등포", level="district")


def test_a_new_province_needs_only_data(tmp_path):
    folder = tmp_path / "data" / "taxonomy"
    folder.mkdir(parents=True)
    for source in (ROOT / "data" / "taxonomy").glob("*.yaml"):
        (folder / source.name).write_bytes(source.read_bytes())
    with (folder / "regions.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: gyeonggi\n    label: 경기도\n    level: sido\n  - id: suwon\n    label: 수원시\n    level: district\n    parent: gyeonggi\n")
    problems = Problems()
    taxonomies, vocabularies = load_taxonomies(tmp_path, problems)
    assert not problems
    assert [t.label for t in taxonomies.ancestors("suwon")] == ["경기도", "수원시"]
    assert vocabularies["regions"].resolve("수원시") == "suwon"
