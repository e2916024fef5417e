"""schema.org JSON-LD for co-op, course, centre, programme, 자료실, posting, event,
case, column and newsletter pages.

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

from . import socialcard
from .context import BuildContext
from .model import SEOUL, Article, Center, Coop, Course, Event, Job, LibraryItem, Program
from .opendata import public_value
from .render import coop_url, term_url

DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
MODE_SCHEMA = {"onsite": "Onsite", "online": "Online", "blended": "Blended"}


# Inside <script> the HTML parser looks for `</script`, and `<!--` switches it into a state
# where `<script` changes what closes the element; U+2028/U+2029 end a line in older
# JavaScript parsers. None of these characters is JSON syntax outside a string, and inside
# one the \u escape means the same character, so replacing them everywhere keeps the data.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: Any) -> str:
    """JSON text safe to put between <script> and </script>: the one encoder for every
    JSON-LD block the site prints (no value can end or alter the element)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # One str.replace per escaped character: str.translate looks each character of the
    # (mostly Hangul) text up in its table one by one, 15 times as slow on a co-op page.
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return text


def script(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element of `data`."""
    return '<script type="application/ld+json">' + script_json(data) + "</script>"


def _place(name: str) -> dict[str, Any]:
    return {"@type": "Place", "name": name, "address": {"@type": "PostalAddress", "addressLocality": "서울특별시", "addressCountry": "KR"}}


def duration(minutes: int) -> str:
    """An ISO 8601 duration: 120 -> "PT2H", 90 -> "PT1H30M"."""
    hours, rest = divmod(max(minutes, 0), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def is_online_place(text: str) -> bool:
    """A session whose place the editors wrote as 온라인 (online), e.g. "온라인(실시간 화상 강의)"."""
    return text.strip().startswith(("온라인", "비대면", "화상"))


def _virtual(name: str, url: str) -> dict[str, Any]:
    return {"@type": "VirtualLocation", "name": name or "온라인", "url": url}


def course_offer(course: Course, url: str) -> dict[str, Any]:
    """The fee as a schema.org Offer in KRW; Google's Course info wants a category too."""
    return {"@type": "Offer", "price": course.fee, "priceCurrency": "KRW", "url": course.registration.url or url,
            "category": "Free" if course.fee == 0 else "Paid"}


def course(course: Course, *, url: str, provider: str = "") -> dict[str, Any]:
    """A Course with one CourseInstance per session (each its own time and place).

    Each instance has its mode, its dates, its workload (`courseWorkload`, the session's
    length) and its `courseSchedule` (one occurrence: dates, Seoul times, duration); the
    course has the fee as `offers` (on every instance too) and its total hours as
    `timeRequired`. Where a session happens follows the course's mode: a `Place` for
    onsite, a `VirtualLocation` (the registration link, else the page) for online, and
    for blended both, except a session the editors placed 온라인, which is an Online
    instance with only the VirtualLocation."""
    join_url = course.registration.url or url
    instances = []
    for session in course.sessions:
        start, end = session.start.astimezone(SEOUL), session.end.astimezone(SEOUL)
        minutes = int((end - start).total_seconds() // 60)
        online_only = course.mode == "online" or (course.mode == "blended" and is_online_place(session.location))
        instance: dict[str, Any] = {
            "@type": "CourseInstance",
            "courseMode": "Online" if online_only else MODE_SCHEMA.get(course.mode, course.mode),
            "startDate": start.isoformat(),
            "endDate": end.isoformat(),
            "courseWorkload": duration(minutes),
            "courseSchedule": {"@type": "Schedule", "startDate": start.date().isoformat(), "endDate": end.date().isoformat(),
                               "startTime": start.strftime("%H:%M:%S"), "endTime": end.strftime("%H:%M:%S"),
                               "duration": duration(minutes), "repeatCount": 1, "scheduleTimezone": "Asia/Seoul"},
        }
        if online_only:
            instance["location"] = _virtual(session.location, join_url)
        elif course.mode == "blended":
            instance["location"] = [_place(session.location or "서울특별시"), _virtual("온라인", join_url)]
        elif session.location:
            instance["location"] = _place(session.location)
        if course.fee is not None:
            instance["offers"] = course_offer(course, url)
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
    if course.fee is not None:
        data["offers"] = course_offer(course, url)
    if course.provider or provider:
        data["provider"] = {"@type": "Organization", "name": course.provider or provider}
    if course.hours:
        data["timeRequired"] = f"PT{course.hours:g}H"
    return data


def center(center: Center, *, url: str, area_label: str, district_labels: list[str], past: bool = False) -> dict[str, Any]:
    """A centre as a GovernmentOffice. A past one (its `period.to` has passed) keeps its
    dates (foundingDate, dissolutionDate) but no telephone, e-mail, address or hours: no
    machine reader should offer it as a place to call today."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": center.name,
        "url": url,
        "parentOrganization": {"@type": "Organization", "name": center.operator},
        "areaServed": [{"@type": "AdministrativeArea", "name": name} for name in [area_label, *district_labels]],
    }
    if center.period.start:
        data["foundingDate"] = center.period.start.isoformat()
    if center.period.end:
        data["dissolutionDate"] = center.period.end.isoformat()
    if past:
        return data
    data["telephone"] = center.phone
    data["address"] = {"@type": "PostalAddress", "streetAddress": center.address, "addressRegion": "서울특별시", "addressCountry": "KR"}
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
    if coop.aliases:
        data["alternateName"] = list(coop.aliases)
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
    if coop.activities:
        data["keywords"] += ", " + ", ".join(tax.label("activities", a) for a in coop.activities)
    if coop.registration_number:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "법인등록번호", "value": coop.registration_number}
    if coop.offers and coop.status == "active":  # a suspended or dissolved co-op offers nothing today
        data["makesOffer"] = offers(coop)
    return data


OFFER_TYPES = {"product": "Product", "service": "Service"}


def offers(coop: Coop) -> list[dict[str, Any]]:
    """`makesOffer`: one schema.org Offer per product or service, the item typed as
    Product or Service with its name and description.

    Nested in the Organization, an Offer needs no `offeredBy`: that property is the
    inverse of `makesOffer` (schema.org/offeredBy), so nesting says it already. Its
    `url` is the offer's own page, when it has one; the co-op's page is the
    Organization's `url` and is not repeated per offer. On a page that must stay
    small this keeps each offer to what search engines read: type, name,
    description and the item's link."""
    items = []
    for offer in coop.offers:
        item: dict[str, Any] = {"@type": OFFER_TYPES.get(offer.kind, "Product"), "name": offer.name}
        if offer.description:
            item["description"] = offer.description
        entry: dict[str, Any] = {"@type": "Offer", "itemOffered": item}
        if offer.url:
            entry["url"] = offer.url
        items.append(entry)
    return items


# 자료실 kinds as schema.org types (all CreativeWork): a casebook or guide is a Book, a
# teaching material a LearningResource (schema.org 10+).
LIBRARY_TYPES = {"report": "Report", "guide": "Book", "casebook": "Book", "leaflet": "CreativeWork", "poster": "Poster",
                 "video": "VideoObject", "teaching-material": "LearningResource", "other": "CreativeWork"}


def library_item(item: LibraryItem, *, url: str, file_url: str = "", field_labels: tuple[str, ...] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": LIBRARY_TYPES.get(item.kind, "CreativeWork"),
        "name": item.title,
        "url": url,
        "inLanguage": "ko",
        "datePublished": str(item.year),
        "publisher": {"@type": "Organization", "name": item.publisher},
    }
    if item.summary:
        data["description"] = item.summary
    if item.licence:
        data["license"] = item.licence
    if field_labels:
        data["keywords"] = ", ".join(field_labels)
    links = [link for link in (file_url, item.url) if link]
    if links:
        data["contentUrl" if item.kind == "video" else "sameAs"] = links[0]
        if file_url:
            data["encoding"] = {"@type": "MediaObject", "contentUrl": file_url}
    return data


def job_posting(job: Job, coop: Coop, *, url: str, coop_page: str, district_label: str) -> dict[str, Any] | None:
    """A job or volunteering posting as a JobPosting (VOLUNTEER for the latter); a call for
    members or founding partners is no employment, so it gets none."""
    if job.kind not in ("job", "volunteer"):
        return None
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": district_label, "addressRegion": "서울특별시", "addressCountry": "KR"}
    street = public_value(coop, "address", coop.address)
    if street and "address" not in coop.example_fields:
        address["streetAddress"] = street
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description or job.summary or job.title,
        "url": url,
        "validThrough": f"{job.closes.isoformat()}T23:59:59+09:00",
        "hiringOrganization": {"@type": "Organization", "name": coop.name, "sameAs": coop_page},
        "jobLocation": {"@type": "Place", "address": address},
    }
    if job.posted:
        data["datePosted"] = job.posted.isoformat()
    if job.kind == "volunteer":
        data["employmentType"] = "VOLUNTEER"
    if job.apply.url:
        data["directApply"] = False
    return data


def _when(value: Any) -> str:
    return value.astimezone(SEOUL).isoformat() if hasattr(value, "hour") else value.isoformat()


def event(event: Event, *, url: str) -> dict[str, Any]:
    """An Event; several sessions become `subEvent`s, and the event spans them all. A
    whole-day session has dates (startDate "2012-07-06"), a timed one Seoul date-times."""
    first, last = event.sessions[0], max(event.sessions, key=lambda s: s.end_at)

    def place(session: Any) -> dict[str, Any]:
        return _place(session.location or event.location or "서울특별시")

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "inLanguage": "ko",
        "startDate": _when(first.start),
        "endDate": _when(last.end),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(first),
    }
    if event.summary:
        data["description"] = event.summary
    if event.organizer:
        data["organizer"] = {"@type": "Organization", "name": event.organizer}
    if len(event.sessions) > 1:
        data["subEvent"] = [{"@type": "Event", "name": f"{event.title} ({n}회차)", "startDate": _when(s.start), "endDate": _when(s.end),
                             "location": place(s)} for n, s in enumerate(event.sessions, 1)]
    return data


