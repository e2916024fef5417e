"""Sitemaps: a small index at the root, parts beside it, never an empty or misplaced one."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_plugins.sitemap import URLS_PER_FILE, sitemap_files, sitemap_xml

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_urls_are_split_into_parts_under_a_small_index():
    urls = [f"coops/c{n:05d}/" for n in range(URLS_PER_FILE * 2 + 1)]
    files = sitemap_files("https://example.org/", urls)
    index = files["sitemap.xml"].decode()
    assert re.findall(r"<loc>([^<]+)</loc>", index) == [f"https://example.org/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert len(files["sitemap.xml"]) < 1000
    listed = [loc for name, body in files.items() if name != "sitemap.xml" for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    assert listed == [f"https://example.org/{u}" for u in urls]


def test_no_empty_sitemap_is_ever_written():
    # the schema wants at least one <url> in a <urlset> and one <sitemap> in an index
    assert sitemap_files("https://example.org/", []) == {}
    with pytest.raises(ValueError):
        sitemap_xml("https://example.org/", [])


def _urls(path: Path) -> list[str]:
    root = ET.fromstring(path.read_bytes())
    return [el.text or "" for el in root.iter(f"{NS}loc")]


@pytest.mark.slow
def test_every_published_sitemap_is_valid_where_it_stands(site_dir: Path):
    """Each sitemap holds at least one URL, and only URLs at or below its own folder."""
    index = ET.fromstring((site_dir / "sitemap.xml").read_bytes())
    assert index.tag == f"{NS}sitemapindex"
    base = _urls(site_dir / "sitemap.xml")[0].rsplit("/", 1)[0] + "/"
    sitemaps = sorted(p for p in site_dir.rglob("*.xml") if p.name == "sitemap.xml" or re.fullmatch(r"sitemap-\d+\.xml", p.name))
    assert len(sitemaps) > 2
    for path in sitemaps:
        root = ET.fromstring(path.read_bytes())
        assert root.tag in (f"{NS}urlset", f"{NS}sitemapindex"), path
        locs = _urls(path)
        assert locs, f"{path.relative_to(site_dir)} is empty"
        rel = path.parent.relative_to(site_dir).as_posix()
        folder = base if rel == "." else f"{base}{rel}/"
        assert all(loc.startswith(folder) for loc in locs), (path.relative_to(site_dir), folder, locs[:3])
    assert not (site_dir / "sitemaps").exists()
