"""The search query set: what citizens type, and the pages they want, judged by hand.

Used by ``compare.py`` (recall of every engine on the repository's own site) and by
``tests/test_site_search.py`` (the built site's search in Chromium must show every
target among the first 10 results). Targets are site-relative URLs of the
repository's sample data (``data/``, ``content/``): the pages a reader looking for
the query would open, not every page that mentions it. Queries whose answer is
"everything" (``협동조합``) have no targets; their count is what is checked.

Kinds, as issue 13 lists them: ``compound`` (a word inside compound names),
``particle`` (a particle or ending on the query), ``syllable`` (one-syllable
words), ``segment`` (a compound whose parts stand apart in a longer compound),
``spacing`` (written with or without a space), ``latin`` (Latin inside a
mixed-script name, any case), ``alias`` (a co-op's other name or a curated
spelling), ``facet`` (a district, field or industry with another word), ``multi``
(several plain words).
"""

from __future__ import annotations

HOUSING = ["coops/gwanak-youth-housing-coop/", "coops/seongdong-community-housing-coop/"]
CHILDCARE = ["coops/mapo-sunshine-childcare-coop/", "coops/gangseo-childcare-coop/"]
ELDERLY = ["coops/jungnang-elderly-care-coop/", "coops/nowon-elderly-care-coop/"]
HEALTH = ["coops/seongbuk-health-coop/", "coops/songpa-oral-health-coop/"]
ICOOP = ["coops/icoop-seoul/"]
BAKERY = ["coops/gwangjin-neighborhood-bakery-coop/"]
RECYCLING = ["coops/dobong-resource-recycling-coop/"]
CENTERS = ["centers/seobuk/", "centers/dongbuk/", "centers/dongnam/", "centers/seonam/"]

