"""The district map: a build-time SVG choropleth of Seoul's 25 자치구.

Pure and deterministic: the functions take the parsed GeoJSON and counts and
return an HTML string; only the loaders (:func:`load_district_geometry`,
:func:`read_geojson`, :func:`load_geojson`) touch the file system. The
boundaries ship in ``data/geo/seoul-districts.geojson`` (KOSTAT 2013 via
southkorea/seoul-maps, Apache License 2.0; see ``data/geo/README.md``).

The file is repository data like any other: a broken or hostile one (not JSON,
another structure, NaN or huge numbers, missing keys) never raises. The loader
returns the geometry, checked and reduced to what the map and the export use,
or ``None`` with Korean problems (``path:line: 메시지 (field)``, the validator's
:class:`~site_plugins.problems.Problem`).

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
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from .charts import SVG_NS, esc, fmt, format_number, make_id, safe_href, svg_role
from .particles import josa, quoted
from .problems import Problem, field_path

__all__ = [
    "district_map",
    "load_district_geometry",
    "read_geojson",
    "load_geojson",
    "DISTRICTS_FILE",
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


# --------------------------------------------------------------------------
# reading data/geo


DISTRICTS_FILE = "data/geo/seoul-districts.geojson"  # repository-relative, forward slashes
GEO_MAX_BYTES = 8 * 1024 * 1024  # the simplified boundaries are 60 kB; a full-detail file is a few MB
MAX_PROBLEMS = 20  # a file that is wrong everywhere is reported by its first mistakes
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
_WS = re.compile(r"[ \t\n\r]*")


class _BadNumber(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400
        raise _BadNumber(literal)
    return value


def _no_constant(literal: str) -> float:  # NaN, Infinity, -Infinity: not JSON
    raise _BadNumber(literal)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def _feature_lines(text: str) -> list[int]:
    """The line on which each element of the top-level "features" array starts (best effort).

    json.loads gives no positions, so the top-level object is walked with raw_decode;
    anything unexpected gives [] and the problems fall back to line 1.
    """
    decoder = json.JSONDecoder()
    lines: list[int] = []
    try:
        i = _WS.match(text, 0).end()  # type: ignore[union-attr]
        if text[i : i + 1] != "{":
            return []
        i += 1
        while True:
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            if text[i : i + 1] in ("}", ""):
                return lines
            key, i = decoder.raw_decode(text, i)
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            if text[i : i + 1] != ":":
                return lines
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            if key == "features" and text[i : i + 1] == "[":
                lines, line, last = [], 1, 0  # a repeated key: json.loads keeps the last one
                i += 1
                while True:
                    i = _WS.match(text, i).end()  # type: ignore[union-attr]
                    if text[i : i + 1] in ("]", ""):
                        i += 1
                        break
                    line += text.count("\n", last, i)
                    last = i
                    lines.append(line)
                    _, i = decoder.raw_decode(text, i)
                    i = _WS.match(text, i).end()  # type: ignore[union-attr]
                    if text[i : i + 1] == ",":
                        i += 1
            else:
                _, i = decoder.raw_decode(text, i)
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            if text[i : i + 1] == ",":
                i += 1
    except (ValueError, IndexError, RecursionError):
        return lines


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _position(value: object) -> tuple[list[float] | None, str]:
    """A [lon, lat] position, or None and what is wrong with it."""
    if not isinstance(value, list) or len(value) < 2 or not all(_is_number(v) for v in value[:2]):
        return None, "좌표는 [경도, 위도] 숫자 두 개여야 합니다"
    lon, lat = value[0], value[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        shown = ", ".join(str(v)[:20] for v in (lon, lat))
        return None, f"좌표 {josa(f'[{shown}]', '은/는')} 범위를 벗어났습니다. 경도는 -180~180, 위도는 -90~90이고 [경도, 위도] 순서입니다"
    return [lon, lat], ""


def _ring(value: object, where: list[object]) -> tuple[list[list[float]] | None, str, list[object]]:
    if not isinstance(value, list):
        return None, "고리(ring)는 좌표 [경도, 위도]의 목록이어야 합니다", where
    ring = []
    for index, item in enumerate(value):
        point, message = _position(item)
        if point is None:
            return None, message, [*where, index]
        ring.append(point)
    if len(ring) < 4:
        return None, f"고리(ring)에는 좌표가 4개 이상 있어야 합니다(지금 {len(ring)}개)", where
    if ring[0] != ring[-1]:
        return None, "고리(ring)의 첫 좌표와 마지막 좌표가 같아야 합니다(닫힌 경계)", where
    return ring, "", where


def _polygon(value: object, where: list[object]) -> tuple[list | None, str, list[object]]:
    if not isinstance(value, list) or not value:
        return None, "폴리곤은 고리(ring) 목록이어야 합니다: [[[경도, 위도], ...], ...]", where
    rings = []
    for index, item in enumerate(value):
        ring, message, at = _ring(item, [*where, index])
        if ring is None:
            return None, message, at
        rings.append(ring)
    return rings, "", where


def _geometry(value: object, where: list[object]) -> tuple[dict | None, str, list[object]]:
    if not isinstance(value, dict):
        return None, "geometry가 없습니다. 자치구마다 Polygon 또는 MultiPolygon 경계가 있어야 합니다", where
    kind = value.get("type")
    if kind not in GEOMETRY_TYPES:
        shown = kind if isinstance(kind, str) else json.dumps(kind, ensure_ascii=False)[:40]
        return None, f"geometry.type은 Polygon 또는 MultiPolygon이어야 합니다(지금: {shown})", [*where, "type"]
    coords = value.get("coordinates")
    at = [*where, "coordinates"]
    if kind == "Polygon":
        polygon, message, at = _polygon(coords, at)
        return ({"type": kind, "coordinates": polygon} if polygon is not None else None), message, at
    if not isinstance(coords, list) or not coords:
        return None, "MultiPolygon의 coordinates는 폴리곤 목록이어야 합니다: [[[[경도, 위도], ...]]]", at
    polygons = []
    for index, item in enumerate(coords):
        polygon, message, bad = _polygon(item, [*at, index])
        if polygon is None:
            return None, message, bad
        polygons.append(polygon)
    return {"type": kind, "coordinates": polygons}, "", at


def _code(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < 10**20:
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return value
    return None


def parse_geojson(text: str, rel: str) -> tuple[dict | None, list[Problem]]:
    """Check the text of a district boundary file; (geometry, []) or (None, problems)."""
    try:
        data = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return None, [Problem(rel, exc.lineno, f"올바른 JSON이 아닙니다({exc.colno}번째 글자 근처). 쉼표, 따옴표, 괄호가 맞는지 확인하거나 원본 파일을 다시 받으세요")]
    except _BadNumber as exc:
        found = text.find(exc.literal)
        return None, [Problem(rel, _line_at(text, found), f"숫자 {quoted(exc.literal[:30], '은/는')} 쓸 수 없습니다. NaN, Infinity나 너무 큰 수 대신 실제 좌표 값을 넣으세요")]
    except RecursionError:
        return None, [Problem(rel, 1, "괄호가 너무 깊게 겹쳐 있습니다. GeoJSON 파일이 맞는지 확인하세요")]
    except ValueError:  # an integer of thousands of digits
        return None, [Problem(rel, 1, "너무 긴 숫자가 있습니다. 좌표는 보통의 소수로 쓰세요")]

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        return None, [Problem(rel, 1, '자치구 경계는 GeoJSON FeatureCollection이어야 합니다: {"type": "FeatureCollection", "features": [...]}')]
    features = data["features"]
    if not features:
        return None, [Problem(rel, 1, "자치구 경계(features)가 하나도 없습니다", "features")]

    problems: list[Problem] = []
    lines: list[int] | None = None

    def report(index: int, message: str, where: list[object]) -> None:
        nonlocal lines
        if lines is None:
            lines = _feature_lines(text)
        line = lines[index] if index < len(lines) else 1
        problems.append(Problem(rel, line, message, field_path(["features", index, *where])))

    out = []
    seen: dict[str, int] = {}
    for index, feature in enumerate(features):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            report(index, '자치구 하나는 {"type": "Feature", "properties": {...}, "geometry": {...}} 모양이어야 합니다', [])
            continue
        props = feature.get("properties")
        if not isinstance(props, dict) or "code" not in props:
            report(index, "properties.code(통계청 행정구역 코드, 예: \"11140\")가 없습니다", ["properties"])
            continue
        code = _code(props["code"])
        if code is None:
            report(index, "properties.code는 숫자로 된 통계청 행정구역 코드여야 합니다(예: \"11140\")", ["properties", "code"])
            continue
        if code in seen:
            report(index, f"행정구역 코드 {josa(str(code), '이/가')} 두 번 나옵니다(처음: {field_path(['features', seen[code]])}). 자치구마다 하나만 두세요", ["properties", "code"])
            continue
        seen[code] = index
        name = props.get("name")
        if name is not None and not isinstance(name, str):
            report(index, "properties.name은 한글 이름 문자열이어야 합니다(예: \"마포구\")", ["properties", "name"])
            continue
        geometry, message, where = _geometry(feature.get("geometry"), ["geometry"])
        if geometry is None:
            report(index, message, where)
            continue
        properties = {"code": code}
        if name:
            properties["name"] = name
        out.append({"type": "Feature", "properties": properties, "geometry": geometry})
    if problems:
        return None, problems
    return {"type": "FeatureCollection", "features": out}, []


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, "파일이 UTF-8이 아닙니다. 편집기에서 인코딩을 'UTF-8'로 바꿔 다시 저장하세요")]


def read_geojson(path: str | Path, rel: str | None = None) -> tuple[dict | None, list[Problem]]:
    """A district boundary file, checked: (geometry, []) or (None, Korean problems). Never raises.

    A missing file is (None, []): a repository without boundaries has no map.
    `rel` is the path shown in problems (repository-relative, forward slashes).
    """
    rel = rel or Path(path).as_posix()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [Problem(rel, 1, f"파일을 읽을 수 없습니다({exc.strerror or type(exc).__name__}). 파일 권한이나 이름을 확인하세요")]
    if not S_ISREG(stat.st_mode):
        return None, [Problem(rel, 1, "보통 파일이 아닙니다(폴더 등). 자치구 경계 GeoJSON 파일을 두세요")]
    return _read_cached(str(path), rel, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_cached(path: str, rel: str, mtime_ns: int, size: int) -> tuple[dict | None, list[Problem]]:
    # once per build and file version: the export, /stats/, /regions/ and the validator share it
    if size > GEO_MAX_BYTES:
        return None, [Problem(rel, 1, f"파일이 너무 큽니다({size:,}바이트, 최대 {GEO_MAX_BYTES:,}바이트). 경계를 단순화한 파일을 쓰세요")]
    try:
        with open(path, "rb") as handle:
            raw = handle.read(GEO_MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(rel, 1, f"파일을 읽을 수 없습니다({exc.strerror or type(exc).__name__}). 파일 권한이나 이름을 확인하세요")]
    text, problems = _decode(raw, rel)
    if text is None:
        return None, problems
    return parse_geojson(text, rel)


def load_district_geometry(root: str | Path | None) -> tuple[dict | None, list[Problem]]:
    """``data/geo/seoul-districts.geojson`` under the repository ``root``, checked.

    The one entry point for the build and the validator: ``(geometry, [])``, ``(None, [])``
    when the repository has no boundary file, or ``(None, problems)``.
    """
    return read_geojson(Path(root or ".") / DISTRICTS_FILE, DISTRICTS_FILE)


def load_geojson(path: str | Path) -> dict:
    """A checked boundary file, raising ValueError with the Korean problems (tests, scripts)."""
    geo, problems = read_geojson(path)
    if geo is None:
        raise ValueError("\n".join(str(p) for p in problems) or f"{path}: 파일이 없습니다")
    return geo


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


def signed_area(ring: Sequence[Sequence[float]]) -> float:
    """The signed area of a ring in its own units (shoelace formula), positive
    when it runs counter-clockwise with x east and y north (longitude, latitude)."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, list(ring[1:]) + [ring[0]]):
        total += x0 * y1 - x1 * y0
    return total / 2.0


