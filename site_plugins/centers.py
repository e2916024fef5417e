"""Consultation centres: /centers/ with "우리 구 상담센터 찾기" and one page per centre.

A centre has a `period` {from, to}. One whose `to` has passed is history: it keeps its
page (what it did, when, who ran it), but no list, finder, calendar or JSON-LD offers it
as a place to call or visit today. The seed: the four 권역 centres ran from 2012-11-01
('12. 11. 1 ~ '13. 2. 15, 상담센터 운영현황) and plan item 2-4 puts one 협동조합
종합지원센터 in their place from May 2013; the finder points to the centres operating
on the build date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from . import charts, jsonld
from .context import BuildContext
from .model import Center, OpeningHours, Term
from .output import Outputs, Page
from .render import kdate, render, trusted

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


STATE_LABELS = {"current": "운영 중", "past": "운영 종료", "upcoming": "개소 예정"}


def today_of(ctx: BuildContext):
    return ctx.site.build_date.date()


def current_centers(ctx: BuildContext, ids: list[str] | None = None) -> list[Center]:
    """The centres (of `ids`, default all) operating on the build date: the only ones any
    page offers as a place to call or visit."""
    centers = ctx.site.centers
    today = today_of(ctx)
    return [centers[i] for i in (ids if ids is not None else list(centers)) if centers[i].is_current(today)]


def past_centers(ctx: BuildContext, ids: list[str] | None = None) -> list[Center]:
    centers = ctx.site.centers
    today = today_of(ctx)
    return [centers[i] for i in (ids if ids is not None else list(centers)) if centers[i].period.state(today) == "past"]


def served_districts(ctx: BuildContext) -> list[tuple[Term, list[Center], list[Center]]]:
    """(district, centres serving it today, centres that served it before) for every
    district of a 시도 that has or had a centre, in data order."""
    site = ctx.site
    terms = site.taxonomies.terms("regions")
    sido_of: dict[str, str] = {}
    for term in terms:
        if term.level == "district":
            chain = site.taxonomies.ancestors(term.id)
            sido_of[term.id] = chain[0].id
    by_region = ctx.relations.centers_by_region
    rows = []
    for term in terms:
        if term.level != "district":
            continue
        ids = by_region.get(term.id, [])
        rows.append((term, current_centers(ctx, ids), past_centers(ctx, ids)))
    with_centre = {sido_of[t.id] for t, now, before in rows if now or before}
    return [row for row in rows if sido_of[row[0].id] in with_centre]


def period_text(center: Center) -> str:
    """'2012년 11월 1일 ~ 2013년 2월 15일', '2013년 5월 1일부터', or '' without a period."""
    start, end = center.period.start, center.period.end
    if start and end:
        return f"{kdate(start)} ~ {kdate(end)}"
    if start:
        return f"{kdate(start)}부터"
    if end:
        return f"{kdate(end)}까지"
    return ""


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    out.pages.append(Page(
        url=SECTION,
        title="상담센터",
        description=f"협동조합 설립과 운영을 상담하는 서울시 센터의 전화번호, 주소와 맡는 지역, 지난 권역별 상담센터의 기록. 대표전화 {MAIN_PHONE}.",
        nav=True,
        render=partial(render_index, ctx),
    ))
    today = today_of(ctx)
    for center in site.centers.values():
        url = center_url(center.id)
        past = center.period.state(today) == "past"
        out.pages.append(Page(
            url=url,
            title=center.name,
            description=(f"{center.operator} 운영 · {period_text(center)} 운영한 지난 센터(기록)" if past
                         else f"{center.operator} 운영 · {center.phone} · {center.address}"),
            render=partial(render_center, ctx, center),
            head=partial(_center_jsonld, ctx, center),
            source=center.source_file.path,
        ))
    return out


def _center_jsonld(ctx: BuildContext, center: Center) -> str:
    label = ctx.site.taxonomies.label
    return jsonld.script(jsonld.center(center, url=ctx.absolute(center_url(center.id)), area_label=label("regions", center.area),
                                       district_labels=[label("regions", d) for d in center.districts],
                                       past=center.period.state(today_of(ctx)) == "past"))


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
    today = today_of(ctx)
    return render(
        "centers.html",
        SECTION,
        site,
        centers=[c for c in centers if c.is_current(today)],
        upcoming=[c for c in centers if c.period.state(today) == "upcoming"],
        past=[c for c in centers if c.period.state(today) == "past"],
        period_text=period_text,
        label_level=lambda term_id: site.taxonomies.get("regions", term_id).level,
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
    state = center.period.state(today_of(ctx))
    courses = [site.courses[i] for i in ctx.relations.courses_by_region.get(center.area, [])] if state != "past" else []
    # where to turn instead: the centres that serve this one's area today
    successors = [c for c in current_centers(ctx, ctx.relations.centers_by_region.get(center.area, [])) if c.id != center.id] if state == "past" else []
    return render(
        "center.html",
        center_url(center.id),
        site,
        center=center,
        state=state,
        state_labels=STATE_LABELS,
        period_text=period_text,
        label_level=lambda term_id: site.taxonomies.get("regions", term_id).level,
        successors=successors,
        center_url=center_url,
        main_phone=MAIN_PHONE,
        hours_text=hours_text,
        methods=METHOD_LABELS,
        courses=sorted(courses, key=lambda c: (c.sessions[0].start, c.id)),
        description=trusted(ctx.markdown_html(center.description)),
        edit_url=ctx.edit_url(center.source_file.path),
    )
