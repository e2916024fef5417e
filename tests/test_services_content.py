"""The seeds' facts on the real data: courses, centres, programmes, as the pages show them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_plugins import jsonld
from site_plugins.context import BuildContext
from site_plugins.generate import generate_all
from site_plugins.load import load_site

REPO = Path(__file__).resolve().parent.parent
PHONES = ["02-322-7068", "02-3498-3721", "070-4488-6035", "02-2181-7919"]


@pytest.fixture(scope="module")
def built():
    site, problems = load_site(REPO)
    assert not problems, problems.report()
    ctx = BuildContext.create(site, site_url="https://portal.example.org/")
    pages = {page.url: page for page in generate_all(ctx).pages}
    return site, pages


def html(pages, url: str) -> str:
    page = pages[url]
    return page.render()


def test_seed_courses_are_present_with_the_plan_figures(built):
    site, _ = built
    by_track: dict[str, list] = {}
    for course in site.courses.values():
        by_track.setdefault(course.track, []).append(course)
    assert set(by_track) >= {"members", "startup", "professional", "citizen", "public-servant", "school"}
    # 기본계획 2-1: 조합원 및 임직원 교육 3시간 1회 30명, 창업교육 20시간 20명, 전문인력 양성 15시간 20명
    assert all(c.hours == 3 and c.capacity == 30 for c in by_track["members"])
    assert all(c.hours == 20 and c.capacity == 20 for c in by_track["startup"])
    assert all(c.hours == 15 and c.capacity == 20 for c in by_track["professional"])
    assert any("초등학교" in c.audience for c in by_track["school"])
    # dates the seeds do not give are marked as examples
    assert all(c.example for c in site.courses.values())


def test_centres_page_has_the_main_number_phones_and_figures(built):
    site, pages = built
    page = html(pages, "centers/")
    assert 'href="tel:15445077"' in page and "1544-5077" in page
    # the four 권역 centres ran '12. 11. 1 ~ '13. 2. 15 (basic plan 2013): history, never a number to call
    for phone in PHONES:
        assert f'href="tel:{phone.replace("-", "")}"' not in page
    assert "지난 상담센터(기록)" in page and "2012년 11월 1일 ~ 2013년 2월 15일" in page
    text = re.sub(r"<[^>]+>", " ", page)
    assert "3,099건" in text and "451건" in text and "2,648건" in text and "70건" in text
    for label, value in (("1월 3주", "366"), ("1월 4주", "332"), ("2월 1주", "437"), ("2월 2주", "353")):
        assert re.search(rf"{label}\s*</th>\s*<td[^>]*>\s*{value}", page), label
    # every one of the 25 districts is in the finder and in the table
    districts = [t for t in site.taxonomies.terms("regions") if t.level == "district"]
    assert len(districts) == 25
    select = page[page.index('<select id="finder-district"'): page.index("</select>")]
    assert select.count("<option value=\"") == 26  # the prompt + 25 districts
    # the finder points to the centre operating today, the 종합지원센터 of plan item 2-4
    assert 'value="mapo" data-center="coop-support-center"' in select
    assert 'data-center="seobuk"' not in select


def test_centre_json_ld_offers_only_the_current_centre_to_call(built):
    _, pages = built
    past = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', pages["centers/seobuk/"].head(), re.S).group(1))
    assert past["@type"] == "GovernmentOffice"
    assert (past["foundingDate"], past["dissolutionDate"]) == ("2012-11-01", "2013-02-15")
    assert not {"telephone", "email", "address", "openingHoursSpecification"} & set(past)
    assert "마포구" in [a["name"] for a in past["areaServed"]]
    current = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', pages["centers/coop-support-center/"].head(), re.S).group(1))
    assert current["telephone"] == "1544-5077" and "dissolutionDate" not in current


def test_seed_programmes(built):
    site, pages = built
    collab = site.programs["alley-economy-small-business-collaboration"]
    assert "3개 이상 자영업자" in collab.eligibility
    assert "90%" in collab.summary and "1억원" in collab.summary
    assert "혁신형" in site.programs["alley-economy-coop-innovation"].title
    titles = " ".join(p.title for p in site.programs.values())
    for words in ("협동기금", "신용보증", "공공구매", "비즈니스 모델", "마을기업"):
        assert words in titles, words
    listing = html(pages, "programs/")
    for program in site.programs.values():
        assert f'href="{program.id}/"' in listing


def test_course_json_ld_has_instances_with_seoul_offsets(built):
    site, pages = built
    course = next(c for c in site.courses.values() if len(c.sessions) > 1)
    head = pages[f"education/{course.id}/"].head()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert data["@type"] == "Course"
    instances = data["hasCourseInstance"]
    assert len(instances) == len(course.sessions)
    assert all(i["startDate"].endswith("+09:00") and i["endDate"].endswith("+09:00") for i in instances)
    assert instances[0]["offers"]["priceCurrency"] == "KRW"
    assert instances[0]["location"]["name"] == course.sessions[0].location


def test_json_ld_cannot_close_its_script():
    out = jsonld.script({"name": "</script><script>alert(1)</script>", "note": "한글 그대로"})
    assert out.count("</script>") == 1 and out.endswith("</script>")
    assert "한글 그대로" in out  # ensure_ascii=False
    assert json.loads(out[len('<script type="application/ld+json">'):-len("</script>")])["name"] == "</script><script>alert(1)</script>"


def test_region_and_field_pages_link_to_services(built):
    site, pages = built
    mapo = html(pages, "regions/mapo/")
    assert 'href="../../centers/coop-support-center/"' in mapo
    # the past 서북권 centre is listed as history, without a number to call
    assert 'href="../../centers/seobuk/"' in mapo and "운영 종료" in mapo and 'href="tel:0234983721"' not in mapo
    mapo_courses = [c for c in site.courses.values() if c.district == "mapo"]
    assert mapo_courses and all(f'href="../../education/{c.id}/"' in mapo for c in mapo_courses)
    care = html(pages, "fields/care/")
    care_programs = [p for p in site.programs.values() if "care" in p.fields]
    assert care_programs and all(f'href="../../programs/{p.id}/"' in care for p in care_programs)
