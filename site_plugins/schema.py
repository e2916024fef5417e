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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Callable, Iterator

import jsonschema
from referencing import Registry, Resource

SCHEMA_DIR = resources.files("site_plugins") / "schemas"
RECORD_SCHEMAS = ("coop", "center", "course", "program", "author", "case", "column", "newsletter", "page")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$")
_PHONE = re.compile(r"^(?:\+82-?)?0?\d{1,4}-\d{3,4}-\d{4}$|^1\d{3}-\d{4}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")


def parse_date(value: str) -> dt.date | None:
    if not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS][offset]`; without an offset the time is Seoul's."""
    match = _DATETIME.match(value)
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


_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


@_FORMATS.checks("local-date-time")
def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


@_FORMATS.checks("phone")
def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or bool(_PHONE.match(value))


@_FORMATS.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


@_FORMATS.checks("web-url")
def _is_url(value: object) -> bool:
    return not isinstance(value, str) or bool(_URL.match(value))


_FORMAT_MESSAGES = {
    "date": "날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다 (예: 2013-02-15)",
    "local-date-time": "날짜와 시각은 YYYY-MM-DDTHH:MM 형식의 실제 시각이어야 합니다 (예: 2027-01-14T14:00)",
    "phone": "전화번호 형식이 아닙니다. 지역번호와 하이픈을 넣어 따옴표 안에 쓰세요 (예: \"02-3498-3721\", \"1544-5077\")",
    "email": "이메일 주소 형식이 아닙니다 (예: info@example.org)",
    "web-url": "주소는 http:// 또는 https://로 시작하는 웹 주소여야 합니다 (javascript:, data: 등은 쓸 수 없습니다)",
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


@cache
def _registry_and_validators() -> tuple[Registry, dict[str, jsonschema.Validator]]:
    schemas = {
        name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in ("common", *RECORD_SCHEMAS)
    }
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    validators = {
        name: jsonschema.Draft202012Validator(schemas[name], registry=registry, format_checker=_FORMATS)
        for name in RECORD_SCHEMAS
    }
    return registry, validators


def schema_properties(kind: str) -> dict[str, Any]:
    return _registry_and_validators()[1][kind].schema.get("properties", {})


def validate(kind: str, data: Any) -> list[SchemaError]:
    """All schema errors of one record, in Korean, deepest first within a field."""
    fast = _fast_checks().get(kind)
    if fast is not None and fast(data):
        return []
    validator = _registry_and_validators()[1][kind]
    return [err for error in validator.iter_errors(data) for err in _translate(error)]


# --- fast path ----------------------------------------------------------------------------
# jsonschema spends most of its time resolving $refs: 70% of `check` on a large corpus.
# Almost every record is valid, so each schema is also compiled into a plain predicate
# that says "certainly valid" or "ask jsonschema". It may only ever be stricter than
# jsonschema (a false "no" costs time, a false "yes" would hide an error), and a schema
# with a keyword it does not know gets no predicate at all.

Check = Callable[[Any], bool]
_ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "x-hint", "default", "examples"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    pass


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compile(node: Any, doc: dict[str, Any], docs: dict[str, dict[str, Any]]) -> Check:
    if not isinstance(node, dict):
        raise _Unsupported(node)
    checks: list[Check] = []
    for keyword, value in node.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "$ref":
            target, _, pointer = value.partition("#")
            target_doc = docs[target.rsplit("/", 1)[-1]] if target else doc
            resolved: Any = target_doc
            for part in filter(None, pointer.split("/")):
                resolved = resolved[part]
            checks.append(_compile(resolved, target_doc, docs))
        elif keyword == "type":
            if not isinstance(value, str) or value not in _TYPES:
                raise _Unsupported(value)
            checks.append(_TYPES[value])
        elif keyword == "properties":
            props = {name: _compile(sub, doc, docs) for name, sub in value.items()}
            checks.append(lambda v, props=props: not isinstance(v, dict) or all(props[k](v[k]) for k in props.keys() & v.keys()))
        elif keyword == "required":
            checks.append(lambda v, names=tuple(value): not isinstance(v, dict) or all(name in v for name in names))
        elif keyword == "additionalProperties":
            if value is not False:
                raise _Unsupported(keyword)
            known = frozenset(node.get("properties", {}))
            checks.append(lambda v, known=known: not isinstance(v, dict) or all(isinstance(k, str) and k in known for k in v))
        elif keyword == "items":
            item = _compile(value, doc, docs)
            checks.append(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
        elif keyword == "minItems":
            checks.append(lambda v, n=value: not isinstance(v, list) or len(v) >= n)
        elif keyword == "uniqueItems":
            if value:  # only lists of strings are judged here; anything else goes to jsonschema
                checks.append(lambda v: not isinstance(v, list) or (all(isinstance(x, str) for x in v) and len(set(v)) == len(v)))
        elif keyword == "minLength":
            checks.append(lambda v, n=value: not isinstance(v, str) or len(v) >= n)
        elif keyword == "maxLength":
            checks.append(lambda v, n=value: not isinstance(v, str) or len(v) <= n)
        elif keyword == "pattern":
            checks.append(lambda v, rx=re.compile(value): not isinstance(v, str) or rx.search(v) is not None)
        elif keyword == "format":
            checks.append(lambda v, f=value: _FORMATS.conforms(v, f))
        elif keyword == "enum":
            if not all(isinstance(option, str) for option in value):
                raise _Unsupported(keyword)
            checks.append(lambda v, options=frozenset(value): isinstance(v, str) and v in options)
        elif keyword == "minimum":
            checks.append(lambda v, n=value: not _is_num(v) or v >= n)
        elif keyword == "exclusiveMinimum":
            checks.append(lambda v, n=value: not _is_num(v) or v > n)
        else:
            raise _Unsupported(keyword)
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


@cache
def _fast_checks() -> dict[str, Check]:
    docs = {
        f"{name}.schema.json": json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in ("common", *RECORD_SCHEMAS)
    }
    compiled: dict[str, Check] = {}
    for name in RECORD_SCHEMAS:
        doc = docs[f"{name}.schema.json"]
        try:
            compiled[name] = _compile(doc, doc, docs)
        except (_Unsupported, KeyError):
            pass  # jsonschema alone judges this schema
    return compiled


def _dotted(parts: tuple[object, ...]) -> str:
    from .problems import field_path

    return field_path(parts)


def _translate(error: jsonschema.ValidationError) -> Iterator[SchemaError]:
    path = tuple(error.absolute_path)
    field = _dotted(path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        for name in missing:
            title = _title_of(error, name)
            yield SchemaError(path, _dotted((*path, name)), f"필수 필드 '{name}'({title})이(가) 없습니다. 추가하세요")
        return
    if keyword == "additionalProperties":
        known = list((schema.get("properties") or {}).keys())
        extras = [key for key in (value or {}) if key not in known]
        for key in extras:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" '{close[0]}'을(를) 뜻했나요?" if close else f" 쓸 수 있는 필드: {', '.join(known)}"
            yield SchemaError((*path, key), _dotted((*path, key)), f"알 수 없는 필드 '{key}'입니다.{hint}")
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
        elif expected == "integer" and isinstance(value, str):
            message += ". 따옴표 없이 숫자만 쓰세요 (예: 120)"
        elif value is None:
            message += ". 값을 채우거나 필드를 지우세요"
        yield SchemaError(path, field, message)
        return
    if keyword == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f" '{close[0]}'을(를) 뜻했나요?" if close else ""
        yield SchemaError(path, field, f"'{value}'은(는) 쓸 수 없는 값입니다.{hint} 가능한 값: {', '.join(options)}")
        return
    if keyword == "format":
        yield SchemaError(path, field, f"'{value}': {_FORMAT_MESSAGES.get(error.validator_value, '형식이 맞지 않습니다')}")
        return
    if keyword == "pattern":
        hint = schema.get("x-hint", "형식이 맞지 않습니다")
        yield SchemaError(path, field, f"'{value}': {hint}")
        return
    if keyword in ("minimum", "exclusiveMinimum"):
        bound = error.validator_value
        word = "이상" if keyword == "minimum" else "보다 커야"
        yield SchemaError(path, field, f"값 {value}이(가) 너무 작습니다. {bound} {word} 합니다" if keyword != "minimum" else f"값 {value}이(가) 너무 작습니다. {bound} 이상이어야 합니다")
        return
    if keyword == "minLength":
        yield SchemaError(path, field, "값이 비어 있습니다. 내용을 쓰거나 필드를 지우세요")
        return
    if keyword == "maxLength":
        hint = schema.get("x-hint", "")
        yield SchemaError(path, field, f"값이 너무 깁니다({len(value)}자, 최대 {error.validator_value}자). {hint}".strip())
        return
    if keyword == "minItems":
        yield SchemaError(path, field, f"목록에 항목이 {error.validator_value}개 이상 있어야 합니다")
        return
    if keyword == "uniqueItems":
        yield SchemaError(path, field, "목록에 같은 값이 두 번 있습니다. 하나만 남기세요")
        return
    if keyword == "$ref":  # errors under a $ref come back through their own keywords
        return
    yield SchemaError(path, field, f"값이 규칙에 맞지 않습니다: {error.message}")


def _title_of(error: jsonschema.ValidationError, name: str) -> str:
    props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return str(props.get(name, {}).get("title", name))
