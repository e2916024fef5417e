"""schema.org JSON-LD for course, centre and programme pages (search engines, assistants)."""

from __future__ import annotations

import json
from typing import Any

from .model import SEOUL, Center, Course, Program

DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
MODE_SCHEMA = {"onsite": "Onsite", "online": "Online", "blended": "Blended"}


def script(data: dict[str, Any]) -> str:
    """A <script> element; `</` is escaped so no value can close the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return '<script type="application/ld+json">' + text.replace("</", "<\\/") + "</script>"


def _place(name: str) -> dict[str, Any]:
    return {"@type": "Place", "name": name, "address": {"@type": "PostalAddress", "addressLocality": "서울특별시", "addressCountry": "KR"}}


def course(course: Course, *, url: str, provider: str = "") -> dict[str, Any]:
    instances = []
    for session in course.sessions:
        instance: dict[str, Any] = {
            "@type": "CourseInstance",
            "courseMode": MODE_SCHEMA.get(course.mode, course.mode),
            "startDate": session.start.astimezone(SEOUL).isoformat(),
            "endDate": session.end.astimezone(SEOUL).isoformat(),
        }
        if session.location:
            instance["location"] = _place(session.location)
        if course.fee is not None:
            instance["offers"] = {"@type": "Offer", "price": course.fee, "priceCurrency": "KRW", "url": url, "category": "Free" if course.fee == 0 else "Paid"}
        instances.append(instance)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.audience,
        "url": url,
        "inLanguage": "ko",
        "audience": {"@type": "Audience", "audienceType": course.audience},
        "hasCourseInstance": instances,
    }
    if course.provider or provider:
        data["provider"] = {"@type": "Organization", "name": course.provider or provider}
    if course.hours:
        data["timeRequired"] = f"PT{course.hours:g}H"
    return data


def center(center: Center, *, url: str, area_label: str, district_labels: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": center.name,
        "url": url,
        "telephone": center.phone,
        "address": {"@type": "PostalAddress", "streetAddress": center.address, "addressRegion": "서울특별시", "addressCountry": "KR"},
        "parentOrganization": {"@type": "Organization", "name": center.operator},
        "areaServed": [{"@type": "AdministrativeArea", "name": name} for name in [area_label, *district_labels]],
    }
    if center.email:
        data["email"] = center.email
    if center.hours:
        data["openingHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{DAY_NAMES[d]}" for d in hours.days if d in DAY_NAMES],
             "opens": hours.opens, "closes": hours.closes}
            for hours in center.hours
        ]
    return data


def program(program: Program, *, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": program.title,
        "description": program.summary,
        "url": url,
        "provider": {"@type": "GovernmentOrganization", "name": program.organizer},
        "areaServed": {"@type": "AdministrativeArea", "name": "서울특별시"},
    }
    if program.eligibility:
        data["audience"] = {"@type": "Audience", "audienceType": program.eligibility}
    return data