def rfc7946_winding(geometry: Mapping) -> Mapping:
    """`geometry` with its polygon rings wound as RFC 7946 §3.1.6 asks of a GeoJSON writer:
    exterior rings counter-clockwise, holes clockwise, in a new dict (the input is not
    changed). Other geometries (the places' points) are returned as they are."""
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return geometry

    def wound(polygon: Sequence[Sequence[Sequence[float]]]) -> list:
        rings = []
        for index, ring in enumerate(polygon):
            ring = [list(p) for p in ring]
            area = signed_area([p[:2] for p in ring])
            if (index == 0 and area < 0) or (index > 0 and area > 0):
                ring.reverse()
            rings.append(ring)
        return rings

    coords = geometry.get("coordinates") or []
    return {**geometry, "coordinates": wound(coords) if kind == "Polygon" else [wound(p) for p in coords]}


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
    # escaped once here: it goes into id and aria attributes below
    mid = esc(map_id or make_id("pm", title, sorted(values.items()), caption))

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

    # centred on the point whatever size the stylesheet gives them (portal.css sets the size
    # per screen width, so a label stays at least 11 px tall on a phone and on a desktop)
    svg.append(
        f'<g class="pm-labels" font-size="{LABEL_SIZE}" text-anchor="middle" dominant-baseline="central"'
        ' pointer-events="none" aria-hidden="true">'
    )
    for label, x, y, fill in labels:
        text, halo = _label_colours(fill)
        svg.append(
            f'<text x="{fmt(x)}" y="{fmt(y)}" fill="{text}"'
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
            f"{esc(_range_text(lo, hi, unit))}</li>"
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
