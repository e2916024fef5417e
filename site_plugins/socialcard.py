"""The social card: the picture a shared link to any page of the portal shows (Open Graph
`og:image`, `twitter:image`, and the `image` of the articles' JSON-LD).

One PNG of 1200×630 pixels (1.91:1, the size Facebook, KakaoTalk, X and LinkedIn crop
least), committed as `site_plugins/assets/social/card.png` and published at
`/assets/social/card.png` through the Writer by `generate()`. `overrides/main.html`
names it absolutely from `site_url`, as the Open Graph protocol asks.

It is drawn once, not at build time: a build then needs no imaging library and no fonts,
and every build writes the same bytes. When the wording or the colours change, redraw it
with `python -m site_plugins.socialcard` (Debian's Chromium through Playwright, the test
tools, and Noto Sans CJK from `fonts-noto-cjk`, so the Korean is set in a real Korean
font, never in boxes) and commit the PNG.
"""

from __future__ import annotations

import struct
import sys
from functools import partial
from pathlib import Path

from .output import OutputFile, Outputs

PATH = "assets/social/card.png"  # site-relative
WIDTH, HEIGHT = 1200, 630
SOURCE = Path(__file__).resolve().parent / "assets" / "social" / "card.png"
TITLE = "서울 협동조합 포털"
TAGLINE = "협동조합 찾기 · 교육 · 상담 · 지원사업 · 사례"
ALT = f"{TITLE}: {TAGLINE}"

CARD_HTML = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {width}px; height: {height}px; }}
body {{ background: #0b4f8a; color: #ffffff; font-family: "Noto Sans CJK KR", "Noto Sans KR", sans-serif;
       display: flex; flex-direction: column; justify-content: center; padding: 0 96px; box-sizing: border-box;
       position: relative; overflow: hidden; }}
.mark {{ position: absolute; right: 72px; top: 56px; width: 230px; height: 230px; }}
.mark circle {{ fill: none; stroke-width: 22; }}
h1 {{ font-size: 92px; font-weight: 700; margin: 0 0 28px; letter-spacing: -1px; }}
p {{ font-size: 38px; font-weight: 500; margin: 0; color: #dbe9f6; }}
.bar {{ position: absolute; left: 0; bottom: 0; width: 100%; height: 18px; background: #f2b544; }}
.host {{ position: absolute; left: 96px; bottom: 58px; font-size: 30px; color: #b9d3ea; font-weight: 400; }}
</style></head><body>
<svg class="mark" viewBox="0 0 330 330" aria-hidden="true">
  <circle cx="115" cy="125" r="90" stroke="#f2b544"/>
  <circle cx="215" cy="125" r="90" stroke="#ffffff" stroke-opacity="0.85"/>
  <circle cx="165" cy="210" r="90" stroke="#7fb8e6"/>
</svg>
<h1>{title}</h1>
<p>{tagline}</p>
<div class="host">서울의 협동조합을 한곳에서</div>
<div class="bar"></div>
</body></html>"""


def generate(ctx: object) -> Outputs:
    out = Outputs()
    out.files.append(OutputFile(PATH, partial(SOURCE.read_bytes)))
    return out


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (ValueError when it is no PNG)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def draw(target: Path = SOURCE, chromium: str = "/usr/bin/chromium") -> bytes:
    """Render CARD_HTML in Chromium and save the screenshot as `target` (a maintainer's
    tool: needs the test extras and fonts-noto-cjk)."""
    import subprocess

    from playwright.sync_api import sync_playwright

    families = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout
    if "Noto Sans CJK KR" not in families:
        raise SystemExit("Noto Sans CJK KR 글꼴이 없습니다: apt-get install fonts-noto-cjk")
    html = CARD_HTML.format(width=WIDTH, height=HEIGHT, title=TITLE, tagline=TAGLINE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        page.set_content(html)
        page.evaluate("document.fonts.ready")
        data = page.screenshot(type="png", clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return data


if __name__ == "__main__":
    written = draw(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
    print(f"{len(written):,} bytes, {png_size(written)}")
