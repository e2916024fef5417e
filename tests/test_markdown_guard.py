"""The Markdown guard: hostile input never reaches a page as HTML, and no input is slow.

Rendering is checked with an HTML parser on the output of the build's own extension
list (mkdocs.yml), not with string searches. Big inputs are checked for correctness
only; how the time grows is measured in benchmarks/markdown/bench.py, not here.
"""

from __future__ import annotations

import html.parser
import random
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pymdownx.slugs import slugify

from site_plugins import markdown_guard as guard
from site_plugins.markdown_guard import (
    MAX_FINDINGS,
    Finding,
    Findings,
    SafeMarkdown,
    _FrontList,
    line_of,
    needs_audit,
    reserved_id,
    too_complex,
)
from site_plugins.pagelinks import PAGE_EXTENSIONS, PageMarkdown, report_findings
from site_plugins.problems import Problems
from site_plugins.textfile import MAX_BYTES

REPO = Path(__file__).resolve().parent.parent
TOC = {"toc": {"slugify": slugify(case="lower"), "permalink": True}}


def build_markdown() -> markdown.Markdown:
    """The build's renderer: mkdocs.yml's extensions, the guard loaded by its name."""
    return markdown.Markdown(extensions=[*PAGE_EXTENSIONS, "site_plugins.markdown_guard"], extension_configs=TOC, output_format="html")


def render_page(text: str) -> tuple[str, list[Finding]]:
    md = build_markdown()
    out = md.convert(text)
    return out, md.guard_findings.finish().items  # type: ignore[attr-defined]


# --- what the output may hold -------------------------------------------------------------

ALIGN = re.compile(r"text-align: (left|right|center);")


