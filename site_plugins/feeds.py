"""Feeds (feedgen): the newsletter as RSS 2.0 and Atom, the site-wide case and column feeds,
and what is new per region, industry, field and author.

Rules every feed follows, so that readers neither miss nor repeat items:

* ids are `tag:` URIs of the portal's fixed tag authority (`ctx.ids`, the plugin's
  `tag_authority` in mkdocs.yml; see publishing.py) and the item's kind and id: never
  the host the site is deployed to, so moving the site to another domain does not
  make readers show every item again, and never a title or date, so an edited item
  is the same item.
* every date is the item's own date at midnight in Asia/Seoul (+0900); the channel
  date (`lastBuildDate`, Atom `updated`) is the newest item's, never the clock, so
  two builds of the same content are byte-identical.
* a "새 협동조합" item is dated by the co-op's `listed` date, the day the entry was
  added to the portal, not by its founding: a co-op founded in 2019 and listed today is
  news today. A co-op without `listed` (on the portal before the field existed) falls
  back to its `founded` date, the one date every co-op has that never moves and never
  later than the day it was really listed, so it stays among the old entries and is never
  announced again (`listed_on`).
* an entry carries its author when the item has one (Atom `<author>`, RSS
  `<dc:creator>`: RSS's own `<author>` must be an e-mail address), and one category,
  the kind's Korean name, as the same term in RSS and Atom ("소식지", "사례", ...).
* newest first, at most FEED_LIMIT items: at 30,000 co-ops a region's feed must not
  carry thousands of entries. Newest-N per term is found in one pass over the co-ops
  sorted once by date.

Feeds need absolute links: a build without `site_url` stops (publishing.py); the
generators here still leave the feeds out when a context has none (unit tests).

Every value reaches feedgen through `feed_text` (plain text) or `feed_html` (HTML
the build rendered), the one place that encodes for feed readers: characters XML
1.0 cannot hold are dropped (lxml would raise on a NUL or an ESC), and plain text
bound for a field that readers take as HTML (every RSS 2.0 text element: feedparser
and most readers treat title and description as HTML) is HTML-escaped first, so
`<img src=x onerror=...>` in a summary is shown as those characters. Atom text
constructs without a type are text by RFC 4287 and carry the text as it is;
feedgen then XML-escapes whatever it writes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import Iterable

from feedgen.feed import FeedGenerator

from .context import TERM_HEADS, TERM_SECTIONS, BuildContext
from .model import SEOUL, Article, Coop, Term
from .newsletter import article_body_html, issue_body_html
from .output import OutputFile, Outputs, Page, relative_url
from .relations import STATUS_LABELS, coop_terms, region_chain
from .particles import josa
from .render import render, term_url
from .sitemap import sitemap_xml
from .stories import author_feed_path, author_url, story_feed_path, story_feed_title

FEED_LIMIT = 50
TERM_FEED_KINDS = ("regions", "industries", "fields")
SITE_NAME = "서울 협동조합 포털"
STORY_FEED_KINDS = ("cases", "columns")


def beside_sitemap(ctx: BuildContext, page: str) -> bytes:
    """The sitemap.xml next to a feed a page links as `<link rel="alternate">`.

    Material fetches `sitemap.xml` beside every alternate link (to map language
    versions); for a feed at regions/mapo/feed.xml that would be a 404 in every
    visitor's console. This one answers it with the page that links the feed: a valid
    sitemap (the sitemaps.org schema wants at least one <url>) that maps no alternates."""
    return sitemap_xml(ctx.site_url, [page])
KIND_LABELS = {"cases": "사례", "columns": "칼럼", "newsletter": "소식지", "coops": "새 협동조합", "jobs": "채용·모집"}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # "coops", "cases", "columns", "newsletter"
    key: str  # co-op id or article slug
    title: str
    date: dt.date
    path: str  # site-relative page URL
    summary: str
    content: str = ""  # HTML with absolute links, if the feed carries the full text
    author: str = ""  # the author's name, when the item has one
    author_path: str = ""  # site-relative URL of the author's page

    @property
    def sort_key(self) -> tuple[dt.date, str, str]:
        return (self.date, self.kind, self.key)


def seoul_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=SEOUL)


def tag_id(ctx: BuildContext, *parts: str) -> str:
    """A feed or entry id: `tag:<the configured authority>:<parts>`, whatever the host."""
    return ctx.ids.tag(*parts)


def listed_on(coop: Coop) -> dt.date:
    """The day a co-op counts as new in the feeds: its `listed` date, the day the entry was
    added to the portal (the contract's second round; `new coop` fills it in).

    A co-op without one was on the portal before the field existed. It falls back to its
    `founded` date: the one date every co-op has that never moves (a `verified` date
    changes with every check and would resurface old entries), and never later than the
    day the entry was really added, so such a co-op sorts among the old entries and is
    never announced as new again. Dating new entries by `founded` instead would put a
    co-op founded in 2019 and listed today in 2019, where no reader shows it.
    """
    return coop.listed or coop.founded


def article_item(ctx: BuildContext, article: Article, *, content: bool = False) -> Item:
    author = ctx.site.authors.get(article.author) if article.author else None
    return Item(article.kind, article.slug, article.title, article.date, article.url, article.summary,
                article_body_html(ctx, article) if content else "",
                author=author.name if author else "", author_path=author_url(author.id) if author else "")


def coop_item(ctx: BuildContext, coop: Coop) -> Item:
    site = ctx.site
    parts = [coop.summary, f"{site.taxonomies.label('regions', coop.district)} · {site.taxonomies.label('industries', coop.industry)}"]
    if coop.status != "active":
        parts.append(STATUS_LABELS.get(coop.status, coop.status))
    return Item("coops", coop.id, f"새 협동조합: {coop.name}", listed_on(coop), f"coops/{coop.id}/", " · ".join(p for p in parts if p))


def newest(items: Iterable[Item], limit: int = FEED_LIMIT) -> list[Item]:
    return sorted(items, key=lambda item: item.sort_key, reverse=True)[:limit]


# Characters XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): C0 controls but
# tab, LF and CR, lone surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(value: str) -> str:
    """`value` without the characters an XML 1.0 document cannot contain (ids, links,
    names: values no reader takes as HTML)."""
    return _NOT_XML.sub("", value)


def feed_text(value: str, *, atom: bool) -> str:
    """Plain text for a feed's title, subtitle, summary or description: the one encoder.

    RSS 2.0 readers take these elements as HTML, so the text is HTML-escaped; an Atom
    text construct (no `type`) is text, so it goes as it is. feedgen XML-escapes both.
    """
    cleaned = xml_chars(value)
    return cleaned if atom else html.escape(cleaned, quote=False)


def feed_html(value: str) -> str:
    """HTML the build rendered (an entry's body): stays HTML, minus what XML cannot hold."""
    return xml_chars(value)


def build_feed(ctx: BuildContext, *, feed_id: str, title: str, description: str, page: str, path: str, items: list[Item], atom: bool = False) -> bytes:
    """Every feed of the site; each entry's id is `tag_id(ctx, item.kind, item.key)`."""
    text = partial(feed_text, atom=atom)
    fg = FeedGenerator()
    if not atom and any(item.author for item in items):
        fg.load_extension("dc", atom=False, rss=True)  # <dc:creator>: RSS's <author> wants an e-mail
    fg.id(xml_chars(feed_id))
    fg.title(text(title))
    fg.subtitle(text(description))
    fg.language("ko")
    fg.author(name=xml_chars(SITE_NAME), uri=xml_chars(ctx.absolute("")))
    # feedgen's RSS <link> is the last link() call: the self link must come first.
    fg.link(href=xml_chars(ctx.absolute(path)), rel="self", type="application/atom+xml" if atom else "application/rss+xml")
    fg.link(href=xml_chars(ctx.absolute(page)), rel="alternate", type="text/html")
    fg.generator(xml_chars(SITE_NAME))
    fg.docs("https://www.rssboard.org/rss-specification")
    # Without this feedgen stamps the clock; the newest item makes the output reproducible.
    fg.lastBuildDate(seoul_midnight(items[0].date) if items else dt.datetime(2026, 1, 1, tzinfo=SEOUL))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(xml_chars(tag_id(ctx, item.kind, item.key)))
        entry.title(text(item.title))
        entry.link(href=xml_chars(ctx.absolute(item.path)), rel="alternate", type="text/html")
        when = seoul_midnight(item.date)
        entry.published(when)
        entry.updated(when)
        # one category, the same term in RSS and Atom: the kind's Korean name
        entry.category(term=xml_chars(KIND_LABELS.get(item.kind, item.kind)))
        if item.author and atom:
            entry.author(name=xml_chars(item.author), uri=xml_chars(ctx.absolute(item.author_path)) if item.author_path else None)
        elif item.author:
            entry.dc.dc_creator(xml_chars(item.author))
        if item.summary and atom:
            entry.summary(text(item.summary))
        elif item.summary:
            entry.description(text(item.summary))
        if item.content:
            entry.content(feed_html(item.content), type="html")
    return fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)


# --- what is new per term and per author ------------------------------------------------


class NewestByTerm:
    """The newest co-ops and articles of every region, industry and field, found in one pass."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    @cached_property
    def coops(self) -> dict[str, dict[str, list[Coop]]]:
        site = self.ctx.site
        ordered = sorted(site.coops.values(), key=lambda c: (listed_on(c), c.id), reverse=True)
        buckets: dict[str, dict[str, list[Coop]]] = {kind: defaultdict(list) for kind in TERM_FEED_KINDS}
        chains: dict[str, list[str]] = {}
        for coop in ordered:
            for kind in TERM_FEED_KINDS:
                for term in coop_terms(coop, kind):
                    if kind == "regions":
                        if term not in chains:
                            chains[term] = region_chain(site, term)
                        terms: list[str] | tuple[str, ...] = chains[term]
                    else:
                        terms = (term,)
                    for term_id in terms:
                        bucket = buckets[kind][term_id]
                        if len(bucket) < FEED_LIMIT:
                            bucket.append(coop)
        return {kind: dict(items) for kind, items in buckets.items()}

    def items(self, kind: str, term_id: str) -> list[Item]:
        coops = [coop_item(self.ctx, coop) for coop in self.coops.get(kind, {}).get(term_id, [])]
        articles = [article_item(self.ctx, a) for a in self.ctx.relations.articles_by_term.get(kind, {}).get(term_id, [])]
        return newest(coops + articles)


def has_term_feed(ctx: BuildContext, kind: str, term_id: str) -> bool:
    return bool(
        ctx.site_url
        and kind in TERM_FEED_KINDS
        and (ctx.relations.coops_by_term.get(kind, {}).get(term_id) or ctx.relations.articles_by_term.get(kind, {}).get(term_id))
    )


def term_feed_path(kind: str, term_id: str) -> str:
    return f"{term_url(kind, term_id)}feed.xml"


def term_feed_title(term: Term) -> str:
    return f"{SITE_NAME} · {term.label} 새 소식"


def term_head(ctx: BuildContext, kind: str, term: Term, page_url: str) -> str:
    if not has_term_feed(ctx, kind, term.id):
        return ""
    title = html.escape(f"{term_feed_title(term)} (RSS)", quote=True)
    href = html.escape(relative_url(page_url, term_feed_path(kind, term.id)), quote=True)
    return f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{href}">'


def term_feed_section(ctx: BuildContext, kind: str, term: Term, page_url: str) -> str:
    if not has_term_feed(ctx, kind, term.id):
        return ""
    href = html.escape(relative_url(page_url, term_feed_path(kind, term.id)), quote=True)
    subscribe = html.escape(relative_url(page_url, "subscribe/"), quote=True)
    return (
        f'<p class="portal-feed-link"><a href="{href}">{html.escape(term.label)}의 새 협동조합과 사례를 RSS로 받아 보기</a>'
        f' · <a href="{subscribe}">구독 방법</a></p>'
    )


TERM_HEADS.append(term_head)
TERM_SECTIONS.append(term_feed_section)


def term_feed(ctx: BuildContext, kind: str, term: Term, items: list[Item]) -> bytes:
    return build_feed(
        ctx,
        feed_id=tag_id(ctx, "feeds", kind, term.id),
        title=term_feed_title(term),
        description=f"{term.label}에 새로 실린 협동조합(포털 등록일 기준)과 새 사례·칼럼",
        page=term_url(kind, term.id),
        path=term_feed_path(kind, term.id),
        items=items,
    )


def author_feed(ctx: BuildContext, author_id: str) -> bytes:
    author = ctx.site.authors[author_id]
    return build_feed(
        ctx,
        feed_id=tag_id(ctx, "feeds", "authors", author_id),
        title=f"{SITE_NAME} · {author.name}의 글",
        description=f"{josa(author.name, '이/가')} 쓴 칼럼과 사례",
        page=author_url(author_id),
        path=author_feed_path(ctx, author_id),
        items=newest(article_item(ctx, a) for a in ctx.relations.articles_by_author.get(author_id, [])),
    )


# --- the site-wide case and column feeds (/cases/feed.xml, /columns/feed.xml) ---------------

STORY_FEED_DESCRIPTIONS = {
    "cases": "서울과 해외 협동조합의 새 사례: 관련 협동조합, 분야와 본문",
    "columns": "협동조합 현장과 연구에서 일하는 필자들의 새 칼럼",
}




def story_feed(ctx: BuildContext, kind: str) -> bytes:
    """Every case (or column), newest first, with its author and full text (links absolute)."""
    return build_feed(
        ctx,
        feed_id=tag_id(ctx, "feeds", kind),
        title=story_feed_title(kind),
        description=STORY_FEED_DESCRIPTIONS[kind],
        page=f"{kind}/",
        path=story_feed_path(ctx, kind),
        items=[article_item(ctx, a, content=True) for a in ctx.site.articles_of(kind)[:FEED_LIMIT]],
    )


# --- the newsletter -----------------------------------------------------------------------


def newsletter_items(ctx: BuildContext) -> list[Item]:
    return [
        replace(article_item(ctx, issue), content=issue_body_html(ctx, issue))
        for issue in ctx.site.articles_of("newsletter")[:FEED_LIMIT]
    ]


def newsletter_feed(ctx: BuildContext, atom: bool) -> bytes:
    return build_feed(
        ctx,
        feed_id=tag_id(ctx, "feeds", "newsletter"),
        title=f"{SITE_NAME} 소식지",
        description="서울 협동조합 포털이 달마다 펴내는 소식지: 교육 일정, 지원사업, 새 사례와 칼럼",
        page="newsletter/",
        path="atom.xml" if atom else "feed.xml",
        items=newsletter_items(ctx),
        atom=atom,
    )


SUBSCRIBE_DESCRIPTION = "소식지와 새 사례·칼럼을 RSS와 이메일로, 교육 일정을 내 달력으로 받아 보는 방법"
FEED_GROUPS = {"regions": "지역별", "industries": "업종별", "fields": "전략분야별"}


def _render_subscribe(ctx: BuildContext) -> str:
    site = ctx.site
    groups = [
        {"title": title, "feeds": [(term.label, term_feed_path(kind, term.id)) for term in site.taxonomies.terms(kind) if has_term_feed(ctx, kind, term.id)]}
        for kind, title in FEED_GROUPS.items()
    ]
    authors = sorted(site.authors.values(), key=lambda a: (a.name, a.id))
    groups.append({"title": "필자별", "feeds": [(a.name, author_feed_path(ctx, a.id)) for a in authors if author_feed_path(ctx, a.id)]})
    host_path = ctx.site_url.split("://", 1)[1] if "://" in ctx.site_url else ""
    return render(
        "subscribe.html",
        "subscribe/",
        site,
        feeds=bool(ctx.site_url),
        groups=groups,
        story_feeds=[(f"새 {label}", path) for kind, label in (("cases", "사례"), ("columns", "칼럼")) if (path := story_feed_path(ctx, kind))],
        limit=FEED_LIMIT,
        absolute=ctx.absolute,
        webcal=f"webcal://{host_path}education/calendar.ics" if host_path else "",
    )


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    out.pages.append(Page(url="subscribe/", title="구독하기", description=SUBSCRIBE_DESCRIPTION, nav=True, render=partial(_render_subscribe, ctx)))
    if not ctx.site_url:
        return out
    out.files.append(OutputFile("feed.xml", partial(newsletter_feed, ctx, False)))
    out.files.append(OutputFile("atom.xml", partial(newsletter_feed, ctx, True)))
    index = NewestByTerm(ctx)
    for kind in TERM_FEED_KINDS:
        for term in ctx.site.taxonomies.terms(kind):
            if has_term_feed(ctx, kind, term.id):
                items = index.items(kind, term.id)
                out.files.append(OutputFile(term_feed_path(kind, term.id), partial(term_feed, ctx, kind, term, items), key=(term, tuple(items))))
                out.files.append(OutputFile(f"{term_url(kind, term.id)}sitemap.xml", partial(beside_sitemap, ctx, term_url(kind, term.id))))
    for author_id in ctx.site.authors:
        path = author_feed_path(ctx, author_id)
        if path:
            out.files.append(OutputFile(path, partial(author_feed, ctx, author_id)))
            out.files.append(OutputFile(f"{author_url(author_id)}sitemap.xml", partial(beside_sitemap, ctx, author_url(author_id))))
    for kind in STORY_FEED_KINDS:
        if story_feed_path(ctx, kind):
            out.files.append(OutputFile(story_feed_path(ctx, kind), partial(story_feed, ctx, kind)))
            out.files.append(OutputFile(f"{kind}/sitemap.xml", partial(beside_sitemap, ctx, f"{kind}/")))
    return out
