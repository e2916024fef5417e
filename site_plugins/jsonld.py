"""schema.org JSON-LD for co-op, course, centre and programme pages (search engines, assistants).

Co-ops: schema.org has no co-operative type (there is no https://schema.org/Cooperative),
so a co-op is an `Organization` whose `additionalType` names the concept in an
external vocabulary, as schema.org's documentation of `additionalType` suggests:
the Product Types Ontology term derived from Wikipedia's "Cooperative" article.
The industry is a `DefinedTerm` of KSIC under `knowsAbout`; the district is
`areaServed`. A field the co-op hides is missing here as on the page, decided by
the same `opendata.public_value` as the exports.
"""

from __future__ import annotations

import json
from typing import Any

from .context import BuildContext
from .model import SEOUL, Center, Coop, Course, Program
from .opendata import public_value
from .render import coop_url, term_url

DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
MODE_SCHEMA = {"onsite": "Onsite", "online": "Online", "blended": "Blended"}


# Inside <script> the HTML parser looks for `</script`, and `<!--` switches it into a state
# where `<script` changes what closes the element; U+2028/U+2029 end a line in older
# JavaScript parsers. None of these characters is JSON syntax outside a string, and inside
# one the \u escape means the same character, so replacing them everywhere keeps the data.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON text safe to put between <script> and </script>: the one encoder for every
    JSON-LD block the site prints (no value can end or alter the element)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def script(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element of `data`."""
    return '<script type="application/ld+json">' + script_json(data) + "</script>"


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


# --- co-ops ------------------------------------------------------------------------------

COOPERATIVE = "http://www.productontology.org/id/Cooperative"
KSIC = "한국표준산업분류(KSIC) 대분류"


def coop_data(ctx: BuildContext, coop: Coop) -> dict[str, Any]:
    tax = ctx.site.taxonomies
    url = ctx.absolute(coop_url(coop.id))
    chain = tax.ancestors(coop.district)
    district = tax.get("regions", coop.district)
    sido = next((t for t in chain if t.level == "sido"), None)
    industry = tax.get("industries", coop.industry)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "additionalType": COOPERATIVE,
        "@id": f"{url}#organization",
        "name": coop.name,
        "description": coop.summary,
        "url": url,
        "areaServed": {"@type": "AdministrativeArea", "name": district.label,
                       "url": ctx.absolute(term_url("regions", district.id))},
        "knowsAbout": {"@type": "DefinedTerm", "name": industry.label, "termCode": industry.code or industry.id,
                       "inDefinedTermSet": KSIC},
        "keywords": ", ".join([tax.label("types", coop.legal_type), tax.label("categories", coop.category),
                               *(tax.label("fields", f) for f in coop.fields)]),
    }
    # an illustrative value (example: [founded]) is shown on the page with its badge, but
    # never handed to machines as a fact
    if "founded" not in coop.example_fields:
        data["foundingDate"] = coop.founded.isoformat()
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": district.label, "addressCountry": "KR"}
    if sido:
        address["addressRegion"] = sido.label
    street = public_value(coop, "address", coop.address)
    if street and "address" not in coop.example_fields:
        address["streetAddress"] = street
    data["address"] = address
    point = public_value(coop, "location", coop.location)
    if point:
        data["location"] = {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon}}
    for key, name, value in (("telephone", "contact.phone", coop.contact.phone), ("email", "contact.email", coop.contact.email),
                             ("sameAs", "contact.website", coop.contact.website)):
        if value and public_value(coop, name, value) and name not in coop.example_fields:
            data[key] = value
    return data


def coop_head(ctx: BuildContext, coop: Coop) -> str:
    return script(coop_data(ctx, coop))
