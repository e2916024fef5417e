"""/stats/: the directory in numbers, and the figures the source documents publish.

Every chart comes from `charts` and the map from `geomap` (drawn at build time
as SVG, each with a table of the same numbers). The district map also goes on
the /regions/ overview through `OVERVIEW_SECTIONS`.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from . import charts, geomap, seedfigures as seed
from .centers import FIGURES as CONSULT
from .context import OVERVIEW_SECTIONS, BuildContext
from .opendata import district_geometry
from .output import Outputs, Page, relative_url
from .render import render, term_url, trusted


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    out.pages.append(Page(url="stats/", title="통계", nav=True,
                          description="서울 협동조합 포털에 실린 협동조합을 권역·자치구·업종·유형·전략분야·설립 연도별로 세고, 기본계획의 예산과 상담 실적을 그림과 표로 보여 줍니다.",
                          render=partial(render_stats, ctx)))
    return out


def _rows(ctx: BuildContext, page: str, kind: str, *, levels: tuple[str, ...] = (), sort: bool = False, keep_zero: bool = False) -> list[tuple[str, int, str]]:
    counts = ctx.relations.coops_by_term[kind]
    terms = [t for t in ctx.site.taxonomies.terms(kind) if not levels or t.level in levels]
    rows = [(t.label, len(counts.get(t.id, [])), relative_url(page, term_url(kind, t.id))) for t in terms]
    rows = [r for r in rows if r[1] or keep_zero]
    return sorted(rows, key=lambda r: -r[1]) if sort else rows


def founding_years(ctx: BuildContext) -> list[tuple[str, int, None]]:
    years = Counter(coop.founded.year for coop in ctx.site.coops.values())
    if not years:
        return []
    return [(f"{year}년", years.get(year, 0), None) for year in range(min(years), max(years) + 1)]


def district_map(ctx: BuildContext, page: str) -> str:
    geo = district_geometry(ctx)
    if geo is None:
        return ""
    regions = ctx.site.taxonomies
    codes = {str(f["properties"]["code"]) for f in geo["features"]}
    districts = [t for t in regions.terms("regions") if t.level == "district" and t.code in codes]
    counts = ctx.relations.coops_by_term["regions"]
    area_of = {}
    for term in districts:
        area = next((t for t in regions.ancestors(term.id) if t.level == "area"), None)
        if area:
            area_of[term.code] = area.label
    return geomap.district_map(
        geo,
        {t.code: len(counts.get(t.id, [])) for t in districts},
        term_by_code={t.code: (t.id, t.label) for t in districts},
        href=lambda term_id: relative_url(page, term_url("regions", term_id)),
        title="자치구별 협동조합 수",
        area_of=area_of,
        caption="굵은 선은 상담센터 4개 권역의 경계입니다. 자치구를 누르면 그 구의 협동조합 목록으로 갑니다. "
                "경계: 통계청(KOSTAT) 2013, southkorea/seoul-maps(Apache License 2.0).",
    )


def _regions_overview_map(ctx: BuildContext, kind: str, url: str) -> str:
    return district_map(ctx, url) if kind == "regions" else ""


OVERVIEW_SECTIONS.append(_regions_overview_map)


def render_stats(ctx: BuildContext) -> str:
    page = "stats/"
    coops = ctx.site.coops
    total = len(coops)
    directory = [
        ("area", charts.bar_chart("권역별 협동조합 수", _rows(ctx, page, "regions", levels=("area",), keep_zero=True),
                                  label_header="권역", value_header="협동조합",
                                  caption="서울시 협동조합 상담센터의 4개 권역")),
        ("district", district_map(ctx, page)),
        ("industry", charts.bar_chart("업종별 협동조합 수", _rows(ctx, page, "industries", sort=True),
                                      label_header="업종(KSIC 대분류)", value_header="협동조합",
                                      caption="협동조합이 있는 업종만, 많은 순서")),
        ("category", charts.share_chart("조합원 유형별 협동조합", _rows(ctx, page, "categories"),
                                        label_header="조합원 유형", value_header="협동조합")),
        ("type", charts.bar_chart("법인 유형별 협동조합 수", _rows(ctx, page, "types", sort=True),
                                  label_header="법인 유형", value_header="협동조합")),
        ("field", charts.bar_chart("전략분야별 협동조합 수", _rows(ctx, page, "fields", keep_zero=True),
                                   label_header="전략분야", value_header="협동조합",
                                   caption="한 협동조합이 여러 분야에 들거나 어느 분야에도 들지 않을 수 있어 합계가 전체 수와 다릅니다.")),
        ("year", charts.column_chart("설립 연도별 협동조합 수", founding_years(ctx), label_header="설립 연도",
                                     value_header="협동조합")),
    ]
    budget_groups = [(name, sum(v for _, v in items), None) for name, items in seed.PLAN_BUDGET]
    budget_items = [(name, value, None) for _, items in seed.PLAN_BUDGET for name, value in items if value]
    policy = [
        ("budget", charts.share_chart("기본계획 추진과제별 소요예산", budget_groups, unit="백만원", total=seed.PLAN_BUDGET_TOTAL,
                                      label_header="추진과제", value_header="예산",
                                      caption=f"총 {seed.PLAN_BUDGET_TOTAL:,}백만원. 출처: {seed.PLAN_SOURCE}, VI. 소요예산")),
        ("budget-items", charts.bar_chart("주요사업별 소요예산", budget_items, unit="백만원", label_header="주요사업",
                                          value_header="예산", caption="예산이 0인 사업(조례 제정, 제도개선 등)은 뺐습니다.")),
        ("consult", charts.share_chart("상담센터 상담 방법", [("방문", CONSULT.visits, None), ("전화", CONSULT.calls, None)], unit="건",
                                       total=CONSULT.total, label_header="방법", value_header="상담",
                                       caption=f"2012년 11월 1일부터 {CONSULT.as_of}까지 4개 권역 상담센터의 누계 {CONSULT.total:,}건")),
        ("consult-weekly", charts.column_chart("주별 상담 건수", [(k, v, None) for k, v in CONSULT.weekly], unit="건",
                                               label_header="주", value_header="상담",
                                               caption="2013년 1월 3주부터 2월 2주까지")),
        ("collab-plan", charts.column_chart("골목경제 공동협업사업 연차별 투자계획",
                                            [(year, sum(v), None) for year, v in seed.COLLAB_PLAN], unit="백만원",
                                            label_header="연도", value_header="투자계획",
                                            caption=f"총 사업비 {seed.COLLAB_BUDGET_TOTAL:,}백만원(시비). 출처: {seed.COLLAB_SOURCE}")),
        ("collab-units", charts.share_chart("단위사업별 총 사업비",
                                            [(unit, sum(v[i] for _, v in seed.COLLAB_PLAN), None) for i, unit in enumerate(seed.COLLAB_UNITS)],
                                            unit="백만원", total=seed.COLLAB_BUDGET_TOTAL, label_header="단위사업", value_header="사업비")),
        ("collab-spent", charts.column_chart("연도별 집행액", [(year, sum(v), None) for year, v in seed.COLLAB_SPENT], unit="백만원",
                                             label_header="연도", value_header="집행액",
                                             caption=f"2016년까지 집행액 {seed.COLLAB_SPENT_TOTAL:,}백만원")),
        ("collab-spent-units", charts.share_chart("단위사업별 집행액",
                                                  [(unit, sum(v[i] for _, v in seed.COLLAB_SPENT), None) for i, unit in enumerate(seed.COLLAB_UNITS)],
                                                  unit="백만원", total=seed.COLLAB_SPENT_TOTAL, label_header="단위사업", value_header="집행액")),
    ]
    return render("stats.html", page, ctx.site, total=total, dissolved=sum(1 for c in coops.values() if c.status != "active"),
                  examples=sum(1 for c in coops.values() if c.example),
                  directory=[(key, trusted(html)) for key, html in directory if html],
                  policy=[(key, trusted(html)) for key, html in policy])
