"""Jinja2 for generated content: one autoescaping environment and the shared helpers."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .model import Site
from .output import relative_url
from .particles import josa, particle
from .relations import FACETS, STATUS_LABELS
from .titles import term_heading


def kdate(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.year}년 {value.month}월 {value.day}일"


def num(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def tel(value: str) -> str:
    return re.sub(r"[^0-9+]", "", value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("site_plugins", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        auto_reload=False,  # templates are code: no stat() per page render
    )
    env.filters.update(kdate=kdate, num=num, tel=tel, josa=josa, particle=particle)
    env.globals.update(status_label=lambda s: STATUS_LABELS.get(s, s), coop_url=coop_url, term_url=term_url, term_heading=term_heading)
    return env


def coop_url(coop_id: str) -> str:
    return f"coops/{coop_id}/"


def term_url(kind: str, term_id: str) -> str:
    return f"{FACETS[kind][0]}/{term_id}/"


def render(template: str, page_url: str, site: Site, **context: Any) -> str:
    """Render a template for the page at `page_url`; `url()` in it makes relative links."""
    env = environment()
    return env.get_template(template).render(
        url=lambda target: relative_url(page_url, target),
        label=site.taxonomies.label,
        **context,
    )


def trusted(html: str) -> Markup:
    """HTML produced by our own safe Markdown renderer, to be inserted unescaped."""
    return Markup(html)


@dataclass(frozen=True, slots=True)
class Pager:
    number: int  # 1-based
    count: int
    first: int  # 1-based index of the first item on this page
    last: int
    prev: str | None
    next: str | None
    base: str = ""  # the list's first page; page N is base + "page/N/"

    def url(self, number: int) -> str:
        return list_page_url(self.base, number)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and `around` on each side of this one;
        None where numbers are left out (shown as "…"). 300 pages give 1 … 148 149 150 151 152 … 300."""
        shown = sorted({1, self.count, *range(max(1, self.number - around), min(self.count, self.number + around) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:  # a gap of one page: show it, not "…"
                numbers.append(number - 1)
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return numbers


def list_page_url(base_url: str, number: int) -> str:
    """Page `number` (1-based) of the list whose first page is `base_url`."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def paginate(items: list[Any], base_url: str, size: int) -> list[tuple[str, list[Any], Pager]]:
    """Split a list over `base_url`, `base_url/page/2/`, ...; always at least one page."""
    count = max(1, math.ceil(len(items) / size))

    pages = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * size : number * size]
        first = (number - 1) * size + 1
        pager = Pager(
            number=number,
            count=count,
            first=first,
            last=first + len(chunk) - 1,
            prev=list_page_url(base_url, number - 1) if number > 1 else None,
            next=list_page_url(base_url, number + 1) if number < count else None,
            base=base_url,
        )
        pages.append((list_page_url(base_url, number), chunk, pager))
    return pages
