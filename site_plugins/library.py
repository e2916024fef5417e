"""자료실 (/library/, /library/<id>/): reports, guides, casebooks, leaflets, videos, teaching materials.

Plan item 1-2 of the 2013 basic plan wants the portal to serve as "협동조합에 대한 종합적인
정보 및 자료실"; item 1-1 names the materials to make (포스터, 리플릿, 홍보 및 교육용 영상,
협동조합 사례 모음집), item 2-3 the elementary-school teaching materials, and the 2016-17
collaboration report the 「자영업 협업화 우수사례 & 협업길라잡이」 and the 협업 성공사례집.

A record's `file` is published from content/library/files/ (MkDocs copies it; load_site
checked that it exists); `url` points elsewhere. A record with neither still has a page:
the material exists, the portal just cannot hand it out yet, and the page says so.
"""

from __future__ import annotations

from functools import partial

from . import jsonld
from .context import BuildContext
from .kinds import LIBRARY_KIND_LABELS
from .model import LibraryItem
from .output import Outputs, Page
from .render import render, trusted

SECTION = "library/"
FILES = "library/files/"  # where content/library/files/ is published
KIND_LABELS = LIBRARY_KIND_LABELS
TITLE = "자료실"
DESCRIPTION = "서울시 협동조합 정책 보고서와 계획서, 사례집, 안내서, 홍보물, 교재를 한곳에 모았습니다."


def item_url(item_id: str) -> str:
    return f"{SECTION}{item_id}/"


def file_path(item: LibraryItem) -> str:
    """Site-relative path of the item's published file, or ""."""
    return f"{FILES}{item.file}" if item.file else ""


def ordered(items: list[LibraryItem]) -> list[LibraryItem]:
    """Newest first, then by title: what a reader looks for first is the latest material."""
    return sorted(items, key=lambda i: (-i.year, i.title, i.id))


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    out.pages.append(Page(url=SECTION, title=TITLE, description=DESCRIPTION, nav=True, render=partial(render_index, ctx)))
    for item in site.library.values():
        url = item_url(item.id)
        out.pages.append(Page(
            url=url,
            title=item.title,
            description=item.summary or f"{item.publisher} · {item.year}년 · {KIND_LABELS.get(item.kind, item.kind)}",
            render=partial(render_item, ctx, item),
            head=partial(_item_jsonld, ctx, item),
            source=item.source_file.path,
            key=(item, ctx.site_url, ctx.repo_url, ctx.branch),
        ))
    return out


def _item_jsonld(ctx: BuildContext, item: LibraryItem) -> str:
    path = file_path(item)
    labels = tuple(ctx.site.taxonomies.label("fields", f) for f in item.fields)
    return jsonld.script(jsonld.library_item(item, url=ctx.absolute(item_url(item.id)), file_url=ctx.absolute(path) if path else "", field_labels=labels))


def render_index(ctx: BuildContext) -> str:
    site = ctx.site
    items = ordered(list(site.library.values()))
    groups = [(kind, label, [i for i in items if i.kind == kind]) for kind, label in KIND_LABELS.items()]
    return render(
        "library.html",
        SECTION,
        site,
        items=items,
        groups=[g for g in groups if g[2]],
        kind_labels=KIND_LABELS,
        item_url=item_url,
        file_path=file_path,
        any_example=any(i.example for i in items),
    )


def render_item(ctx: BuildContext, item: LibraryItem) -> str:
    site = ctx.site
    url = item_url(item.id)
    return render(
        "library_item.html",
        url,
        site,
        item=item,
        kind_label=KIND_LABELS.get(item.kind, item.kind),
        file=file_path(item),
        description=trusted(ctx.markdown_html(item.description)),
        report_url=ctx.report_url(f"[자료실] {item.title}", ctx.absolute(url)),
        edit_url=ctx.edit_url(item.source_file.path),
    )