def coop_head(ctx: BuildContext, coop: Coop) -> str:
    return script(coop_data(ctx, coop))


# --- cases, columns and newsletter issues ---------------------------------------------------

PORTAL_NAME = "서울 협동조합 포털"
# schema.org types Google's Article rich results read (Article, NewsArticle, BlogPosting):
# a case study and a column are articles, a newsletter issue reports the month's news.
ARTICLE_TYPES = {"cases": "Article", "columns": "Article", "newsletter": "NewsArticle"}
ARTICLE_SECTIONS = {"cases": "협동조합 사례", "columns": "칼럼", "newsletter": "소식지"}


def publisher(ctx: BuildContext) -> dict[str, Any]:
    return {"@type": "Organization", "@id": ctx.absolute("") + "#publisher", "name": PORTAL_NAME, "url": ctx.absolute("")}


def article(ctx: BuildContext, item: Article) -> dict[str, Any]:
    """A case, column or newsletter issue as an Article (NewsArticle for an issue).

    `author` is a Person (name, page, affiliation) when the front matter names an author
    who is not illustrative; otherwise the portal, which publishes it (an illustrative
    person, shown on the site with its 예시 badge, is never handed to machines as a
    fact, as for co-ops). A case is `about` the co-ops it links, by the same `@id` their
    pages give them; fields, region and industry are `keywords`."""
    site = ctx.site
    tax = site.taxonomies
    url = ctx.absolute(item.url)
    person = site.authors.get(item.author) if item.author else None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ARTICLE_TYPES.get(item.kind, "Article"),
        "@id": f"{url}#article",
        "headline": item.title,
        "name": item.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": item.date.isoformat(),
        "inLanguage": "ko",
        "articleSection": ARTICLE_SECTIONS.get(item.kind, item.kind),
        "image": [ctx.absolute(socialcard.PATH)],
        "publisher": publisher(ctx),
    }
    if item.summary:
        data["description"] = item.summary
    if person and not person.example:
        author: dict[str, Any] = {"@type": "Person", "name": person.name, "url": ctx.absolute(f"authors/{person.id}/")}
        if person.affiliation:
            author["affiliation"] = {"@type": "Organization", "name": person.affiliation}
        data["author"] = author
    else:
        data["author"] = publisher(ctx)
    coops = [site.coops[c] for c in item.coops if c in site.coops]
    if coops:
        data["about"] = [{"@type": "Organization", "@id": f"{ctx.absolute(coop_url(c.id))}#organization", "name": c.name,
                          "url": ctx.absolute(coop_url(c.id))} for c in coops]
    keywords = [tax.label("fields", f) for f in item.fields]
    if item.district:
        keywords.append(tax.label("regions", item.district))
    if item.industry:
        keywords.append(tax.label("industries", item.industry))
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return data


def article_head(ctx: BuildContext, item: Article) -> str:
    return script(article(ctx, item))
