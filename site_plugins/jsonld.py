"""schema.org JSON-LD for a co-op's page, built from the same public view as the exports.

schema.org has no co-operative type (there is no https://schema.org/Cooperative),
so a co-op is an `Organization` whose `additionalType` names the concept in an
external vocabulary, as schema.org's documentation of `additionalType` suggests:
the Product Types Ontology term derived from Wikipedia's "Cooperative" article.
The industry is a `DefinedTerm` of KSIC under `knowsAbout`; the district is
`areaServed`. A field the co-op hides is missing here as on the page.
"""

from __future__ import annotations

import json
from typing import Any

from .context import BuildContext
from .model import Coop
from .opendata import public_value
from .render import coop_url, term_url

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
        "foundingDate": coop.founded.isoformat(),
        "areaServed": {"@type": "AdministrativeArea", "name": district.label,
                       "url": ctx.absolute(term_url("regions", district.id))},
        "knowsAbout": {"@type": "DefinedTerm", "name": industry.label, "termCode": industry.code or industry.id,
                       "inDefinedTermSet": KSIC},
        "keywords": ", ".join([tax.label("types", coop.legal_type), tax.label("categories", coop.category),
                               *(tax.label("fields", f) for f in coop.fields)]),
    }
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": district.label, "addressCountry": "KR"}
    if sido:
        address["addressRegion"] = sido.label
    street = public_value(coop, "address", coop.address)
    if street:
        address["streetAddress"] = street
    data["address"] = address
    point = public_value(coop, "location", coop.location)
    if point:
        data["location"] = {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon}}
    for key, name, value in (("telephone", "contact.phone", coop.contact.phone), ("email", "contact.email", coop.contact.email),
                             ("sameAs", "contact.website", coop.contact.website)):
        if value and public_value(coop, name, value):
            data[key] = value
    return data


def script(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> whose text cannot close the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def coop_head(ctx: BuildContext, coop: Coop) -> str:
    return script(coop_data(ctx, coop))
