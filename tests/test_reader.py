"""The strict reader: encodings, YAML 1.1 traps, duplicate keys, line numbers."""

import pytest

from site_plugins.textfile import decode
from site_plugins.yamlread import parse


def test_utf8_with_bom_and_crlf_is_read_as_nfc_with_lf():
    raw = "\ufeffname: 마포\r\nsummary: 한 줄\r\n".encode("utf-8")
    text, problems = decode(raw)
    assert problems == []
    assert text == "name: 마포\nsummary: 한 줄\n"


def test_nfd_hangul_is_normalised_to_nfc():
    nfd = "\u1106\u1161\u1111\u1169"  # 마포 written as conjoining jamo
    text, _ = decode(f"name: {nfd}\n".encode())
    assert text == "name: 마포\n"


def test_cp949_is_refused_with_advice_and_line():
    raw = "name: ok\nsummary: 협동조합\n".encode("cp949")
    text, problems = decode(raw)
    assert text is None
    assert problems[0].line == 2
    assert "CP949" in problems[0].message and "UTF-8" in problems[0].message


def test_utf16_is_refused():
    text, problems = decode("name: 마포\n".encode("utf-16"))
    assert text is None and "UTF-16" in problems[0].message


def test_control_character_is_reported_on_its_line():
    text, problems = decode("a: 1\nb: 협동\x0b조합\n".encode())
    assert text is None
    assert [(p.line, "U+000B" in p.message) for p in problems] == [(2, True)]


def test_emoji_and_zwj_sequences_are_fine():
    text, problems = decode("name: 돌봄 👩‍👧 협동조합\n".encode())
    assert problems == [] and "👩‍👧" in text


@pytest.mark.parametrize(
    "source, expected",
    [
        ("postal: 06236", "06236"),
        ("time: 18:30", "18:30"),
        ("answer: no", "no"),
        ("answer: yes", "yes"),
        ("founded: 2013-02-15", "2013-02-15"),
        ("members: 12", 12),
        ("hours: 2.5", 2.5),
        ("flag: true", True),
        ("empty:", None),
        ("octal: 0o17", "0o17"),
        ("hex: 0x1F", "0x1F"),
        ("inf: .inf", ".inf"),
    ],
)
def test_scalars_stay_what_the_editor_wrote(source, expected):
    doc, errors = parse(source + "\n")
    assert errors == []
    value = next(iter(doc.data.values()))
    assert value == expected and type(value) is type(expected)


def test_duplicate_key_is_an_error_with_both_lines():
    doc, errors = parse("name: a\nsummary: b\nname: c\n")
    assert [(e.line, "두 번" in e.message, "1번째 줄" in e.message) for e in errors] == [(3, True, True)]


def test_colon_in_unquoted_value_explains_quoting():
    doc, errors = parse("title: 안내: 모집\n")
    assert doc is None
    assert errors[0].line == 1 and "큰따옴표" in errors[0].message


def test_hash_glued_to_a_value_would_be_lost_and_is_reported():
    _, errors = parse("name: 카페 #1호점\n")
    assert len(errors) == 1 and "주석" in errors[0].message


def test_a_spaced_comment_is_a_comment():
    doc, errors = parse("district: mapo  # 마포구\n")
    assert errors == [] and doc.data == {"district": "mapo"}


def test_python_tags_are_refused():
    doc, errors = parse("a: !!python/object/apply:os.system ['ls']\n")
    assert doc is None and errors


def test_tab_indentation_is_explained():
    _, errors = parse("contact:\n\tphone: x\n")
    assert "탭" in errors[0].message and errors[0].line == 2


def test_line_of_nested_fields_and_front_matter_offset():
    doc, _ = parse("a: 1\ncontact:\n  phone: x\nsessions:\n  - start: s\n    end: e\n", line_offset=1)
    assert doc.line_of(["contact", "phone"]) == 4
    assert doc.line_of(["sessions", 0, "end"]) == 7
    assert doc.line_of(["missing"]) == 2  # falls back to the document start
