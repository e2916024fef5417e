"""`/robots.txt` (RFC 9309): every crawler may read every page, and the sitemap is named.

The sitemap line is absolute, from `site_url`, as the sitemaps protocol asks; it names
`sitemap.xml`, the index of the page sitemaps (`sitemap.py`). Crawlers read robots.txt
only at the root of a host: when the portal is published under a path (a GitHub project
page, https://owner.github.io/portal/), this file is at /portal/robots.txt and only
says where the sitemap is to whoever fetches it there (a search console's sitemap
setting still finds the sitemap).

`/admin/` (the web editor) is left to its own `noindex`: a robots.txt rule would keep
crawlers from ever reading that instruction.
"""

from __future__ import annotations

from functools import partial

from .context import BuildContext
from .output import OutputFile, Outputs

PATH = "robots.txt"


def robots_txt(ctx: BuildContext) -> bytes:
    lines = [
        "# Seoul co-operative portal (seoul-coop-portal)",
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {ctx.absolute('sitemap.xml')}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    if ctx.site_url:  # the Sitemap line must be absolute; a build without site_url stops earlier
        out.files.append(OutputFile(PATH, partial(robots_txt, ctx)))
    return out