# (query, kind, targets)
QUERIES: list[tuple[str, str, list[str]]] = [
    # a word inside compound names
    ("협동조합", "compound", []),
    ("육아", "compound", [*CHILDCARE, "fields/childcare/"]),
    ("공동육아", "compound", [*CHILDCARE, "fields/childcare/"]),
    ("돌봄", "compound", ["fields/care/", *ELDERLY, "coops/seodaemun-care-social-federation/"]),
    ("주택", "compound", [*HOUSING, "fields/housing/"]),
    ("청년주택", "compound", ["coops/gwanak-youth-housing-coop/"]),
    ("집수리", "compound", ["coops/yangcheon-home-repair-coop/"]),
    ("햇빛발전", "compound", ["coops/gangnam-solar-coop/", "cases/energy-new-business-2016/"]),
    ("대리운전", "compound", ["coops/gangseo-driver-coop/"]),
    ("도시농업", "compound", ["coops/gangdong-urban-farming-coop/"]),
    ("전통시장", "compound", ["coops/dongdaemun-market-merchants-coop/", "fields/small-business/"]),
    ("소상공인", "compound", ["coops/gangnam-small-business-federation/", "fields/small-business/",
                          "programs/alley-economy-small-business-collaboration/"]),  # see TOP10_MISSES
    ("상담센터", "compound", CENTERS),
    ("어르신", "compound", [*ELDERLY, "coops/dongjak-elderly-lunchbox-coop/"]),
    ("인생이모작", "compound", ["coops/dobong-second-life-coop/", "coops/seocho-retired-teachers-coop/"]),
    ("봉제", "compound", ["coops/jung-sindang-sewing-coop/", "cases/fashion-theme-program-2016/"]),
    ("택배", "compound", ["coops/geumcheon-silver-delivery-coop/"]),
    ("출판", "compound", ["coops/mapo-indie-publishing-coop/"]),
    ("카셰어링", "compound", ["coops/songpa-carsharing-coop/"]),
    ("안경", "compound", ["coops/jongno-eyewear-coop/"]),
    ("창업교육", "compound", ["education/startup-2026-4/", "education/startup-2027-1/"]),
    ("사회적협동조합", "compound", ["types/social-coop/"]),
    # particles and endings on the query
    ("협동조합을", "particle", []),
    ("돌봄을", "particle", ["fields/care/", *ELDERLY]),
    ("마포구에서", "particle", ["regions/mapo/", "coops/mapo-sunshine-childcare-coop/"]),
    ("어르신들에게", "particle", ELDERLY),
    ("청년주택협동조합을", "particle", ["coops/gwanak-youth-housing-coop/"]),
    ("공동육아협동조합에서", "particle", CHILDCARE),
    ("주택은", "particle", HOUSING),
    # one syllable: words containing it
    ("빵", "syllable", BAKERY),
    ("집", "syllable", ["coops/yangcheon-home-repair-coop/", *BAKERY, "coops/gwanak-youth-housing-coop/"]),
    ("옷", "syllable", RECYCLING),
    ("책", "syllable", ["coops/mapo-indie-publishing-coop/"]),
    # a compound whose parts stand apart in a longer compound
    ("의료협동조합", "segment", HEALTH),
    ("돌봄연합회", "segment", ["coops/seodaemun-care-social-federation/"]),
    ("장애인협동조합", "segment", ["coops/gangdong-disability-care-coop/"]),
    ("청소협동조합", "segment", ["coops/yangcheon-cleaning-workers-coop/"]),
    ("의료사협", "segment", HEALTH),
    # with or without a space
    ("헌옷", "spacing", RECYCLING),
    ("헌 옷", "spacing", RECYCLING),
    ("동네 빵집", "spacing", BAKERY),
    ("마을 카페", "spacing", ["coops/eunpyeong-village-cafe-coop/"]),
    ("도시 농업", "spacing", ["coops/gangdong-urban-farming-coop/"]),
    ("공동 육아", "spacing", CHILDCARE),
    # Latin inside a mixed-script name, any case
    ("coop", "latin", ICOOP),
    ("COOP", "latin", ICOOP),
    ("icoop", "latin", ICOOP),
    ("iCOOP", "latin", ICOOP),
    ("cooperative", "latin", ICOOP),
    # other names and curated spellings
    ("아이쿱", "alias", ICOOP),
    ("아이쿱생협", "alias", ICOOP),
    ("한살림서울생협", "alias", ["coops/hansalim-seoul/"]),
    ("생협", "alias", ["coops/hansalim-seoul/", *ICOOP, "coops/dongjak-university-coop/"]),
    ("신협", "alias", ["coops/seodaemun-credit-union/", "types/credit-union/"]),
    ("까페", "alias", ["coops/eunpyeong-village-cafe-coop/"]),
    # a district, field or industry with another word
    ("마포 돌봄", "facet", ["coops/mapo-sunshine-childcare-coop/"]),
    ("노원 돌봄", "facet", ["coops/nowon-elderly-care-coop/"]),
    ("마포 육아", "facet", ["coops/mapo-sunshine-childcare-coop/"]),
    ("강서 육아", "facet", ["coops/gangseo-childcare-coop/"]),
    ("은평 카페", "facet", ["coops/eunpyeong-village-cafe-coop/"]),
    ("송파 의료", "facet", ["coops/songpa-oral-health-coop/"]),
    ("성북 의료", "facet", ["coops/seongbuk-health-coop/"]),
    ("서북권 상담센터", "facet", ["centers/seobuk/"]),
    ("도봉 베이비부머", "facet", ["coops/dobong-resource-recycling-coop/", "coops/dobong-second-life-coop/"]),
    ("영등포 생협", "facet", ICOOP),
    ("제조업", "facet", ["industries/manufacturing/", "coops/jung-sindang-sewing-coop/"]),
    ("동북권", "facet", ["regions/dongbuk/", "centers/dongbuk/"]),
    # several plain words
    ("어르신 도시락", "multi", ["coops/dongjak-elderly-lunchbox-coop/", "jobs/dongjak-lunchbox-volunteer-2026/"]),
    ("협동조합 설립 신고", "multi", ["startup/"]),  # see TOP10_MISSES
    ("조합원 모집", "multi", ["jobs/mapo-childcare-families-2026/", "jobs/gangnam-solar-members-2027/"]),
]

# Targets our engine finds but not among the first 10, and why (kept: the judgement
# stands, the ranking rule explains the miss).
TOP10_MISSES = {
    # 소상공인 names the field 전통시장 및 소상공인: its 9 co-ops and its page come first
    # (issue 13: "co-ops of that term first"), the programme with the word in its
    # title comes 11th
    ("소상공인", "programs/alley-economy-small-business-collaboration/"),
    # /startup/ (협동조합 만들기) says 설립 신고 only in its body; ten pages have the
    # words in their titles
    ("협동조합 설립 신고", "startup/"),
}

KINDS = ("compound", "particle", "syllable", "segment", "spacing", "latin", "alias", "facet", "multi")
