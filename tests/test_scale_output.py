"""A national corpus you can publish: small entry pages, a host-size check, a realistic corpus.

The theme's chrome moved into a shared script (`mkdocs_adapter/chrome.py`), the
check the workflow runs before uploading (`hostlimit.py`), the old output moved
aside instead of deleted file by file (`writing.set_aside`), and the synthetic
corpus the bench measures (`synth.py`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from site_plugins import hostlimit, synth
from site_plugins.mkdocs_adapter import chrome, shells
from site_plugins.mkdocs_adapter.writing import ASIDE_PREFIX, set_aside
from site_plugins.synth import DESCRIPTION_WORDS, name_key, synthesize
from site_plugins.synthwords import words

REPO = Path(__file__).resolve().parents[1]
ENTRY_PAGE_LIMIT = 8_000  # bytes, uncompressed (issue 17)


# --- the shared chrome ------------------------------------------------------------------

SHELL = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="generator" content="x">
<title>xPORTALxTITLEx - 사이트</title><meta property="og:title" content="xPORTALxTITLEx">
<script>__md_scope=new URL("../..",location)</script>
xPORTALxHEADx
</head>
<body dir="ltr">
<input class="md-toggle" id="__drawer" type="checkbox">
<header class="md-header"><span class="md-ellipsis"> xPORTALxTITLEx </span><script>var palette=1</script></header>
<div class="md-container">
<nav class="md-tabs"><a href="../../coops/">협동조합 찾기</a></nav>
<main class="md-main"><div class="md-main__inner">
<div class="md-sidebar"><nav class="md-nav md-nav--primary"><a href="../../">홈</a></nav></div>
<div class="md-content" data-md-component="content" id="main-text" tabindex="-1"><article class="md-content__inner"><h1>xPORTALxBODYx</h1></article></div>
<script>var tabbed=1</script>
</div><button class="md-top">맨위로</button></main>
<footer class="md-footer">CC BY 4.0</footer>
</div>
<div class="md-dialog"></div><script id="__config" type="application/json">{"base": "../.."}</script>
<script src="../../assets/search/page.js"></script>
<script src="../../assets/javascripts/bundle.js"></script>
</body></html>
"""


def _split(shell: str = SHELL) -> chrome.Chrome:
    return chrome.split(shell, depth=2, tokens=shells.TOKENS, site_name="사이트 <이름>", minify=shells.minify)


def test_the_chrome_leaves_the_page_and_comes_back_in_order():
    shell = _split()
    page = shell.skeleton
    # what stays: head (minus the generator tag and the helper script), the content's
    # ancestors, the article and the theme's own external script
    assert "xPORTALxHEADx" in page and "<title>" in page and "bundle.js" in page
    assert "generator" not in page and "__md_scope" not in page
    for gone in ("md-header", "md-tabs", "md-sidebar", "md-top", "md-dialog", "__config", "palette", "tabbed", "md-footer"):
        assert gone not in page, gone
    loader = f'<script src="../../{shell.path}"></script>'
    assert page.index(loader) < page.index("<article")  # parsed before the article is painted
    assert "<noscript><a href=\"../../\">사이트 &lt;이름&gt;</a></noscript>" in page
    assert re.fullmatch(r"assets/portal/chrome\.[0-9a-f]{10}\.js", shell.path)
    script = shell.script.decode("utf-8")
    assert script.count("__md_scope") == 1 and "xPORTALx" not in script and chrome.TITLE_MARK in script
    pieces = _pieces(script)
    body, container, main, inner, content = pieces
    assert body[0].startswith("<input") and "md-header" in body[0] and "md-dialog" in body[1] and "__config" in body[1]
    assert "md-tabs" in container[0] and "CC BY 4.0" in container[1]
    assert main == ["", '<button class=md-top>맨위로</button>']
    assert "md-sidebar" in inner[0] and "tabbed" in inner[1]
    assert content == ["", ""]


def test_script_only_attributes_and_a_carried_script_move_into_the_chrome():
    carried = {"assets/search/page.js": ";(function () { window.carried = 1 })()\n"}
    shell = chrome.split(SHELL, depth=2, tokens=shells.TOKENS, site_name="사이트", minify=shells.minify, carried=carried)
    page = shell.skeleton
    # the content element keeps its class; Material's hook and the skip link's target go
    assert '<div class="md-content"><script src=' in page and "main-text" not in page and "data-md-component" not in page
    assert '<body dir="ltr">' in page  # what styles the page before and without the script stays
    # the carried script leaves the page and runs at the end of the chrome, before the bundle
    assert "page.js" not in page and "bundle.js" in page
    script = shell.script.decode("utf-8")
    assert script.rstrip().endswith(carried["assets/search/page.js"].strip())
    assert '[{},{},{},{},{"data-md-component":"content","id":"main-text","tabindex":"-1"}].forEach' in script
    # without `carried` the script stays where the theme put it
    assert "page.js" in _split().skeleton


