"""The sitemap index stays small however many pages the site has."""

import re

from site_plugins.sitemap import URLS_PER_FILE, sitemap_files


def test_urls_are_split_into_parts_under_a_small_index():
    urls = [f"coops/c{n:05d}/" for n in range(URLS_PER_FILE * 2 + 1)]
    files = sitemap_files("https://example.org/", urls)
    index = files["sitemap.xml"].decode()
    assert re.findall(r"<loc>([^<]+)</loc>", index) == [f"https://example.org/sitemaps/pages-{n}.xml" for n in (1, 2, 3)]
    assert len(files["sitemap.xml"]) < 1000
    listed = [loc for name, body in files.items() if name != "sitemap.xml" for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    assert listed == [f"https://example.org/{u}" for u in urls]
