"""/stats/ and the /regions/ map: the numbers in the charts' tables against the data and the seeds."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest

from opendata_helpers import built
from site_plugins import seedfigures as seed
from site_plugins.centers import FIGURES as CONSULT
from site_plugins.load import load_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model():
    site, problems = load_site(built().root)
    assert not problems, problems.report()
    return site


@pytest.fixture(scope="module")
def stats():
    return lxml.html.fromstring((built().site / "stats" / "index.html").read_bytes())


def chart_table(doc, title: str) -> dict[str, int]:
    """label -> value from the table of the chart whose title is `title`."""
    tables = [t for t in doc.iter("table") if t.find("caption") is not None
              and t.find("caption").text_content().strip() == f"{title} (표)"]
    assert len(tables) == 1, title
    rows = {}
    for tr in tables[0].find("tbody").iter("tr"):
        td = tr.find("td")
        rows[tr.find("th").text_content().strip()] = int(td.get("data-value"))
    return rows


def svg_values(doc, title: str) -> list[int]:
    figure = next(f for f in doc.iter("figure") if f.find("figcaption") is not None
                  and f.find("figcaption").text_content().startswith(title))
    return [int(r.get("data-value")) for r in figure.iter() if r.get("data-value") is not None and r.tag.endswith("rect")]


def by(model, key) -> Counter:
    counts: Counter = Counter()
    for coop in model.coops.values():
        for value in key(coop):
            counts[value] += 1
    return counts


def labelled(model, kind: str, counts: Counter, *, keep_zero: bool = False) -> dict[str, int]:
    return {model.taxonomies.label(kind, term_id): n for term_id, n in counts.items() if n or keep_zero}


def test_coops_by_area(stats, model):
    tax = model.taxonomies
    area = by(model, lambda c: [t.id for t in tax.ancestors(c.district) if t.level == "area"])
    expected = {t.label: area.get(t.id, 0) for t in tax.terms("regions") if t.level == "area"}
    assert chart_table(stats, "권역별 협동조합 수") == expected
    assert sum(expected.values()) == len(model.coops)
    assert sorted(svg_values(stats, "권역별 협동조합 수")) == sorted(expected.values())


def test_coops_by_industry_category_type_and_field(stats, model):
    assert chart_table(stats, "업종별 협동조합 수") == labelled(model, "industries", by(model, lambda c: [c.industry]))
    industries = list(chart_table(stats, "업종별 협동조합 수").values())
    assert industries == sorted(industries, reverse=True)  # a ranking
    assert chart_table(stats, "조합원 유형별 협동조합") == labelled(model, "categories", by(model, lambda c: [c.category]))
    assert chart_table(stats, "법인 유형별 협동조합 수") == labelled(model, "types", by(model, lambda c: [c.legal_type]))
    fields = by(model, lambda c: c.fields)
    assert chart_table(stats, "전략분야별 협동조합 수") == {t.label: fields.get(t.id, 0) for t in model.taxonomies.terms("fields")}


def test_coops_by_founding_year(stats, model):
    years = Counter(c.founded.year for c in model.coops.values())
    table = chart_table(stats, "설립 연도별 협동조합 수")
    assert table == {f"{y}년": years.get(y, 0) for y in range(min(years), max(years) + 1)}
    assert sum(table.values()) == len(model.coops)


def district_tables(doc) -> dict[str, tuple[int, str]]:
    rows = {}
    for table in doc.find_class("portal-map__table"):
        for tr in table.find("tbody").iter("tr"):
            link = tr.find("th").find("a")
            rows[link.text_content()] = (int(tr.find("td").get("data-value")), link.get("href"))
    return rows


@pytest.mark.parametrize("page, prefix", [("stats", "../regions/"), ("regions", "")])
def test_district_map_and_its_list(page, prefix, model):
    doc = lxml.html.fromstring((built().site / page / "index.html").read_bytes())
    maps = doc.find_class("portal-map")
    assert len(maps) == 1
    districts = {c.district for c in model.coops.values()}
    counts = by(model, lambda c: [c.district])
    rows = district_tables(doc)
    terms = [t for t in model.taxonomies.terms("regions") if t.level == "district" and t.parent != "seoul"]
    assert len(rows) == 25
    for term in terms:
        assert rows[term.label] == (counts.get(term.id, 0), f"{prefix}{term.id}/")
    # every district of the picture links to its page, and the 권역 groups are there
    svg = maps[0].find(".//svg")
    paths = [p for p in svg.iter() if str(p.tag).endswith("path") and p.get("data-code")]
    assert len(paths) == 25
    assert {int(p.get("data-value")) for p in paths} == {counts.get(t.id, 0) for t in terms}
    captions = [c.text_content() for c in maps[0].iter("caption")]
    assert [c.split()[0] for c in captions] == ["동북권", "서북권", "동남권", "서남권"]
    assert districts <= {t.id for t in terms}


def test_seed_figures_add_up_to_the_printed_totals():
    assert sum(v for _, items in seed.PLAN_BUDGET for _, v in items) == seed.PLAN_BUDGET_TOTAL == 8_615
    assert CONSULT.visits + CONSULT.calls == CONSULT.total == 3_099
    assert [v for _, v in CONSULT.weekly] == [366, 332, 437, 353]
    assert sum(sum(v) for _, v in seed.COLLAB_PLAN) == seed.COLLAB_BUDGET_TOTAL == 2_356
    assert sum(sum(v) for _, v in seed.COLLAB_SPENT) == seed.COLLAB_SPENT_TOTAL == 1_111
    # 자영업 협업화 1,756 and 혁신형 600 planned; 733 and 378 spent (second seed's tables)
    assert [sum(v[i] for _, v in seed.COLLAB_PLAN) for i in range(2)] == [1_756, 600]
    assert [sum(v[i] for _, v in seed.COLLAB_SPENT) for i in range(2)] == [733, 378]


def test_seed_figures_on_the_page(stats):
    groups = chart_table(stats, "기본계획 추진과제별 소요예산")
    assert groups == {"협동의 가치를 확산하는 홍보체계 마련": 550, "상담·교육·컨설팅으로 체계적인 종합지원": 1_175,
                      "협동조합 성장기반 생태계 조성": 90, "전략분야 협동조합 활성화 추진": 6_800}
    assert chart_table(stats, "상담센터 상담 방법") == {"방문": 451, "전화": 2_648}
    assert chart_table(stats, "주별 상담 건수") == {"1월 3주": 366, "1월 4주": 332, "2월 1주": 437, "2월 2주": 353}
    assert chart_table(stats, "골목경제 공동협업사업 연차별 투자계획") == {"2015년": 440, "2016년": 716, "2017년": 600, "2018년 6월": 600}
    assert chart_table(stats, "단위사업별 총 사업비") == {"자영업 협업화": 1_756, "혁신형": 600}
    assert chart_table(stats, "연도별 집행액") == {"2015년": 421, "2016년": 690}
    assert chart_table(stats, "단위사업별 집행액") == {"자영업 협업화": 733, "혁신형": 378}
    text = stats.text_content()
    for printed in ("8,615백만원", "3,099건", "2,356백만원", "1,111백만원"):
        assert printed in text


def test_stats_page_has_no_chart_script(stats):
    # charts are drawn at build time: the page loads only the theme's and the portal's scripts
    sources = [s.get("src") for s in stats.iter("script") if s.get("src")]
    assert not [s for s in sources if "chart" in s.lower() or s.startswith("http")]
    assert len(stats.find_class("portal-chart__table")) >= 10