def _pieces(script: str) -> list[list[str]]:
    import json

    return json.loads(re.search(r"^  (\[\[.*\]\])\.forEach", script, re.M).group(1))


def test_a_layout_the_script_cannot_rebuild_is_refused():
    # chrome after the article inside its own element: it would land before the article
    with pytest.raises(ValueError):
        _split(SHELL.replace("</article></div>", "</article><nav class=\"md-path\">x</nav></div>"))
    # chrome after the theme's script in the same element: inserting it early would put it first
    with pytest.raises(ValueError):
        _split(SHELL.replace("</script>\n</body>", "</script><aside>x</aside>\n</body>"))
    # a per-page value in the chrome other than the title cannot be shared
    with pytest.raises(ValueError, match="DESC"):
        _split(SHELL.replace("<button class=\"md-top\">", "<button class=\"md-top\" title=\"xPORTALxDESCx\">"))


def test_tokens_in_attributes_keep_their_quotes_after_minifying():
    parts, _assets = shells.split_shell(SHELL.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta name="description" content="xPORTALxDESCx">'), 2, "사이트")
    text = "".join(parts)
    assert 'content="xPORTALxDESCx"' in text and 'content="xPORTALxTITLEx"' in text


# --- the host's size limit -----------------------------------------------------------------


def _tree(root: Path) -> Path:
    site = root / "site"
    (site / "coops" / "a").mkdir(parents=True)
    (site / "coops" / "a" / "index.html").write_text("가" * 700, encoding="utf-8")
    (site / "empty.txt").write_bytes(b"")
    long_dir = site / ("b" * 120)
    long_dir.mkdir()
    (long_dir / ("c" * 90 + ".txt")).write_bytes(b"x" * 1025)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_bytes(b"y" * 5000)  # left out, as the upload step leaves it out
    (site / "link.html").symlink_to(site / "coops" / "a" / "index.html")
    return site


def test_the_archive_size_is_what_tar_writes(tmp_path: Path):
    site = _tree(tmp_path)
    size = hostlimit.measure(site)
    archive = tmp_path / "artifact.tar"
    # what actions/upload-pages-artifact runs
    result = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", str(archive),
                             "--exclude=.git", "--exclude=.github", "."], capture_output=True)
    if result.returncode != 0:
        pytest.skip("GNU tar is not available")
    assert size.archive == archive.stat().st_size
    assert size.files == 4 and size.bytes == 2100 + 1025 + 2100
    with tarfile.open(archive) as packed:
        assert not [m for m in packed.getmembers() if ".git" in m.name]


