"""JSON Schema validation of records, with errors turned into Korean sentences.

The schemas in `schemas/` are the single description of every record type: the
build checks them with a real validator, and editors' tools read the same files
for completion and hover help.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema

from .particles import josa, particle, quoted
from .values import shown

SCHEMA_DIR = resources.files("site_plugins") / "schemas"
RECORD_SCHEMAS = ("coop", "center", "course", "program", "author", "library", "job", "event", "case", "column", "newsletter", "page", "spellings")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$")
_PHONE = re.compile(r"^(?:\+82-?)?0?\d{1,4}-\d{3,4}-\d{4}$|^1\d{3}-\d{4}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")


def parse_date(value: str) -> dt.date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS][offset]`; without an offset the time is Seoul's."""
    match = _DATETIME.fullmatch(value)
    if not match:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace(" ", "T").replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        from .model import SEOUL

        parsed = parsed.replace(tzinfo=SEOUL)
    return parsed


def parse_when(value: str) -> dt.date | dt.datetime | None:
    """An event time: a date (all day) or a date-time as `parse_datetime` reads it."""
    return parse_date(value) if _DATE.fullmatch(value) else parse_datetime(value)


# Dates as people write them: 2024.3.1, 2024/3/1, 2024-3-1, 2024년 3월 1일, 20240301,
# optionally followed by a time such as 14:00, 14시 또는 14시 30분.
_LOOSE_DATE = re.compile(r"\s*(\d{4})\s*(?:[./-]|년)\s*(\d{1,2})\s*(?:[./-]|월)\s*(\d{1,2})\s*(?:일|\.)?|\s*(\d{4})(\d{2})(\d{2})")
_LOOSE_TIME = re.compile(r"\s*T?\s*(?:(오전|오후)\s*)?(\d{1,2})\s*(?::|시)\s*(\d{2})?\s*(?:분)?\s*")


def likely_date(value: object, *, with_time: bool = False) -> str | None:
    """The `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM`) an editor most likely meant, or None.

    Only unambiguous spellings with a four-digit year are read; the guess must be a real
    date (and time), so `2023-2-30` gets no suggestion.
    """
    if not isinstance(value, str):
        return None
    match = _LOOSE_DATE.match(value)
    if not match:
        return None
    year, month, day = (int(part) for part in (match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)))
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    rest = value[match.end():]
    if not with_time:
        return date.isoformat() if not rest.strip() else None
    timed = _LOOSE_TIME.fullmatch(rest)
    if not timed:
        return None
    hour, minute = int(timed.group(2)), int(timed.group(3) or 0)
    if timed.group(1) == "오후" and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}"


_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


@_FORMATS.checks("local-date-time")
def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


@_FORMATS.checks("date-or-local-date-time")
def _is_when(value: object) -> bool:
    return not isinstance(value, str) or parse_when(value) is not None


@_FORMATS.checks("phone")
def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.fullmatch(value))


@_FORMATS.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


@_FORMATS.checks("web-url")
def _is_url(value: object) -> bool:
    return not isinstance(value, str) or bool(_URL.fullmatch(value))


_FORMAT_MESSAGES = {
    "date": "날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 (예: 2013-02-15)",
    "local-date-time": "날짜와 시각은 YYYY-MM-DDTHH:MM 형식의 실제 시각이어야 합니다 (예: 2027-01-14T14:00)",
    "date-or-local-date-time": "날짜(YYYY-MM-DD) 또는 날짜와 시각(YYYY-MM-DDTHH:MM)이어야 합니다 (예: 2013-10-01, 2027-02-18T14:00)",
    "phone": "전화번호 형식이 아닙니다. 지역번호와 하이픈을 넣어 따옴표 안에 쓰세요 (예: \"02-3498-3721\", \"1544-5077\")",
    "email": "이메일 주소 형식이 아닙니다 (예: info@example.org)",
    "web-url": "주소는 http:// 또는 https://로 시작하는 웹 주소여야 합니다 (javascript:, data: 등은 쓸 수 없습니다)",
}

# Editors write the Korean word for a fixed value; the message names the value to write.
_KOREAN_ENUM = {
    **dict(zip(("월", "화", "수", "목", "금", "토", "일"), ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))),
    **dict(zip(("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"), ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))),
    "전화": "phone", "방문": "visit", "이메일": "email",
    "현장": "onsite", "대면": "onsite", "온라인": "online", "비대면": "online", "혼합": "blended",
    "운영": "active", "운영 중": "active", "운영중": "active", "해산": "dissolved", "휴업": "suspended",
    "상품": "product", "제품": "product", "물품": "product", "서비스": "service",
    "보고서": "report", "계획서": "report", "안내서": "guide", "길라잡이": "guide", "사례집": "casebook",
    "리플릿": "leaflet", "리플렛": "leaflet", "포스터": "poster", "영상": "video", "동영상": "video", "교재": "teaching-material",
    "채용": "job", "구인": "job", "자원활동": "volunteer", "자원봉사": "volunteer", "조합원 모집": "member", "조합원": "member",
    "발기인": "founding-partner", "설립 동참": "founding-partner",
    "박람회": "fair", "포럼": "forum", "토론회": "forum", "공청회": "forum", "설명회": "briefing", "사업설명회": "briefing",
    "교류회": "networking", "간담회": "networking", "사례발표회": "showcase", "발표회": "showcase", "한마당": "festival", "축제": "festival",
}

