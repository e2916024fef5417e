"""The district map: a build-time SVG choropleth of Seoul's 25 자치구.

Pure and deterministic: the functions take the parsed GeoJSON and counts and
return an HTML string; only :func:`load_geojson` touches the file system. The
boundaries ship in ``data/geo/seoul-districts.geojson`` (KOSTAT 2013 via
southkorea/seoul-maps, Apache License 2.0; see ``data/geo/README.md``).

Drawing:

* projection: equirectangular, longitudes scaled by cos(latitude of the map
  centre), which is accurate enough at city scale; fitted to a fixed viewBox
  width, coordinates written with one decimal;
* one ``<path>`` per district (Polygon and MultiPolygon, holes drawn with the
  even-odd rule), wrapped in a link to the district's page with a ``<title>``
  such as "마포구: 협동조합 12개";
* fill by count in up to five classes (quantile breaks over the districts that
  have any; districts with none get their own pale colour), with a legend that
  shows each class's range;
* 권역 boundaries drawn as a thicker line on top: the edges that separate two
  districts of different 권역, or lie on the city's edge (found from the shared
  vertices of the boundaries, which are topologically clean in this data);
* name labels at the centroid of each district's largest ring.

Beside the map, the same HTML carries the always-present accessible list: one
table per 권역 with every district, its count and its link.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from .charts import SVG_NS, esc, fmt, format_number, make_id, safe_href, svg_role

__all__ = [
    "district_map",
    "load_geojson",
    "class_breaks",
    "MAP_COLOURS",
    "ZERO_COLOUR",
]

# Sequential blues, light to dark. Labels pick dark or white text per class
# (whichever contrasts more; both choices are at least 4.5:1 here).
MAP_COLOURS: tuple[str, ...] = ("#c6dbef", "#9ecae1", "#6baed6", "#2171b5", "#08306b")
ZERO_COLOUR = "#f5f5f5"
DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"
EDGE_COLOUR = "#ffffff"
AREA_EDGE_COLOUR = "#1f2328"

MAP_WIDTH = 600.0
MAP_PAD = 8.0
LABEL_SIZE = 14.0

Ring = list[tuple[float, float]]


def load_geojson(path: str | Path) -> dict:
    """Read a GeoJSON file (the only function here that does I/O)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------
# geometry


