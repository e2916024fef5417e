"""Korean names of the fixed `kind` values of the second-round records (schemas' enums).

One dependency-free place, so that pages, exports and JSON-LD name a kind the same way.
"""

OFFER_KIND_LABELS = {"product": "상품", "service": "서비스"}
LIBRARY_KIND_LABELS = {
    "report": "보고서·계획서",
    "guide": "안내서",
    "casebook": "사례집",
    "leaflet": "리플릿",
    "poster": "포스터",
    "video": "영상",
    "teaching-material": "교재",
    "other": "기타",
}
JOB_KIND_LABELS = {"job": "채용", "volunteer": "자원활동", "member": "조합원 모집", "founding-partner": "설립 동참자 모집"}
EVENT_KIND_LABELS = {"fair": "박람회", "forum": "포럼·토론회", "briefing": "설명회", "networking": "교류회", "showcase": "사례발표회",
                     "festival": "한마당", "other": "행사"}