_TYPE_NAMES = {
    "string": "글자(문자열)",
    "integer": "정수",
    "number": "숫자",
    "array": "목록",
    "object": "항목 묶음(필드: 값)",
    "boolean": "true 또는 false",
    "null": "빈 값",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "빈 값"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "정수"
    if isinstance(value, float):
        return "숫자"
    if isinstance(value, str):
        return "글자"
    if isinstance(value, list):
        return "목록"
    if isinstance(value, dict):
        return "항목 묶음"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class SchemaError:
    path: tuple[object, ...]  # where the problem is (for the line number)
    field: str  # dotted field for the message suffix
    message: str


def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace `common.schema.json#/$defs/x` references by copies of their targets.

    The files keep their $refs for editors' tools; the validator gets the inlined
    form because resolving a $ref through `referencing` costs more than checking
    the whole record (5x slower at 30,000 co-ops).
    """
    if isinstance(node, dict):
        if "$ref" in node:
            target = node["$ref"].rsplit("/", 1)[-1]
            merged = {**defs[target], **{k: v for k, v in node.items() if k != "$ref"}}
            return _inline_refs(merged, defs)
        return {key: _inline_refs(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    return node


@cache
def _validators() -> dict[str, jsonschema.Validator]:
    defs = load_schema("common")["$defs"]
    validators = {}
    for name in RECORD_SCHEMAS:
        inlined = _inline_refs(load_schema(name), defs)
        jsonschema.Draft202012Validator.check_schema(inlined)
        validators[name] = jsonschema.Draft202012Validator(inlined, format_checker=_FORMATS)
    return validators


@cache
def _fast_checks() -> dict[str, Any]:
    """Compiled validity checks (Python code generated from the same schemas).

    Almost every record is valid, and a compiled check answers "valid" ten times
    faster than jsonschema's interpreter; only a record that fails it goes to
    jsonschema, which finds *every* error and gives the messages.
    """
    formats = {"date": _is_date, "local-date-time": _is_datetime, "date-or-local-date-time": _is_when, "phone": _is_phone, "email": _is_email, "web-url": _is_url}
    checks = {}
    for name, validator in _validators().items():
        draft7 = {**validator.schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        checks[name] = fastjsonschema.compile(draft7, formats=formats)
    return checks


def schema_properties(kind: str) -> dict[str, Any]:
    return _validators()[kind].schema.get("properties", {})


def validate(kind: str, data: Any) -> list[SchemaError]:
    """All schema errors of one record, in Korean."""
    try:
        _fast_checks()[kind](data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = _validators()[kind]
    top = validator.schema
    titles = {name: str(spec.get("title", name)) for name, spec in top.get("properties", {}).items()}
    # jsonschema reports each missing property separately; each report lists all of them
    errors = (err for error in validator.iter_errors(data) for err in _translate(error, frozenset(top.get("required", ())), titles))
    return list(dict.fromkeys(errors))


def _dotted(parts: tuple[object, ...]) -> str:
    from .problems import field_path

    return field_path(parts)


def _translate(error: jsonschema.ValidationError, required: frozenset[str] = frozenset(), titles: dict[str, str] | None = None) -> Iterator[SchemaError]:
    path = tuple(error.absolute_path)
    field = _dotted(path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        order = list((schema.get("properties") or {}).keys())
        for name in missing:
            title = _title_of(error, name)
            # reported on the line after which it belongs (the field before it in the
            # schema's order that the file has), with a line to copy
            before = [key for key in order[: order.index(name)] if key in (value or {})] if name in order else []
            where = (*path, before[-1]) if before else path
            place = f"'{before[-1]}' 줄 다음에" if before else "맨 앞에"
            yield SchemaError(where, _dotted((*path, name)), f"필수 필드 '{name}'({title}){particle(name, '이/가')} 없습니다. {place} 추가하세요 (예: {_example_line(schema, name)})")
        return
    if keyword == "additionalProperties":
        known = list((schema.get("properties") or {}).keys())
        extras = [key for key in (value or {}) if key not in known]
        for key in extras:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" {quoted(close[0], '을/를')} 뜻했나요?" if close else f" 쓸 수 있는 필드: {', '.join(known)}"
            yield SchemaError((*path, key), _dotted((*path, key)), f"알 수 없는 필드 '{shown(key)}'입니다.{hint}")
        return
    if keyword == "type" and value is None:
        # `name:` with nothing after it: an untouched template field or a value lost in editing
        title = str(schema.get("title") or (titles or {}).get(str(path[-1]) if path else "", field))
        if len(path) == 1 and path[0] in required:
            yield SchemaError(path, field, f"필수 항목 {quoted(title, '이/가')} 비어 있습니다. 값을 채워 주세요")
        elif len(path) == 1:
            yield SchemaError(path, field, f"{quoted(title, '이/가')} 비어 있습니다. 값을 채워 주세요(쓰지 않을 항목이면 이 줄을 지우세요)")
        else:
            yield SchemaError(path, field, "값이 비어 있습니다. 값을 채워 주세요")
        return
    if keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        message = f"값이 {_TYPE_NAMES.get(expected, expected)}이어야 하는데 {_type_of(value)}입니다"
        if expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            message += ". 숫자처럼 보이는 값(전화번호, 우편번호 등)은 큰따옴표로 감싸세요 (예: \"06236\")"
        elif expected == "string" and isinstance(value, bool):
            message += ". yes/no/true/false 같은 값을 글자로 쓰려면 큰따옴표로 감싸세요"
        elif expected == "array" and isinstance(value, str):
            message += ". 목록은 [가, 나] 또는 줄마다 '- 가' 형식으로 쓰세요"
        elif expected in ("integer", "number") and isinstance(value, str) and re.fullmatch(r"0\d+", value):
            message += f". 숫자 앞에 0을 붙이면 글자로 읽힙니다. {int(value)}처럼 쓰세요"
        elif expected in ("integer", "number") and isinstance(value, str) and re.fullmatch(r"\d{1,3}(,\d{3})+", value):
            message += f". 쉼표 없이 {value.replace(',', '')}처럼 쓰세요"
        elif expected in ("integer", "number") and isinstance(value, str):
            message += ". 따옴표나 단위(명, 원, 시간) 없이 숫자만 쓰세요 (예: 120)"
        elif expected == "boolean" and isinstance(value, str):
            message += ". 예/아니오는 true(예) 또는 false(아니오)로만 쓰세요 (yes, no, on, off는 안 됩니다)"
        yield SchemaError(path, field, message)
        return
    if keyword == "enum" and value is None:
        return  # an empty required field: the "type" error above says "채워 주세요"
    if keyword == "enum":
        options = [str(option) for option in error.validator_value]
        close = [_KOREAN_ENUM[str(value).strip()]] if _KOREAN_ENUM.get(str(value).strip()) in options else []
        close = close or difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f" {quoted(close[0], '을/를')} 뜻했나요?" if close else ""
        yield SchemaError(path, field, f"{quoted(shown(value), '은/는')} 쓸 수 없는 값입니다.{hint} 가능한 값: {', '.join(options)}")
        return
    if keyword == "format":
        guess = likely_date(value, with_time=error.validator_value == "local-date-time") if error.validator_value in ("date", "local-date-time") else None
        hint = f" 혹시 '{guess}'인가요?" if guess else ""
        yield SchemaError(path, field, f"'{shown(value)}': {_FORMAT_MESSAGES.get(error.validator_value, '형식이 맞지 않습니다')}.{hint}" if hint else f"'{shown(value)}': {_FORMAT_MESSAGES.get(error.validator_value, '형식이 맞지 않습니다')}")
        return
    if keyword == "pattern":
        hint = schema.get("x-hint", "형식이 맞지 않습니다")
        yield SchemaError(path, field, f"'{shown(value)}': {hint}")
        return
    if keyword in ("minimum", "exclusiveMinimum"):
        bound = error.validator_value
        word = "이상" if keyword == "minimum" else "보다 커야"
        yield SchemaError(path, field, f"값 {josa(str(value), '이/가')} 너무 작습니다. {bound} {word} 합니다" if keyword != "minimum" else f"값 {josa(str(value), '이/가')} 너무 작습니다. {bound} 이상이어야 합니다")
        return
    if keyword == "minLength":
        yield SchemaError(path, field, "값이 비어 있습니다. 내용을 쓰거나 필드를 지우세요")
        return
    if keyword == "maxLength":
        hint = schema.get("x-hint", "")
        yield SchemaError(path, field, f"값이 너무 깁니다({len(value)}자, 최대 {error.validator_value}자). {hint}".strip())
        return
    if keyword == "minItems":
        yield SchemaError(path, field, f"목록이 비어 있습니다. 항목을 {error.validator_value}개 이상 채워 주세요")
        return
    if keyword == "uniqueItems":
        yield SchemaError(path, field, "목록에 같은 값이 두 번 있습니다. 하나만 남기세요")
        return
    if keyword == "$ref":  # errors under a $ref come back through their own keywords
        return
    yield SchemaError(path, field, f"값이 규칙에 맞지 않습니다: {error.message}")


def _example_line(schema: dict[str, Any], name: str) -> str:
    """`name: value` as an editor would type it, from the property's `examples`."""
    spec = (schema.get("properties") or {}).get(name, {})
    examples = spec.get("examples") or []
    if not examples:
        return f"{name}: ..."
    example = examples[0]
    if isinstance(example, list) and all(isinstance(item, str) for item in example):
        return f"{name}: [{', '.join(example)}]"
    if isinstance(example, (list, dict)):
        return f"{name}: (목록/묶음, 다른 파일 참고)"
    if spec.get("format") == "phone":  # digits and hyphens: quoted, as the schema asks
        return f'{name}: "{example}"'
    return f"{name}: {example}"


def _title_of(error: jsonschema.ValidationError, name: str) -> str:
    props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return str(props.get(name, {}).get("title", name))