def _polygons(geometry: Mapping) -> list[list[list[Sequence[float]]]]:
    """A geometry as a list of polygons, each a list of rings."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    raise ValueError(f"unsupported geometry type for a district: {kind!r}")


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid of a closed or open ring (shoelace formula)."""
    pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    a = cx = cy = 0.0
    n = len(pts)
    for i in range(n):
        x0, y0 = pts[i]
        x1, y1 = pts[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2.0
    if abs(a) < 1e-12:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a, cx / (6 * a), cy / (6 * a)


def _ring_path(ring: Ring) -> str:
    pts = [(fmt(x), fmt(y)) for x, y in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    # drop consecutive duplicates created by rounding
    out: list[tuple[str, str]] = []
    for p in pts:
        if not out or out[-1] != p:
            out.append(p)
    if len(out) < 3:
        return ""
    return "M" + "L".join(f"{x} {y}" for x, y in out) + "Z"


class _Projection:
    """Equirectangular projection scaled by cos(latitude), fitted to the viewBox."""

    def __init__(self, lonlats: Iterable[Sequence[float]], width: float, pad: float) -> None:
        lons: list[float] = []
        lats: list[float] = []
        for p in lonlats:
            lons.append(float(p[0]))
            lats.append(float(p[1]))
        if not lons:
            raise ValueError("the GeoJSON has no coordinates")
        self.min_lon, self.max_lon = min(lons), max(lons)
        self.min_lat, self.max_lat = min(lats), max(lats)
        self.k = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        span_x = (self.max_lon - self.min_lon) * self.k or 1e-9
        span_y = (self.max_lat - self.min_lat) or 1e-9
        self.pad = pad
        self.scale = (width - 2 * pad) / span_x
        self.width = width
        self.height = math.ceil(span_y * self.scale + 2 * pad)

    def __call__(self, p: Sequence[float]) -> tuple[float, float]:
        x = (float(p[0]) - self.min_lon) * self.k * self.scale + self.pad
        y = (self.max_lat - float(p[1])) * self.scale + self.pad
        return x, y


# --------------------------------------------------------------------------
# classes


def class_breaks(values: Iterable[int], classes: int = 5) -> list[tuple[int, int]]:
    """Inclusive integer ranges for the positive values, by quantiles.

    Each class takes about an equal share of the values that are left, so ties
    (many districts with the same count) do not swallow the other classes. At
    most ``classes`` ranges, fewer when there are fewer distinct values. The
    ranges are contiguous, start at the smallest positive value and end at the
    largest.
    """
    remaining = sorted(v for v in values if v > 0)
    ranges: list[tuple[int, int]] = []
    if not remaining:
        return ranges
    lo = remaining[0]
    left = classes
    while remaining and left > 0:
        distinct = sorted(set(remaining))
        if len(distinct) <= left:
            for d in distinct:
                ranges.append((lo, d))
                lo = d + 1
            break
        upper = remaining[math.ceil(len(remaining) / left) - 1]
        ranges.append((lo, upper))
        lo = upper + 1
        remaining = [v for v in remaining if v > upper]
        left -= 1
    return ranges


def _class_colours(count: int) -> list[str]:
    if count <= 0:
        return []
    if count == 1:
        return [MAP_COLOURS[2]]
    last = len(MAP_COLOURS) - 1
    return [MAP_COLOURS[round(i * last / (count - 1))] for i in range(count)]


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _label_colours(fill: str) -> tuple[str, str]:
    """(text, halo) for a label drawn on ``fill``."""
    if contrast(fill, DARK_TEXT) >= contrast(fill, LIGHT_TEXT):
        return DARK_TEXT, "#ffffff"
    return LIGHT_TEXT, "#08306b"


def _range_text(lo: int, hi: int, unit: str) -> str:
    if lo == hi:
        return f"{format_number(lo)}{unit}"
    return f"{format_number(lo)}–{format_number(hi)}{unit}"


# --------------------------------------------------------------------------
# 권역 outline


def _area_edges(
    features: list[tuple[str, list[list[list[Sequence[float]]]]]],
    area_by_code: Mapping[str, str],
) -> list[list[tuple[float, float]]]:
    """Polylines (in lon/lat) along 권역 boundaries and the city's outer edge."""
    edge_areas: dict[tuple[tuple[float, float], tuple[float, float]], list[str]] = {}
    for code, polygons in features:
        area = area_by_code.get(code, f"\0{code}")
        for polygon in polygons:
            for ring in polygon:
                pts = [(float(p[0]), float(p[1])) for p in ring]
                if pts and pts[0] != pts[-1]:
                    pts.append(pts[0])
                for a, b in zip(pts, pts[1:]):
                    if a == b:
                        continue
                    key = (a, b) if a < b else (b, a)
                    edge_areas.setdefault(key, []).append(area)
    boundary = [
        key for key, areas in edge_areas.items() if len(areas) == 1 or len(set(areas)) > 1
    ]
    # chain the edges into polylines, deterministically (insertion order)
    adjacency: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for a, b in boundary:
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    used: set[tuple[tuple[float, float], tuple[float, float]]] = set()

    def walk(start: tuple[float, float], nxt: tuple[float, float]) -> list[tuple[float, float]]:
        line = [start]
        prev, cur = start, nxt
        used.add((prev, cur) if prev < cur else (cur, prev))
        line.append(cur)
        while len(adjacency[cur]) == 2:
            options = [p for p in adjacency[cur] if ((cur, p) if cur < p else (p, cur)) not in used]
            if not options:
                break
            prev, cur = cur, options[0]
            used.add((prev, cur) if prev < cur else (cur, prev))
            line.append(cur)
        return line

    lines: list[list[tuple[float, float]]] = []
    nodes = list(adjacency)
    # start at junctions and loose ends first, then whatever loops remain
    for start in [n for n in nodes if len(adjacency[n]) != 2] + nodes:
        for nxt in adjacency[start]:
            key = (start, nxt) if start < nxt else (nxt, start)
            if key not in used:
                lines.append(walk(start, nxt))
    return lines


# --------------------------------------------------------------------------
# the map


def _lookup(
    mapping: Mapping[str, object] | None, code: str, term_id: str | None
) -> object | None:
    if not mapping:
        return None
    if code in mapping:
        return mapping[code]
    if term_id is not None and term_id in mapping:
        return mapping[term_id]
    return None


def district_map(
    geojson: Mapping,
    values: Mapping[str, int],
    *,
    term_by_code: Mapping[str, tuple[str, str]],
    href: Callable[[str], str],
    title: str,
    area_of: Mapping[str, str] | None = None,
    noun: str = "협동조합",
    unit: str = "개",
    caption: str = "",
    map_id: str | None = None,
) -> str:
    """An SVG choropleth of the districts plus the accessible list beside it.

    ``geojson``: a FeatureCollection whose features have ``properties.code``
    (KOSTAT code) and ``properties.name``; Polygon or MultiPolygon geometry.
    ``values``: counts keyed by KOSTAT code or by region term id; districts
    without an entry count as 0. ``term_by_code``: KOSTAT code -> (term id,
    label); a district missing here is drawn with its GeoJSON name and no link.
    ``href``: term id -> URL of the district's page. ``area_of``: KOSTAT code
    (or term id) -> 권역 label; groups the list and draws 권역 boundaries.

    Keys of ``values`` and ``area_of`` that match neither a code nor a term id
    raise ``ValueError`` (a typo would otherwise silently show 0).
    """
    features = list(geojson.get("features") or [])
    if not features:
        raise ValueError("the GeoJSON has no features")
    mid = map_id or make_id("pm", title, sorted(values.items()), caption)

    # codes and term ids that may key ``values`` and ``area_of``
    known = set(term_by_code)
    known |= {tid for tid, _ in term_by_code.values()}
    known |= {str((f.get("properties") or {}).get("code", "")) for f in features}
    for name, mapping in (("values", values), ("area_of", area_of or {})):
        stray = sorted(k for k in mapping if k not in known)
        if stray:
            raise ValueError(f"{name} has keys that are no known district: {', '.join(stray)}")

    # -- collect districts ------------------------------------------------
    districts = []  # dicts in GeoJSON order
    all_points: list[Sequence[float]] = []
    for f in features:
        props = f.get("properties") or {}
        code = str(props.get("code", ""))
        polygons = _polygons(f.get("geometry") or {})
        term = term_by_code.get(code)
        term_id, label = (term if term else (None, str(props.get("name") or code)))
        raw = _lookup(values, code, term_id)
        count = int(raw) if raw is not None else 0
        if count < 0:
            raise ValueError(f"negative count for {label}: {count}")
        area = _lookup(area_of, code, term_id)
        link = safe_href(href(term_id)) if term_id is not None else None
        for polygon in polygons:
            for ring in polygon:
                all_points.extend(ring)
        districts.append(
            {
                "code": code,
                "term": term_id,
                "label": label,
                "count": count,
                "area": str(area) if area is not None else None,
                "href": link,
                "polygons": polygons,
            }
        )

    proj = _Projection(all_points, MAP_WIDTH, MAP_PAD)
    ranges = class_breaks(d["count"] for d in districts)
    colours = _class_colours(len(ranges))

    def colour_of(count: int) -> tuple[str, int]:
        if count <= 0:
            return ZERO_COLOUR, 0
        for i, (lo, hi) in enumerate(ranges):
            if lo <= count <= hi:
                return colours[i], i + 1
        raise AssertionError("class ranges do not cover every count")  # pragma: no cover

    any_zero = any(d["count"] == 0 for d in districts)
    total = sum(d["count"] for d in districts)
    top = max(districts, key=lambda d: d["count"])

    # -- svg ----------------------------------------------------------------
    width, height = proj.width, proj.height
    legend_desc = ", ".join(_range_text(lo, hi, unit) for lo, hi in ranges)
    desc = (
        f"서울 {len(districts)}개 자치구의 {noun} 수를 색의 진하기로 나타낸 지도. "
        + (
            f"전체 {format_number(total)}{unit}, 가장 많은 곳은 {top['label']}"
            f" {format_number(top['count'])}{unit}. "
            if total
            else "아직 집계된 곳이 없습니다. "
        )
        + (f"색 구간(연한 색부터): {legend_desc}. " if ranges else "")
        + "자치구별 수는 지도 옆 목록에 있습니다."
    )
    svg = [
        f'<svg xmlns="{SVG_NS}" class="portal-map__svg" viewBox="0 0 {fmt(width)} {fmt(height)}"'
        f' width="100%" role="{svg_role(any(d["href"] for d in districts))}" aria-labelledby="{mid}-t {mid}-d">',
        f'<title id="{mid}-t">{esc(title)}</title>',
        f'<desc id="{mid}-d">{esc(desc)}</desc>',
        '<g class="pm-districts" stroke-linejoin="round">',
    ]
    labels = []
    for d in districts:
        fill, cls = colour_of(d["count"])
        rings_svg = []
        best = (0.0, 0.0, 0.0)  # |area|, cx, cy of the largest ring
        for polygon in d["polygons"]:
            for r_index, ring in enumerate(polygon):
                projected = [proj(p) for p in ring]
                path = _ring_path(projected)
                if path:
                    rings_svg.append(path)
                if r_index == 0:
                    a, cx, cy = _ring_area_centroid(projected)
                    if abs(a) > best[0]:
                        best = (abs(a), cx, cy)
        tooltip = f"{d['label']}: {noun} {format_number(d['count'])}{unit}"
        open_a = f'<a href="{esc(d["href"])}" tabindex="-1">' if d["href"] else "<g>"
        close_a = "</a>" if d["href"] else "</g>"
        svg.append(open_a)
        svg.append(f"<title>{esc(tooltip)}</title>")
        svg.append(
            f'<path class="pm-district pm-edge pm-c{cls}" d="{"".join(rings_svg)}"'
            f' fill="{fill}" fill-rule="evenodd" stroke="{EDGE_COLOUR}" stroke-width="0.8"'
            f' data-code="{esc(d["code"])}" data-value="{d["count"]}"/>'
        )
        svg.append(close_a)
        labels.append((d["label"], best[1], best[2], fill))
    svg.append("</g>")

    if area_of:
        area_by_code = {d["code"]: d["area"] for d in districts if d["area"] is not None}
        lines = _area_edges([(d["code"], d["polygons"]) for d in districts], area_by_code)
        path = ""
        for line in lines:
            pts = [proj(p) for p in line]
            coords = [f"{fmt(x)} {fmt(y)}" for x, y in pts]
            path += "M" + "L".join(coords)
        svg.append(
            f'<path class="pm-area" d="{path}" fill="none" stroke="{AREA_EDGE_COLOUR}"'
            ' stroke-width="2.6" stroke-linejoin="round" stroke-linecap="round"'
            ' pointer-events="none"/>'
        )

    svg.append(
        f'<g class="pm-labels" font-size="{LABEL_SIZE}" text-anchor="middle"'
        ' pointer-events="none" aria-hidden="true">'
    )
    for label, x, y, fill in labels:
        text, halo = _label_colours(fill)
        svg.append(
            f'<text x="{fmt(x)}" y="{fmt(y + LABEL_SIZE * 0.35)}" fill="{text}"'
            f' stroke="{halo}" stroke-width="2.5" stroke-opacity="0.6"'
            f' paint-order="stroke" stroke-linejoin="round">{esc(label)}</text>'
        )
    svg.append("</g>")
    svg.append("</svg>")

    # -- legend (HTML, reflows on phones) ----------------------------------
    legend = [f'<ul class="portal-map__legend" aria-label="{esc(noun)} 수 색 구간">']
    legend.append(f'<li class="portal-map__legend-title">{esc(noun)} 수</li>')
    entries: list[tuple[str, int, int]] = []
    if any_zero:
        entries.append((ZERO_COLOUR, 0, 0))
    entries += [(c, lo, hi) for c, (lo, hi) in zip(colours, ranges)]
    for colour, lo, hi in entries:
        legend.append(
            f'<li data-min="{lo}" data-max="{hi}">'
            f'<svg xmlns="{SVG_NS}" class="portal-map__swatch" viewBox="0 0 1 1"'
            ' width="14" height="14"'
            ' aria-hidden="true" focusable="false">'
            f'<rect width="1" height="1" fill="{colour}"/></svg>'
            f"{_range_text(lo, hi, unit)}</li>"
        )
    legend.append("</ul>")

    # -- the list beside the map -------------------------------------------
    groups: dict[str | None, list[dict]] = {}
    if area_of:
        # 권역 in the order area_of lists them, districts in term_by_code order
        area_rank = {}
        for area in area_of.values():
            area_rank.setdefault(str(area), len(area_rank))
        term_rank = {code: i for i, code in enumerate(term_by_code)}
        ordered = sorted(
            districts,
            key=lambda d: (
                area_rank.get(d["area"], len(area_rank)) if d["area"] is not None else 10**6,
                term_rank.get(d["code"], 10**6),
            ),
        )
    else:
        term_rank = {code: i for i, code in enumerate(term_by_code)}
        ordered = sorted(districts, key=lambda d: term_rank.get(d["code"], 10**6))
    for d in ordered:
        groups.setdefault(d["area"], []).append(d)

    lists = ['<div class="portal-map__lists">']
    for area, members in groups.items():
        subtotal = sum(m["count"] for m in members)
        name = area if area is not None else ("그 밖의 자치구" if area_of else "자치구")
        lists.append('<table class="portal-map__table">')
        lists.append(
            f"<caption>{esc(name)} <span class=\"pm-subtotal\">"
            f"{format_number(subtotal)}{esc(unit)}</span></caption>"
        )
        lists.append(
            f'<thead><tr><th scope="col">자치구</th><th scope="col">{esc(noun)}</th></tr></thead>'
        )
        lists.append("<tbody>")
        for m in members:
            name_cell = (
                f'<a href="{esc(m["href"])}">{esc(m["label"])}</a>' if m["href"] else esc(m["label"])
            )
            zero = ' class="pm-zero"' if m["count"] == 0 else ""
            lists.append(
                f'<tr><th scope="row">{name_cell}</th>'
                f'<td data-value="{m["count"]}"{zero}>{format_number(m["count"])}{esc(unit)}</td></tr>'
            )
        lists.append("</tbody>")
        lists.append("</table>")
    lists.append("</div>")

    head = [
        f'<div class="portal-map" id="{mid}">',
        '<div class="portal-map__body">',
        '<figure class="portal-map__figure">',
    ]
    cap = (
        '<figcaption class="portal-chart__caption">'
        f'<span class="portal-chart__title">{esc(title)}</span>'
        + (f'<span class="portal-chart__note">{esc(caption)}</span>' if caption else "")
        + "</figcaption>"
    )
    return "\n".join(
        head + [cap] + svg + legend + ["</figure>"] + lists + ["</div>", "</div>"]
    )
