"""/startup/: founding a co-op in Seoul, step by step, from the seeds.

The steps and figures come from the 2013 basic plan (서울시 협동조합 활성화 기본계획):
- 그간의 추진경과: 협동조합기본법 발효 '12. 12. 1; (일반)협동조합 설립 신고 지원창구 개설
  및 업무 개시 '12. 12. 3; 4개 권역별 상담센터 '12. 11. 1~ (전화 또는 방문상담).
- 2-1 창업교육: 대상 "협동조합 설립(전환) 계획이 있는 시민", 내용 "아이템 발굴, 사업계획
  수립, 신고 및 등기 절차", 25회(20시간), 1회 20명; 조합원 및 임직원 교육: 대상 "협동조합
  설립 신고 수리 기업", 30회(3시간), 1회 30명.
- 2-4 종합지원센터: 상담(기본적 이해, 설립절차 및 운영방법), 교육, 창업 컨설팅(업종별
  연합회, 전문기관, 회계/세무/법률/행정 전문가 연계, 피어컨설턴트).
- 상담센터 운영현황 특이사항: "설립 신고 이후, 등기, 사업자 등록, 법률/ 회계/ 세무 등의
  전문적 상담 및 교육 수요 증가"; 주요내용: the ideas people brought (IDEAS below).
- 1-2: the portal links "다양한 창업 아이디어, 취업 정보".
What applies today (courses, the centre, programmes, events, postings, materials) is
listed from the records, so the page stays current without editing it.
"""

from __future__ import annotations

from functools import partial

from .centers import MAIN_PHONE, current_centers
from .context import BuildContext
from .education import course_url, track_calendar_path
from .events import dates_text, event_url, is_upcoming
from .jobs import KIND_LABELS as JOB_KINDS
from .jobs import job_url
from .library import item_url
from .output import Outputs, Page
from .programs import program_url, sorted_programs
from .render import render
from .schedule import (
    COURSE_STATE_LABELS,
    PROGRAM_STATE_LABELS,
    course_state,
    program_state,
    split_sessions,
)

SECTION = "startup/"
TITLE = "협동조합 만들기"
DESCRIPTION = "서울에서 협동조합을 세우는 순서: 알아보기, 상담, 창업교육, 함께할 사람, 설립 신고, 설립 뒤의 교육·컨설팅·지원사업."
STARTUP_TRACK = "startup"  # 창업교육 (data/taxonomy/tracks.yaml)
MEMBERS_TRACK = "members"  # 조합원·임직원 교육
# 상담센터 운영현황 ('13. 2. 8. 현재) 주요내용: what people came to ask about, with the
# directory co-op that works in that line (examples), where there is one.
IDEAS = (
    ("사과판매", "seocho-apple-direct-coop"),
    ("택배업무", "geumcheon-silver-delivery-coop"),
    ("해외선교", ""),
    ("렌터카", "songpa-carsharing-coop"),
    ("안경점", "jongno-eyewear-coop"),
    ("영상제작", "seongdong-video-coop"),
    ("미술 전시기획", "yongsan-art-exhibition-coop"),
    ("은퇴자", "dobong-second-life-coop"),
    ("인테리어", "yangcheon-home-repair-coop"),
    ("대안교육", "gangbuk-alternative-school-coop"),
    ("대학교 매점", "dongjak-university-coop"),
    ("청소년 발달센터", "guro-youth-development-coop"),
    ("어린이 영어교육", "gwangjin-kids-english-coop"),
)
LIBRARY_KINDS = ("guide", "casebook")  # materials a founder reads first


def generate(ctx: BuildContext) -> Outputs:
    return Outputs(pages=[Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_page, ctx))])


def render_page(ctx: BuildContext) -> str:
    site = ctx.site
    now = site.build_date
    today = now.date()
    courses = list(site.courses.values())
    upcoming, _ = split_sessions([c for c in courses if c.track == STARTUP_TRACK], now)
    startup_courses = sorted({row.course.id: row.course for row in upcoming}.values(), key=lambda c: (c.sessions[0].start, c.id))
    member_rows, _ = split_sessions([c for c in courses if c.track == MEMBERS_TRACK], now)
    member_courses = sorted({row.course.id: row.course for row in member_rows}.values(), key=lambda c: (c.sessions[0].start, c.id))
    programs = [p for p, _ in sorted_programs(list(site.programs.values()), today)]
    events = sorted((e for e in site.events.values() if is_upcoming(e, now)), key=lambda e: (e.sessions[0].start_at, e.id))
    founding = sorted((j for j in site.jobs.values() if j.kind in ("founding-partner", "member") and j.is_open(today)), key=lambda j: (j.closes, j.id))
    materials = sorted((i for i in site.library.values() if i.kind in LIBRARY_KINDS), key=lambda i: (-i.year, i.title))
    ideas = [(idea, site.coops.get(coop_id)) for idea, coop_id in IDEAS]
    return render(
        "startup.html",
        SECTION,
        site,
        centers=current_centers(ctx),
        main_phone=MAIN_PHONE,
        startup_courses=startup_courses,
        member_courses=member_courses,
        course_states={c.id: course_state(c, now) for c in startup_courses + member_courses},
        course_labels=COURSE_STATE_LABELS,
        programs=programs,
        program_states={p.id: program_state(p, today) for p in programs},
        program_labels=PROGRAM_STATE_LABELS,
        events=events,
        founding=founding,
        job_kinds=JOB_KINDS,
        materials=materials,
        ideas=ideas,
        course_url=course_url,
        program_url=program_url,
        event_url=event_url,
        dates_text=dates_text,
        job_url=job_url,
        item_url=item_url,
        startup_calendar=track_calendar_path(STARTUP_TRACK),
    )