def test_the_check_fails_over_the_limit_with_a_korean_message(tmp_path: Path):
    site = _tree(tmp_path)
    command = [sys.executable, "-m", "site_plugins.hostlimit", str(site)]
    ok = subprocess.run(command, capture_output=True, text=True)
    assert ok.returncode == 0 and "GitHub Pages 한도 1 GB의 0%" in ok.stdout and "::" not in ok.stdout
    size = hostlimit.measure(site).archive
    warned = subprocess.run(command + ["--limit", str(int(size / 0.9))], capture_output=True, text=True)
    assert warned.returncode == 0 and "::warning" in warned.stdout and "경고" in warned.stdout
    refused = subprocess.run(command + ["--limit", str(size - 1)], capture_output=True, text=True)
    assert refused.returncode == 1
    assert "한도" in refused.stdout and "게시하지 않습니다" in refused.stdout and "coops/" in refused.stdout
    assert re.search(r"^::error title=[^:]+::.*%0A", refused.stdout, re.M)  # one annotation line
    missing = subprocess.run([sys.executable, "-m", "site_plugins.hostlimit", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 1 and "make build" in missing.stdout


def test_the_workflow_checks_the_size_before_uploading():
    workflow = (REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    check = workflow.index("python -m site_plugins.hostlimit site")
    assert workflow.index("make build") < check < workflow.index("actions/upload-artifact") < workflow.index("actions/upload-pages-artifact")


# --- the previous output, moved aside ------------------------------------------------------


def test_the_previous_build_is_moved_aside_and_deleted(tmp_path: Path):
    site = tmp_path / "site"
    (site / "coops" / "a").mkdir(parents=True)
    (site / "coops" / "a" / "index.html").write_text("old", encoding="utf-8")
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("kept", encoding="utf-8")
    (site / f"{ASIDE_PREFIX}1").mkdir()  # left by a build that was killed
    deleting = set_aside(site)
    assert deleting is not None
    assert sorted(p.name for p in site.iterdir() if not p.name.startswith(ASIDE_PREFIX)) == [".git"]  # at once
    assert deleting.wait(timeout=60) == 0
    assert sorted(p.name for p in site.iterdir()) == [".git"]
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "kept"
    assert set_aside(tmp_path / "nothing") is None


# --- the synthetic corpus ------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(REPO, tmp_path_factory.mktemp("synth") / "repo", 600, seed=11).root


def test_descriptions_have_real_entries_length_and_the_seeds_vocabulary(corpus: Path):
    import yaml

    vocabulary = set(words()[0])
    lengths, seed_words, names = [], 0, set()
    for path in sorted((corpus / "data" / "coops").glob("*-0*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = name_key(data["name"], data["district"])
        assert key not in names, path.name  # check refuses one name twice in a district
        names.add(key)
        text = data.get("description")
        if not text:
            continue
        prose = text.split("\n\n", 1)[0]  # a list or a link may follow
        tokens = prose.split()
        lengths.append(len(tokens))
        seed_words += sum(token.rstrip(".") in vocabulary for token in tokens)
    low, high = DESCRIPTION_WORDS
    assert lengths and min(lengths) >= low and max(lengths) <= high
    assert sum(lengths) / len(lengths) > (low + high) / 2 - 5
    assert seed_words / sum(lengths) > 0.5  # most words are the seeds' own


def test_synthetic_coops_have_the_second_round_fields_at_real_shares_and_pass_check(corpus: Path):
    """aliases, offers, activities, 법인등록번호 and `listed` as real second-round entries have
    them (the shares and their reasons: synth.py), valid on the earliest day a test builds."""
    import datetime as dt

    from site_plugins.load import load_site
    from site_plugins.model import SEOUL

    # the tests' fixed build date (conftest.EPOCH): `listed` may not be after it
    site, problems = load_site(corpus, now=dt.datetime(2026, 11, 22, 12, tzinfo=SEOUL))
    assert not problems, problems.report()
    coops = [c for c in site.coops.values() if c.source.startswith("합성")]
    assert len(coops) > 500

    def share(has) -> float:
        return sum(1 for c in coops if has(c)) / len(coops)

    assert 0.93 <= share(lambda c: c.registration_number) <= 0.99  # nearly every co-op is registered
    numbers = [c.registration_number for c in site.coops.values() if c.registration_number]
    assert len(numbers) == len(set(numbers))
    assert 0.08 <= share(lambda c: c.activities) <= 0.20
    with_activities = [c for c in coops if c.activities]
    # the 골목경제 programme's joint businesses: mostly 사업자 co-ops in trade and manufacturing
    assert sum(c.category == "business" for c in with_activities) / len(with_activities) > 0.5
    assert sum(c.industry in synth.TRADE_INDUSTRIES for c in with_activities) / len(with_activities) > 0.3
    assert {a for c in coops for a in c.activities} == {t.id for t in site.taxonomies.terms("activities")}
    assert 0.10 <= share(lambda c: c.offers) <= 0.25  # a minority lists what it sells
    offers = [o for c in coops for o in c.offers]
    assert all(1 <= len(c.offers) <= 3 for c in coops if c.offers)
    assert {o.kind for o in offers} == {"product", "service"}
    assert all(o.description and "{" not in o.description and not o.name.isascii() for o in offers)
    assert any(o.url for o in offers) and any(not o.url for o in offers)
    assert 0.07 <= share(lambda c: c.listed) <= 0.20
    listed = [c for c in coops if c.listed]
    assert all(c.founded <= c.listed <= synth.LISTED_UNTIL for c in listed)
    assert all(c.verified is None or c.verified >= c.listed for c in listed)
    recent = [c for c in coops if c.founded.year >= synth.LISTED_RECENT_YEAR]
    older = [c for c in coops if c.founded.year < synth.LISTED_RECENT_YEAR]
    assert sum(bool(c.listed) for c in recent) / len(recent) > 5 * sum(bool(c.listed) for c in older) / len(older)
    assert 0.01 <= share(lambda c: c.aliases) <= 0.10  # rare
    short = [c for c in coops if c.legal_type in ("consumer-life-coop", "credit-union")]
    assert any(alias.endswith(("생협", "신협")) for c in short for alias in c.aliases)


# --- the built site ------------------------------------------------------------------------


@pytest.mark.slow
def test_entry_pages_are_small_and_load_their_chrome(site_dir: Path):
    coops = sorted((site_dir / "coops").glob("*/index.html"))
    coops = [p for p in coops if p.parent.name != "page"]
    assert coops
    sizes = {p.parent.name: p.stat().st_size for p in coops}
    assert max(sizes.values()) <= ENTRY_PAGE_LIMIT * 1.4, max(sizes.items(), key=lambda item: item[1])  # the hand-written showcase co-ops
    assert sorted(sizes.values())[len(sizes) // 2] <= ENTRY_PAGE_LIMIT
    scripts = set()
    for page in coops[:20] + sorted((site_dir / "regions").glob("*/index.html"))[:5]:
        html_text = page.read_text(encoding="utf-8")
        loaders = re.findall(r'<script src="?((?:\.\./)*assets/portal/chrome\.[0-9a-f]+\.js)"?>', html_text)
        assert len(loaders) == 1, page
        scripts.add((page.parent / loaders[0]).resolve())
        assert html_text.index(loaders[0]) < html_text.index("<article")
        assembled = chrome.chrome_html(html_text, page.parent)
        assert "md-header" in assembled and "md-search" in assembled and "md-tabs" in assembled and "md-nav--primary" in assembled
    assert all(script.is_file() for script in scripts)
    # pages the theme renders itself keep their chrome in the page
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "md-header" in home and "chrome." not in home


@pytest.mark.slow
@pytest.mark.browser
def test_an_entry_page_assembles_the_themes_page(site_dir: Path, site_url: str, browser):
    """Header, tabs, drawer, search and keyboard work on an entry page as on the theme's own pages."""
    coop = sorted(p.parent.name for p in (site_dir / "coops").glob("*/index.html") if p.parent.name != "page")[0]
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def components(url: str) -> list[str]:
        page.goto(site_url + url, wait_until="networkidle")
        return page.evaluate("[...document.querySelectorAll('[data-md-component]')].map(e => e.getAttribute('data-md-component'))")

    theirs = components("coops/")  # a section page MkDocs renders with the full chrome
    ours = components(f"coops/{coop}/")
    assert ours == theirs
    title = page.evaluate("document.querySelector('meta[property=\"og:title\"]').content")
    assert page.locator("[data-md-component=header-topic]").inner_text().strip() == title
    assert page.locator("script[src*='assets/portal/chrome.']").count() == 0  # it removed itself
    # keyboard: Tab reaches the skip link first; "/" opens the search box, a query finds pages
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.getAttribute('data-md-component')") == "search-query"
    page.keyboard.type("협동조합")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.keyboard.press("Escape")
    # the drawer's navigation on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_timeout(300)
    assert page.locator(".md-nav--primary .md-nav__link").first.is_visible()
    assert not errors
    context.close()


def test_the_report_link_keeps_hangul_and_encodes_the_rest_as_before():
    import random
    from urllib.parse import quote, unquote

    from site_plugins.context import _iri

    rng = random.Random(5)
    for _ in range(500):
        text = "".join(chr(rng.choice([rng.randrange(0, 128), rng.randrange(0xAC00, 0xD7A4), 0x00B7])) for _ in range(24))
        encoded = _iri(text)
        assert unquote(encoded) == text  # the same request once the browser encodes it
        assert encoded == "".join(quote(char) if ord(char) < 128 else char for char in text)
        assert not set(encoded) & set('"<>&\'` \n#')


def test_the_report_link_puts_a_query_value_back_as_it_was():
    import random
    from urllib.parse import parse_qs

    from site_plugins.context import _query

    rng = random.Random(7)
    for _ in range(500):
        text = "".join(chr(rng.choice([rng.randrange(32, 128), rng.randrange(0xAC00, 0xD7A4), 0x00B7])) for _ in range(24))
        encoded = _query(text)
        assert parse_qs(f"t={encoded}&u=1", keep_blank_values=True) == {"t": [text], "u": ["1"]}
        assert not set(encoded) & set('"<>&\'` \n#=')


def test_the_themes_words_cannot_collide_with_the_scripts_placeholders():
    shell = _split(SHELL.replace("협동조합 찾기", "MARK PIECES BOOKMARK"))
    assert "MARK PIECES BOOKMARK" in shell.script.decode("utf-8")
