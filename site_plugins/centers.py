"""Consultation centres: /centers/ with "우리 구 상담센터 찾기" and one page per centre."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from . import charts, jsonld
from .context import BuildContext
from .model import Center, OpeningHours, Term
from .output import Outputs, Page
from .render import render, trusted

SECTION = "centers/"
MAIN_PHONE = "1544-5077"  # the city's 대표전화 for every centre (basic plan 2013)
METHOD_LABELS = {"phone": "전화", "visit": "방문", "email": "이메일"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = dict(zip(DAYS, "월화수목금토일"))


@dataclass(frozen=True, slots=True)
class ConsultationFigures:
    """The centres' reported consultations, as the source gives them."""

    as_of: str
    source: str
    total: int
    visits: int
    calls: int
    daily_average: int
    per_center_daily: int
    weekly: tuple[tuple[str, int], ...]


# Historical figures of one report, not records an editor maintains: 서울시 협동조합
# 활성화 기본계획(2013), "협동조합 상담센터 운영현황 ('13. 2. 8. 현재)".
FIGURES = ConsultationFigures(
    as_of="2013년 2월 8일",
    source="서울시 협동조합 활성화 기본계획(2013), 협동조합 상담센터 운영현황",
    total=3099,
    visits=451,
    calls=2648,
    daily_average=70,
    per_center_daily=18,
    weekly=(("1월 3주", 366), ("1월 4주", 332), ("2월 1주", 437), ("2월 2주", 353)),
)


def center_url(center_id: str) -> str:
    return f"{SECTION}{center_id}/"


def hours_text(hours: OpeningHours) -> str:
    """'월~금 09:00~18:00': consecutive days are written as a range."""
    index = sorted(DAYS.index(d) for d in hours.days if d in DAY_LABELS)
    runs: list[list[int]] = []
    for i in index:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    days = ", ".join(DAY_LABELS[DAYS[r[0]]] if len(r) == 1 else f"{DAY_LABELS[DAYS[r[0]]]}~{DAY_LABELS[DAYS[r[-1]]]}" for r in runs)
    return f"{days} {hours.opens}~{hours.closes}"


def served_districts(ctx: BuildContext) -> list[tuple[Term, list[Center]]]:
    """Every district of a 시도 that has a centre, with the centres serving it (data order)."""
    site = ctx.site
    terms = site.taxonomies.terms("regions")
    sido_of: dict[str, str] = {}
    for term in terms:
        if term.level == "district":
            chain = site.taxonomies.ancestors(term.id)
            sido_of[term.id] = chain[0].id
    with_centre = {sido_of[d] for c in site.centers.values() for d in c.districts if d in sido_of}
    by_region = ctx.relations.centers_by_region
    return [(t, [site.centers[i] for i in by_region.get(t.id, [])]) for t in terms if t.level == "district" and sido_of[t.id] in with_centre]


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    out.pages.append(Page(
        url=SECTION,
        title="상담센터",
        description=f"서울시 협동조합 권역별 상담센터 4곳의 전화번호, 주소, 운영시간과 맡는 자치구. 대표전화 {MAIN_PHONE}.",
        nav=True,
        render=partial(render_index, ctx),
    ))
    for center in site.centers.values():
        url = center_url(center.id)
        out.pages.append(Page(
            url=url,
            title=center.name,
            description=f"{center.operator} 운영 · {center.phone} · {center.address}",
            render=partial(render_center, ctx, center),
            head=partial(_center_jsonld, ctx, center),
            source=center.source_file.path,
        ))
    return out


def _center_jsonld(ctx: BuildContext, center: Center) -> str:
    label = ctx.site.taxonomies.label
    return jsonld.script(jsonld.center(center, url=ctx.absolute(center_url(center.id)), area_label=label("regions", center.area),
                                       district_labels=[label("regions", d) for d in center.districts]))


def figures_html(figures: ConsultationFigures = FIGURES) -> str:
    split = charts.bar_chart(
        f"상담 누계 {figures.total:,}건: 방법별",
        [("전화", figures.calls, None), ("방문", figures.visits, None)],
        unit="건", label_header="상담 방법", value_header="건수", caption=f"{figures.as_of} 현재, 4개 센터 합계",
    )
    weekly = charts.column_chart(
        "주별 상담 건수",
        [(label, value, None) for label, value in figures.weekly],
        unit="건", label_header="주", value_header="상담 건수", caption="4개 센터 합계",
    )
    return split + weekly


def render_index(ctx: BuildContext) -> str:
    site = ctx.site
    order = {t.id: i for i, t in enumerate(site.taxonomies.terms("regions"))}
    centers = sorted(site.centers.values(), key=lambda c: (order.get(c.area, 0), c.id))
    return render(
        "centers.html",
        SECTION,
        site,
        centers=centers,
        districts=served_districts(ctx),
        main_phone=MAIN_PHONE,
        center_url=center_url,
        hours_text=hours_text,
        methods=METHOD_LABELS,
        figures=FIGURES,
        charts=trusted(figures_html()),
    )


def render_center(ctx: BuildContext, center: Center) -> str:
    site = ctx.site
    courses = [site.courses[i] for i in ctx.relations.courses_by_region.get(center.area, [])]
    return render(
        "center.html",
        center_url(center.id),
        site,
        center=center,
        center_url=center_url,
        main_phone=MAIN_PHONE,
        hours_text=hours_text,
        methods=METHOD_LABELS,
        courses=sorted(courses, key=lambda c: (c.sessions[0].start, c.id)),
        description=trusted(ctx.markdown_html(center.description)),
        edit_url=ctx.edit_url(center.source_file.path),
    )
