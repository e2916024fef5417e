"""Build-time charts: parse the generated markup and check what it says."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_plugins import charts
from site_plugins.charts import bar_chart, column_chart, format_number, share_chart

SVG = "{http://www.w3.org/2000/svg}"
# The site's one stylesheet; the charts rules start at their heading comment.
CSS = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "portal" / "portal.css"
CHARTS_HEADING = "/* Build-time charts"


def parse(markup: str) -> ET.Element:
    """The chart HTML is well-formed XML by design; parse it as such."""
    return ET.fromstring(markup)


def svg_of(root: ET.Element) -> ET.Element:
    svg = root.find(f"{SVG}svg")
    assert svg is not None, "no <svg> in the figure"
    return svg


def with_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def table_rows(root: ET.Element) -> list[tuple[str, int, str | None]]:
    table = root.find("table")
    assert table is not None, "no data table"
    rows = []
    for tr in table.find("tbody"):
        th, td = tr.find("th"), tr.find("td")
        assert th.get("scope") == "row"
        link = th.find("a")
        label = "".join(th.itertext())
        shown = int(re.sub(r"[^0-9]", "", "".join(td.itertext())))
        assert shown == int(td.get("data-value"))
        rows.append((label, shown, link.get("href") if link is not None else None))
    return rows


def contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        c = [int(h.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


DISTRICTS = [
    ("마포구", 41, "/regions/mapo/"),
    ("강남구", 3, "/regions/gangnam/"),
    ("서대문구", 18, None),
    ("동대문구", 27, None),
    ("중구", 0, None),
]
WEEKS = [("1주", 366, None), ("2주", 332, None), ("3주", 437, None), ("4주", 353, None)]


# --------------------------------------------------------------------------
# bar chart


def test_bar_chart_table_matches_input():
    root = parse(bar_chart("자치구별 협동조합 수", DISTRICTS))
    assert root.tag == "figure"
    assert "portal-chart" in root.get("class").split()
    assert table_rows(root) == DISTRICTS
    table = root.find("table")
    assert table.find("caption").text.startswith("자치구별 협동조합 수")
    assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col", "col"]


def test_bar_widths_are_proportional_and_the_largest_is_full():
    root = parse(bar_chart("t", DISTRICTS))
    bars = with_class(svg_of(root), "pc-bar")
    assert [int(b.get("data-value")) for b in bars] == [v for _, v, _ in DISTRICTS]
    widths = [float(b.get("width")) for b in bars]
    full = max(widths)
    assert widths[0] == full  # 41 is the largest value
    svg_width = float(svg_of(root).get("viewBox").split()[2])
    assert full > svg_width * 0.4  # the scale uses the room there is
    for (_, value, _), width in zip(DISTRICTS, widths):
        assert width == pytest.approx(full * value / 41, abs=0.1)
    # bars stay inside the viewBox together with their value labels
    for b in bars:
        assert float(b.get("x")) + float(b.get("width")) <= svg_width


def test_bar_chart_accessibility_wiring():
    root = parse(bar_chart("업종별 협동조합", DISTRICTS, caption="2024년 기준"))
    svg = svg_of(root)
    # it holds links, so it is a group (an img's links would be nested interactive controls)
    assert svg.get("role") == "group"
    assert svg_of(parse(bar_chart("t", [(label, value) for label, value, _ in DISTRICTS]))).get("role") == "img"
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("width") == "100%"
    ids = svg.get("aria-labelledby").split()
    assert len(ids) == 2
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text == "업종별 협동조합"
    assert "막대 그래프" in desc.text and "마포구" in desc.text and "41개" in desc.text
    assert "2024년 기준" in "".join(root.find("figcaption").itertext())
    # the table is part of the page, never hidden
    assert "display:none" not in ET.tostring(root, encoding="unicode").replace(" ", "")
    assert root.find("table").get("hidden") is None


def test_links_in_chart_and_table():
    root = parse(bar_chart("t", DISTRICTS))
    svg_links = [a.get("href") for a in svg_of(root).iter(f"{SVG}a")]
    assert svg_links == ["/regions/mapo/", "/regions/gangnam/"]
    # inside the picture the links are pointer shortcuts; the table has the real ones
    assert all(a.get("tabindex") == "-1" for a in svg_of(root).iter(f"{SVG}a"))
    table_links = [a.get("href") for a in root.find("table").iter("a")]
    assert table_links == svg_links


def test_text_is_escaped():
    evil = '<script>alert("x")</script> & co'
    markup = bar_chart(evil, [(evil, 5, '/a?b=1&c="2"'), ("<b>굵게</b>", 2, None)], caption=evil)
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;" in markup
    root = parse(markup)  # still well-formed
    labels = [el.text for el in with_class(root, "pc-label")]
    assert evil in labels
    assert table_rows(root)[0] == (evil, 5, '/a?b=1&c="2"')
    assert svg_of(root).find(f"{SVG}title").text == evil


def test_unsafe_links_and_bad_values_are_refused():
    with pytest.raises(ValueError):
        bar_chart("t", [("x", 1, "javascript:alert(1)")])
    with pytest.raises(ValueError):
        bar_chart("t", [("x", -1, None)])
    with pytest.raises(TypeError):
        bar_chart("t", [("x", 1.5, None)])


def test_thousands_separators():
    root = parse(bar_chart("t", [("전화", 2648, None), ("합", 3099, None)], unit="건"))
    texts = [el.text for el in with_class(root, "pc-value")]
    assert texts == ["2,648건", "3,099건"]
    assert [td.text for td in root.find("table").iter("td")] == ["2,648건", "3,099건"]
    assert format_number(1234567) == "1,234,567"


def test_long_labels_go_above_the_bars():
    long = "사회서비스업 및 돌봄·복지 분야 협동조합"
    root = parse(bar_chart("t", [(long, 10, None), ("교육", 5, None)]))
    label = with_class(root, "pc-label")[0]
    assert label.get("text-anchor") == "start"
    bar = with_class(root, "pc-bar")[0]
    assert float(label.get("y")) < float(bar.get("y"))
    short = parse(bar_chart("t", [("교육", 10, None), ("돌봄", 5, None)]))
    assert with_class(short, "pc-label")[0].get("text-anchor") == "end"


def test_output_is_deterministic_and_ids_follow_the_input():
    a = bar_chart("t", DISTRICTS)
    assert a == bar_chart("t", DISTRICTS)
    b = bar_chart("t", DISTRICTS[:-1])
    assert parse(a).get("id") != parse(b).get("id")
    assert parse(bar_chart("t", DISTRICTS, chart_id="my-chart")).get("id") == "my-chart"
    # fixed one-decimal coordinates
    for attr in re.findall(r' (?:x|y|width|height)="([^"]*)"', a):
        if attr != "100%":
            assert re.fullmatch(r"-?\d+(\.\d)?", attr), attr


def test_markup_is_safe_inside_markdown():
    """No blank lines and no indented lines: a raw HTML block stays one block."""
    for markup in (
        bar_chart("t", DISTRICTS),
        column_chart("t", WEEKS),
        share_chart("t", [("방문", 451, None), ("전화", 2648, None)]),
    ):
        lines = markup.split("\n")
        assert all(line.strip() for line in lines)
        assert not any(line[:1].isspace() for line in lines)


@pytest.mark.parametrize("fn", [bar_chart, column_chart, share_chart])
def test_zero_rows(fn):
    root = parse(fn("빈 차트", []))
    assert root.tag == "figure"
    assert "portal-chart--empty" in root.get("class")
    assert root.find(f"{SVG}svg") is None
    assert "자료가 없습니다" in "".join(root.itertext())


def test_all_zero_values_draw_empty_bars():
    root = parse(bar_chart("t", [("a", 0, None), ("b", 0, None)]))
    assert [float(b.get("width")) for b in with_class(root, "pc-bar")] == [0.0, 0.0]
    assert [v for _, v, _ in table_rows(root)] == [0, 0]


# --------------------------------------------------------------------------
# column chart


def test_column_chart_weekly_trend():
    root = parse(column_chart("주간 상담 건수", WEEKS, unit="건"))
    assert table_rows(root) == WEEKS
    bars = with_class(svg_of(root), "pc-bar")
    heights = [float(b.get("height")) for b in bars]
    assert heights[2] == max(heights)  # 437
    for (_, v, _), h in zip(WEEKS, heights):
        assert h == pytest.approx(heights[2] * v / 437, abs=0.1)
    # columns share one baseline and go left to right in input order
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in bars}
    assert len(bottoms) == 1
    xs = [float(b.get("x")) for b in bars]
    assert xs == sorted(xs)
    # few columns: each value is written on the chart, no value axis
    assert [el.text for el in with_class(root, "pc-value")] == ["366", "332", "437", "353"]
    assert not with_class(root, "pc-tick")
    assert [el.text for el in with_class(root, "pc-label")] == ["1주", "2주", "3주", "4주"]
    desc = svg_of(root).find(f"{SVG}desc").text
    assert "366건" in desc and "353건" in desc and "437건(3주)" in desc


def test_column_chart_many_years_uses_an_axis_that_covers_the_max():
    rows = [(f"{y}년", (y - 1990) * 137, None) for y in range(2000, 2025)]
    root = parse(column_chart("설립 연도별", rows))
    assert table_rows(root) == rows
    ticks = [int(el.text.replace(",", "")) for el in with_class(root, "pc-tick")]
    assert ticks and ticks[0] == 0 and ticks[-1] >= max(v for _, v, _ in rows)
    labels = [el.text for el in with_class(root, "pc-label")]
    assert labels[-1] == "2024년"  # the latest period is always labelled
    assert set(labels) <= {label for label, _, _ in rows}


# --------------------------------------------------------------------------
# share chart


def test_share_chart_visit_and_phone():
    rows = [("방문", 451, None), ("전화", 2648, "/centers/")]
    root = parse(share_chart("상담 방법", rows, unit="건"))
    table = root.find("table")
    body = [
        ["".join(c.itertext()) for c in tr] for tr in table.find("tbody")
    ]
    assert body == [["방문", "451건", "14.6%"], ["전화", "2,648건", "85.4%"]]
    foot = ["".join(c.itertext()) for c in table.find("tfoot").find("tr")]
    assert foot == ["합계", "3,099건", "100%"]
    segments = with_class(svg_of(root), "pc-bar")
    widths = [float(s.get("width")) for s in segments]
    full = sum(widths)
    assert widths[0] / full == pytest.approx(451 / 3099, abs=0.001)
    # segments touch: each starts where the previous one ends
    assert float(segments[1].get("x")) == pytest.approx(
        float(segments[0].get("x")) + widths[0], abs=0.1
    )
    assert "14.6%" in [el.text for el in with_class(root, "pc-inside")]


def test_share_chart_total_adds_the_rest_and_refuses_less():
    root = parse(share_chart("t", [("방문", 451, None), ("전화", 2648, None)], total=3300))
    labels = [label for label, _, _ in table_rows(root)]
    assert labels == ["방문", "전화", "기타"]
    assert table_rows(root)[-1][1] == 201
    with pytest.raises(ValueError):
        share_chart("t", [("방문", 451, None)], total=100)


# --------------------------------------------------------------------------
# colours


def test_fallback_colours_meet_wcag_aa_on_white():
    white = "#ffffff"
    assert contrast(charts.PALETTE["text"], white) >= 4.5
    assert contrast(charts.PALETTE["muted"], white) >= 4.5
    assert contrast(charts.PALETTE["bar"], white) >= 3
    assert contrast(charts.PALETTE["axis"], white) >= 3
    for colour in charts.SERIES + (charts.OTHER_SERIES,):
        assert contrast(colour, white) >= 4.5  # white text sits inside segments


def test_stylesheet_matches_the_fallbacks_and_has_a_dark_scheme():
    css = CSS.read_text(encoding="utf-8")
    css = css[css.index(CHARTS_HEADING):]
    light, _, dark = css.partition('[data-md-color-scheme="slate"]')
    assert dark, "no slate (dark) scheme rules"

    def prop(block: str, name: str) -> str:
        match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", block)
        assert match, name
        return match.group(1).lower()

    assert prop(light, "portal-chart-text") == charts.PALETTE["text"]
    assert prop(light, "portal-chart-bar") == charts.PALETTE["bar"]
    for i, colour in enumerate(charts.SERIES, start=1):
        assert prop(light, f"portal-chart-s{i}") == colour
    slate_bg = "#1e2129"
    assert contrast(prop(dark, "portal-chart-text"), slate_bg) >= 4.5
    assert contrast(prop(dark, "portal-chart-bar"), slate_bg) >= 3
    for i, colour in enumerate(charts.SERIES_DARK, start=1):
        assert prop(dark, f"portal-chart-s{i}") == colour
        assert contrast(colour, slate_bg) >= 3
        assert contrast(colour, prop(dark, "portal-chart-on-series")) >= 4.5
