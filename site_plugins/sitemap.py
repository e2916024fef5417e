"""sitemap.xml for every published page, MkDocs' own and the stamped ones.

MkDocs writes a sitemap of its own pages only, including the internal shells the
stamped pages are made from; the plugin overwrites it with this one. No
<lastmod>: the build has no honest per-page modification date, and a clock
value would make every build differ.
"""

from __future__ import annotations

import gzip
import io
import re
from urllib.parse import quote
from xml.sax.saxutils import escape

# Characters XML 1.0 cannot hold at all (no escape exists for them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Everything a URL may carry as it is; the rest (spaces, Hangul, quotes) is percent-encoded,
# as the sitemap protocol asks. `%` stays: a URL that is already encoded is not encoded twice.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def loc(url: str) -> str:
    """A <loc> element: the URL percent-encoded, then XML-escaped (the one encoder here)."""
    return f"<loc>{escape(quote(_NOT_XML.sub('', url), safe=_URL_SAFE))}</loc>"


def page_urls(urls: list[str], *, exclude_prefix: str) -> list[str]:
    """Site-relative page URLs, shells dropped, each once, in a stable order."""
    return sorted({u for u in urls if not u.startswith(exclude_prefix)})


URLS_PER_FILE = 5000


def part_name(number: int) -> str:
    """`sitemap-1.xml`, ...: at the site's root, because a sitemap may list only URLs at
    or below its own folder (sitemaps.org, "Sitemap file location"); search engines
    ignore the rest, so parts under `sitemaps/` would have listed nothing they accept."""
    return f"sitemap-{number}.xml"


def sitemap_files(base_url: str, urls: list[str]) -> dict[str, bytes]:
    """`sitemap.xml` as a small sitemap index, the URLs in `sitemap-N.xml` beside it.

    Material fetches the sitemap.xml beside every `<link rel="alternate">` on a
    page, and every page advertises /feed.xml: a single sitemap of 30,000 pages
    would be downloaded on every visit. The index stays a few hundred bytes,
    and search engines read it the same way (one file may hold 50,000 URLs, so
    a nationwide corpus needs an index anyway). Every part holds at least one
    URL (the schema requires one); a site without pages gets no sitemap at all.
    """
    if not urls:
        return {}
    base = base_url.rstrip("/") + "/" if base_url else "/"
    files: dict[str, bytes] = {}
    for number, start in enumerate(range(0, len(urls), URLS_PER_FILE), start=1):
        files[part_name(number)] = sitemap_xml(base_url, urls[start : start + URLS_PER_FILE])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<sitemap>{loc(base + name)}</sitemap>" for name in files]
    lines.append("</sitemapindex>")
    files["sitemap.xml"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


def sitemap_xml(base_url: str, urls: list[str]) -> bytes:
    """A `<urlset>` of `urls`; ValueError for none: an empty urlset is invalid (sitemaps.org schema)."""
    if not urls:
        raise ValueError("a sitemap must list at least one URL")
    base = base_url.rstrip("/") + "/" if base_url else "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url>{loc(base + url)}</url>" for url in urls]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzipped(content: bytes) -> bytes:
    """gzip with no file name and mtime 0, so the same sitemap gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(content)
    return buffer.getvalue()
