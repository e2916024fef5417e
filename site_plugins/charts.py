"""Build-time charts: small, accessible SVG charts rendered to HTML strings.

No chart library and no JavaScript reach the browser. Every function is pure and
deterministic: the same input gives byte-identical output (coordinates use a
fixed one-decimal format, element ids are derived from the input).

Each chart is a ``<figure class="portal-chart">`` holding

* a visible ``<figcaption>`` with the title (and an optional note),
* an inline ``<svg role="img">`` (``role="group"`` when it holds links) labelled by its own ``<title>`` and a Korean
  ``<desc>`` summary; it scales with its container through its ``viewBox``,
* a visible ``<table>`` with the same numbers, the accessible form of the data.
  Links given for rows appear in the table too, so keyboard and screen-reader
  users reach them there; inside the picture they are mouse shortcuts only
  (``tabindex="-1"``), which avoids focus stops inside an ``img``.

Colours: every painted element carries a fallback colour as a presentation
attribute (correct without any stylesheet) and a class that the charts rules of
``overrides/assets/portal/portal.css`` map to CSS custom properties (``--portal-chart-*``),
which also provide the dark (``slate``) scheme. The fallbacks meet WCAG AA:
text at least 4.5:1 and bars at least 3:1 against white.

The markup is well-formed XML (no void HTML elements, all attributes quoted,
no blank lines and no indentation), so it survives being dropped into a
Markdown page as a raw HTML block.
"""

from __future__ import annotations

import hashlib
import html
import math
import unicodedata
from collections.abc import Sequence

__all__ = [
    "bar_chart",
    "column_chart",
    "share_chart",
    "format_number",
    "PALETTE",
    "SERIES",
    "SERIES_DARK",
]

SVG_NS = "http://www.w3.org/2000/svg"

# Fallback colours (light scheme). portal.css's charts rules expose the same values as
# --portal-chart-* custom properties and overrides them for the slate scheme.
PALETTE: dict[str, str] = {
    "text": "#1f2328",  # 15.8:1 on white
    "muted": "#57606a",  # 6.4:1 on white (axis labels, notes)
    "bar": "#1f5fa8",  # 6.4:1 on white
    "grid": "#d8dee4",  # decorative gridlines only
    "axis": "#8c959f",  # 3.0:1 on white
    "background": "#ffffff",
    "on-series": "#ffffff",  # text drawn inside a series colour
}

# Composition colours: each at least 4.5:1 against white, so white text can sit
# inside a segment and a segment stands out 3:1 against the page.
SERIES: tuple[str, ...] = (
    "#1f5fa8",  # blue
    "#b3471b",  # burnt orange
    "#2e7d32",  # green
    "#7b3f9e",  # purple
    "#8a5a00",  # ochre
    "#00727a",  # teal
    "#a8326e",  # magenta
)
OTHER_SERIES = "#5a6470"  # the 기타 (rest) segment

# Slate-scheme counterparts (used by portal.css's charts rules), at least 3:1 against the slate
# background and 4.5:1 with the dark page colour as text inside them.
SERIES_DARK: tuple[str, ...] = (
    "#7db3f5",
    "#f2a072",
    "#7fcf85",
    "#c59be0",
    "#e0c060",
    "#5fcfd6",
    "#f08fbf",
)

FONT_SIZE = 13
EMPTY_MESSAGE = "자료가 없습니다."

# --------------------------------------------------------------------------
# small helpers (also used by geomap)


def esc(text: object) -> str:
    """Escape text for HTML/XML content and double- or single-quoted attributes."""
    return html.escape(str(text), quote=True)


def fmt(x: float) -> str:
    """A coordinate with one decimal, without a useless ``.0`` or ``-0``."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def format_number(n: int) -> str:
    """3099 -> '3,099'."""
    return f"{n:,}"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A rough advance width for layout: Hangul and other wide glyphs are 1em."""
    total = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            total += 1.0
        elif ch.isdigit():
            total += 0.58
        elif ch in " .,:;·'|!()[]":
            total += 0.32
        elif ch.isupper():
            total += 0.68
        else:
            total += 0.56
    return total * size


