"""`python -m site_plugins new <kind> <id>`: a commented template in the right place.

The templates (templates/new/) leave every required field empty and every optional
one commented out, so an untouched copy fails `check` with "채워 주세요" messages
instead of publishing placeholder text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .load import PLACEHOLDER, SLUG  # noqa: F401 - PLACEHOLDER re-exported for tests
from .particles import josa, quoted


@dataclass(frozen=True, slots=True)
class NewKind:
    folder: str  # repository-relative
    extension: str
    label: str  # Korean, for messages


NEW_KINDS = {
    "coop": NewKind("data/coops", ".yaml", "협동조합"),
    "center": NewKind("data/centers", ".yaml", "상담센터"),
    "course": NewKind("data/education", ".yaml", "교육 과정"),
    "program": NewKind("data/programs", ".yaml", "지원사업"),
    "author": NewKind("data/authors", ".yaml", "필자"),
    "library": NewKind("data/library", ".yaml", "자료실 자료"),
    "job": NewKind("data/jobs", ".yaml", "채용·모집 공고"),
    "event": NewKind("data/events", ".yaml", "행사"),
    "case": NewKind("content/cases", ".md", "사례"),
    "column": NewKind("content/columns", ".md", "칼럼"),
    "newsletter": NewKind("content/newsletter", ".md", "소식지"),
}

class ScaffoldError(Exception):
    """A Korean message for the editor; nothing was written."""


def template_text(kind: str) -> str:
    return (resources.files("site_plugins") / "templates" / "new" / f"{kind}{NEW_KINDS[kind].extension}").read_text(encoding="utf-8")


def create(root: Path, kind: str, record_id: str) -> Path:
    """Write the template for `kind` as `record_id`; refuse anything that would clash."""
    if kind not in NEW_KINDS:
        raise ScaffoldError(f"{quoted(kind, '은/는')} 만들 수 없는 종류입니다. 가능한 값: {', '.join(NEW_KINDS)}")
    spec = NEW_KINDS[kind]
    if not SLUG.match(record_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")
        raise ScaffoldError(
            f"{quoted(record_id, '은/는')} id로 쓸 수 없습니다. 영문 소문자, 숫자, 하이픈(-)만 쓰고 하이픈으로 시작하거나 끝나지 마세요 "
            f"(예: {suggestion if SLUG.match(suggestion) else 'mapo-dolbom'})"
        )
    folder = root / spec.folder
    if not (root / spec.folder.split("/")[0]).is_dir():
        raise ScaffoldError(f"{root}에 {spec.folder.split('/')[0]}/ 폴더가 없습니다. 저장소 최상위 폴더에서 실행하거나 --root를 쓰세요")
    extensions = (".yaml", ".yml") if spec.extension == ".yaml" else (".md",)
    if folder.is_dir():
        for existing in sorted(folder.iterdir()):
            stem, _, ext = existing.name.rpartition(".")
            if stem.casefold() == record_id.casefold() and f".{ext}" in extensions:
                raise ScaffoldError(f"{josa(f'{spec.folder}/{existing.name}', '이/가')} 이미 있습니다. 그 파일을 고치거나 다른 id를 쓰세요")
    target = folder / f"{record_id}{spec.extension}"
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        text = fill_today(template_text(kind))
        handle.write(text if text.endswith("\n") else text + "\n")  # POSIX text files end in a newline
    return target


TODAY_LINE = "listed: YYYY-MM-DD"  # a co-op's `listed` (contract, second round): `new` fills today


def fill_today(text: str) -> str:
    """The template with `listed:` set to today, in Seoul (SOURCE_DATE_EPOCH when set)."""
    from .clock import build_time

    return text.replace(TODAY_LINE, f"listed: {build_time().date().isoformat()}")
