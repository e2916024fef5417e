"""schema.org JSON-LD as machines read it: parsed from the built pages and held against
schema.org's types and the properties Google's rich results require (Article, Course,
Event, JobPosting), plus what the portal promises (cases are `about` their co-ops)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from site_plugins import jsonld, socialcard
from site_plugins.context import BuildContext
from site_plugins.load import load_site

pytestmark = pytest.mark.slow

SITE_URL = "https://seoul-coop-portal.github.io/"

# Every type the portal writes, each a type of schema.org's vocabulary (https://schema.org/<Type>).
SCHEMA_TYPES = {
    "AdministrativeArea", "Article", "Audience", "Book", "Course", "CourseInstance", "CreativeWork", "DefinedTerm",
    "Event", "GeoCoordinates", "GovernmentOffice", "GovernmentOrganization", "GovernmentService", "JobPosting",
    "LearningResource", "MediaObject", "NewsArticle", "Offer", "OpeningHoursSpecification", "Organization", "Person",
    "Place", "Poster", "PostalAddress", "Product", "PropertyValue", "Report", "Schedule", "Service", "VideoObject",
    "VirtualLocation", "WebPage",
}
# What each type must carry: Google's required properties for its rich results where it has
# them (Article, Course info, Event, Job posting), schema.org's sense elsewhere. A tuple
# inside is "one of these".
REQUIRED: dict[str, tuple] = {
    "Article": ("headline", "datePublished", "author", "publisher", "image", "url"),
    "NewsArticle": ("headline", "datePublished", "author", "publisher", "image", "url"),
    "Course": ("name", "description", "provider", "hasCourseInstance"),
    "CourseInstance": ("courseMode", ("courseSchedule", "courseWorkload"), "startDate"),
    "Schedule": ("duration", "repeatCount", "startDate"),
    "Offer": (("price", "itemOffered"),),
    "VirtualLocation": ("url",),
    "Place": (("name", "address", "geo"),),
    "Event": ("name", "startDate", "location"),
    "JobPosting": ("title", "description", "datePosted", "hiringOrganization", "jobLocation", "validThrough"),
    "Organization": ("name",),
    "Person": ("name",),
    "GovernmentOffice": ("name", "url"),
    "GovernmentService": ("name", "provider"),
}
ISO_DURATION = re.compile(r"P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?")


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        self._open = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._open:
            self.blocks.append("")

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data

    def handle_endtag(self, tag):
        self._open = False


def blocks(page: Path) -> list[dict]:
    parser = _Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return [json.loads(text) for text in parser.blocks]


def nodes(value, path: str = ""):
    """Every typed node of a JSON-LD block, with where it sits."""
    if isinstance(value, dict):
        if "@type" in value:
            yield path, value
        for key, inner in value.items():
            yield from nodes(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from nodes(inner, path)


def missing(node: dict) -> list[str]:
    wanted = REQUIRED.get(node["@type"], ())
    absent = []
    for need in wanted:
        options = need if isinstance(need, tuple) else (need,)
        if not any(node.get(o) not in (None, "", [], {}) for o in options):
            absent.append("/".join(options))
    return absent


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, list[dict]]:
    found = {}
    for path in sorted(site_dir.rglob("index.html")):
        data = blocks(path)
        if data:
            found[path.parent.relative_to(site_dir).as_posix() + "/"] = data
    return found


def page_data(pages: dict[str, list[dict]], url: str) -> dict:
    (data,) = pages[url]
    return data


def test_every_block_uses_schema_org_types_with_their_required_properties(pages):
    assert len(pages) > 50
    wrong = []
    for url, data in pages.items():
        for block in data:
            assert block["@context"] == "https://schema.org", url
            for where, node in nodes(block):
                if node["@type"] not in SCHEMA_TYPES:
                    wrong.append(f"{url}{where}: unknown type {node['@type']}")
                elif missing(node):
                    wrong.append(f"{url}{where}: {node['@type']} without {', '.join(missing(node))}")
    assert wrong == [], "\n".join(wrong[:40])


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


@pytest.mark.parametrize("kind, schema_type", [("cases", "Article"), ("columns", "Article"), ("newsletter", "NewsArticle")])
def test_every_article_page_is_an_article(pages, kind, schema_type):
    sources = sorted((ROOT / "content" / kind).glob("*.md"))
    assert sources
    for source in sources:
        meta = _front_matter(source)
        url = f"{kind}/{source.stem}/"
        data = page_data(pages, url)
        assert data["@type"] == schema_type, url
        assert data["headline"] == meta["title"] and data["url"] == SITE_URL + url
        assert data["datePublished"] == dt.date.fromisoformat(str(meta["date"])).isoformat()
        assert data["publisher"] == {"@type": "Organization", "@id": f"{SITE_URL}#publisher", "name": "서울 협동조합 포털", "url": SITE_URL}
        assert data["author"]["@type"] in ("Person", "Organization") and data["author"]["name"]
        assert data["image"] == [SITE_URL + socialcard.PATH]
        assert data["mainEntityOfPage"]["@id"] == SITE_URL + url
        if kind == "cases" and meta.get("coops"):
            about = {o["@id"] for o in data["about"]}
            for coop_id in meta["coops"]:
                coop = page_data(pages, f"coops/{coop_id}/")
                assert coop["@id"] in about, (url, coop_id)  # the same node as the co-op's own page


def test_an_author_is_a_person_unless_illustrative():
    site, problems = load_site(ROOT)
    assert not problems
    article = next(a for a in site.articles_of("columns") if a.author)
    author = site.authors[article.author]
    ctx = BuildContext.create(site, site_url=SITE_URL)
    if author.example:  # an illustrative person is never handed to machines as a fact
        assert jsonld.article(ctx, article)["author"]["@type"] == "Organization"
    site.authors[author.id] = replace(author, example=False, affiliation="한국협동조합연구소")
    data = jsonld.article(BuildContext.create(site, site_url=SITE_URL), article)
    assert data["author"] == {"@type": "Person", "name": author.name, "url": f"{SITE_URL}authors/{author.id}/",
                              "affiliation": {"@type": "Organization", "name": "한국협동조합연구소"}}


def test_courses_carry_offers_schedules_and_workloads(pages):
    site, _ = load_site(ROOT)
    for course in site.courses.values():
        data = page_data(pages, f"education/{course.id}/")
        assert data["@type"] == "Course"
        if course.fee is not None:
            assert data["offers"]["priceCurrency"] == "KRW" and data["offers"]["price"] == course.fee
            assert data["offers"]["category"] == ("Free" if course.fee == 0 else "Paid")
        instances = data["hasCourseInstance"]
        assert len(instances) == len(course.sessions)
        for session, instance in zip(course.sessions, instances):
            minutes = int((session.end - session.start).total_seconds() // 60)
            assert ISO_DURATION.fullmatch(instance["courseWorkload"]) and instance["courseWorkload"] == jsonld.duration(minutes)
            schedule = instance["courseSchedule"]
            assert schedule["@type"] == "Schedule" and schedule["duration"] == instance["courseWorkload"]
            assert schedule["startDate"] == session.start.date().isoformat()
            locations = instance["location"] if isinstance(instance["location"], list) else [instance["location"]]
            types = sorted(loc["@type"] for loc in locations)
            if course.mode == "onsite":
                assert types == ["Place"] and instance["courseMode"] == "Onsite"
            elif course.mode == "online" or jsonld.is_online_place(session.location):
                assert types == ["VirtualLocation"] and instance["courseMode"] == "Online"
                assert locations[0]["url"].startswith("http")
            else:  # blended: both
                assert types == ["Place", "VirtualLocation"] and instance["courseMode"] == "Blended"
    assert any(c.mode == "blended" for c in site.courses.values())


def test_an_online_course_meets_online():
    site, _ = load_site(ROOT)
    course = replace(next(iter(site.courses.values())), mode="online")
    data = jsonld.course(course, url=SITE_URL + f"education/{course.id}/")
    assert {i["courseMode"] for i in data["hasCourseInstance"]} == {"Online"}
    assert all(i["location"]["@type"] == "VirtualLocation" and i["location"]["url"] for i in data["hasCourseInstance"])


def test_durations_are_iso_8601():
    assert [jsonld.duration(m) for m in (120, 90, 45, 0, 480)] == ["PT2H", "PT1H30M", "PT45M", "PT0M", "PT8H"]
