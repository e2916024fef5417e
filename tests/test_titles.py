"""Titles never repeat a word: "직원협동조합", not "직원협동조합 협동조합" (h1, <title>, search)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_plugins.context import BuildContext
from site_plugins.load import load_site
from site_plugins.searchdocs import record_docs
from site_plugins.titles import term_heading, with_noun
from conftest import ROOT


@pytest.mark.parametrize("label, aliases, title", [
    ("마포구", (), "마포구 협동조합"), ("돌봄", (), "돌봄 협동조합"), ("직원협동조합", (), "직원협동조합"),
    ("협동조합연합회", (), "협동조합연합회"), ("사회적협동조합연합회", (), "사회적협동조합연합회"), ("신용협동조합", ("신협",), "신용협동조합"),
    ("협동조합", ("일반협동조합",), "일반협동조합"), ("협동조합", (), "협동조합"),
    ("협회 및 단체·수리 및 기타 개인 서비스업", (), "협회 및 단체·수리 및 기타 개인 서비스업 협동조합"),
])
def test_with_noun(label, aliases, title):
    assert with_noun(label, aliases) == title


def doubled(title: str) -> bool:
    words = title.split()
    return any(a == b or (b == "협동조합" and a.endswith("협동조합")) for a, b in zip(words, words[1:]))


def test_no_term_title_doubles_a_word():
    site, problems = load_site(ROOT)
    titles = [term_heading(kind, term) for kind in ("regions", "industries", "categories", "types", "fields", "activities", "status")
              for term in site.taxonomies.terms(kind)]
    assert titles and not [t for t in titles if doubled(t)]
    assert not [d.title for d in record_docs(BuildContext.create(site)) if doubled(d.title)]


def test_built_pages_never_double_a_word_in_h1_or_title(site_dir: Path):
    bad = []
    for folder in ("types", "categories", "industries", "fields", "regions", "activities", "status"):
        for page in (site_dir / folder).glob("**/index.html"):
            html = page.read_text(encoding="utf-8")
            for found in re.findall(r"<h1[^>]*>([^<]*)<|<title>([^<]*)</title>", html):
                text = (found[0] or found[1]).split(" - ")[0]
                if doubled(text):
                    bad.append((page.relative_to(site_dir).as_posix(), text))
    assert not bad, bad[:10]