def safe_href(href: str | None) -> str | None:
    """Refuse script URLs; everything else is escaped where it is written."""
    if href is None or href == "":
        return None
    if href.strip().lower().startswith(("javascript:", "vbscript:", "data:")):
        raise ValueError(f"refusing unsafe link target: {href!r}")
    return href


def make_id(prefix: str, *parts: object) -> str:
    """A stable element id derived from the chart's input."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def _normalise(rows: Sequence[Sequence[object]]) -> list[tuple[str, int, str | None]]:
    out: list[tuple[str, int, str | None]] = []
    for row in rows:
        if len(row) == 2:
            label, value = row  # type: ignore[misc]
            href = None
        elif len(row) == 3:
            label, value, href = row  # type: ignore[misc]
        else:
            raise ValueError(f"a chart row is (label, value[, href]), got {row!r}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"chart values must be integers, got {value!r} for {label!r}")
        if value < 0:
            raise ValueError(f"chart values must not be negative, got {value} for {label!r}")
        out.append((str(label), value, safe_href(href)))  # type: ignore[arg-type]
    return out


def _truncate(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text + "…"


def _figure_open(
    kind: str, chart_id: str, title: str, caption: str, extra_class: str = ""
) -> list[str]:
    parts = [
        f'<figure class="portal-chart portal-chart--{esc(kind)}{esc(extra_class)}" id="{esc(chart_id)}">',
        '<figcaption class="portal-chart__caption">'
        f'<span class="portal-chart__title">{esc(title)}</span>'
        + (f'<span class="portal-chart__note">{esc(caption)}</span>' if caption else "")
        + "</figcaption>",
    ]
    return parts


def _empty(kind: str, title: str, caption: str) -> str:
    chart_id = make_id("pc", kind, title, caption, "empty")
    parts = _figure_open(kind, chart_id, title, caption, " portal-chart--empty")
    parts.append(f'<p class="portal-chart__empty">{EMPTY_MESSAGE}</p>')
    parts.append("</figure>")
    return "\n".join(parts)


def svg_role(has_links: bool) -> str:
    """`img` for a plain picture; `group` when it holds links, because an `img` has
    presentational children and a link inside one is a nested interactive control
    (WCAG 4.1.2, axe "nested-interactive") even with tabindex="-1"."""
    return "group" if has_links else "img"


def _svg_open(chart_id: str, width: float, height: float, title: str, desc: str, has_links: bool = False) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class="portal-chart__svg" viewBox="0 0 {fmt(width)} {fmt(height)}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet" role="{svg_role(has_links)}"'
        f' aria-labelledby="{esc(chart_id)}-t {esc(chart_id)}-d" font-size="{FONT_SIZE}">',
        f'<title id="{esc(chart_id)}-t">{esc(title)}</title>',
        f'<desc id="{esc(chart_id)}-d">{esc(desc)}</desc>',
    ]


def _link_open(href: str | None) -> str:
    return f'<a href="{esc(href)}" tabindex="-1">' if href else ""


def _link_close(href: str | None) -> str:
    return "</a>" if href else ""


def _label_cell(label: str, href: str | None) -> str:
    inner = f'<a href="{esc(href)}">{esc(label)}</a>' if href else esc(label)
    return f'<th scope="row">{inner}</th>'


def _value_cell(value: int, unit: str) -> str:
    return f'<td data-value="{value}">{format_number(value)}{esc(unit)}</td>'


def _table(
    title: str,
    rows: list[tuple[str, int, str | None]],
    unit: str,
    label_header: str,
    value_header: str,
    *,
    shares: list[str] | None = None,
    total: int | None = None,
) -> str:
    parts = [
        '<table class="portal-chart__table">',
        f"<caption>{esc(title)} (표)</caption>",
        "<thead><tr>"
        f'<th scope="col">{esc(label_header)}</th>'
        f'<th scope="col">{esc(value_header)}</th>'
        + ('<th scope="col">비율</th>' if shares is not None else "")
        + "</tr></thead>",
        "<tbody>",
    ]
    for i, (label, value, href) in enumerate(rows):
        share = f"<td>{shares[i]}</td>" if shares is not None else ""
        parts.append(f"<tr>{_label_cell(label, href)}{_value_cell(value, unit)}{share}</tr>")
    parts.append("</tbody>")
    if total is not None:
        share = "<td>100%</td>" if shares is not None else ""
        parts.append(
            f'<tfoot><tr><th scope="row">합계</th>{_value_cell(total, unit)}{share}</tr></tfoot>'
        )
    parts.append("</table>")
    return "\n".join(parts)


def nice_step(maximum: float, target_ticks: int = 4) -> int:
    """A 1-2-5 step so that about ``target_ticks`` steps cover ``maximum``."""
    if maximum <= 0:
        return 1
    raw = maximum / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        step = m * magnitude
        if step >= raw:
            return max(1, int(step))
    return max(1, int(10 * magnitude))  # pragma: no cover


def _percentages(values: list[int], total: int) -> list[str]:
    if total <= 0:
        return ["0%" for _ in values]
    return [f"{v * 100 / total:.1f}%" for v in values]


# --------------------------------------------------------------------------
# horizontal bars


BAR_WIDTH = 400.0  # viewBox width; the stylesheet caps the rendered width


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, int, str | None]],
    *,
    unit: str = "개",
    caption: str = "",
    label_header: str = "항목",
    value_header: str = "수",
    chart_id: str | None = None,
) -> str:
    """A horizontal bar chart with its data table, as an HTML ``<figure>``.

    ``rows`` are ``(label, value, href or None)`` in display order (sort them
    before calling if you want a ranking). Bars are scaled to the largest value.
    Short labels sit left of the bars; when a label is long, labels go on their
    own line above each bar so nothing is cut on a phone.
    """
    data = _normalise(rows)
    if not data:
        return _empty("bar", title, caption)
    cid = chart_id or make_id("pc", "bar", title, data, unit, caption)
    values = [v for _, v, _ in data]
    top = max(values)
    scale_max = top or 1
    value_texts = [f"{format_number(v)}{unit}" for v in values]
    value_w = max(text_width(t) for t in value_texts) + 10
    label_w = max(text_width(label) for label, _, _ in data)

    pad = 2.0
    width = BAR_WIDTH
    labels_left = label_w <= width * 0.32
    if labels_left:
        row_h, bar_h = 26.0, 16.0
        x0 = pad + label_w + 8
    else:
        row_h, bar_h = 40.0, 14.0
        x0 = pad
    bar_top = 1.0 if labels_left else 18.0  # bar offset inside its row
    full = width - x0 - value_w - pad
    height = pad + row_h * (len(data) - 1) + bar_top + bar_h + pad + 1

    i_max = values.index(top)
    i_min = values.index(min(values))
    desc = (
        f"가로 막대 그래프, 항목 {len(data)}개. "
        f"가장 큰 값: {data[i_max][0]} {value_texts[i_max]}"
        + (
            f", 가장 작은 값: {data[i_min][0]} {value_texts[i_min]}"
            if len(data) > 1
            else ""
        )
        + f". 합계 {format_number(sum(values))}{unit}. 같은 수치를 표로도 제공합니다."
    )

    parts = _figure_open("bar", cid, title, caption)
    parts += _svg_open(cid, width, height, title, desc, any(h for _, _, h in data))
    for i, (label, value, href) in enumerate(data):
        y = pad + i * row_h
        bar_w = full * value / scale_max
        bar_y = y + bar_top
        if labels_left:
            label_x, label_y, anchor = x0 - 8, bar_y + bar_h / 2 + 4.5, "end"
            shown = label
        else:
            label_x, label_y, anchor = x0, y + 13, "start"
            shown = _truncate(label, width - 2 * pad)
        text_y = bar_y + bar_h / 2 + 4.5
        parts.append(f'<g class="pc-row">{_link_open(href)}')
        if shown != label:
            parts.append(f"<title>{esc(label)}</title>")
        parts.append(
            f'<rect class="pc-hit" x="0" y="{fmt(y)}" width="{fmt(width)}"'
            f' height="{fmt(row_h - 2)}" fill="transparent"/>'
        )
        parts.append(
            f'<text class="pc-label" x="{fmt(label_x)}" y="{fmt(label_y)}"'
            f' text-anchor="{anchor}" fill="{PALETTE["text"]}">{esc(shown)}</text>'
        )
        parts.append(
            f'<rect class="pc-bar" x="{fmt(x0)}" y="{fmt(bar_y)}" width="{fmt(bar_w)}"'
            f' height="{fmt(bar_h)}" fill="{PALETTE["bar"]}" data-value="{value}"/>'
        )
        parts.append(
            f'<text class="pc-value" x="{fmt(x0 + bar_w + 5)}" y="{fmt(text_y)}"'
            f' fill="{PALETTE["text"]}">{esc(value_texts[i])}</text>'
        )
        parts.append(f"{_link_close(href)}</g>")
    parts.append(
        f'<line class="pc-axis" x1="{fmt(x0)}" y1="{fmt(pad)}" x2="{fmt(x0)}"'
        f' y2="{fmt(height - pad)}" stroke="{PALETTE["axis"]}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    parts.append(_table(title, data, unit, label_header, value_header))
    parts.append("</figure>")
    return "\n".join(parts)


# --------------------------------------------------------------------------
# columns (time series)


COLUMN_WIDTH = 480.0
COLUMN_PLOT_HEIGHT = 170.0


def column_chart(
    title: str,
    rows: Sequence[tuple[str, int, str | None]],
    *,
    unit: str = "개",
    caption: str = "",
    label_header: str = "기간",
    value_header: str = "수",
    chart_id: str | None = None,
) -> str:
    """A vertical column chart for a series in time order (years, weeks).

    Values are written above the columns when they fit; with many columns the
    chart switches to a light value axis instead, and period labels are thinned
    (the last one is always shown). The table always has every number.
    """
    data = _normalise(rows)
    if not data:
        return _empty("column", title, caption)
    cid = chart_id or make_id("pc", "column", title, data, unit, caption)
    values = [v for _, v, _ in data]
    n = len(data)
    top = max(values)
    value_texts = [format_number(v) for v in values]

    width = COLUMN_WIDTH
    pad = 2.0
    plot_h = COLUMN_PLOT_HEIGHT

    # Can every value be written above its column?
    left = pad
    slot = (width - left - pad) / n
    direct = max(text_width(t, 12) for t in value_texts) + 4 <= slot
    plot_top = 22.0 if direct else 10.0  # room for the value labels or the top tick
    base_y = plot_top + plot_h
    height = base_y + 24
    if direct:
        scale_max = top or 1
        ticks: list[int] = []
    else:
        step = nice_step(top)
        scale_top = step * max(1, math.ceil(top / step))
        ticks = list(range(0, scale_top + 1, step))
        left = pad + max(text_width(format_number(t), 11) for t in ticks) + 6
        slot = (width - left - pad) / n
        scale_max = scale_top
    col_w = min(slot * 0.72, 56.0)

    # Period labels: every k-th one counting back from the latest, kept inside
    # the box and dropped where one would run into its right-hand neighbour.
    label_w = max(text_width(label, 12) for label, _, _ in data) + 6
    every = max(1, math.ceil(label_w / slot))
    period_labels: dict[int, tuple[float, str]] = {}
    limit = width - pad
    for i in range(n - 1, -1, -1):
        if (n - 1 - i) % every:
            continue
        w = text_width(data[i][0], 12)
        cx = left + slot * (i + 0.5)
        if cx + w / 2 > width - pad:
            lx, anchor, l_edge, r_edge = width - pad, "end", width - pad - w, width - pad
        elif cx - w / 2 < 0:
            lx, anchor, l_edge, r_edge = 0.0, "start", 0.0, w
        else:
            lx, anchor, l_edge, r_edge = cx, "middle", cx - w / 2, cx + w / 2
        if r_edge + 6 > limit and i != n - 1:
            continue
        period_labels[i] = (lx, anchor)
        limit = l_edge

    i_max = values.index(top)
    desc = (
        f"세로 막대 그래프, {data[0][0]}부터 {data[-1][0]}까지 {n}개 구간. "
        f"처음 {value_texts[0]}{unit}, 마지막 {value_texts[-1]}{unit}, "
        f"가장 큰 값 {value_texts[i_max]}{unit}({data[i_max][0]}). "
        "같은 수치를 표로도 제공합니다."
    )

    parts = _figure_open("column", cid, title, caption)
    parts += _svg_open(cid, width, height, title, desc, any(h for _, _, h in data))
    for t in ticks:
        y = base_y - plot_h * t / scale_max
        parts.append(
            f'<line class="pc-grid" x1="{fmt(left)}" y1="{fmt(y)}" x2="{fmt(width - pad)}"'
            f' y2="{fmt(y)}" stroke="{PALETTE["grid"]}" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="pc-tick" x="{fmt(left - 6)}" y="{fmt(y + 4)}" text-anchor="end"'
            f' font-size="11" fill="{PALETTE["muted"]}">{format_number(t)}</text>'
        )
    for i, (label, value, href) in enumerate(data):
        cx = left + slot * (i + 0.5)
        h = plot_h * value / scale_max
        parts.append(f'<g class="pc-col">{_link_open(href)}')
        parts.append(f"<title>{esc(label)}: {value_texts[i]}{esc(unit)}</title>")
        parts.append(
            f'<rect class="pc-bar" x="{fmt(cx - col_w / 2)}" y="{fmt(base_y - h)}"'
            f' width="{fmt(col_w)}" height="{fmt(h)}" fill="{PALETTE["bar"]}"'
            f' data-value="{value}"/>'
        )
        if direct:
            parts.append(
                f'<text class="pc-value" x="{fmt(cx)}" y="{fmt(base_y - h - 5)}"'
                f' text-anchor="middle" font-size="12" fill="{PALETTE["text"]}">'
                f"{value_texts[i]}</text>"
            )
        if i in period_labels:
            lx, anchor = period_labels[i]
            parts.append(
                f'<text class="pc-label" x="{fmt(lx)}" y="{fmt(base_y + 17)}"'
                f' text-anchor="{anchor}" font-size="12" fill="{PALETTE["text"]}">'
                f"{esc(label)}</text>"
            )
        parts.append(f"{_link_close(href)}</g>")
    parts.append(
        f'<line class="pc-axis" x1="{fmt(left)}" y1="{fmt(base_y)}" x2="{fmt(width - pad)}"'
        f' y2="{fmt(base_y)}" stroke="{PALETTE["axis"]}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    parts.append(_table(title, data, unit, label_header, value_header))
    parts.append("</figure>")
    return "\n".join(parts)


# --------------------------------------------------------------------------
# composition (one stacked bar)


SHARE_WIDTH = 480.0


def share_chart(
    title: str,
    rows: Sequence[tuple[str, int, str | None]],
    *,
    unit: str = "개",
    caption: str = "",
    total: int | None = None,
    other_label: str = "기타",
    label_header: str = "항목",
    value_header: str = "수",
    chart_id: str | None = None,
) -> str:
    """The composition of a whole as one 100% bar, e.g. 방문 451 / 전화 2,648.

    Parts keep their order. If ``total`` is larger than the sum of the parts the
    remainder is shown as ``other_label``; a smaller ``total`` is an error. The
    legend under the bar and the table give each part's count and share.
    """
    data = _normalise(rows)
    if not data:
        return _empty("share", title, caption)
    parts_sum = sum(v for _, v, _ in data)
    if total is not None:
        if total < parts_sum:
            raise ValueError(f"total {total} is smaller than the sum of the parts {parts_sum}")
        if total > parts_sum:
            data.append((other_label, total - parts_sum, None))
    whole = parts_sum if total is None else total
    if whole == 0:
        return _empty("share", title, caption)
    cid = chart_id or make_id("pc", "share", title, data, unit, caption, total)
    values = [v for _, v, _ in data]
    shares = _percentages(values, whole)
    colours = [
        OTHER_SERIES if (total is not None and i == len(data) - 1 and total > parts_sum)
        else SERIES[i % len(SERIES)]
        for i in range(len(data))
    ]
    series_cls = [
        "pc-s-other" if c == OTHER_SERIES else f"pc-s{i % len(SERIES) + 1}"
        for i, c in enumerate(colours)
    ]

    width = SHARE_WIDTH
    pad = 2.0
    bar_h = 34.0
    full = width - 2 * pad

    # legend items flow left to right and wrap
    legend: list[tuple[float, float, int]] = []  # x, y, index
    x, y = pad, pad + bar_h + 14
    line_h = 22.0
    for i, (label, _, _) in enumerate(data):
        item = f"{label} {format_number(values[i])}{unit} ({shares[i]})"
        w = 18 + text_width(item) + 16
        if x > pad and x + w > width - pad:
            x, y = pad, y + line_h
        legend.append((x, y, i))
        x += w
    height = y + line_h - 6

    desc = (
        f"구성 비율 막대 그래프. 전체 {format_number(whole)}{unit} 가운데 "
        + ", ".join(
            f"{label} {format_number(v)}{unit}({shares[i]})"
            for i, (label, v, _) in enumerate(data)
        )
        + ". 같은 수치를 표로도 제공합니다."
    )

    parts = _figure_open("share", cid, title, caption)
    parts += _svg_open(cid, width, height, title, desc, any(h for _, _, h in data))
    acc = 0
    for i, (label, value, href) in enumerate(data):
        x0 = pad + full * acc / whole
        seg_w = full * value / whole
        acc += value
        parts.append(f'<g class="pc-seg">{_link_open(href)}')
        parts.append(f"<title>{esc(label)}: {format_number(value)}{esc(unit)} ({shares[i]})</title>")
        parts.append(
            f'<rect class="pc-bar {series_cls[i]}" x="{fmt(x0)}" y="{fmt(pad)}"'
            f' width="{fmt(seg_w)}" height="{fmt(bar_h)}" fill="{colours[i]}"'
            f' stroke="{PALETTE["background"]}" stroke-width="1.5" data-value="{value}"/>'
        )
        if seg_w >= text_width(shares[i]) + 10:
            parts.append(
                f'<text class="pc-inside" x="{fmt(x0 + seg_w / 2)}" y="{fmt(pad + bar_h / 2 + 4.5)}"'
                f' text-anchor="middle" fill="{PALETTE["on-series"]}">{shares[i]}</text>'
            )
        parts.append(f"{_link_close(href)}</g>")
    for lx, ly, i in legend:
        label, value, href = data[i]
        parts.append(f'<g class="pc-key">{_link_open(href)}')
        parts.append(
            f'<rect class="{series_cls[i]}" x="{fmt(lx)}" y="{fmt(ly)}" width="12" height="12"'
            f' fill="{colours[i]}"/>'
        )
        parts.append(
            f'<text class="pc-label" x="{fmt(lx + 18)}" y="{fmt(ly + 11)}"'
            f' fill="{PALETTE["text"]}">{esc(label)} {format_number(value)}{esc(unit)}'
            f' ({shares[i]})</text>'
        )
        parts.append(f"{_link_close(href)}</g>")
    parts.append("</svg>")
    parts.append(
        _table(title, data, unit, label_header, value_header, shares=shares, total=whole)
    )
    parts.append("</figure>")
    return "\n".join(parts)
