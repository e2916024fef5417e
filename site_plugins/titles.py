"""Titles of facet term pages: "마포구 협동조합", "직원협동조합" (never "직원협동조합 협동조합").

`term_heading` is the one place a term becomes a title: the page's <h1> and <title>,
the search index, the offers section on term pages (`term_heading` is a Jinja global).
"""

from __future__ import annotations

from .model import Term

NOUN = "협동조합"
# Terms whose label is not a noun that can stand before 협동조합.
TERM_HEADINGS = {("status", "active"): "운영 중인 협동조합", ("status", "suspended"): "휴업한 협동조합", ("status", "dissolved"): "해산한 협동조합"}


def with_noun(label: str, aliases: tuple[str, ...] = (), noun: str = NOUN) -> str:
    """`label` followed by `noun` unless its last word already names one: "마포구" is
    "마포구 협동조합", "직원협동조합" and "협동조합연합회" stay as they are, and a label that
    is the noun alone takes its longer alias ("협동조합" with the alias "일반협동조합")."""
    text = " ".join(label.split())
    if text == noun:
        return next((a for a in aliases if a.endswith(noun) and a != noun), text)
    last = text.rsplit(" ", 1)[-1]
    if noun in last or last.endswith("조합"):
        return text
    return f"{text} {noun}"


def term_heading(kind: str, term: Term) -> str:
    return TERM_HEADINGS.get((kind, term.id)) or with_noun(term.label, term.aliases)
