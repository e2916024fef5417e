"""Stories: case studies, columns and their authors.

Cases and columns are editor Markdown pages rendered by MkDocs; this module adds
around each one what the front matter links it to (co-ops, facets, author), and
generates the section front pages and one page per author.
"""

from __future__ import annotations

import html
from functools import partial

from . import jsonld
from .context import BuildContext
from .model import Article, Author
from .output import Decoration, Outputs, Page, relative_url
from .render import render, trusted

SECTIONS = {
    "cases": ("협동조합 사례", "서울과 해외의 협동조합이 어떻게 일하는지, 사례로 살펴봅니다. 사례마다 관련 협동조합과 분야로 이어집니다."),
    "columns": ("칼럼", "협동조합 현장과 연구에서 일하는 필자들이 쓰는 글입니다."),
}
AUTHORS_TITLE = "필자"
AUTHORS_LEAD = "사례와 칼럼을 쓰는 전문가 인력풀입니다. 필자마다 소개, 전문 분야와 쓴 글을 볼 수 있습니다."


def author_url(author_id: str) -> str:
    return f"authors/{author_id}/"


def src_uri(article: Article) -> str:
    return f"{article.kind}/{article.slug}.md"


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    for kind, (title, lead) in SECTIONS.items():
        url = f"{kind}/"
        out.pages.append(Page(url=url, title=title, description=lead, nav=True, render=partial(_render_index, ctx, kind, url),
                              head=partial(story_feed_head, ctx, kind)))
    out.pages.append(Page(url="authors/", title=AUTHORS_TITLE, description=AUTHORS_LEAD, nav=True, render=partial(_render_authors, ctx)))
    for author in ctx.site.authors.values():
        url = author_url(author.id)
        out.pages.append(
            Page(
                url=url,
                title=author.name,
                description=f"{author.name}" + (f" ({author.affiliation})" if author.affiliation else "") + "의 소개와 쓴 글",
                render=partial(_render_author, ctx, author),
                head=partial(author_feed_head, ctx, author, url),
                source=author.source_file.path,
            )
        )
    for kind in SECTIONS:
        for article in ctx.site.articles_of(kind):
            out.decorations.append(
                Decoration(
                    src_uri=src_uri(article),
                    before=partial(_render_box, ctx, article),
                    after=partial(_render_after, ctx, article),
                    head=partial(jsonld.article_head, ctx, article),
                )
            )
    return out


def author_feed_path(ctx: BuildContext, author_id: str) -> str:
    """Where an author's feed is, or "" when there is none (no writing yet, or no site_url for absolute links)."""
    return f"{author_url(author_id)}feed.xml" if ctx.site_url and ctx.relations.articles_by_author.get(author_id) else ""


def story_feed_path(ctx: BuildContext, kind: str) -> str:
    """Where the site-wide feed of a section is (/cases/feed.xml, /columns/feed.xml, made by
    feeds.py), or "" when there is none (nothing written yet, or no site_url)."""
    return f"{kind}/feed.xml" if ctx.site_url and ctx.site.articles_of(kind) else ""


def story_feed_title(kind: str) -> str:
    return f"서울 협동조합 포털 · {SECTIONS[kind][0]}"


def story_feed_head(ctx: BuildContext, kind: str) -> str:
    path = story_feed_path(ctx, kind)
    if not path:
        return ""
    title = html.escape(f"{story_feed_title(kind)} (RSS)", quote=True)
    return f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{relative_url(f"{kind}/", path)}">'


def author_feed_head(ctx: BuildContext, author: Author, page_url: str) -> str:
    path = author_feed_path(ctx, author.id)
    if not path:
        return ""
    title = html.escape(f"{author.name}의 새 글 (RSS)", quote=True)
    return f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{relative_url(page_url, path)}">'


def _render_index(ctx: BuildContext, kind: str, url: str) -> str:
    title, lead = SECTIONS[kind]
    articles = ctx.site.articles_of(kind)
    return render(
        "stories_index.html",
        url,
        ctx.site,
        title=title,
        lead=lead,
        kind=kind,
        articles=articles,
        coops=ctx.site.coops,
        authors=ctx.site.authors,
        author_url=author_url,
        feed=relative_url(url, path) if (path := story_feed_path(ctx, kind)) else "",
    )


def _render_authors(ctx: BuildContext) -> str:
    counts = {author_id: len(items) for author_id, items in ctx.relations.articles_by_author.items()}
    authors = sorted(ctx.site.authors.values(), key=lambda a: (a.name, a.id))
    return render(
        "authors.html", "authors/", ctx.site, title=AUTHORS_TITLE, lead=AUTHORS_LEAD, authors=authors, counts=counts, author_url=author_url
    )


def _render_author(ctx: BuildContext, author: Author) -> str:
    url = author_url(author.id)
    written = ctx.relations.articles_by_author.get(author.id, [])
    return render(
        "author.html",
        url,
        ctx.site,
        author=author,
        bio=trusted(ctx.markdown_html(author.bio)),
        columns=[a for a in written if a.kind == "columns"],
        cases=[a for a in written if a.kind == "cases"],
        others=[a for a in written if a.kind not in ("columns", "cases")],
        feed=relative_url(url, path) if (path := author_feed_path(ctx, author.id)) else "",
        edit_url=ctx.edit_url(author.source_file.path),
    )


def _render_box(ctx: BuildContext, article: Article) -> str:
    site = ctx.site
    return render(
        "article_box.html",
        article.url,
        site,
        article=article,
        coops=[site.coops[c] for c in article.coops if c in site.coops],
        author=site.authors.get(article.author),
        author_url=author_url,
        regions=site.taxonomies.ancestors(article.district) if article.district else [],
    )


def _render_after(ctx: BuildContext, article: Article) -> str:
    site = ctx.site
    author = site.authors.get(article.author)
    return render(
        "article_after.html",
        article.url,
        site,
        article=article,
        coops=[site.coops[c] for c in article.coops if c in site.coops],
        author=author,
        bio=trusted(ctx.markdown_html(author.bio)) if author and article.kind == "columns" else "",
        author_url=author_url,
        section=SECTIONS[article.kind][0],
    )
