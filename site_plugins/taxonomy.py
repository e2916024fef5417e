"""Controlled vocabularies from `data/taxonomy/*.yaml`: loading, resolving, suggesting.

Vocabularies are data, not code: a new 시도 or a renamed industry is an edit to a
YAML file. A value may be written as the term's id, its Korean label, an alias
or its official code; all resolve to the same term.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .model import Taxonomies, Term
from .particles import quoted
from .problems import Problems, field_path
from .slug import SLUG
from .textfile import read as read_text_file
from .values import check_suspects, shown
from .yamlread import parse

KINDS = ("regions", "industries", "categories", "types", "fields", "tracks", "activities")
# A repository written before these vocabularies existed still loads: the file may be
# missing (then no record can name one of its terms, and one that does is told so).
OPTIONAL_KINDS = ("activities",)
KIND_LABELS = {
    "regions": "지역",
    "industries": "업종",
    "categories": "조합원 유형",
    "types": "법인 유형",
    "fields": "전략분야",
    "tracks": "교육 분류",
    "activities": "사업 분류",
    "status": "상태",
}
# A co-op's status is a fixed value of the schema (active, dissolved, suspended), not a
# data file; it becomes a vocabulary here so that /status/<id>/ pages, the directory and
# the search index treat it like every other facet. Order: as the schema lists them.
STATUS_TERMS = (
    ("active", "운영 중", "지금 사업을 하고 있는 협동조합"),
    ("dissolved", "해산", "해산해 더는 사업을 하지 않는 협동조합(기록으로 남겨 둡니다)"),
    ("suspended", "휴업", "사업을 잠시 멈춘 협동조합(다시 문을 열면 운영 중으로 바뀝니다)"),
)
_TERM_KEYS = {"id", "label", "parent", "level", "code", "description", "aliases", "special_law", "restricted"}


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


@dataclass(slots=True)
class Vocabulary:
    """Lookup for one kind: every spelling of a term maps to its id."""

    kind: str
    terms: dict[str, Term]
    spellings: dict[str, str]

    def resolve(self, value: str) -> str | None:
        return self.spellings.get(_key(value))

    def suggest(self, value: str, *, level: str | None = None, n: int = 3) -> list[str]:
        candidates = {
            spelling: term_id
            for spelling, term_id in self.spellings.items()
            if level is None or self.terms[term_id].level == level
        }
        close = difflib.get_close_matches(_key(value), list(candidates), n=n * 3, cutoff=0.4)
        seen: list[str] = []
        for spelling in close:
            term = self.terms[candidates[spelling]]
            shown = f"{term.id}({term.label})"
            if shown not in seen:
                seen.append(shown)
        return seen[:n]


def load_taxonomies(root: Path, problems: Problems) -> tuple[Taxonomies, dict[str, Vocabulary]]:
    taxonomies = Taxonomies()
    vocabularies: dict[str, Vocabulary] = {}
    folder = root / "data" / "taxonomy"
    for kind in KINDS:
        path = folder / f"{kind}.yaml"
        rel = path.relative_to(root).as_posix()
        terms: dict[str, Term] = {}
        if not path.is_file():
            if kind not in OPTIONAL_KINDS:
                problems.add(rel, 1, f"분류 파일이 없습니다. {KIND_LABELS[kind]} 분류를 이 파일에 정의하세요.")
        else:
            terms = _read_terms(path, rel, kind, problems)
        taxonomies.kinds[kind] = terms
        spellings: dict[str, str] = {}
        for term in terms.values():
            for spelling in (term.id, term.label, term.code, *term.aliases):
                if spelling:
                    spellings.setdefault(_key(spelling), term.id)
        vocabularies[kind] = Vocabulary(kind, terms, spellings)
    taxonomies.kinds["status"] = {
        term_id: Term(kind="status", id=term_id, label=label, description=description, order=index)
        for index, (term_id, label, description) in enumerate(STATUS_TERMS)
    }
    return taxonomies, vocabularies


def _read_terms(path: Path, rel: str, kind: str, problems: Problems) -> dict[str, Term]:
    text, text_problems = read_text_file(path)
    for tp in text_problems:
        problems.add(rel, tp.line, tp.message)
    if text is None:
        return {}
    doc, errors = parse(text)
    for error in errors:
        problems.add(rel, error.line, error.message)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("terms"), list):
        if doc is not None:
            problems.add(rel, 1, "분류 파일은 'kind:'와 'terms:' 목록으로 이루어져야 합니다.")
        return {}
    if doc.data.get("kind") != kind:
        problems.add(rel, doc.line_of(["kind"]), f"'kind: {kind}'이어야 합니다(파일 이름과 같아야 함).", "kind")
    for problem in check_suspects(doc.suspects):
        problems.add(rel, problem.line, problem.message, field_path(problem.path))
    terms: dict[str, Term] = {}
    for index, raw in enumerate(doc.data["terms"]):
        line = doc.line_of(["terms", index])
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("label"), str):
            problems.add(rel, line, "분류 항목마다 id와 label(한글 이름)이 있어야 합니다.", f"terms[{index + 1}]")
            continue
        unknown = set(raw) - _TERM_KEYS
        if unknown:
            problems.add(rel, line, f"알 수 없는 필드: {', '.join(sorted(unknown))}", f"terms[{index + 1}]")
        if not SLUG.match(raw["id"]):
            # the id is a URL segment and a folder name under site/: nothing else may pass
            problems.add(rel, doc.line_of(["terms", index, "id"]), f"id {quoted(shown(raw['id']), '은/는')} 쓸 수 없습니다. 주소가 되므로 영문 소문자, 숫자, 하이픈(-)만 쓰세요 (예: mapo)", f"terms[{index + 1}].id")
            continue
        if raw["id"] in terms:
            problems.add(rel, line, f"id {quoted(raw['id'], '이/가')} 두 번 나옵니다.", f"terms[{index + 1}].id")
            continue
        aliases = raw.get("aliases") or []
        terms[raw["id"]] = Term(
            kind=kind,
            id=raw["id"],
            label=raw["label"],
            parent=raw.get("parent"),
            level=str(raw.get("level") or ""),
            code=str(raw.get("code") or ""),
            description=str(raw.get("description") or ""),
            aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
            special_law=raw.get("special_law") is True,
            restricted=raw.get("restricted") is True,
            order=index,
        )
    for index, term in enumerate(terms.values()):
        if term.parent and term.parent not in terms:
            problems.add(rel, doc.line_of(["terms", index, "parent"]), f"상위 항목 {quoted(term.parent, '이/가')} 없습니다.", "parent")
    return terms
