"""The curated search spellings: `data/search/spellings.yaml`, read and checked like other data.

A small list of well-known other spellings and abbreviations (생협 → 생활협동조합,
coop ↔ cooperative, 카페 ↔ 까페) that the search index ships in its manifest
(`site_plugins/search/tokenizer.py`, rule 4). A co-op's own other names are not
here but in its `aliases` field.

The file is optional (a repository without it simply has no curated spellings).
When present it goes through the same steps as a record: the YAML reader, the
trust boundary (`values.check_suspects`), the JSON Schema
(`schemas/spellings.schema.json`), then the rules no schema can say: every word
must hold something a search can match, and no word may head two groups.
"""

from __future__ import annotations

from pathlib import Path

from . import schema
from .model import Spelling
from .particles import quoted
from .problems import Problems, field_path
from .search.tokenizer import spelling_key
from .textfile import read as read_text_file
from .values import check_suspects, shown
from .yamlread import parse

PATH = "data/search/spellings.yaml"


def load_spellings(root: Path, problems: Problems) -> tuple[Spelling, ...]:
    """The groups of `data/search/spellings.yaml`; problems reported as `path:line`, never raised."""
    path = root / PATH
    if not path.is_file():
        return ()
    text, text_problems = read_text_file(path)
    for tp in text_problems:
        problems.add(PATH, tp.line, tp.message)
    if text is None:
        return ()
    doc, errors = parse(text)
    for error in errors:
        problems.add(PATH, error.line, error.message)
    if doc is None or errors:
        return ()
    before = len(problems)
    for problem in check_suspects(doc.suspects):
        problems.add(PATH, problem.line, problem.message, field_path(problem.path))
    for error in schema.validate("spellings", doc.data):
        problems.add(PATH, doc.line_of(error.path), error.message, error.field)
    if len(problems) > before:
        return ()
    groups: list[Spelling] = []
    heads: dict[str, tuple[int, str]] = {}  # spelling key -> (group index, word) where it is a word
    for index, raw in enumerate(doc.data["spellings"]):
        ok = True
        for name in ("words", "means"):
            for position, word in enumerate(raw.get(name) or ()):
                where = ("spellings", index, name, position)
                key = spelling_key(word)
                held = heads.get(key)
                if not key:
                    problems.add(PATH, doc.line_of(where), f"'{shown(word)}'에는 검색할 수 있는 글자(한글, 한자, 영문, 숫자)가 없습니다", field_path(where))
                    ok = False
                elif name == "words" and held and held[0] == index:
                    problems.add(PATH, doc.line_of(where), f"{quoted(shown(word), '은/는')} 검색에서 {quoted(shown(held[1]), '과/와')} 같은 말입니다(띄어쓰기·문장부호·대소문자만 다름). 하나만 남기세요", field_path(where))
                    ok = False
                elif name == "words" and held:
                    line = doc.line_of(("spellings", held[0]))
                    problems.add(PATH, doc.line_of(where), f"{quoted(shown(word), '이/가')} {line}번째 줄의 묶음에도 있습니다. 한 말은 한 묶음에만 쓰세요", field_path(where))
                    ok = False
                elif name == "words":
                    heads[key] = (index, word)
        if ok:
            groups.append(Spelling(tuple(raw["words"]), tuple(raw.get("means") or ())))
    return tuple(groups)


def spelling_table(groups: tuple[Spelling, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(spelling key, the other spellings a search for it also looks for), sorted by key.

    A group without `means` links each word to the others; with `means`, each
    word to the means. Keys are `spelling_key` forms (``co-op`` → ``coop``).
    """
    table: dict[str, list[str]] = {}
    for group in groups:
        for word in group.words:
            others = group.means or tuple(w for w in group.words if spelling_key(w) != spelling_key(word))
            table.setdefault(spelling_key(word), []).extend(o for o in others if o not in table.get(spelling_key(word), ()))
    return tuple((key, tuple(others)) for key, others in sorted(table.items()) if others)
