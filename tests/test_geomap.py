"""The district map: parse the generated SVG/HTML and check it against the data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from site_plugins import geomap
from site_plugins.geomap import (
    MAP_COLOURS,
    ZERO_COLOUR,
    class_breaks,
    contrast,
    district_map,
    load_geojson,
)
from site_plugins.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
GEOJSON = ROOT / "data" / "geo" / "seoul-districts.geojson"
REGIONS = ROOT / "data" / "taxonomy" / "regions.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def geo() -> dict:
    return load_geojson(GEOJSON)


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    return yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["terms"]


@pytest.fixture(scope="module")
def term_by_code(regions) -> dict[str, tuple[str, str]]:
    return {t["code"]: (t["id"], t["label"]) for t in regions if t.get("level") == "district"}


@pytest.fixture(scope="module")
def area_of(regions) -> dict[str, str]:
    label = {t["id"]: t["label"] for t in regions}
    return {t["code"]: label[t["parent"]] for t in regions if t.get("level") == "district"}


@pytest.fixture(scope="module")
def counts(term_by_code) -> dict[str, int]:
    """Distinct, uneven counts keyed by term id; 중구 has none."""
    values = {tid: (i * 7) % 23 + 1 for i, (tid, _) in enumerate(term_by_code.values())}
    values["mapo"] = 120
    values["jung"] = 0
    return values


def href(term_id: str) -> str:
    return f"/regions/{term_id}/"


def render(geo, counts, term_by_code, area_of=None, **kw) -> str:
    return district_map(
        geo,
        counts,
        term_by_code=term_by_code,
        href=href,
        title="자치구별 협동조합",
        area_of=area_of,
        **kw,
    )


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def district_links(root: ET.Element) -> list[ET.Element]:
    svg = root.find(f".//{SVG}svg")
    return [a for a in svg.iter(f"{SVG}a")]


def test_data_files_are_present_with_attribution(geo):
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == 25
    readme = (GEOJSON.parent / "README.md").read_text(encoding="utf-8")
    notice = (GEOJSON.parent / "LICENSE-seoul-maps.txt").read_text(encoding="utf-8")
    for text in (readme, notice):
        assert "southkorea/seoul-maps" in text
        assert "Apache License" in text
        assert "https://www.apache.org/licenses/LICENSE-2.0" in text
    assert "KOSTAT" in readme and "2013" in readme


def test_geojson_codes_match_the_region_taxonomy(geo, term_by_code):
    codes = {f["properties"]["code"] for f in geo["features"]}
    assert codes == set(term_by_code)


def test_all_25_districts_with_links_and_titles(geo, counts, term_by_code, area_of):
    root = parse(render(geo, counts, term_by_code, area_of))
    links = district_links(root)
    assert len(links) == 25
    seen = {}
    for a in links:
        path = a.find(f"{SVG}path")
        code = path.get("data-code")
        term_id, label = term_by_code[code]
        assert a.get("href") == f"/regions/{term_id}/"
        assert a.get("tabindex") == "-1"  # the list beside the map has the focusable links
        count = counts[term_id]
        assert a.find(f"{SVG}title").text == f"{label}: 협동조합 {count:,}개"
        assert int(path.get("data-value")) == count
        assert path.get("d").startswith("M") and path.get("d").endswith("Z")
        seen[code] = a
    assert set(seen) == set(term_by_code)
    assert seen["11140"].find(f"{SVG}title").text == "마포구: 협동조합 120개"


def test_values_may_be_keyed_by_code_or_term_id(geo, counts, term_by_code):
    by_code = {code: counts[tid] for code, (tid, _) in term_by_code.items()}
    a = render(geo, counts, term_by_code)
    b = render(geo, by_code, term_by_code, map_id=parse(a).get("id"))
    strip = lambda s: re.sub(r'id="pm-[0-9a-f]+|pm-[0-9a-f]+-[td]', "", s)  # noqa: E731
    assert strip(a) == strip(b)


def test_unknown_keys_are_an_error(geo, counts, term_by_code):
    with pytest.raises(ValueError, match="mapoo"):
        render(geo, {**counts, "mapoo": 3}, term_by_code)
    with pytest.raises(ValueError, match="area_of"):
        render(geo, counts, term_by_code, area_of={"99999": "어딘가"})


def test_list_beside_the_map_has_every_district(geo, counts, term_by_code, area_of):
    root = parse(render(geo, counts, term_by_code, area_of))
    tables = root.findall(".//table")
    assert [t.find("caption").text.strip() for t in tables] == ["동북권", "서북권", "동남권", "서남권"]
    rows = {}
    for table in tables:
        subtotal = int(re.sub(r"\D", "", table.find("caption/span").text))
        body = table.find("tbody")
        table_sum = 0
        for tr in body:
            th, td = tr.find("th"), tr.find("td")
            assert th.get("scope") == "row"
            link = th.find("a")
            value = int(re.sub(r"\D", "", td.text))
            assert value == int(td.get("data-value"))
            rows[link.text] = (link.get("href"), value)
            table_sum += value
        assert subtotal == table_sum
    assert len(rows) == 25
    for code, (tid, label) in term_by_code.items():
        assert rows[label] == (f"/regions/{tid}/", counts[tid])
    # the list is ordered by 권역, then as the taxonomy lists the districts
    first = tables[1].find("tbody/tr/th/a").text
    assert first == "종로구"


def test_classes_and_legend_cover_the_values(geo, counts, term_by_code, area_of):
    root = parse(render(geo, counts, term_by_code, area_of))
    items = root.findall(".//ul[@class='portal-map__legend']/li[@data-min]")
    ranges = [(int(li.get("data-min")), int(li.get("data-max"))) for li in items]
    colours = [li.find(f"{SVG}svg/{SVG}rect").get("fill") for li in items]
    assert ranges[0] == (0, 0) and colours[0] == ZERO_COLOUR  # 중구 has none
    positive = ranges[1:]
    assert 1 < len(positive) <= 5
    assert positive[-1][1] == max(counts.values())  # the legend reaches the max
    assert positive[0][0] == min(v for v in counts.values() if v > 0)
    for (lo, hi), (lo2, _) in zip(positive, positive[1:]):
        assert lo <= hi and lo2 == hi + 1  # contiguous, no gaps or overlaps
    assert "".join(items[-1].itertext()).strip() == f"{positive[-1][0]}–{positive[-1][1]}개"
    # every district is filled with the colour of the range its count falls in
    legend = dict(zip(ranges, colours))
    for a in district_links(root):
        path = a.find(f"{SVG}path")
        value = int(path.get("data-value"))
        (match,) = [c for (lo, hi), c in legend.items() if lo <= value <= hi]
        assert path.get("fill") == match
    # darker means more
    assert colours[-1] == MAP_COLOURS[-1]


def test_labels_readable_on_their_fill(geo, counts, term_by_code):
    root = parse(render(geo, counts, term_by_code))
    svg = root.find(f".//{SVG}svg")
    labels = svg.find(f"{SVG}g[@class='pm-labels']")
    texts = labels.findall(f"{SVG}text")
    assert sorted(t.text for t in texts) == sorted(label for _, label in term_by_code.values())
    fills = {a.find(f"{SVG}title").text.split(":")[0]: a.find(f"{SVG}path").get("fill")
             for a in district_links(root)}
    for t in texts:
        assert contrast(t.get("fill"), fills[t.text]) >= 4.5
        # the label sits inside the drawing
        x, y = float(t.get("x")), float(t.get("y"))
        _, _, w, h = map(float, svg.get("viewBox").split())
        assert 0 < x < w and 0 < y < h


def test_projection_keeps_the_city_s_proportions(geo, counts, term_by_code):
    import math

    root = parse(render(geo, counts, term_by_code))
    svg = root.find(f".//{SVG}svg")
    _, _, w, h = map(float, svg.get("viewBox").split())
    lons = [p[0] for f in geo["features"] for p in f["geometry"]["coordinates"][0]]
    lats = [p[1] for f in geo["features"] for p in f["geometry"]["coordinates"][0]]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    expected = (max(lons) - min(lons)) * k / (max(lats) - min(lats))
    pad = 8
    assert (w - 2 * pad) / (h - 2 * pad) == pytest.approx(expected, rel=0.01)
    # coordinates are rounded to one decimal
    for a in district_links(root):
        numbers = re.findall(r"[-\d.]+", a.find(f"{SVG}path").get("d"))
        assert all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


def test_area_boundaries_drawn_only_with_area_of(geo, counts, term_by_code, area_of):
    with_areas = parse(render(geo, counts, term_by_code, area_of))
    outline = [p for p in with_areas.iter(f"{SVG}path") if p.get("class") == "pm-area"]
    assert len(outline) == 1
    d = outline[0].get("d")
    # the outer edge plus the lines between 권역: several polylines, none closed by Z
    assert d.count("M") >= 4 and "Z" not in d
    without = parse(render(geo, counts, term_by_code))
    assert not [p for p in without.iter(f"{SVG}path") if p.get("class") == "pm-area"]
    assert [t.find("caption").text.strip() for t in without.findall(".//table")] == ["자치구"]


def test_accessible_wrapping(geo, counts, term_by_code):
    root = parse(render(geo, counts, term_by_code, caption="2024년 기준"))
    svg = root.find(f".//{SVG}svg")
    assert svg.get("role") == "group"  # it holds the district links
    t_id, d_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == t_id
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == d_id
    assert "마포구 120개" in desc.text and "25개 자치구" in desc.text
    assert root.find(".//figcaption") is not None


def test_deterministic(geo, counts, term_by_code, area_of):
    a = render(geo, counts, term_by_code, area_of)
    assert a == render(geo, dict(reversed(list(counts.items()))), term_by_code, area_of)


def test_zero_data(geo, term_by_code, area_of):
    root = parse(render(geo, {}, term_by_code, area_of))
    paths = [a.find(f"{SVG}path") for a in district_links(root)]
    assert len(paths) == 25
    assert {p.get("fill") for p in paths} == {ZERO_COLOUR}
    items = root.findall(".//ul[@class='portal-map__legend']/li[@data-min]")
    assert [(li.get("data-min"), li.get("data-max")) for li in items] == [("0", "0")]
    assert {td.text for td in root.iter("td")} == {"0개"}
    assert "집계된 곳이 없습니다" in root.find(f".//{SVG}desc").text


def test_escaping(geo, counts, term_by_code):
    tricky = dict(term_by_code)
    tricky["11140"] = ("mapo", "<b>마포</b>&구")
    markup = district_map(
        geo, counts, term_by_code=tricky, href=lambda t: f"/r/?id={t}&x=<1>",
        title='<script>"지도"</script>',
    )
    assert "<b>" not in markup and "<script>" not in markup
    root = parse(markup)
    assert root.find(f".//{SVG}svg/{SVG}title").text == '<script>"지도"</script>'
    hrefs = {a.get("href") for a in district_links(root)}
    assert "/r/?id=mapo&x=<1>" in hrefs
    with pytest.raises(ValueError):
        district_map(geo, {}, term_by_code=term_by_code, href=lambda t: "javascript:x()", title="t")


def square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def test_multipolygon_and_holes():
    geo = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "1", "name": "섬구"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [square(127.0, 37.5, 0.01)],
                        [square(127.05, 37.5, 0.04)],  # the larger ring carries the label
                    ],
                },
            },
            {
                "type": "Feature",
                "properties": {"code": "2", "name": "고리구"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [square(127.0, 37.56, 0.04), square(127.01, 37.57, 0.02)],
                },
            },
        ],
    }
    root = parse(
        district_map(
            geo,
            {"1": 3, "2": 5},
            term_by_code={"1": ("seom", "섬구"), "2": ("gori", "고리구")},
            href=href,
            title="t",
        )
    )
    paths = {a.find(f"{SVG}path").get("data-code"): a.find(f"{SVG}path") for a in district_links(root)}
    assert paths["1"].get("d").count("M") == 2
    assert paths["2"].get("d").count("M") == 2
    assert paths["2"].get("fill-rule") == "evenodd"
    labels = {t.text: float(t.get("x")) for t in root.iter(f"{SVG}text")}
    _, _, w, _ = map(float, root.find(f".//{SVG}svg").get("viewBox").split())
    assert labels["섬구"] > w * 0.6  # centred on the big square on the right
    with pytest.raises(ValueError):
        district_map(
            {"type": "FeatureCollection", "features": [{"properties": {"code": "1"},
                                                        "geometry": {"type": "Point",
                                                                     "coordinates": [127, 37]}}]},
            {}, term_by_code={}, href=href, title="t",
        )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([0, 0], []),
        ([3, 3, 3], [(3, 3)]),
        ([1, 2, 4], [(1, 1), (2, 2), (3, 4)]),
        (list(range(1, 11)), [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
        ([1] * 20 + [2, 50, 60, 70, 80, 90], [(1, 1), (2, 50), (51, 70), (71, 80), (81, 90)]),
    ],
)
def test_class_breaks(values, expected):
    ranges = class_breaks(values)
    assert ranges == expected
    if ranges:
        assert ranges[-1][1] == max(values)
        assert len(ranges) <= 5


# --------------------------------------------------------------------------
# the loader: a broken or hostile data/geo file is a Korean problem, never a traceback


HANGUL = re.compile("[가-힣]")
REL = geomap.DISTRICTS_FILE


def write_geo(root: Path, content: str | bytes) -> Path:
    path = root / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def feature(code="11140", name="마포구", geometry=None) -> dict:
    return {"type": "Feature", "properties": {"code": code, "name": name},
            "geometry": geometry if geometry is not None else {"type": "Polygon", "coordinates": [square(126.9, 37.55, 0.02)]}}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def problems_of(tmp_path: Path, content) -> list[Problem]:
    write_geo(tmp_path, content)
    geo, problems = geomap.load_district_geometry(tmp_path)
    assert geo is None and problems, "a broken file must give problems, not geometry"
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == REL and problem.line >= 1
        assert HANGUL.search(problem.message), problem
        assert str(problem).startswith(f"{REL}:{problem.line}: ")
    return problems


def test_the_real_file_loads_clean():
    geo, problems = geomap.load_district_geometry(ROOT)
    assert problems == [] and len(geo["features"]) == 25
    assert geo == load_geojson(GEOJSON)


def test_no_file_is_no_map_and_no_problem(tmp_path):
    assert geomap.load_district_geometry(tmp_path) == (None, [])


HOSTILE = {
    "not JSON": '{"type": "FeatureCollection", "features": [,]}',
    "empty": "",
    "trailing comma": '{"type": "FeatureCollection",\n "features": [],\n}',
    "NaN": dumps(collection(feature())).replace("126.9", "NaN", 1),
    "Infinity": dumps(collection(feature())).replace("37.55", "-Infinity", 1),
    "huge float": dumps(collection(feature())).replace("126.9", "1e400", 1),
    "huge int": dumps(collection(feature())).replace("126.9", "9" * 5000, 1),
    "out of range": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [square(1e300, 37.5, 1)]}))),
    "swapped": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [square(37.5, 126.9, 0.01)]}))),
    "deep nesting": "[" * 100_000,
    "array at the top": "[]",
    "no features": dumps({"type": "FeatureCollection"}),
    "features not a list": dumps({"type": "FeatureCollection", "features": {"a": 1}}),
    "zero features": dumps(collection()),
    "feature null": dumps(collection(None)),
    "no properties": dumps(collection({"type": "Feature", "geometry": feature()["geometry"]})),
    "no code": dumps(collection({"type": "Feature", "properties": {"name": "마포구"}, "geometry": feature()["geometry"]})),
    "code is a list": dumps(collection(feature(code=["11140"]))),
    "code is text": dumps(collection(feature(code="<script>"))),
    "code is bool": dumps(collection(feature(code=True))),
    "name is a number": dumps(collection(feature(name=3))),
    "duplicate code": dumps(collection(feature(), feature(name="또마포"))),
    "no geometry": dumps(collection({"type": "Feature", "properties": {"code": "1"}})),
    "point": dumps(collection(feature(geometry={"type": "Point", "coordinates": [127, 37]}))),
    "geometry type object": dumps(collection(feature(geometry={"type": {"x": 1}, "coordinates": []}))),
    "coordinates missing": dumps(collection(feature(geometry={"type": "Polygon"}))),
    "coordinates a string": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": "127,37"}))),
    "ring of numbers": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [[127, 37, 128, 38]]}))),
    "short ring": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [[[127, 37], [128, 37], [127, 37]]]}))),
    "open ring": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [square(127, 37, 1)[:-1] + [[127.5, 37.5]]]}))),
    "position of text": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [[["127", "37"]] * 4]}))),
    "position of bools": dumps(collection(feature(geometry={"type": "Polygon", "coordinates": [[[True, False]] * 4]}))),
    "multipolygon flat": dumps(collection(feature(geometry={"type": "MultiPolygon", "coordinates": [square(127, 37, 1)]}))),
    "multipolygon empty": dumps(collection(feature(geometry={"type": "MultiPolygon", "coordinates": []}))),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_give_korean_problems(tmp_path, name):
    problems_of(tmp_path, HOSTILE[name])


def test_encoding_and_file_kind_problems(tmp_path):
    problems_of(tmp_path, "{\"type\": \"한글\"}".encode("cp949"))
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / REL).mkdir(parents=True)
    geo, problems = geomap.load_district_geometry(tmp_path / "dir")
    assert geo is None and len(problems) == 1 and HANGUL.search(problems[0].message)


def test_problems_point_at_the_line_and_field(tmp_path):
    good = feature("11010", "종로구")
    bad = feature("11020", "중구", {"type": "Polygon", "coordinates": [[[127, 37], [200, 37], [127, 38], [127, 37]]]})
    text = json.dumps(collection(good, bad), ensure_ascii=False, indent=2)
    problems = problems_of(tmp_path, text)
    (problem,) = problems
    assert problem.field == "features[2].geometry.coordinates[1][2]"
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.strip() == "{" and i < text[: text.index('"11020"')].count("\n")) + 1
    assert problem.line == start, (problem, lines[problem.line - 1])
    syntax = problems_of(tmp_path, '{\n  "type": "FeatureCollection",\n  "features": [\n    {,}\n  ]\n}')
    assert syntax[0].line == 4


def test_many_mistakes_are_reported_up_to_a_limit(tmp_path):
    problems = problems_of(tmp_path, dumps(collection(*[feature(code=[n]) for n in range(500)])))
    assert len(problems) == geomap.MAX_PROBLEMS


def test_the_loader_keeps_only_what_the_map_uses(tmp_path):
    extra = feature("11140", "마포구")
    extra["properties"]["onclick"] = "<script>"
    extra["geometry"]["coordinates"][0][0] = [126.9, 37.55, 12.5]  # an altitude is allowed and dropped
    extra["geometry"]["coordinates"][0][-1] = [126.9, 37.55]
    write_geo(tmp_path, dumps(collection(extra)))
    geo, problems = geomap.load_district_geometry(tmp_path)
    assert problems == []
    assert geo["features"][0]["properties"] == {"code": "11140", "name": "마포구"}
    assert geo["features"][0]["geometry"]["coordinates"][0][0] == [126.9, 37.55]


def test_a_broken_geo_file_leaves_the_map_out_of_the_build(tmp_path, caplog):
    """opendata, /stats/ and /regions/ go on without the map; the problems are logged once."""
    from site_plugins.context import BuildContext
    from site_plugins.load import load_site
    from site_plugins.opendata import district_geometry, generate
    from site_plugins.stats import district_map as stats_map

    site, load_problems = load_site(ROOT)
    assert not load_problems, load_problems.report()
    write_geo(tmp_path, HOSTILE["NaN"])
    ctx = BuildContext.create(site, site_url="https://example.org/", root=tmp_path)
    with caplog.at_level("WARNING", logger="mkdocs.plugins.portal"):
        assert district_geometry(ctx) is None
        files = {f.path for f in generate(ctx).files}
        assert stats_map(ctx, "stats/") == ""
        assert "data/districts.geojson" not in files and "data/coops.csv" in files
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and REL in warnings[0].getMessage() and HANGUL.search(warnings[0].getMessage())