class _Audit(html.parser.HTMLParser):
    """Every start tag of a rendered page, and what is wrong with it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            elif name == "style":
                if not (tag in ("th", "td") and ALIGN.fullmatch(value)):  # the tables extension's alignment
                    self.problems.append(f"<{tag} style={value!r}>")
            elif name == "id":
                self.ids.append(value)
                if reserved_id(value):
                    self.problems.append(f"<{tag} id={value!r}>")
            elif name in ("href", "src") and guard._unsafe_scheme(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name not in ("href", "src", "alt", "title", "class", "rel", "open"):
                self.problems.append(f"<{tag} {name}=>")

    handle_startendtag = handle_starttag


def audit(out: str) -> _Audit:
    parser = _Audit()
    parser.feed(out)
    parser.close()
    return parser


# Each one a way to get HTML, script, a theme id or a style into a page; each must be refused.
HOSTILE = {
    "fence id": "```{#__config}\nx\n```\n",
    "fence id with language": "```python {#__config .md-header data-x=1 onclick=alert(1)}\nx\n```\n",
    "fence title option": '```py title="<img src=x onerror=alert(1)>"\nx\n```\n',
    "fence line numbers (theme ids)": '```python linenums="1"\nx\n```\n',
    "tilde fence id": "~~~ {#__search}\nx\n~~~\n",
    "fence id in a list": "- item\n\n    ```{#__config}\n    x\n    ```\n",
    "fence id in a quote": "> ```{#__config}\n> x\n> ```\n",
    "fence id in a quoted list": "> - a\n>\n>     ~~~~{#__drawer}\n>     x\n>     ~~~~\n",
    "fence id indented": "   ```{#__toc}\n   x\n   ```\n",
    "heading __config": "# __config\n",
    "heading portal-content": "## portal-content\n",
    "heading home-find": "## Home Find\n",
    "heading article-coops": "### article-coops\n",
    "heading palette": "## __palette_0\n",
    "setext heading": "__config\n========\n",
    "heading escaped underscores": "# \\_\\_config\n",
    "heading from entities": "# &#95;&#95;config\n",
    "heading twice": "# __config\n\n# __config\n",
    "script block": "<script>alert(1)</script>\n",
    "script after text": "글\n<script>alert(1)</script>\n",
    "div onclick": '<div onclick="alert(1)">a</div>\n',
    "img onerror inline": '글 <img src=x onerror="alert(1)"> 글\n',
    "svg onload": "<svg onload=alert(1)>\n",
    "iframe": '<iframe src="https://evil.example"></iframe>\n',
    "style block": "<style>body{display:none}</style>\n",
    "comment": "<!-- <script>alert(1)</script> -->\n",
    "unclosed tag then script": "<div\n\n<script>alert(1)</script>\n",
    "tag across lines": '<a\nhref="javascript:alert(1)">x</a>\n',
    "javascript link": "[x](javascript:alert(1))\n",
    "javascript link with entities": "[x](jav&#x09;ascript:alert(1))\n",
    "javascript reference": "[x][1]\n\n[1]: javascript:alert(1)\n",
    "javascript image": "![a](javascript:alert(1))\n",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n",
    "autolink scheme": "<javascript:alert(1)>\n",
    "html in admonition title": '!!! note "<img src=x onerror=alert(1)>"\n    body\n',
    "admonition theme class": "!!! md-header md-dialog\n    body\n",
    "details theme class": '??? md-banner "x"\n    body\n',
    "details summary html": '??? note "<script>alert(1)</script>"\n    body\n',
    "definition html": "term\n: <b onmouseover=alert(1)>def</b>\n",
    "table html": "| a | b |\n|---|---|\n| <i onclick=1>x</i> | y |\n",
    "footnote html": "a[^1]\n\n[^1]: <script>alert(1)</script>\n",
    "nested too deep": "> " * 40 + "x\n",
    "lists too deep": "1. " * 40 + "x\n",
    "boxes too deep": "".join("    " * level + "!!! note\n" for level in range(30)) + "    " * 30 + "x\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markdown_is_refused_and_never_rendered(name: str) -> None:
    out, findings = render_page(HOSTILE[name])
    problems = audit(out).problems
    assert not problems, (name, problems, out)
    assert findings, (name, out)
    # the check path (PageMarkdown, with too_complex) refuses it too
    assert PageMarkdown().scan(HOSTILE[name]).items, name


def test_fence_findings_name_their_line_and_keep_the_code() -> None:
    text = "# 제목\n\n글\n\n```python {#__config}\nprint('안녕')\n```\n"
    out, findings = render_page(text)
    assert [(f.line, f.message.split(": ```python {")[0]) for f in findings] == [(5, "코드 블록 첫 줄에는 언어 이름(예: ```python)만 쓸 수 있습니다")]
    assert "안녕" in out and "__config" not in out


def test_absurdly_long_fences_are_cut_and_reported() -> None:
    out, findings = render_page("`" * 100_000 + "\nx\n" + "`" * 100_000 + "\n")
    assert [(f.line, f.message.split("(1")[0]) for f in findings] == [(1, "코드 블록 기호(``` 또는 ~~~)가 너무 깁니다"), (3, "코드 블록 기호(``` 또는 ~~~)가 너무 깁니다")]
    assert not audit(out).problems


def test_bare_fences_and_code_spans_at_a_line_start_pass() -> None:
    for text in ("```python\nx\n```\n", "~~~\nx\n~~~\n", "``` c++\nx\n```\n", "```.py\nx\n```\n", "```a``` 는 코드입니다\n", "```python{#x}\n"):
        out, findings = render_page(text)
        assert not findings, (text, findings)
        assert not audit(out).problems


def test_reserved_heading_ids_are_renamed_and_reported() -> None:
    out, findings = render_page("# __config\n\n## portal-content\n\n## 보통 제목\n\n[처음](#h-config)\n")
    assert audit(out).ids == ["h-config", "h-portal-content", "보통-제목"]
    assert [f.message.split("의 주소")[0] for f in findings] == ["제목 '__config'", "제목 'portal-content'"]


def test_an_id_from_anywhere_else_is_renamed_too() -> None:
    # The last guard (the link audit) renames any reserved id, whatever set it.
    class SetsId(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            for element in root.iter("p"):
                element.set("id", "__config")

    md = build_markdown()
    md.treeprocessors.register(SetsId(md), "sets_id", 3)
    out = md.convert("글\n")
    assert audit(out).ids == ["h-config"]
    assert "사이트 화면이 쓰는 주소 이름(id)입니다: '__config'" in md.guard_findings.items[0].message  # type: ignore[attr-defined]


def test_box_types_are_materials_own() -> None:
    out, findings = render_page('!!! tip "도움말"\n    본문\n\n??? warning inline end "접기"\n    본문\n')
    assert not findings and 'class="admonition tip"' in out and 'class="warning inline end"' in out
    out, findings = render_page("!!! md-header\n    본문\n")
    assert 'class="admonition note"' in out
    assert findings[0].message.startswith("쓸 수 없는 상자 종류입니다: 'md-header'")


def _template_ids(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"{}$]+)"', path.read_text(encoding="utf-8")))


def test_every_id_on_a_page_with_editor_markdown_is_reserved() -> None:
    # The shell around every page, the home page's sections and an article's sections:
    # a heading in the editor's Markdown must not be able to take any of their ids.
    templates = REPO / "site_plugins/templates"
    wrappers = [*(REPO / "overrides").rglob("*.html"), templates / "home.html", templates / "newsletter_frame.html",
                *templates.glob("article_*.html")]
    ids = set().union(*(_template_ids(path) for path in wrappers))
    assert "portal-content" in ids
    assert all(reserved_id(value) for value in ids), sorted(value for value in ids if not reserved_id(value))
    # ids the portal's scripts look up are either reserved or on generated pages only
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "overrides").rglob("*.js"))
    looked_up = set(re.findall(r'getElementById\("([^"]+)"\)', scripts)) | set(re.findall(r'querySelector\("#([\w-]+)', scripts))
    assert all(reserved_id(value) for value in looked_up), looked_up
    material = Path(markdown.__file__).parent.parent / "material" / "templates"
    theme_ids = set().union(*(_template_ids(path) for path in material.rglob("*.html")))
    assert theme_ids and all(value.startswith("__") for value in theme_ids), theme_ids


def test_no_markdown_sets_an_attribute() -> None:
    # Titles, summaries, terms, cells, footnote labels: text only, escaped.
    text = (
        '!!! note "제목 onclick=alert(1) style=x"\n    본문\n\n'
        '???+ tip "요약 {#__config}"\n    본문\n\n'
        "용어 {: onclick=alert(1) }\n: 정의 {: style=color:red }\n\n"
        "| 제목 {: #__config } | b |\n|:-:|--:|\n| c | d |\n\n"
        'a[^x" onclick="alert(1)]\n\n[^x" onclick="alert(1)]: 주석\n\n'
        "[링크](https://example.org \"제목\" onclick=alert(1))\n\n"
        "# 제목 {#__config onclick=alert(1)}\n"
    )
    out, _ = render_page(text)
    assert not audit(out).problems, out


# --- limits --------------------------------------------------------------------------------


def test_findings_are_capped_with_a_count_of_the_rest() -> None:
    text = "".join(f"<b{n}>x\n\n" for n in range(MAX_FINDINGS + 30))
    out, findings = render_page(text)
    assert len(findings) == MAX_FINDINGS + 1
    assert findings[-1].message.startswith("…외 30건: ")
    assert not audit(out).problems


def test_raw_blocks_past_the_cap_are_shown_as_one_block() -> None:
    text = "<hr>\n" * 5000 + "끝\n\n<script>alert(1)</script>\n"
    out, findings = render_page(text)
    assert findings[-1].message.startswith("…외 4,981건: ")  # 5,001 blocks, 20 shown
    assert not audit(out).problems and out.count("<p>") < 30


def test_deep_nesting_is_text_not_a_recursion_error() -> None:
    for text in ("1. " * 3000 + "x", "> " * 3000 + "x", ">" * 3000 + " x", "- a\n" + "".join("    " * i + "- b\n" for i in range(1, 300))):
        out, findings = render_page(text)
        assert not audit(out).problems
        assert any("너무 깊게 겹쳐" in f.message for f in findings) or too_complex(text), text[:20]
        assert too_complex(text) or findings


def test_dense_paragraphs_are_plain_text() -> None:
    text = "*a" * 3000 + "<script>x</script>" + "`b" * 3000
    out, findings = render_page(text)
    assert [f.message.split("(")[0] for f in findings] == ["이 문단은 길이에 비해 서식 기호"]
    assert "<em>" not in out and "<code>" not in out and not audit(out).problems


def test_marks_on_a_page_are_bounded() -> None:
    text = "*a* _b_ `c` [d](e)\n\n" * (guard.MAX_INLINE_MARKS // 7 + 10)  # 7 marks a paragraph
    out, findings = render_page(text)
    assert [f.message.split("(")[0] for f in findings] == ["이 글에는 서식 기호"]
    assert not audit(out).problems


@pytest.mark.parametrize(
    "text, start",
    [
        ("# a\n" * 1500, "빈 줄 없이 1,500줄이 이어진 곳에 제목(#)"),
        ("!!! note\n" * 1500, "빈 줄 없이 1,500줄이 이어진 곳에 제목(#)"),
        ("제목\n=\n" * 1100, "빈 줄 없이 2,200줄이 이어진 곳에 제목(#)"),
        (("# a\n" * 300 + "\n") * 40, "빈 줄 없이 300줄이 이어진 곳에 제목(#)"),
        ("a\n\n" * (guard.MAX_BLOCKS + 1), "문단·목록 항목·제목·표 칸이 너무 많습니다"),
        ("- a\n" * (guard.MAX_BLOCKS + 1), "문단·목록 항목·제목·표 칸이 너무 많습니다"),
        ("| a | b |\n|---|---|\n" + "| c | d |\n" * (guard.MAX_BLOCKS // 3 + 1), "문단·목록 항목·제목·표 칸이 너무 많습니다"),
        ("```\nx\n```\n" * (guard.MAX_CODE_BLOCKS + 1), "코드 블록(```)이 너무 많습니다"),
    ],
    ids=["headings", "admonitions", "setext headings", "runs of headings", "paragraphs", "list items", "table cells", "code blocks"],
)
def test_shapes_markdown_is_slow_on_are_refused_before_rendering(text: str, start: str) -> None:
    findings = PageMarkdown().scan(text).items
    assert findings and all(f.message.startswith(start) or f.message.startswith("…외") for f in findings), findings


def test_fenced_code_is_not_counted_as_headings() -> None:
    code = "```sh\n" + "# 주석\n" * 2000 + "```\n"
    assert not too_complex(code, fences=True)
    assert too_complex(code)  # without superfences those are headings


# Inputs that took Python-Markdown (or the guard) time growing with the square of their
# size; each at the 512 KB limit must come out refused or rendered, and safe.
PATHOLOGICAL = ["<http://a", "<", "<a", "<a ", "<a b=", '<a b="', "<a\n", "</a", "</a ", "<!--", "<!--\n", "<!", "<?\n", "<![\n",
                "<span><!-- x -->", "<div>\n", "<hr>\n", "<a@b", "&#1", "&#", "\\", "[", "![", "](", "[a](", "*", "_", "**a", "*a",
                "`", "``a", "a  \n", "*a*\n\n", "a\n\n", "- a\n", "1. ", "> ", "# a\n", "!!! note\n", "??? note\n    a\n\n",
                "term\n: def\n\n", "a[^1]\n\n", "```\na\n```\n", '```py title="x" a="b" c\n', "|a", "x", "\n", "한"]


@pytest.mark.parametrize("unit", PATHOLOGICAL, ids=[repr(unit) for unit in PATHOLOGICAL])
def test_pathological_input_at_the_size_limit(unit: str) -> None:
    text = (unit * (MAX_BYTES // len(unit.encode()) + 1)).encode()[:MAX_BYTES].decode("utf-8", "ignore")
    findings = PageMarkdown().scan(text).items
    assert len(findings) <= MAX_FINDINGS + 1
    if not too_complex(text, fences=True):
        out, _ = render_page(text)
        assert not audit(out).problems
    rendered, record_findings = SafeMarkdown().render(text)
    assert not audit(rendered).problems and len(record_findings) <= MAX_FINDINGS + 1
    if record_findings:
        assert needs_audit(text)


def test_the_same_tag_twice_is_reported_at_both_lines() -> None:
    text = "# 제목\n\n<br>\n\n글\n\n<br>\n\n```python {#a}\n```\n\n<br>\n"
    problems = Problems()
    report_findings(PageMarkdown().scan(text).items, text, "content/x.md", 10, problems)
    assert [(p.line, p.message[:10]) for p in problems.sorted()] == [
        (12, "HTML 태그는 쓸"), (16, "HTML 태그는 쓸"), (18, "코드 블록 첫 줄에"), (21, "HTML 태그는 쓸")]


def test_line_of_is_found_for_every_capped_finding_on_a_big_page() -> None:
    lines = [f"줄 {n} <b{n}>" for n in range(3000)]
    text = "\n\n".join(lines)
    findings = PageMarkdown().scan(text).items
    assert [line_of(text, f.snippet) for f in findings[:3]] == [1, 3, 5]
    assert findings[-1].message.startswith("…외 2,980건")


# --- the linear replacements behave like the originals -------------------------------------


def test_front_list_behaves_like_a_list() -> None:
    rng = random.Random(7)
    for _ in range(200):
        items = [str(n) for n in range(rng.randrange(6))]
        plain, front = list(items), _FrontList(items)
        for _ in range(20):
            op = rng.randrange(4)
            if op == 0 and plain:
                index = rng.choice([0, -1, len(plain) - 1, rng.randrange(len(plain))])
                assert front.pop(index) == plain.pop(index)
            elif op == 1:
                index, value = rng.randrange(-3, len(plain) + 3), str(rng.random())
                plain.insert(index, value)
                front.insert(index, value)
            elif op == 2 and plain:
                index = rng.randrange(len(plain))
                plain[index] = front[index] = "x"
            assert list(front) == plain and len(front) == len(plain) and bool(front) == bool(plain)
            if plain:
                assert front[0] == plain[0] and front[-1] == plain[-1] and front[1:] == plain[1:]


def _stock(text: str) -> str:
    return markdown.markdown(text, extensions=list(PAGE_EXTENSIONS), extension_configs=TOC, output_format="html")


def test_real_pages_render_as_stock_markdown_does() -> None:
    # Without raw HTML or unsafe links the guard changes nothing but rel="noopener".
    pages = sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "tests/fixtures/base/content").rglob("*.md"))
    assert len(pages) > 5
    for page in pages:
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out, findings = render_page(body)
        assert not findings, (page, findings)
        assert out.replace(' rel="noopener"', "") == _stock(body), page


_BENIGN = st.lists(
    st.sampled_from(["*", "**", "_", "`", "``", "[a](b.md)", "[c][d]", "\n\n[d]: https://e.org", "![그림](a.png)", "\\*", "&amp;",
                     "&copy;", "- ", "1. ", "> ", "# ", "## 제목", "\n", "\n\n", "    ", "  \n", "한글", "word", " ", "---",
                     "```\n", "```python\n", "~~~\n", "!!! note\n    ", "??? tip \"요약\"\n    ", "용어\n: ", "| a | b |\n|---|---|\n| c | d |\n",
                     "[^1]", "\n\n[^1]: 주석", "a_b_c", "https://example.org/a_b?c=1&d=2", "<https://example.org>", "<a@b.org>"]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_BENIGN)
def test_benign_markdown_renders_as_stock_markdown_does(text: str) -> None:
    out, findings = render_page(text)
    if not findings:
        assert out.replace(' rel="noopener"', "") == _stock(text)


# One line of prose (most descriptions) skips Python-Markdown: the shortcut must make what
# the renderer makes, for those lines and for everything near them.
_PROSE = st.lists(
    st.sampled_from(["협동조합", "가", "A", "z", "0", "2013", " ", "  ", ".", ",", "·", "%", "(", ")", "/", ":", "-", "--", "1. ",
                     "- ", "http://a.b/c", "\n", "\n\n", " \n", "*", "_", "[", "<", "&", "#", "|", "'", "\"", "~", "!", "\t", "="]),
    min_size=1,
    max_size=16,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PROSE)
@example("도봉구 주민 237명이 2025년에 (사회적) 협동조합을 만들었습니다. 문의: 02-123-4567, https://example.org/a/b\n")
def test_a_line_of_prose_renders_as_markdown_does(text: str) -> None:
    md = SafeMarkdown()._md  # the renderer itself, without the shortcut
    md.reset()
    full = md.convert(text)
    assert SafeMarkdown().render(text) == (full, md.guard_findings.finish().items) or guard.too_complex(text)


def test_one_line_of_prose_takes_the_shortcut() -> None:
    assert guard._PLAIN_PARAGRAPH.fullmatch("도봉구 주민 237명이 2025년에 (사회적) 협동조합을 만들었습니다. 문의: 02-123-4567.\n")
    for other in ("1. 목록", "가\n\n나", "가 *강조*", "가 [링크](a)", "가 &amp;", "가 <b>", "가 ", " 가", "# 제목", "가\n=", "가 | 나"):
        assert not guard._PLAIN_PARAGRAPH.fullmatch(other), other


# --- needs_audit ----------------------------------------------------------------------------

# Pieces that make (or almost make) links, schemes and escapes, joined at random.
_LINKISH = st.lists(
    st.sampled_from(["[", "]", "(", ")", "](", "]:", ":", "!", "<", ">", "&#115;", "\\", '"t"', " ", "\n", "\n\n", "\t",
                     "javascript", "java script", "JavaScript", "vbscript", "data", "http", "https", "mailto", "//x", "x", "홈페이지"]),
    max_size=24,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_LINKISH)
def test_the_render_is_skipped_only_when_it_would_find_nothing(text: str) -> None:
    # `make check` renders a description only when needs_audit() says so: it must
    # never say no where a render reports a problem.
    _, findings = SafeMarkdown().render(text)
    if findings:
        assert needs_audit(text), (text, findings)


@pytest.mark.parametrize(
    "text",
    ["*a" * 3000, "> " * 40 + "x", "1. " * 40 + "x", "# a\n" * 1500, "*a* _b_\n\n" * 3000, "[x](\n   java\tscript:alert(1))"],
    ids=["dense", "quotes", "lists", "headings", "marks", "spaced scheme"],
)
def test_needs_audit_sees_the_new_findings(text: str) -> None:
    _, findings = SafeMarkdown().render(text)
    assert findings and needs_audit(text)


def test_plain_links_are_not_rendered_but_unsafe_ones_are() -> None:
    assert not needs_audit("조합 소개는 [홈페이지](https://example.org/about)와 [안내][1]에 있습니다.\n\n[1]: mailto:hello@example.org")
    assert needs_audit("[홈페이지](java script:alert(1))")
    assert needs_audit("[안내][1]\n\n[1]:\n  vbscript:x")


def test_findings_summary_keeps_the_first_left_out_line() -> None:
    found = Findings()
    for n in range(MAX_FINDINGS + 2):
        found.add(Finding(f"s{n}", "m", n + 1))
    items = found.finish().finish().items
    assert len(items) == MAX_FINDINGS + 1 and items[-1].line == MAX_FINDINGS + 1 and items[-1].message.startswith("…외 2건")
