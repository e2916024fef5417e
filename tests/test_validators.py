"""The built site as the validators its readers use see it (issue 14, "Outputs and markup").

* the Nu HTML checker (vnu.jar from tests/vnu, run with Java) on one page of each kind:
  no error in the portal's own markup; the theme's known findings are listed, each with
  its reason, in tests/vnu/theme-findings.yaml;
* every portal form has a real submit control (HTML_CodeSniffer H32.2);
* feed entry ids and calendar UIDs are the same whichever host the site is built for;
* a build without `site_url` stops with a Korean message;
* `robots.txt` names the (absolute) sitemap; `og:image` is a real 1200×630 PNG;
* districts.geojson winds its rings as RFC 7946 asks (shoelace formula on the output);
* iCalendar TEXT values escape `,` and `;`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.robotparser
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml
from icalendar import Calendar

from conftest import ROOT, build_site
from site_plugins import geomap, socialcard
from site_plugins.publishing import DEFAULT as DEFAULT_IDS

pytestmark = pytest.mark.slow

VNU = ROOT / "tests" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
THEME_FINDINGS = ROOT / "tests" / "vnu" / "theme-findings.yaml"
SITE_URL = "https://seoul-coop-portal.github.io/"  # mkdocs.yml's default, which site_dir is built with
OTHER_HOST = "https://mirror.example.net/coop/"


def _entries(site: Path, section: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """Pages one level under `section` (each a folder with index.html), sorted."""
    return sorted(p.parent.relative_to(site).as_posix() + "/index.html" for p in (site / section).glob("*/index.html")
                  if p.parent.name not in exclude)


def pages_of_each_kind(site: Path) -> dict[str, str]:
    """One page of each kind the portal makes, by kind."""
    def first(section: str, *exclude: str) -> str:
        found = _entries(site, section, exclude)
        assert found, f"no page under /{section}/"
        return found[0]

    newest_issue = _entries(site, "newsletter")[-1]
    return {
        "home": "index.html",
        "directory": "coops/index.html",
        "co-op": first("coops"),
        "term": "regions/mapo/index.html" if (site / "regions/mapo/index.html").exists() else first("regions"),
        "term overview": "regions/index.html",
        "case": first("cases"),
        "cases": "cases/index.html",
        "column": first("columns"),
        "newsletter issue": newest_issue,
        "newsletter e-mail": newest_issue.replace("index.html", "email.html"),
        "education": "education/index.html",
        "course": first("education", "tracks"),
        "centres": "centers/index.html",
        "centre": first("centers"),
        "programme": first("programs"),
        "library item": first("library", "files"),
        "job": first("jobs"),
        "event": first("events"),
        "author": first("authors"),
        "products": "products/index.html",
        "industry products": first("products"),
        "startup": "startup/index.html",
        "stats": "stats/index.html",
        "data": "data/index.html",
        "subscribe": "subscribe/index.html",
        "404": "404.html",
    }


def _require_tools() -> None:
    missing = []
    if not VNU.is_file():
        missing.append(f"{VNU.relative_to(ROOT)} (make test installs it: npm ci --prefix tests/vnu)")
    if not shutil.which("java"):
        missing.append("java (apt-get install default-jre-headless)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("Nu HTML checker를 돌릴 수 없습니다: " + ", ".join(missing))
        pytest.skip("the Nu HTML checker needs " + ", ".join(missing))


def run_vnu(site: Path, pages: list[str]) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always", *[str(site / p) for p in pages]],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    messages = json.loads(result.stdout)["messages"]
    for message in messages:
        message["page"] = Path(message.get("url", "").removeprefix("file:")).as_posix().split(site.as_posix() + "/", 1)[-1]
    return messages


def theme_findings() -> list[dict]:
    entries = yaml.safe_load(THEME_FINDINGS.read_text(encoding="utf-8"))
    assert entries and all({"message", "markup", "reason"} <= set(e) and e["reason"].strip() for e in entries), \
        "every known finding names its message, its markup and the reason"
    return entries


def _unquoted(markup: str) -> str:
    """Markup without attribute quotes and with single spaces: a minified page writes
    class=md-toggle where the theme wrote class="md-toggle"."""
    return " ".join(markup.replace('"', "").replace("'", "").split())


def known(message: dict, entries: list[dict]) -> dict | None:
    text, extract = message.get("message", ""), _unquoted(message.get("extract", ""))
    return next((e for e in entries if e["message"] in text and _unquoted(e["markup"]) in extract), None)


@pytest.fixture(scope="module")
def vnu_messages(site_dir) -> list[dict]:
    _require_tools()
    pages = pages_of_each_kind(site_dir)
    return run_vnu(site_dir, list(pages.values()))


def test_the_nu_checker_finds_no_error_in_our_markup(vnu_messages):
    entries = theme_findings()
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error")]
    ours = [m for m in errors if not known(m, entries)]
    report = [f"{m['page']}:{m.get('lastLine', '?')}: {m['message']} | {m.get('extract', '').strip()[:120]}" for m in ours]
    assert ours == [], f"{len(ours)} Nu HTML checker errors in the portal's markup:\n" + "\n".join(report[:60])


def test_every_known_theme_finding_still_occurs(vnu_messages):
    """The list in tests/vnu/theme-findings.yaml stays true: an entry the theme no longer
    triggers is deleted, not kept as a blanket excuse."""
    entries = theme_findings()
    used = {id(known(m, entries)) for m in vnu_messages if m.get("type") == "error"}
    stale = [e["message"] + " / " + e["markup"] for e in entries if id(e) not in used]
    assert stale == [], "entries in theme-findings.yaml that match nothing any more:\n" + "\n".join(stale)


def test_every_kind_of_page_is_checked(site_dir):
    pages = pages_of_each_kind(site_dir)
    for kind in ("home", "directory", "co-op", "term", "case", "column", "newsletter issue", "course", "centre", "programme",
                 "library item", "job", "event", "products", "startup", "stats", "data", "404"):
        assert (site_dir / pages[kind]).is_file(), kind


# --- forms -----------------------------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = {"class": values.get("class", ""), "method": values.get("method", "get").lower(), "submit": 0}
            self.forms.append(self._open)
        elif self._open is not None and ((tag == "button" and values.get("type", "submit") == "submit")
                                         or (tag == "input" and values.get("type") in ("submit", "image"))):
            self._open["submit"] += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def test_every_portal_form_has_a_submit_control(site_dir):
    """HTML_CodeSniffer H32.2: a form needs a submit control. The filters submit by GET to
    their own page, whose script reads the parameters (and with the script, no reload)."""
    checked = 0
    for page in ("coops/index.html", "education/index.html", "centers/index.html"):
        parser = _Forms()
        parser.feed((site_dir / page).read_text(encoding="utf-8"))
        ours = [f for f in parser.forms if "portal-" in f["class"]]
        assert ours, page
        for form in ours:
            assert form["submit"] >= 1 and form["method"] == "get", (page, form)
            checked += 1
    assert checked >= 3


@pytest.mark.browser
def test_the_filter_forms_submit_by_get_and_the_pages_read_it(page, site_url):
    page.goto(site_url + "education/")
    form = page.locator("[data-portal-schedule-filters]")
    track = form.locator("select[name=track]")
    value = track.locator("option").nth(1).get_attribute("value")
    track.select_option(value)
    form.locator("button[type=submit]").click()
    assert f"track={value}" in page.url
    visible = page.locator(".portal-session:visible")
    assert visible.count() > 0
    assert all(v == value for v in visible.evaluate_all("els => els.map(e => e.dataset.track)"))
    # the form's own GET submission repeats a name ("area=a&area=b"); the directory reads both
    page.goto(site_url + "coops/?area=dongnam&area=seobuk")
    page.wait_for_selector(".portal-filters:not([hidden])")
    checked = page.locator(".portal-filters input[name=area]:checked").evaluate_all("els => els.map(e => e.value)")
    assert sorted(checked) == ["dongnam", "seobuk"]


# --- ids across hosts, site_url ----------------------------------------------------------------


@pytest.fixture(scope="module")
def other_host_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("other-host")
    result = build_site(ROOT, out, extra_env={"SITE_URL": OTHER_HOST})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def ids_of(site: Path) -> dict[str, list[str]]:
    """Every feed's own id and entry ids, and every calendar's UIDs, by file."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.xml")):
        if path.name not in ("feed.xml", "atom.xml"):
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, path
        found[path.relative_to(site).as_posix()] = [parsed.feed.get("id", "")] + [e.id for e in parsed.entries]
    for path in sorted(site.rglob("*.ics")):
        found[path.relative_to(site).as_posix()] = [str(e["UID"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    return found


def test_feed_ids_and_calendar_uids_do_not_depend_on_the_host(site_dir, other_host_site):
    here, there = ids_of(site_dir), ids_of(other_host_site)
    assert here.keys() == there.keys()
    assert len([p for p in here if p.endswith(".ics")]) > 10 and len([p for p in here if p.endswith(".xml")]) > 10
    assert here == there
    every = [i for ids in here.values() for i in ids if i]
    assert all("mirror.example.net" not in i for i in every)
    entry_ids = [i for path, ids in here.items() if path.endswith(".xml") for i in ids[1:]]
    assert entry_ids and all(i.startswith(f"tag:{DEFAULT_IDS.name},{DEFAULT_IDS.date}:") for i in entry_ids)
    uids = [i for path, ids in here.items() if path.endswith(".ics") for i in ids]
    assert uids and all(i.endswith(f"@{DEFAULT_IDS.domain}") for i in uids)
    # ...while every link follows the host
    assert f"{OTHER_HOST}feed.xml" in (other_host_site / "feed.xml").read_text(encoding="utf-8")
    assert f"Sitemap: {OTHER_HOST}sitemap.xml" in (other_host_site / "robots.txt").read_text(encoding="utf-8")


def test_the_tag_authority_comes_from_mkdocs_yml():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.plugins["portal"].config.tag_authority == f"{DEFAULT_IDS.name},{DEFAULT_IDS.date}"


def test_a_build_without_site_url_stops_with_a_korean_message(tmp_path):
    out = tmp_path / "site"
    result = build_site(ROOT, out, extra_env={"SITE_URL": ""})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "site_url이 비어 있어 사이트를 만들지 않았습니다" in output and "피드" in output and "사이트맵" in output
    assert "Traceback" not in output
    assert not (out / "feed.xml").exists() and not (out / "sitemap.xml").exists()


# --- robots.txt, the social card ------------------------------------------------------------------


def test_robots_txt_names_the_absolute_sitemap(site_dir):
    text = (site_dir / "robots.txt").read_text(encoding="utf-8")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    assert parser.site_maps() == [f"{SITE_URL}sitemap.xml"]
    assert (site_dir / "sitemap.xml").is_file()
    for page in ("", "coops/", "regions/mapo/", "data/coops.csv"):
        assert parser.can_fetch("Googlebot", SITE_URL + page), page


def test_every_page_shares_the_social_card(site_dir):
    data = (site_dir / socialcard.PATH).read_bytes()
    assert socialcard.png_size(data) == (1200, 630)
    assert data == socialcard.SOURCE.read_bytes() and len(data) > 20_000  # drawn, not an empty canvas
    card = SITE_URL + socialcard.PATH
    pages = sorted(site_dir.rglob("index.html")) + [site_dir / "404.html"]
    assert len(pages) > 100
    for path in pages:
        if path.relative_to(site_dir).parts[0] == "admin":
            continue  # the web editor's app page: noindex, never shared
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        if 'http-equiv="refresh"' in head or "http-equiv=refresh" in head:
            continue  # a redirect page
        assert re.search(r'<meta[^>]*content="?' + re.escape(card) + r'"?[^>]*property="?og:image"?|<meta[^>]*property="?og:image"?[^>]*content="?'
                         + re.escape(card), head), path


# --- GeoJSON (RFC 7946 §3.1.6), iCalendar TEXT ---------------------------------------------------


def _rings(geometry: dict) -> list[tuple[int, list]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [(index, ring) for polygon in polygons for index, ring in enumerate(polygon)]


def shoelace(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1])) / 2


def test_district_rings_are_counter_clockwise_and_holes_clockwise(site_dir):
    data = json.loads((site_dir / "data" / "districts.geojson").read_text(encoding="utf-8"))
    rings = [r for f in data["features"] for r in _rings(f["geometry"])]
    assert len(data["features"]) == 25 and rings
    for index, ring in rings:
        assert ring[0] == ring[-1]
        assert (shoelace(ring) > 0) == (index == 0), "exterior rings run counter-clockwise, holes clockwise"


def test_the_geojson_writer_rewinds_holes_and_multipolygons():
    square_cw = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]
    hole_ccw = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]
    polygon = {"type": "Polygon", "coordinates": [square_cw, hole_ccw]}
    wound = geomap.rfc7946_winding(polygon)
    assert shoelace(wound["coordinates"][0]) > 0 and shoelace(wound["coordinates"][1]) < 0
    assert polygon["coordinates"][0] == square_cw  # the input is not changed
    multi = geomap.rfc7946_winding({"type": "MultiPolygon", "coordinates": [[square_cw, hole_ccw], [list(reversed(square_cw))]]})
    assert [shoelace(r) > 0 for p in multi["coordinates"] for r in p] == [True, False, True]
    point = {"type": "Point", "coordinates": [127.0, 37.5]}
    assert geomap.rfc7946_winding(point) is point


TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "X-WR-CALDESC")


def test_calendar_text_values_escape_commas_and_semicolons(site_dir):
    checked = 0
    for path in sorted(site_dir.rglob("*.ics")):
        unfolded = re.sub(r"\r\n[ \t]", "", path.read_bytes().decode("utf-8"))
        for line in unfolded.split("\r\n"):
            name, _, value = line.partition(":")
            if name.split(";", 1)[0] in TEXT_PROPERTIES:
                assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value), f"{path.relative_to(site_dir)}: {line}"
                checked += 1
    assert checked > 50
