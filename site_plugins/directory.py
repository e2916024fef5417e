"""The co-op directory: one page per co-op, the filterable list, facet index pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from .context import OVERVIEW_SECTIONS, TERM_HEADS, TERM_SECTIONS, BuildContext
from .jsonld import coop_head
from .model import Coop, Taxonomies, Term
from .output import OutputFile, Outputs, Page, relative_url
from .kinds import OFFER_KIND_LABELS
from .relations import FACETS, STATUS_LABELS
from .render import coop_url, environment, paginate, render, term_url, trusted
from .titles import term_heading  # noqa: F401 - re-exported (searchdocs)

TERM_PAGE_SIZE = 100
# A term with more co-ops than this lists their names, not their cards (names_only_list).
NAMES_ONLY_ABOVE = 2000
DIRECTORY_PAGE_SIZE = 200
# Above this many co-ops the directory's rows move out of directory.json into files
# of this many rows each (about 0.5 MB), so no file grows with the corpus.
DIRECTORY_CHUNK_ROWS = 5000
FACET_KEYS = {"regions": "district", "industries": "industry", "categories": "category", "types": "type", "fields": "field",
              "activities": "activity", "status": "status"}
OVERVIEW = {
    "regions": ("지역별 협동조합", "권역과 자치구별로 협동조합을 찾아보세요. 4개 권역은 서울시 협동조합 상담센터의 권역입니다."),
    "industries": ("업종별 협동조합", "한국표준산업분류(KSIC) 대분류에 따라 협동조합을 찾아보세요."),
    "categories": ("조합원 유형별 협동조합", "조합원이 누구인지(사업자, 소비자, 직원, 다중이해관계자)에 따라 찾아보세요."),
    "types": ("법인 유형별 협동조합", "협동조합, 사회적협동조합, 연합회, 특별법에 따른 협동조합으로 나누어 찾아보세요."),
    "fields": ("전략분야별 협동조합", "서울시가 2013년 기본계획에서 정한 7대 전략분야의 협동조합입니다."),
    "activities": ("사업별 협동조합", "다른 협동조합과 함께 하는 공동사업(공동생산, 공동구매, 공동유통, 공동판매, 공동마케팅, 공동브랜드, 공동시설)으로 찾아보세요. "
                   "분류는 서울시 골목경제 공동 협업사업 보고서(2016~2017)를 따릅니다."),
    "status": ("상태별 협동조합", "지금 운영 중인 협동조합, 휴업한 협동조합, 해산한 협동조합을 나누어 봅니다. 해산한 협동조합도 기록으로 남겨 둡니다."),
}


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    site = ctx.site
    _render_cards(ctx)
    for coop in site.coops.values():
        out.pages.append(
            Page(
                url=coop_url(coop.id),
                title=coop.name,
                description=coop.summary,
                render=partial(render_coop, ctx, coop),
                head=partial(coop_head, ctx, coop),
                source=coop.source_file.path,
                key=(coop, tuple(ctx.relations.articles_by_coop.get(coop.id, ())), ctx.site_url, ctx.repo_url, ctx.branch,
                     tuple(site.jobs[i] for i in ctx.relations.jobs_by_coop.get(coop.id, ())), site.build_date.date()),
            )
        )
    for kind in FACETS:
        out.pages.append(_overview_page(ctx, kind))
        for term in site.taxonomies.terms(kind):
            out.pages.extend(_term_pages(ctx, kind, term))
    out.pages.extend(_directory_pages(ctx))
    out.files.append(OutputFile("coops/directory.json", partial(directory_json, ctx)))
    for path, ids in directory_chunks(ctx):
        out.files.append(OutputFile(path, partial(directory_chunk_json, ctx, ids), key=tuple(map(site.coops.__getitem__, ids))))
    return out


def render_coop(ctx: BuildContext, coop: Coop) -> str:
    url = coop_url(coop.id)
    site = ctx.site
    return render(
        "coop.html",
        url,
        site,
        coop=coop,
        regions=site.taxonomies.ancestors(coop.district),
        description=trusted(ctx.markdown_html(coop.description)) if "description" not in coop.hidden else "",
        articles=ctx.relations.articles_by_coop.get(coop.id, []),
        shown=lambda name: name not in coop.hidden,
        offer_kinds=OFFER_KIND_LABELS,
        jobs=[site.jobs[i] for i in ctx.relations.jobs_by_coop.get(coop.id, [])],
        today=site.build_date.date(),
        report_url=ctx.report_url(f"[정보 수정] {coop.name} ({site.taxonomies.label('regions', coop.district)})", ctx.absolute(url)) or f"mailto:?subject={coop.name}",
        edit_url=ctx.edit_url(coop.source_file.path),
    )


def _term_pages(ctx: BuildContext, kind: str, term: Term) -> list[Page]:
    ids = ctx.relations.coops_by_term[kind].get(term.id, [])
    base = term_url(kind, term.id)
    heading = term_heading(kind, term)
    pages = []
    children = tuple(_children(ctx, kind, term))
    # a long list of names is looked up by its first sound (the key: a rename may move one)
    initials = initials_index(ctx, ids, TERM_PAGE_SIZE) if names_only_list(len(ids)) else ()
    for url, chunk, pager in paginate(ids, base, TERM_PAGE_SIZE):
        title = heading if pager.number == 1 else f"{heading} ({pager.number}쪽)"
        # Sections and <head> lines come from other generators, with inputs this page
        # cannot name: they are made here, small and few, and their HTML is in the key,
        # so a preview re-renders the page (with its 100 co-ops) only when they change.
        sections = tuple(html for html in (section(ctx, kind, term, url) for section in TERM_SECTIONS) if html) if pager.number == 1 else ()
        articles = tuple(ctx.relations.articles_by_term.get(kind, {}).get(term.id, [])[:20]) if pager.number == 1 else ()
        head_html = "".join(head(ctx, kind, term, url) for head in TERM_HEADS)
        pages.append(
            Page(
                url=url,
                title=title,
                description=term.description or f"{term.label}에 속한 협동조합 {len(ids):,}곳",
                render=partial(_render_term, ctx, kind, term, url, chunk, pager, len(ids), children, sections, articles, initials),
                head=partial(str, head_html),
                key=(kind, term, tuple(map(ctx.site.coops.__getitem__, chunk)), pager, len(ids), children, sections, articles, head_html,
                     initials),
            )
        )
    return pages


def _children(ctx: BuildContext, kind: str, term: Term) -> list[tuple[Term, int]]:
    if kind != "regions":
        return []
    counts = ctx.relations.coops_by_term["regions"]
    return [(child, len(counts.get(child.id, []))) for child in ctx.site.taxonomies.terms("regions") if child.parent == term.id]


def _render_term(ctx: BuildContext, kind: str, term: Term, url: str, ids: list[str], pager, total: int,
                 children: tuple[tuple[Term, int], ...], sections: tuple[str, ...], articles: tuple,
                 initials: tuple[tuple[str, int], ...]) -> str:
    site = ctx.site
    return render(
        "term.html",
        url,
        site,
        heading=term_heading(kind, term),
        kind=kind,
        term=term,
        chain=site.taxonomies.ancestors(term.id) if kind == "regions" else [term],
        facet_name=FACETS[kind][1],
        query_key=_query_key(kind, term),
        total=total,
        cards=coop_cards(ctx, ids, url, names_only=names_only_list(total)),
        names_only=names_only_list(total),
        any_example=has_example(ctx, ids),
        pager=pager,
        initials=initials,
        children=children,
        sections=[trusted(section) for section in sections],
        articles=list(articles),
    )


def _query_key(kind: str, term: Term) -> str:
    if kind == "regions":
        return {"area": "area", "sido": "sido"}.get(term.level, "district")
    return FACET_KEYS[kind]


@dataclass(frozen=True, slots=True)
class _Node:
    term: Term
    count: int
    children: tuple["_Node", ...] = ()


def _overview_page(ctx: BuildContext, kind: str) -> Page:
    title, lead = OVERVIEW[kind]
    url = f"{FACETS[kind][0]}/"
    return Page(url=url, title=title, description=lead, nav=True, render=partial(_render_overview, ctx, kind, url))


def _render_overview(ctx: BuildContext, kind: str, url: str) -> str:
    terms = ctx.site.taxonomies.terms(kind)
    counts = ctx.relations.coops_by_term[kind]
    children: dict[str | None, list[Term]] = {}
    for term in terms:
        children.setdefault(term.parent if kind == "regions" else None, []).append(term)

    def nodes(parent: str | None) -> tuple[_Node, ...]:
        return tuple(_Node(t, len(counts.get(t.id, [])), nodes(t.id) if kind == "regions" else ()) for t in children.get(parent, []))

    title, lead = OVERVIEW[kind]
    sections = [trusted(html) for html in (section(ctx, kind, url) for section in OVERVIEW_SECTIONS) if html]
    return render("overview.html", url, ctx.site, title=title, lead=lead, kind=kind, nodes=nodes(None), sections=sections)


def _facet_options(ctx: BuildContext) -> list[dict]:
    site = ctx.site
    by_term = ctx.relations.coops_by_term
    regions = site.taxonomies.terms("regions")
    facets = [
        {"key": "area", "label": "권역", "link_kind": "regions", "options": [
            {"id": t.id, "label": t.label, "count": len(by_term["regions"].get(t.id, []))} for t in regions if t.level == "area"]},
        {"key": "district", "label": "자치구", "link_kind": "regions", "options": [
            {"id": t.id, "label": t.label, "count": len(by_term["regions"].get(t.id, []))} for t in regions if t.level == "district"]},
    ]
    for kind in ("industries", "categories", "types", "fields", "activities"):
        facets.append({"key": FACET_KEYS[kind], "label": FACETS[kind][1], "link_kind": kind, "options": [
            {"id": t.id, "label": t.label, "count": len(by_term[kind].get(t.id, []))} for t in site.taxonomies.terms(kind)]})
    facets.append({"key": "status", "label": "상태", "link_kind": "status", "options": [
        {"id": s, "label": label, "count": len(by_term["status"].get(s, []))} for s, label in STATUS_LABELS.items()]})
    # A term with no co-op is still a valid filter, but only clutters the form.
    for facet in facets:
        facet["options"] = [o for o in facet["options"] if o["count"]]
        # long labels take a whole line on a phone instead of half of one
        facet["wide"] = any(len(o["label"]) > 7 for o in facet["options"])
    return facets


def _directory_pages(ctx: BuildContext) -> list[Page]:
    ids = ctx.relations.coop_order
    facets = _facet_options(ctx)  # once: it counts every co-op
    facets_key = repr(facets)
    facet_forms: dict[str, str] = {}  # the same form on every page at one depth: rendered once
    # said on every page: the filters bring any co-op onto any page
    any_example = has_example(ctx, ids)
    initials = initials_index(ctx, ids, DIRECTORY_PAGE_SIZE) if names_only_list(len(ids)) else ()
    pages = []
    for url, chunk, pager in paginate(ids, "coops/", DIRECTORY_PAGE_SIZE):
        pages.append(
            Page(
                url=url,
                title="협동조합 찾기" if pager.number == 1 else f"협동조합 찾기 ({pager.number}쪽)",
                description=f"서울의 협동조합 {len(ids):,}곳을 지역·업종·유형·전략분야로 찾아보세요.",
                nav=pager.number == 1,
                render=partial(_render_directory, ctx, url, chunk, pager, facets, facet_forms, any_example, initials),
                key=(tuple(map(ctx.site.coops.__getitem__, chunk)), pager, len(ids), facets_key, any_example, initials),
            )
        )
    return pages


def _render_directory(ctx: BuildContext, url: str, ids: list[str], pager, facets: list[dict], facet_forms: dict[str, str],
                      any_example: bool, initials: tuple[tuple[str, int], ...]) -> str:
    root = relative_url(url, "")
    if root not in facet_forms:
        facet_forms[root] = render("directory_facets.html", url, ctx.site, facets=facets, total=len(ctx.site.coops))
    # The first page shows cards, as the filters do once they load; the pages after it are
    # read only without JavaScript and follow the rule of every long list.
    names_only = pager.number > 1 and names_only_list(len(ctx.site.coops))
    return render("directory.html", url, ctx.site, total=len(ctx.site.coops), facets_html=trusted(facet_forms[root]),
                  cards=coop_cards(ctx, ids, url, names_only=names_only), names_only=names_only, any_example=any_example, pager=pager,
                  initials=initials)


# A co-op's list item is the same on every index page that shows it (about eight of
# them) but for the relative path to coops/, so it is rendered once, with a marker in
# place of that path. A card lives as long as its co-op object: across preview
# rebuilds only an edited co-op's card is rendered again.
_LINK_MARK = "\0"  # never in content: text files with control characters are refused
_CARDS: dict[int, tuple[Coop, str, str]] = {}  # id(coop) -> (coop, card, name row)
_CARD_TAXONOMIES: list[Taxonomies] = []  # the labels the cards were rendered with


def _render_cards(ctx: BuildContext) -> None:
    """Render the card and name row of every co-op not already held (in the parent, before any fork)."""
    coops = ctx.site.coops
    taxonomies = ctx.site.taxonomies
    held = _CARD_TAXONOMIES[0] if _CARD_TAXONOMIES else None
    if held is not taxonomies and held != taxonomies or len(_CARDS) > 2 * len(coops) + 1000:
        _CARDS.clear()
    _CARD_TAXONOMIES[:] = [taxonomies]
    macros = None
    mark = lambda target: _LINK_MARK + target  # noqa: E731 - the link the page replaces
    for coop in coops.values():
        card = _CARDS.get(id(coop))
        if card is None or card[0] is not coop:
            if macros is None:
                macros = environment().get_template("_macros.html").make_module({"label": taxonomies.label})
            _CARDS[id(coop)] = (coop, str(macros.coop_item(coop, mark)), str(macros.coop_name_item(coop, mark)))


def coop_cards(ctx: BuildContext, ids: list[str], page_url: str, names_only: bool = False) -> str:
    """The list items of these co-ops for the page at `page_url`, one per line.

    `names_only` gives each co-op's name, badges and 자치구 instead of its card
    (`names_only_list` says which lists)."""
    base = relative_url(page_url, "coops/")
    mark = _LINK_MARK + "coops/"
    base = "" if base == "./" else base
    which = 2 if names_only else 1
    cards = []
    for coop_id in ids:
        coop = ctx.site.coops[coop_id]
        card = _CARDS.get(id(coop))
        if card is None or card[0] is not coop:
            _render_cards(ctx)
            card = _CARDS[id(coop)]
        cards.append(card[which])
    return trusted("".join(card + "\n" for card in cards).replace(mark, base))


def names_only_list(total: int) -> bool:
    """Whether a term's list of `total` co-ops shows names instead of cards.

    Nobody pages through 20 pages of cards: a list that long (서울특별시, a 권역, a legal
    type or status most co-ops share, the largest industries) is narrowed with the
    directory's filters, and its co-ops keep their cards on the shorter lists they
    are on (a 자치구, a strategic field). Its names alone, 100 to a page, are quicker
    to scan, and at 30,000 co-ops they keep about 65 MB of repeated cards out of the
    site."""
    return total > NAMES_ONLY_ABOVE


# Hangul syllables are U+AC00 + (initial × 21 + medial) × 28 + final; the tense initials
# (ㄲ ㄸ ㅃ ㅆ ㅉ) are looked up under their plain ones, as a Korean index does.
_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ"


def first_sound(name: str) -> str:
    """The index letter a name is looked up under: its first syllable's initial consonant
    (ㄲ under ㄱ), "A–Z" for a Latin letter or a digit, "기타" otherwise."""
    char = name[:1]
    if "가" <= char <= "힣":
        return _INITIALS[(ord(char) - 0xAC00) // 588]
    if char.isascii() and char.isalnum():
        return "A–Z"
    return "기타"


def initials_index(ctx: BuildContext, ids: list[str], size: int) -> tuple[tuple[str, int], ...]:
    """(first sound, page number it begins on) in list order, for a list paged `size` to a page."""
    index: dict[str, int] = {}
    coops = ctx.site.coops
    for position, coop_id in enumerate(ids):
        index.setdefault(first_sound(coops[coop_id].name), position // size + 1)
    return tuple(index.items())


def has_example(ctx: BuildContext, ids: list[str]) -> bool:
    coops = ctx.site.coops
    return any(coops[coop_id].example for coop_id in ids)


def _directory_terms(ctx: BuildContext) -> dict[str, list[str]]:
    site = ctx.site
    return {
        "district": [t.id for t in site.taxonomies.terms("regions") if t.level == "district"],
        "industry": [t.id for t in site.taxonomies.terms("industries")],
        "category": [t.id for t in site.taxonomies.terms("categories")],
        "type": [t.id for t in site.taxonomies.terms("types")],
        "field": [t.id for t in site.taxonomies.terms("fields")],
        "status": list(STATUS_LABELS),
        "activity": [t.id for t in site.taxonomies.terms("activities")],
    }


def _directory_rows(ctx: BuildContext, ids: list[str]) -> list[list]:
    site = ctx.site
    index = {key: {term: i for i, term in enumerate(values)} for key, values in _directory_terms(ctx).items()}
    rows = []
    for coop_id in ids:
        coop = site.coops[coop_id]
        field_mask = 0
        for field in coop.fields:
            field_mask |= 1 << index["field"][field]
        activity_mask = 0  # appended last: the older columns keep their positions
        for activity in coop.activities:
            activity_mask |= 1 << index["activity"][activity]
        rows.append([coop.id, coop.name, index["district"][coop.district], index["industry"][coop.industry],
                     index["category"][coop.category], index["type"][coop.legal_type], field_mask,
                     index["status"][coop.status], 1 if coop.example else 0, activity_mask])
    return rows


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def directory_chunks(ctx: BuildContext) -> list[tuple[str, list[str]]]:
    """(path, co-op ids) of the row files; none while every row fits in directory.json."""
    ids = ctx.relations.coop_order
    if len(ids) <= DIRECTORY_CHUNK_ROWS:
        return []
    return [(f"coops/directory-{n + 1}.json", ids[start : start + DIRECTORY_CHUNK_ROWS])
            for n, start in enumerate(range(0, len(ids), DIRECTORY_CHUNK_ROWS))]


def _summaries(ctx: BuildContext, ids: list[str]) -> list[str]:
    """Each row's one-line summary, in a list beside the rows (the row columns keep their places)."""
    return [ctx.site.coops[coop_id].summary for coop_id in ids]


