"""The build is the last guard: it refuses what `check` refuses, with the same Korean
report, on MkDocs and on ProperDocs (the maintained fork we could move to), and no
HTML from content reaches a page."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from conftest import EPOCH, build_site
from golden_helpers import REPO, make_buildable_site

pytestmark = pytest.mark.slow

NOTICE = """# 공지

외부 [안내 링크](https://example.org/guide)를 보세요.

```html
<script>alert("코드 예시는 글자로만 보입니다")</script>
```

`<img src=x onerror=alert(1)>`도 코드로는 괜찮습니다.
"""

BAD_INPUTS = {
    "script-in-page": ("content/bad.md", "# 공지\n\n<script>alert(1)</script>\n", "content/bad.md:3: <script> 태그는 쓸 수 없습니다"),
    "bad-yaml": ("data/coops/bad.yaml", "name: 안내: 모집\n", "data/coops/bad.yaml:1: YAML 문법 오류"),
    "broken-anchor": ("content/bad.md", "# 공지\n\n[가기](guide/index.md#없는-제목)\n", "content/bad.md:3: 'guide/index.md'에 '#없는-제목' 제목이 없습니다"),
}


def properdocs_build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root, env=env, capture_output=True, text=True, timeout=900,
    )


ENGINES = {"mkdocs": build_site, "properdocs": properdocs_build}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = make_buildable_site(tmp_path_factory.mktemp("fixture"))
    (root / "content/notice.md").write_text(NOTICE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(fixture_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build_site(fixture_site, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _Scripts(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def _scripts(page: Path) -> list[tuple[dict[str, str | None], str]]:
    parser = _Scripts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.scripts


def _normal(text: str) -> str:
    # the theme's inline scripts differ between pages only in relative paths ("..", "/")
    return re.sub(r'"[./]*"', '""', re.sub(r'(\.\./)+|(?<=")/(?=assets/)', "", text))


def _theme_script(attrs: dict[str, str | None], text: str, inline: set[str]) -> bool:
    src = attrs.get("src")
    if src:
        return re.sub(r"^(\.\./)+|^/", "", src).startswith("assets/")
    if attrs.get("type") in ("application/json", "application/ld+json"):
        # data, not code (Material's __config, structured data); a "</script>" from content
        # inside it would have cut the element short and left it unparseable
        json.loads(text)
        return True
    return _normal(text) in inline


def test_no_page_has_a_script_that_is_not_the_themes(built):
    # The theme's inline scripts, as on an editor page with no scripts of its own.
    reference = {_normal(text) for attrs, text in _scripts(built / "guide/index.html") if not attrs.get("src")}
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        for attrs, text in _scripts(page):
            assert _theme_script(attrs, text, reference), f"{page.relative_to(built)}: {attrs} {text[:80]}"
    notice = (built / "notice/index.html").read_text(encoding="utf-8")
    assert "alert" in notice and "&lt;" in notice  # the code example is shown, as text


def _outside_links(article: str, own: str) -> list[str]:
    # the theme's own edit button (rel="edit") and links to the portal itself are not outside links
    return [
        link for link in re.findall(r"<a\s[^>]*href=\"https?://[^>]*>", article)
        if "md-content__button" not in link and f'href="{own}' not in link
    ]


def test_outside_links_on_every_page_get_noopener(built):
    seen = 0
    canonical = re.search(r'<link rel="canonical" href="(https?://[^/"]+/)', (built / "index.html").read_text(encoding="utf-8"))
    own = canonical.group(1) if canonical else "\0"
    for page in sorted(built.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if '<article class="md-content__inner' not in text:
            continue
        article = text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
        for link in _outside_links(article, own):
            seen += 1
            assert re.search(r'rel="[^"]*noopener', link), f"{page.relative_to(built)}: {link}"
    assert seen >= 2  # the notice's Markdown link and the co-op's website at least


def test_markdown_guard_escapes_html_even_without_check():
    """If a page ever got past the validator, the Markdown extension still writes no tag."""
    out = markdown.markdown(
        '<script>x</script>\n\n<div onclick="x()">a</div>\n\n[a](javascript:alert(1)) <img src=x onerror=y>',
        extensions=["site_plugins.markdown_guard"],
    )
    assert "<script" not in out and "<div" not in out and "<img" not in out and "javascript:" not in out


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_fixture_site_builds(engine, fixture_site, tmp_path):
    result = ENGINES[engine](fixture_site, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out/coops/mapo-dolbom/index.html").is_file()
    assert (tmp_path / "out/notice/index.html").is_file()


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_strict_build_fails_with_the_korean_report(engine, case, tmp_path):
    root = make_buildable_site(tmp_path / "site")
    rel, text, expected = BAD_INPUTS[case]
    (root / rel).write_text(text, encoding="utf-8")
    result = ENGINES[engine](root, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert expected in output
    assert "문제 1건을 찾았습니다" in output
    assert not (tmp_path / "out/index.html").exists()


def test_makefile_builds_strictly_without_quiet_or_verbose():
    """`mkdocs build -q` or `-v` turns strict-mode warnings into success."""
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    command = next(line for line in recipe.splitlines() if "mkdocs build" in line)
    assert "--strict" in command
    assert not re.search(r"\s(-q|-v|--quiet|--verbose)\b", command)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("bad", [False, True], ids=["good", "bad"])
def test_make_build_fails_on_bad_input(bad, tmp_path):
    """`make build` itself, with the running interpreter's environment (-o: do not reinstall it)."""
    root = make_buildable_site(tmp_path / "site")
    shutil.copy(REPO / "Makefile", root / "Makefile")
    if bad:
        (root / "content/bad.md").write_text("# 공지\n\n<script>alert(1)</script>\n", encoding="utf-8")
    venv = Path(sys.prefix)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(["make", "build", f"VENV={venv}", "-o", f"{venv}/.deps"], cwd=root, env=env, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    if bad:
        assert result.returncode != 0, output
        assert "content/bad.md:3: <script> 태그는 쓸 수 없습니다" in output
    else:
        assert result.returncode == 0, output
        assert (root / "site/coops/mapo-dolbom/index.html").is_file()
