"""Record schemas: the compiled fast path never accepts what the full validator refuses."""

from __future__ import annotations

import copy

import pytest

from site_plugins import schema

VALID_COOP = {
    "name": "마포공동육아협동조합",
    "summary": "마포구 부모들이 함께 운영하는 공동육아협동조합",
    "district": "mapo",
    "industry": "education",
    "category": "consumer",
    "legal_type": "social-coop",
    "founded": "2014-03-01",
    "fields": ["childcare"],
    "members": 40,
    "contact": {"phone": "02-123-4567", "email": "a@example.org", "website": "https://example.org"},
    "example": True,
}

BROKEN = [
    ("founded", "2023-02-30"),
    ("founded", "2023-2-3"),
    ("founded", "23-02-03"),
    ("members", -1),
    ("members", 0),
    ("members", "40"),
    ("members", 2.5),
    ("name", ""),
    ("name", 123),
    ("fields", "돌봄"),
    ("fields", ["childcare", "childcare"]),
    ("status", "closed"),
    ("contact", {"phone": "02-123"}),
    ("contact", {"phone": 21234567}),
    ("contact", {"email": "not-an-email"}),
    ("contact", {"website": "javascript:alert(1)"}),
    ("contact", {"website": "data:text/html,x"}),
    ("contact", {"fax": "02-123-4567"}),
    ("example", "yes"),
    ("hidden", ["name"]),
    ("adress", "서울"),
]


def test_the_valid_coop_is_valid():
    assert schema.validate("coop", VALID_COOP) == []


@pytest.mark.parametrize("field, value", BROKEN)
def test_every_broken_value_is_refused_with_a_korean_message(field, value):
    record = copy.deepcopy(VALID_COOP)
    record[field] = value
    errors = schema.validate("coop", record)
    assert errors, f"{field}={value!r} was accepted"
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in e.message) for e in errors)


@pytest.mark.parametrize("missing", ["name", "summary", "district", "industry", "category", "legal_type", "founded"])
def test_each_required_field_is_named_when_missing(missing):
    record = {k: v for k, v in VALID_COOP.items() if k != missing}
    errors = schema.validate("coop", record)
    assert [e.field for e in errors] == [missing]
    assert "필수 필드" in errors[0].message


def test_a_typo_in_a_field_name_suggests_the_right_one():
    record = {**VALID_COOP, "adress": "서울"}
    (error,) = schema.validate("coop", record)
    assert error.field == "adress" and "'address'" in error.message


def test_schema_files_are_valid_json_schema_and_have_korean_titles():
    for name in schema.RECORD_SCHEMAS:
        document = schema.load_schema(name)
        assert document["$schema"].endswith("2020-12/schema")
        for prop in document.get("properties", {}).values():
            assert prop.get("title"), f"{name}: every field needs a Korean title for editors' tools"


def test_sessions_must_have_real_local_times():
    course = {"title": "창업교육", "track": "startup", "audience": "시민", "sessions": [{"start": "2027-01-14T14:00", "end": "2027-01-14T25:00"}]}
    errors = schema.validate("course", course)
    assert [e.field for e in errors] == ["sessions[1].end"]


@pytest.mark.parametrize("written, meant", [
    ("2024.3.1", "2024-03-01"), ("2024/3/1", "2024-03-01"), ("2024-3-1", "2024-03-01"),
    ("2024년 3월 1일", "2024-03-01"), ("20240301", "2024-03-01"), ("2024.3.1.", "2024-03-01"),
    ("2023-2-30", None), ("24.3.1", None), ("3월 1일", None), ("2024.3.1 오후", None),
])
def test_likely_date_reads_common_spellings_and_nothing_else(written, meant):
    assert schema.likely_date(written) == meant


@pytest.mark.parametrize("written, meant", [
    ("2024.3.1 14:00", "2024-03-01T14:00"), ("2024-03-01 오후 2시", "2024-03-01T14:00"),
    ("2024.3.1 14시 30분", "2024-03-01T14:30"), ("2024-3-1T9:00", "2024-03-01T09:00"),
    ("2024-03-01T25:00", None), ("2024.3.1", None),
])
def test_likely_date_with_time(written, meant):
    assert schema.likely_date(written, with_time=True) == meant