def directory_chunk_json(ctx: BuildContext, ids: list[str]) -> bytes:
    return _dumps({"rows": _directory_rows(ctx, ids), "summaries": _summaries(ctx, ids)})


def directory_json(ctx: BuildContext) -> bytes:
    """Compact, column-indexed data for the in-browser filters.

    Rows carry indexes into the term lists instead of labels, which keeps the file
    to a few dozen bytes per co-op besides the one-line summaries (`summaries`, one per
    row in the same order). A large corpus keeps only the vocabularies here
    and lists its rows in `chunks` (files of DIRECTORY_CHUNK_ROWS rows) that the
    browser loads one after another, showing results from the first one on.
    """
    site = ctx.site
    terms = _directory_terms(ctx)
    area_of = {}
    for district in terms["district"]:
        chain = site.taxonomies.ancestors(district)
        area_of[district] = next((t.id for t in chain if t.level == "area"), "")
    labels = {key: [site.taxonomies.label(kind, term) for term in terms[key]] for key, kind in
              (("district", "regions"), ("industry", "industries"), ("category", "categories"), ("type", "types"), ("field", "fields"),
               ("activity", "activities"))}
    labels["status"] = list(STATUS_LABELS.values())
    chunks = directory_chunks(ctx)
    data = {
        "columns": ["id", "name", "district", "industry", "category", "type", "fields", "status", "example", "activities"],
        "terms": terms,
        "labels": labels,
        "area": [area_of[d] for d in terms["district"]],
        "rows": [] if chunks else _directory_rows(ctx, ctx.relations.coop_order),
        "summaries": [] if chunks else _summaries(ctx, ctx.relations.coop_order),
    }
    if chunks:
        data["total"] = len(ctx.relations.coop_order)
        data["chunks"] = [path.rsplit("/", 1)[1] for path, _ids in chunks]  # relative to directory.json
    return _dumps(data)
