"""Figures published in the two source documents, exactly as printed there.

These are historical report figures, not records editors maintain, so they live
beside the code that charts them, each with the table it comes from. The tests
check that every breakdown adds up to the total the documents print.
"""

from __future__ import annotations

# 서울특별시 「협동조합 활성화 기본계획」(2013. 2.), VI. 소요예산: 사업별 세부예산 (단위: 백만원)
PLAN_SOURCE = "서울특별시 협동조합 활성화 기본계획(2013. 2.)"
PLAN_BUDGET_TOTAL = 8_615
PLAN_BUDGET: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("협동의 가치를 확산하는 홍보체계 마련", (
        ("시민 인식개선을 위한 전략적 홍보체계 마련", 50),
        ("협동조합종합정보 온라인매체 운영", 100),
        ("사회적경제 국제박람회 개최", 400),
    )),
    ("상담·교육·컨설팅으로 체계적인 종합지원", (
        ("대상·목적별 맞춤형 교육 프로그램 운영", 130),
        ("협동조합 시민 및 공무원 교육", 20),
        ("협동조합 학교교육 추진", 25),
        ("협동조합 종합지원센터 운영", 1_000),
    )),
    ("협동조합 성장기반 생태계 조성", (
        ("협동조합 활성화 조례제정", 0),
        ("협동조합 자본조달 기반 구축(사회투자기금 활용)", 0),
        ("협동조합연합회 기능 강화 지원", 90),
        ("공공조달시장 참여 활성화 및 서비스 위탁", 0),
        ("불이익 방지를 위한 제도개선 과제 발굴·개선", 0),
        ("협동조합 활성화 추진 TF 구성·운영", 0),
    )),
    ("전략분야 협동조합 활성화 추진", (
        ("전략분야 비즈니스 모델 개발", 1_000),
        ("전략분야 협동조합형 마을기업 지원(임대료 45억, 사업비 13억)", 5_800),
    )),
)

# The centres' consultation counts (누계 3,099: 방문 451, 전화 2,648; weekly 366 → 332 → 437 → 353)
# live with the centres, in centers.FIGURES; /stats/ charts them from there.

# 「골목경제 협동조합을 위한 공동 협업사업 지원」(사업번호 15-1-3), 단위: 백만원, 시비.
# 원문의 표는 줄이 풀려 있어 합계로 열을 맞췄습니다: 계 = 자영업 협업화 + 혁신형.
COLLAB_SOURCE = "서울시 「골목경제 협동조합을 위한 공동 협업사업 지원」(15-1-3)"
COLLAB_BUDGET_TOTAL = 2_356
COLLAB_SPENT_TOTAL = 1_111
COLLAB_UNITS = ("자영업 협업화", "혁신형")
# 연차별 투자수요(계획): '14년 -, '15년, '16년, '17년, '18.6월
COLLAB_PLAN = (
    ("2015년", (340, 100)),
    ("2016년", (416, 300)),
    ("2017년", (500, 100)),
    ("2018년 6월", (500, 100)),
)
# 연도별 집행액
COLLAB_SPENT = (
    ("2015년", (333, 88)),
    ("2016년", (400, 290)),
)
