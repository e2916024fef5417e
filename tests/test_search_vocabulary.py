"""What search knows besides documents: co-ops' other names, the curated spellings, facet words.

The spellings file and the `aliases` field are checked like every other data
(`python -m site_plugins check`: one Korean `path:line` line per problem); the
facet words come from the taxonomies.
"""

from __future__ import annotations

from pathlib import Path

from golden_helpers import REPO, make_site, run_check

from site_plugins.context import BuildContext
from site_plugins.load import load_site
from site_plugins.model import Spelling
from site_plugins.opendata import COOP_COLUMNS, coop_rows
from site_plugins.particles import particle
from site_plugins.problems import Problems
from site_plugins.searchdocs import facet_spellings, record_docs, search_vocabulary
from site_plugins.spellings import PATH, load_spellings, spelling_table

COOP = "data/coops/mapo-dolbom.yaml"


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _coop_with(root: Path, lines: str) -> None:
    path = root / COOP
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    path.write_text(f"{head}\n{lines}\n{rest}", encoding="utf-8")


# ------------------------------------------------------------ the repository's own file


def test_the_repository_spellings_load_without_problems():
    problems = Problems()
    groups = load_spellings(REPO, problems)
    assert problems.items == []
    table = dict(spelling_table(groups))
    assert table["생협"] == ("생활협동조합",)  # one way: 생협 also finds the full form
    assert "생활협동조합" not in table
    assert table["cooperative"] == ("coop",) and table["coop"] == ("cooperative",)  # both ways
    assert set(table["까페"]) == {"카페", "cafe"}


def test_spelling_table_semantics():
    groups = (Spelling(("카페", "까페")), Spelling(("생협",), ("생활협동조합",)), Spelling(("Co-op",), ("협동조합",)))
    assert spelling_table(groups) == (
        ("coop", ("협동조합",)),  # keys are normalised: Co-op → coop
        ("까페", ("카페",)),
        ("생협", ("생활협동조합",)),
        ("카페", ("까페",)),
    )


def test_a_repository_without_the_file_has_no_spellings(tmp_path):
    assert load_spellings(tmp_path, Problems()) == ()


# ------------------------------------------------------------ mistakes in the spellings file


def test_spellings_mistakes_are_reported_with_their_line(tmp_path):
    root = make_site(tmp_path)
    _write(root, PATH, (
        "spellings:\n"
        "  - words: [생협]\n"
        "    means: [생활협동조합]\n"
        "  - words: [카페, 까페, 생협]\n"
        "  - words: [coop, Co-op]\n"
        "  - words: ['!!']\n"
    ))
    code, lines, _ = run_check(root)
    assert code == 1
    assert lines == [
        f"{PATH}:4: '생협'이 2번째 줄의 묶음에도 있습니다. 한 말은 한 묶음에만 쓰세요 (spellings[2].words[3])",
        f"{PATH}:5: 'Co-op'은 검색에서 'coop'과 같은 말입니다(띄어쓰기·문장부호·대소문자만 다름). 하나만 남기세요 (spellings[3].words[2])",
        f"{PATH}:6: '!!'에는 검색할 수 있는 글자(한글, 한자, 영문, 숫자)가 없습니다 (spellings[4].words[1])",
    ]


def test_spellings_file_goes_through_the_schema_and_the_trust_boundary(tmp_path):
    root = make_site(tmp_path)
    _write(root, PATH, "spellings:\n  - words: []\n  - word: [카페]\n  - words: [\"<b>카페</b>\"]\n")
    code, lines, _ = run_check(root)
    assert code == 1
    assert lines == [
        f"{PATH}:2: 목록이 비어 있습니다. 항목을 1개 이상 채워 주세요 (spellings[1].words)",
        f"{PATH}:3: 알 수 없는 필드 'word'입니다. 'words'를 뜻했나요? (spellings[2].word)",
        f"{PATH}:3: 필수 필드 'words'(표기)가 없습니다. 맨 앞에 추가하세요 (예: words: ...) (spellings[2].words)",
        f"{PATH}:4: HTML 태그는 쓸 수 없습니다: <b>카페</b>. 이 항목에는 글자만 씁니다('<' 바로 뒤에 글자나 /, !, ?가 오면 태그로 읽힙니다) (spellings[3].words[1])",
    ]


# ------------------------------------------------------------ co-ops' other names


def test_an_alias_that_is_the_name_or_another_alias_is_reported(tmp_path):
    root = make_site(tmp_path)
    name = load_site(root)[0].coops["mapo-dolbom"].name
    _coop_with(root, f"aliases: [마포돌봄, '{name}', 마포 돌봄]")
    code, lines, _ = run_check(root)
    assert code == 1
    assert sorted(lines) == sorted([
        f"{COOP}:2: 다른 이름 '{name}'{particle(name, '이/가')} 이름(name)과 같습니다. 이 줄을 지우세요 (aliases[2])",
        f"{COOP}:2: 다른 이름 '마포 돌봄'이 1번째 다른 이름과 같습니다(띄어쓰기·대소문자만 다름). 하나만 남기세요 (aliases[3])",
    ])


def test_aliases_follow_the_schema(tmp_path):
    root = make_site(tmp_path)
    _coop_with(root, "aliases: [마포돌봄, 마포돌봄, '']")
    code, lines, _ = run_check(root)
    assert code == 1 and len(lines) == 2 and all(line.startswith(f"{COOP}:2: ") for line in lines), lines


def test_aliases_reach_the_search_documents_the_page_and_open_data(tmp_path):
    root = make_site(tmp_path)
    _coop_with(root, "aliases: [마포돌봄, 마돌협]")
    site, problems = load_site(root)
    assert problems.items == []
    coop = site.coops["mapo-dolbom"]
    assert coop.aliases == ("마포돌봄", "마돌협")
    ctx = BuildContext.create(site, root=root)
    (doc,) = [d for d in record_docs(ctx) if d.url == "coops/mapo-dolbom/"]
    assert doc.aliases == ("마포돌봄", "마돌협")
    assert ("district", coop.district) in doc.facets and ("industry", coop.industry) in doc.facets
    (row,) = [r for r in coop_rows(ctx) if r["id"] == "mapo-dolbom"]
    assert row["aliases"] == ["마포돌봄", "마돌협"] and "aliases" in [c.name for c in COOP_COLUMNS]


def test_the_new_template_offers_aliases():
    template = (REPO / "site_plugins" / "templates" / "new" / "coop.yaml").read_text(encoding="utf-8")
    assert "# aliases: [" in template


# ------------------------------------------------------------ facet words


def test_facet_words_of_the_repository():
    site, _ = load_site(REPO)
    vocab = search_vocabulary(BuildContext.create(site, root=REPO))
    words = {spelling: (param, term_id) for param, term_id, _label, spellings in vocab.facets for spelling in spellings}
    assert words["마포"] == words["마포구"] == ("district", "mapo")
    assert "중" not in words  # 중구 keeps its 구: one syllable is no district
    assert words["돌봄"] == ("field", "care")
    assert words["소상공인"] == words["전통시장"] == ("field", "small-business")
    assert words["음식점"] == ("industry", "accommodation-food")
    assert words["교육"] == ("industry", "education")
    assert "서북권" not in words  # a 권역 is not a facet word: it is as often its consultation centre


def test_industry_labels_give_their_trades():
    from site_plugins.model import Term

    term = Term(kind="industries", id="wholesale-retail", label="도매 및 소매업")
    assert facet_spellings("industries", term) == ("도매 및 소매업", "도매", "소매업", "소매")
