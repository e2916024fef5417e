"""Open data read back as a user would (csv module, json, GeoJSON) and compared with data/."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opendata_helpers import (
    EXTRA_COOPS,
    HIDDEN_ADDRESS,
    HIDDEN_DESCRIPTION,
    HIDDEN_EMAIL,
    HIDDEN_LAT,
    HIDDEN_PHONE,
    SITE_URL,
    built,
)
from site_plugins.context import BuildContext
from site_plugins.load import load_site
from site_plugins.opendata import CENTER_COLUMNS, COOP_COLUMNS, COURSE_COLUMNS, PROGRAM_COLUMNS, generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_out() -> Path:
    """The site built from a copy of the repository plus the test co-ops (not conftest's site_dir)."""
    return built().site


@pytest.fixture(scope="module")
def model():
    site, problems = load_site(built().root)
    assert not problems, problems.report()
    return site


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # the public contract of /data/*.csv


def read_csv(path: Path, *, unquote: bool = True) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; `unquote` removes the `'` the site puts before a formula-like cell,
    so the cells compare with the records' values."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text  # RFC 4180 line ends
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    if unquote:
        rows = [{k: v[1:] if v.startswith("'") and v[1:].startswith(FORMULA_START) else v for k, v in row.items()} for row in rows]
    return list(reader.fieldnames or []), rows


def test_no_csv_cell_can_run_as_a_formula(site_out):
    for path in sorted((site_out / "data").glob("*.csv")):
        _, rows = read_csv(path, unquote=False)
        for row in rows:
            for name, cell in row.items():
                assert not cell.startswith(FORMULA_START), (path.name, name, cell)
    text = (site_out / "data" / "index.html").read_text(encoding="utf-8")
    assert "작은따옴표" in text and "수식" in text  # the data dictionary states the rule


def test_coops_csv_matches_the_records(site_out, model):
    header, rows = read_csv(site_out / "data" / "coops.csv")
    assert header == [c.name for c in COOP_COLUMNS]
    for required in ("district", "district_label", "area", "area_label", "industry", "industry_code", "industry_label"):
        assert required in header
    assert [r["id"] for r in rows] == sorted(model.coops)
    tax = model.taxonomies
    for row in rows:
        coop = model.coops[row["id"]]
        chain = {t.level: t for t in tax.ancestors(coop.district)}
        assert row["name"] == coop.name
        assert row["summary"] == coop.summary
        assert row["district"] == coop.district
        assert row["district_label"] == tax.label("regions", coop.district)
        assert row["area"] == chain["area"].id and row["area_label"] == chain["area"].label
        assert row["industry"] == coop.industry
        assert row["industry_code"] == tax.get("industries", coop.industry).code
        assert row["industry_label"] == tax.label("industries", coop.industry)
        assert row["category_label"] == tax.label("categories", coop.category)
        assert row["legal_type"] == coop.legal_type
        assert (row["fields"].split(";") if row["fields"] else []) == list(coop.fields)
        assert (row["fields_label"].split(";") if row["fields_label"] else []) == [tax.label("fields", f) for f in coop.fields]
        assert row["founded"] == coop.founded.isoformat()
        assert row["example"] == ("true" if coop.example else "false")
        assert (row["example_fields"].split(";") if row["example_fields"] else []) == [
            {"contact.phone": "phone", "contact.email": "email", "contact.website": "website"}.get(f, f) for f in coop.example_fields]
        assert set(row["example_fields"].split(";")) - {""} <= set(header)
        assert row["url"] == f"{SITE_URL}coops/{coop.id}/"
        shown = lambda name, value: "" if name in coop.hidden or value in (None, "") else str(value)  # noqa: E731
        assert row["members"] == shown("members", coop.members)
        assert row["address"] == shown("address", coop.address)
        assert row["phone"] == shown("contact.phone", coop.contact.phone)
        assert row["email"] == shown("contact.email", coop.contact.email)
        assert row["website"] == shown("contact.website", coop.contact.website)
        assert row["description"] == shown("description", coop.description)


def test_coops_json_matches_the_csv(site_out, model):
    data = json.loads((site_out / "data" / "coops.json").read_text(encoding="utf-8"))
    assert data["license"] == "CC BY 4.0"
    records = data["coops"]
    _, rows = read_csv(site_out / "data" / "coops.csv")
    assert len(records) == len(rows) == len(model.coops)
    for record, row in zip(records, rows):
        assert list(record) == [c.name for c in COOP_COLUMNS]  # same columns, same order
        for column in COOP_COLUMNS:
            value = record[column.name]
            if column.multi:
                assert isinstance(value, list)
                assert ";".join(value) == row[column.name]
            elif value is None:
                assert row[column.name] == ""
            elif isinstance(value, bool):
                assert row[column.name] == ("true" if value else "false")
            else:
                assert str(value) == row[column.name], column.name
        coop = model.coops[record["id"]]
        if coop.members is not None and "members" not in coop.hidden:
            assert record["members"] == coop.members  # a number, not a string


def test_hidden_fields_are_blank_in_exports(site_out):
    data = {r["id"]: r for r in json.loads((site_out / "data" / "coops.json").read_text(encoding="utf-8"))["coops"]}
    hidden = data["test-hidden-fields-coop"]
    for name in ("members", "address", "lat", "lon", "phone", "email", "description"):
        assert hidden[name] is None, name
    assert hidden["website"] == "https://example.org/visible-site"  # not hidden, so published
    located = data["test-located-coop"]
    assert (located["lat"], located["lon"]) == (37.5729, 126.9794)


def test_a_hidden_value_appears_nowhere_in_the_site(site_out):
    needles = [HIDDEN_PHONE, HIDDEN_PHONE.replace("-", ""), HIDDEN_EMAIL, HIDDEN_ADDRESS, HIDDEN_DESCRIPTION, str(HIDDEN_LAT)]
    needles = [n.encode("utf-8") for n in needles]
    checked = 0
    for path in site_out.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            if path.suffix == ".gz":
                content = gzip.decompress(content)
            for needle in needles:
                assert needle not in content, f"{needle.decode()} in {path.relative_to(site_out)}"
            checked += 1
    assert checked > 100
    # ... while the page itself and the visible fields are there
    page = (site_out / "coops" / "test-hidden-fields-coop" / "index.html").read_text(encoding="utf-8")
    assert "비공개필드시험협동조합" in page and "https://example.org/visible-site" in page


def test_centers_export(site_out, model):
    header, rows = read_csv(site_out / "data" / "centers.csv")
    assert header == [c.name for c in CENTER_COLUMNS]
    assert [r["id"] for r in rows] == sorted(model.centers)
    for row in rows:
        center = model.centers[row["id"]]
        assert row["name"] == center.name and row["operator"] == center.operator
        assert row["area"] == center.area
        assert row["area_label"] == model.taxonomies.label("regions", center.area)
        assert row["phone"] == center.phone
        assert (row["districts"].split(";") if row["districts"] else []) == list(center.districts)  # a city-wide centre lists none
        assert (row["methods"].split(";") if row["methods"] else []) == list(center.methods)
        assert row["period_to"] == (center.period.end.isoformat() if center.period.end else "")
    data = json.loads((site_out / "data" / "centers.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["centers"]] == sorted(model.centers)


def test_courses_export_has_one_csv_row_per_session(site_out, model):
    header, rows = read_csv(site_out / "data" / "courses.csv")
    assert header == [c.name for c in COURSE_COLUMNS]
    expected = [(cid, n, s) for cid in sorted(model.courses) for n, s in enumerate(model.courses[cid].sessions, 1)]
    assert len(rows) == len(expected) and len(rows) > len(model.courses)
    for row, (course_id, number, session) in zip(rows, expected):
        course = model.courses[course_id]
        assert (row["id"], int(row["session"])) == (course_id, number)
        assert row["title"] == course.title and row["track"] == course.track
        assert row["start"] == session.start.isoformat() and row["end"] == session.end.isoformat()
        assert row["start"].endswith("+09:00")
    data = json.loads((site_out / "data" / "courses.json").read_text(encoding="utf-8"))["courses"]
    assert [c["id"] for c in data] == sorted(model.courses)
    assert sum(len(c["sessions"]) for c in data) == len(rows)


def test_programs_export(site_out, model):
    header, rows = read_csv(site_out / "data" / "programs.csv")
    assert header == [c.name for c in PROGRAM_COLUMNS]
    assert [r["id"] for r in rows] == sorted(model.programs)
    for row in rows:
        program = model.programs[row["id"]]
        assert row["title"] == program.title and row["organizer"] == program.organizer
        assert (row["fields"].split(";") if row["fields"] else []) == list(program.fields)
        assert (row["industries_label"].split(";") if row["industries_label"] else []) == [
            model.taxonomies.label("industries", i) for i in program.industries]


def test_csv_quoting_survives_commas_quotes_and_newlines(site_out):
    # descriptions are multi-line Markdown with commas: csv must read them back whole
    _, rows = read_csv(site_out / "data" / "centers.csv")
    multiline = [r for r in rows if "\n" in r["description"]]
    assert multiline, "the centres' descriptions have several paragraphs"


def test_places_geojson(site_out, model):
    geo = json.loads((site_out / "data" / "places.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    by_id = {(f["properties"]["kind"], f["properties"]["id"]): f for f in geo["features"]}
    expected = {("coop", c.id) for c in model.coops.values() if c.location and "location" not in c.hidden}
    expected |= {("center", c.id) for c in model.centers.values() if c.location}
    assert set(by_id) == expected
    point = by_id[("coop", "test-located-coop")]
    assert point["geometry"] == {"type": "Point", "coordinates": [126.9794, 37.5729]}  # lon, lat
    assert point["properties"]["district_label"] == "종로구"
    assert ("coop", "test-hidden-fields-coop") not in by_id


def test_districts_geojson_counts(site_out, model):
    geo = json.loads((site_out / "data" / "districts.geojson").read_text(encoding="utf-8"))
    features = geo["features"]
    assert len(features) == 25
    counts: dict[str, int] = {}
    for coop in model.coops.values():
        counts[coop.district] = counts.get(coop.district, 0) + 1
    for feature in features:
        props = feature["properties"]
        assert props["district"], props
        assert props["coops"] == counts.get(props["district"], 0)
        assert props["area_label"] in {"동북권", "서북권", "동남권", "서남권"}
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert sum(f["properties"]["coops"] for f in features) == len(model.coops)
    assert "Apache" in geo["attribution"]


def test_exports_are_deterministic(model):
    def files():
        ctx = BuildContext.create(model, site_url=SITE_URL, root=built().root)
        return {f.path: f.content() for f in generate(ctx).files}

    assert files() == files()


def test_the_coop_rows_are_made_once_for_their_three_files(model, monkeypatch):
    from site_plugins import opendata

    made = []
    real = opendata.coop_rows
    monkeypatch.setattr(opendata, "coop_rows", lambda ctx: made.append(1) or real(ctx))
    ctx = BuildContext.create(model, site_url=SITE_URL, root=built().root)
    files = {f.path: f for f in generate(ctx).files}
    contents = [files[path].content() for path in ("data/coops.csv", "data/coops.json", "data/places.geojson")]
    assert made == [1]
    assert files["data/coops.csv"].content() == contents[0] and made == [1, 1]  # dropped after the third, made again
    assert contents[2] == opendata.places_geojson(ctx)


def test_location_outside_korea_is_reported_in_korean(tmp_path):
    root = tmp_path
    (root / "data" / "coops").mkdir(parents=True)
    shutil.copytree(built().root / "data" / "taxonomy", root / "data" / "taxonomy")
    text = EXTRA_COOPS["test-located-coop"].replace("lat: 37.5729, lon: 126.9794", "lat: 126.9794, lon: 37.5729")
    (root / "data" / "coops" / "swapped.yaml").write_text(text, encoding="utf-8")
    _, problems = load_site(root)
    report = problems.report()
    assert "data/coops/swapped.yaml:8: 위도 126.9794는 대한민국 범위(33~39)를 벗어납니다" in report
    assert "위도와 경도를 바꿔 쓴 것 같습니다" in report
    assert "(location.lon)" in report


# --- pages: JSON-LD, sharing metadata, canonical URLs, sitemap, 404 -----------------------


class HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_ld = False
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.links["canonical"] = a["href"]
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)


def head_of(path: Path) -> HeadParser:
    parser = HeadParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_coop_json_ld(site_out, model):
    assert "founded" in model.coops["hansalim-seoul"].example_fields  # the seeds give no founding date
    for coop_id in ("hansalim-seoul", "test-located-coop", "test-hidden-fields-coop"):
        coop = model.coops[coop_id]
        head = head_of(site_out / "coops" / coop_id / "index.html")
        assert len(head.jsonld) == 1
        data = json.loads(head.jsonld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Organization"
        assert data["additionalType"].endswith("/Cooperative")
        assert data["name"] == coop.name
        assert data["url"] == f"{SITE_URL}coops/{coop_id}/"
        if "founded" in coop.example_fields:
            assert "foundingDate" not in data  # an illustrative date is not given to machines as a fact
        else:
            assert data["foundingDate"] == coop.founded.isoformat()
        district = model.taxonomies.label("regions", coop.district)
        assert data["areaServed"]["name"] == district
        assert data["address"]["addressLocality"] == district and data["address"]["addressCountry"] == "KR"
        assert data["knowsAbout"]["name"] == model.taxonomies.label("industries", coop.industry)
        assert data["knowsAbout"]["termCode"] == model.taxonomies.get("industries", coop.industry).code
    hidden = json.loads(head_of(site_out / "coops" / "test-hidden-fields-coop" / "index.html").jsonld[0])
    assert "telephone" not in hidden and "email" not in hidden and "streetAddress" not in hidden["address"]
    assert "location" not in hidden
    located = json.loads(head_of(site_out / "coops" / "test-located-coop" / "index.html").jsonld[0])
    assert located["telephone"] == "02-7719-1111"
    assert located["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 37.5729, "longitude": 126.9794}


def all_pages(site_out: Path) -> list[Path]:
    """Every page readers browse: not the shells, not the editors' app at /admin/ (noindex)."""
    return sorted(p for p in site_out.rglob("index.html") if "portal-shell" not in p.parts and p.parent != site_out / "admin")


def test_the_editor_app_is_kept_out_of_search_engines(site_out):
    head = head_of(site_out / "admin" / "index.html")
    assert "noindex" in head.meta.get("robots", "")
    sitemaps = "".join(path.read_text(encoding="utf-8") for path in site_out.glob("sitemap*.xml"))
    assert "<loc>" in sitemaps and "/admin/" not in sitemaps


def page_url(site_out: Path, path: Path) -> str:
    rel = path.parent.relative_to(site_out).as_posix()
    return "" if rel == "." else rel + "/"


def test_every_page_has_korean_sharing_metadata(site_out, model):
    pages = all_pages(site_out)
    assert len(pages) > 100
    for path in pages:
        head = head_of(path)
        url = page_url(site_out, path)
        assert head.lang == "ko", url
        assert head.meta.get("og:locale") == "ko_KR", url
        assert head.meta.get("og:site_name") == "서울 협동조합 포털"
        assert head.meta.get("twitter:card") == "summary_large_image"
        assert head.meta.get("og:image") == SITE_URL + "assets/social/card.png", url
        assert head.meta.get("og:title") and head.meta.get("og:description"), url
        assert "xPORTALx" not in head.meta["og:title"] + head.meta["og:description"] + head.meta.get("og:url", "")
        assert re.search("[가-힣]", head.meta["og:title"]), url
        assert head.links.get("canonical") == SITE_URL + url, url
        assert head.meta.get("og:url") == SITE_URL + url, url
    coop = model.coops["test-located-coop"]
    head = head_of(site_out / "coops" / coop.id / "index.html")
    assert head.meta["og:title"] == coop.name and "twitter:title" not in head.meta  # X falls back to og:title
    assert head.meta["og:description"] == coop.summary
    stats = head_of(site_out / "stats" / "index.html")
    assert stats.meta["og:title"] == "통계"


def test_sitemap_lists_every_page_and_no_shell(site_out):
    xml = (site_out / "sitemap.xml").read_bytes()
    assert b"<sitemapindex" in xml and len(xml) < 2000  # Material fetches it on every page
    parts = re.findall(r"<loc>[^<]+/(sitemap-\d+\.xml)</loc>", xml.decode("utf-8"))  # at the root: a sitemap lists only URLs below its folder
    assert parts
    locs = [loc for part in parts for loc in re.findall(r"<loc>([^<]+)</loc>", (site_out / part).read_text(encoding="utf-8"))]
    assert locs == sorted(set(locs))
    assert not [loc for loc in locs if "portal-shell" in loc]
    assert b"<lastmod>" not in xml
    expected = {SITE_URL + page_url(site_out, p) for p in all_pages(site_out)}
    assert set(locs) == expected
    assert f"{SITE_URL}coops/test-located-coop/" in locs and f"{SITE_URL}stats/" in locs
    packed = (site_out / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == xml
    assert packed[4:8] == b"\0\0\0\0"  # gzip mtime 0: the same sitemap gives the same bytes


def test_korean_404_page(site_out):
    text = (site_out / "404.html").read_text(encoding="utf-8")
    assert "페이지를 찾을 수 없습니다" in text
    assert "404 - Not found" not in text
    assert f'href="{SITE_URL}coops/"' in text


def test_data_dictionary_describes_every_column(site_out):
    text = (site_out / "data" / "index.html").read_text(encoding="utf-8")
    for columns in (COOP_COLUMNS, CENTER_COLUMNS, COURSE_COLUMNS, PROGRAM_COLUMNS):
        for column in columns:
            assert f"<code>{column.name}</code>" in text
    assert "CC BY 4.0" in text and "Apache License 2.0" in text
    for name in ("coops.csv", "coops.json", "centers.csv", "courses.json", "programs.csv", "places.geojson", "districts.geojson"):
        assert f'href="{name}"' in text, name


def test_shells_stay_out_of_the_search_index(site_out):
    index = site_out / "search" / "search_index.json"
    if not index.is_file():
        pytest.skip("Material의 search 플러그인을 쓰지 않는 빌드입니다")
    text = index.read_text(encoding="utf-8")
    assert "portal-shell" not in text and "xPORTALx" not in text
