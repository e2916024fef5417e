"""The repository's own site, built for real: every record published, nothing extra, reproducible."""

from __future__ import annotations

import hashlib
import html as html_module
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import ROOT, build_site, listed_coops
from site_plugins.context import REPORT_FORM, REPORT_PAGE_FIELD
from site_plugins.load import load_site
from site_plugins.mkdocs_adapter.chrome import chrome_html

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_model():
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    return site


def test_every_coop_has_a_page_with_its_facts(site_dir, site_model):
    assert site_model.coops, "the repository should publish co-ops"
    for coop in site_model.coops.values():
        html = (site_dir / "coops" / coop.id / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{coop.name}" in html.replace("&amp;", "&")
        assert coop.summary in html.replace("&amp;", "&")
        if coop.contact.phone and "contact.phone" not in coop.hidden:
            assert f'href="tel:{re.sub(r"[^0-9+]", "", coop.contact.phone)}"' in html
        assert "정보 수정 요청" in html
        if coop.example:
            assert "portal-badge--example" in html


def test_the_report_link_opens_the_correction_form_with_the_title_and_the_page(site_dir, site_model):
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / REPORT_FORM).read_text(encoding="utf-8"))
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    assert len({field["id"] for field in fields}) == len(fields) and all(field["attributes"]["label"] for field in fields)
    page_field = next(field for field in fields if field["id"] == REPORT_PAGE_FIELD)
    assert page_field["type"] == "input" and page_field["validations"]["required"] is True
    assert form["labels"] == ["정보 수정"] and form["title"].startswith("[정보 수정]")
    repo_url = "https://github.com/seoul-coop-portal/portal"  # mkdocs.yml's default
    site_url = "https://seoul-coop-portal.github.io/"
    for coop in site_model.coops.values():
        page = (site_dir / "coops" / coop.id / "index.html").read_text(encoding="utf-8")
        href = html_module.unescape(re.search(r'<a class="md-button" href="([^"]*)"[^>]*>정보 수정 요청</a>', page).group(1))
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{repo_url}/issues/new", href
        assert parse_qs(parts.query) == {"template": [REPORT_FORM], "title": [f"[정보 수정] {coop.name} ({site_model.taxonomies.label('regions', coop.district)})"],
                                         REPORT_PAGE_FIELD: [f"{site_url}coops/{coop.id}/"]}, href


def test_every_coop_is_in_the_directory_and_on_its_region_and_industry_pages(site_dir, site_model):
    directory = json.loads((site_dir / "coops" / "directory.json").read_text(encoding="utf-8"))
    assert {row[0] for row in directory["rows"]} == set(site_model.coops)
    listed_in_directory = _all_listed(site_dir, "coops")
    assert listed_in_directory == set(site_model.coops)
    by_district: dict[str, set[str]] = {}
    by_industry: dict[str, set[str]] = {}
    for coop in site_model.coops.values():
        by_district.setdefault(coop.district, set()).add(coop.id)
        by_industry.setdefault(coop.industry, set()).add(coop.id)
    for district, ids in by_district.items():
        assert _all_listed(site_dir, f"regions/{district}") == ids
    for industry, ids in by_industry.items():
        assert _all_listed(site_dir, f"industries/{industry}") == ids


def _all_listed(site_dir: Path, base: str) -> set[str]:
    ids: set[str] = set()
    pages = [site_dir / base / "index.html", *sorted((site_dir / base / "page").glob("*/index.html"))]
    for page in pages:
        ids |= listed_coops(page.read_text(encoding="utf-8"))
    return ids


def test_area_pages_list_the_coops_of_their_districts(site_dir, site_model):
    areas = [t for t in site_model.taxonomies.terms("regions") if t.level == "area"]
    for area in areas:
        expected = {c.id for c in site_model.coops.values() if area in site_model.taxonomies.ancestors(c.district)}
        assert _all_listed(site_dir, f"regions/{area.id}") == expected


def _with_chrome(site_dir: Path, page: str) -> str:
    # entry pages load the theme's header and navigation from a shared script (chrome.py)
    html = (site_dir / page).read_text(encoding="utf-8")
    return html + chrome_html(html, (site_dir / page).parent)


def test_entries_are_never_in_the_navigation(site_dir, site_model):
    coop_id = next(iter(site_model.coops))
    for page in ("index.html", f"coops/{coop_id}/index.html", "coops/index.html"):
        html = _with_chrome(site_dir, page)
        nav = re.search(r'<nav class="?md-nav md-nav--primary.*?(<div class="?md-content|</nav></div></div></div>)', html, re.S)
        assert nav is not None
        assert not re.search(r'href="?[^" >]*coops/[a-z0-9-]+/[" >]', nav.group(0))


def test_korean_interface_and_hangul_anchors(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in home
    about = (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<h2 id="([^"]+)"', about)
    assert anchors and all(re.search(r"[가-힣]", anchor) for anchor in anchors), anchors


def test_no_internal_shell_or_token_is_published(site_dir):
    assert not (site_dir / "portal-shell").exists()
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "xPORTALx" not in text and "portal-shell" not in text, path


def test_no_page_requests_outside_fonts(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_two_builds_are_byte_identical(site_dir, tmp_path):
    second = tmp_path / "again"
    result = build_site(ROOT, second)
    assert result.returncode == 0, result.stderr

    def digest(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}

    first, again = digest(site_dir), digest(second)
    assert first.keys() == again.keys()
    assert [name for name in first if first[name] != again[name]] == []


def test_check_command_is_clean_on_the_repository():
    result = subprocess.run([sys.executable, "-m", "site_plugins", "check", "--root", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_bad_record_fails_check_and_build_with_the_same_korean_message(repo_copy, tmp_path):
    bad = repo_copy / "data" / "coops" / "broken-example.yaml"
    bad.write_text("name: 잘못된 예\nsummary: 요약\ndistrict: 마포\nindustry: G\ncategory: 소비자\nlegal_type: 협동조합\nfounded: 2023-02-30\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "site_plugins", "check", "--root", str(repo_copy)], capture_output=True, text=True)
    assert check.returncode == 1
    lines = check.stdout.strip().splitlines()
    assert lines == [
        "data/coops/broken-example.yaml:3: 알 수 없는 지역 '마포'입니다. 비슷한 값: mapo(마포구). data/taxonomy/regions.yaml에 있는 id나 이름을 쓰세요 (district)",
        "data/coops/broken-example.yaml:7: '2023-02-30': 날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 (예: 2013-02-15) (founded)",
    ]
    build = build_site(repo_copy, tmp_path / "out")
    assert build.returncode != 0
    for line in lines:
        assert line in build.stdout + build.stderr


def test_entry_pages_stay_under_30_kb_with_the_section_links_in_their_navigation(site_dir, site_model):
    sizes = {coop.id: (site_dir / "coops" / coop.id / "index.html").stat().st_size for coop in site_model.coops.values()}
    assert max(sizes.values()) < 30_000, max(sizes.items(), key=lambda item: item[1])
    html = _with_chrome(site_dir, f"coops/{next(iter(site_model.coops))}/index.html")
    nav = re.search(r'<nav class="?md-nav md-nav--primary.*?</nav>', html, re.S).group(0)
    assert re.search(r'href="?\.\./\.\./education/[" >]', nav) and re.search(r'href="?\.\./\.\./coops/[" >]', nav)
