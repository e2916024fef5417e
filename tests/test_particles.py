"""Korean particles chosen by the final sound of the word before them (site_plugins/particles.py)."""

from __future__ import annotations

import pytest

from site_plugins.particles import final_sound, josa, pair_of, particle
from site_plugins.render import environment


@pytest.mark.parametrize("word, pair, expected", [
    # Hangul without and with a final consonant
    ("누구나", "을/를", "누구나를"), ("시민", "을/를", "시민을"), ("박지우", "이/가", "박지우가"),
    ("마포구", "은/는", "마포구는"), ("돌봄", "은/는", "돌봄은"), ("협동조합", "과/와", "협동조합과"), ("교육", "와/과", "교육과"),
    ("센터", "와/과", "센터와"), ("공동구매", "을/를", "공동구매를"), ("공동생산", "을/를", "공동생산을"),
    # ㄹ takes 로, other finals 으로
    ("서울", "으로/로", "서울로"), ("마을", "으로/로", "마을로"), ("부산", "으로/로", "부산으로"), ("마포구", "으로/로", "마포구로"),
    ("서울", "으로서/로서", "서울로서"), ("조합원", "으로서/로서", "조합원으로서"), ("서울", "을/를", "서울을"),
    # digits as Korean reads the number
    ("1", "이/가", "1이"), ("2", "이/가", "2가"), ("3", "을/를", "3을"), ("4", "을/를", "4를"), ("0", "이/가", "0이"),
    ("6", "으로/로", "6으로"), ("7", "으로/로", "7로"), ("8", "으로/로", "8로"), ("10", "은/는", "10은"), ("100", "은/는", "100은"),
    ("1000", "은/는", "1000은"), ("1,000", "은/는", "1,000은"), ("2000", "으로/로", "2000으로"), ("20000", "은/는", "20000은"),
    ("200000", "은/는", "200000은"), ("300000000", "은/는", "300000000은"), ("1000000000000", "은/는", "1000000000000는"),
    ("-3", "이/가", "-3이"), ("2099-01-01", "이/가", "2099-01-01이"), ("2026-05-02", "이/가", "2026-05-02가"),
    ("37.5663", "은/는", "37.5663은"), ("126.9794", "은/는", "126.9794는"), ("110171-0001234", "이/가", "110171-0001234가"),
    ("12명", "이/가", "12명이"), ("5%", "이/가", "5%가"),
    # Latin letters and ids, by how the word is said in Korean
    ("mapo-dolbom", "이/가", "mapo-dolbom이"), ("mapo", "이/가", "mapo가"), ("hansalim-seoul", "으로/로", "hansalim-seoul로"),
    ("no-such-coop", "이/가", "no-such-coop이"), ("market", "이/가", "market이"), ("name", "이/가", "name이"),
    ("phone", "을/를", "phone을"), ("title", "을/를", "title을"), ("address", "을/를", "address를"), ("job", "을/를", "job을"),
    ("product", "을/를", "product를"), ("here", "이/가", "here가"), ("id", "은/는", "id는"), ("program", "이/가", "program이"),
    ("eunpyeong", "은/는", "eunpyeong은"), ("click", "을/를", "click을"),
    ("HTML", "은/는", "HTML은"), ("URL", "을/를", "URL을"), ("csv", "을/를", "csv를"), ("API", "를/을", "API를"), ("pdf", "이/가", "pdf가"),
    ("casebook-2016.html", "은/는", "casebook-2016.html은"), ("KOSTAT", "을/를", "KOSTAT을"),
    # mixed: the end decides
    ("K-팝", "을/를", "K-팝을"), ("A4", "를/을", "A4를"), ("2026년", "이/가", "2026년이"), ("협동조합 3", "을/를", "협동조합 3을"),
    # quotes, brackets and ellipses at the end are skipped
    ("'이름'", "이/가", "'이름'이"), ("'마포구'", "을/를", "'마포구'를"), ('"돌봄"', "을/를", '"돌봄"을'),
    ("'name'(이름)", "이/가", "'name'(이름)이"), ("마감일(2026-05-02)", "이/가", "마감일(2026-05-02)이"),
    ("서울특별시(seoul)", "을/를", "서울특별시(seoul)를"), ("(주)", "을/를", "(주)를"), ("공동구매…", "을/를", "공동구매…를"),
    ("'돌봄·마포구'", "을/를", "'돌봄·마포구'를"), ("'coops/mapo-dolbom/'", "은/는", "'coops/mapo-dolbom/'은"),
])
def test_josa(word, pair, expected):
    assert josa(word, pair) == expected


@pytest.mark.parametrize("word, pair, expected", [
    ("漢", "을/를", "漢을(를)"), ("漢", "이/가", "漢이(가)"), ("漢", "으로/로", "漢(으)로"), ("", "을/를", "을(를)"), ("'", "은/는", "'은(는)"),
])
def test_unknown_words_get_both_forms(word, pair, expected):
    assert josa(word, pair) == expected


def test_pairs_in_any_spelling():
    assert pair_of("을/를") == pair_of("를/을") == pair_of("을(를)") == pair_of("를") == pair_of("을") == ("을", "를")
    assert pair_of("이") == pair_of("가") == ("이", "가")
    assert pair_of("로") == ("으로", "로")
    assert particle("마포구", "이") == "가" and particle("마포", "야") == "야"
    with pytest.raises(ValueError):
        pair_of("의")


def test_final_sound():
    assert final_sound("강") == 21 and final_sound("가") == 0 and final_sound("길") == 8 and final_sound("?") is None


def test_jinja_filters():
    template = environment().from_string("{{ a | josa('을/를') }} {{ b }}{{ b | particle('으로/로') }} {{ c | josa('이/가') }}")
    assert template.render(a="누구나", b="서울", c="박지우") == "누구나를 서울로 박지우가"
    # autoescaped: the filter returns text, not markup
    assert environment().from_string("{{ a | josa('을/를') }}").render(a="<b> 돌봄") == "&lt;b&gt; 돌봄을"


WORDS = ["마포구", "돌봄", "서울", "마을", "부산", "'이름'", "'마포구·돌봄'", "1", "2", "3", "6", "7", "10", "100", "1000", "20000", "37.5663",
         "2026-05-02", "mapo", "mapo-dolbom", "hansalim-seoul", "name", "phone", "coop", "market", "text", "title", "HTML", "csv", "URL",
         "'name'(이름)", "마감일(2026-05-02)", "공동구매…", "(주)", "K-팝"]


def test_the_directory_script_picks_the_same_particles():
    """directory.js says "'돌봄'을 빼면 5곳" with its own copy of the rule: it must agree with this one."""
    import json
    import re
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = (Path(__file__).resolve().parent.parent / "overrides/assets/portal/directory.js").read_text(encoding="utf-8")
    functions = re.search(r"  var DIGIT = .*?\n  function josa\(.*?\n  }\n", source, re.S).group(0)
    script = functions + f"""
var words = {json.dumps(WORDS, ensure_ascii=False)};
console.log(JSON.stringify(words.map(function (w) {{ return [josa(w, "을", "를"), josa(w, "으로", "로")]; }})));"""
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout
    assert json.loads(out) == [[josa(w, "을/를"), josa(w, "으로/로")] for w in WORDS]
