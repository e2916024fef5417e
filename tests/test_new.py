"""`python -m site_plugins new`: templates that guide, refuse to clobber, and cannot
be published untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from golden_helpers import REPO, make_site, run_check
from site_plugins.cli import main as cli_main
from site_plugins.load import split_front_matter
from site_plugins.scaffold import NEW_KINDS
from site_plugins.yamlread import parse

FILLS = {
    "coop": {"name": "테스트협동조합", "summary": "테스트로 만든 협동조합", "district": "마포구", "industry": "G", "category": "소비자", "legal_type": "협동조합", "founded": "2015-06-01"},
    "center": {"name": "테스트 상담센터", "operator": "테스트 재단", "area": "서북권", "phone": '"02-000-0000"', "address": "서울특별시 중구 세종대로 110"},
    "course": {"title": "테스트 과정", "track": "창업교육", "audience": "시민", "start": '"2027-01-14T14:00"', "end": '"2027-01-14T17:00"'},
    "program": {"title": "테스트 사업", "organizer": "서울특별시", "summary": "테스트 지원사업"},
    "author": {"name": "테스트 필자"},
    "library": {"title": "테스트 사례집", "kind": "casebook", "publisher": "서울특별시", "year": "2016"},
    "job": {"title": "테스트 채용", "coop": "mapo-dolbom", "kind": "job", "closes": "2026-12-31"},
    "event": {"title": "테스트 설명회", "start": '"2027-02-18T14:00"', "end": '"2027-02-18T16:00"'},
    "case": {"title": "테스트 사례", "date": "2026-01-10", "summary": "요약", "coops": "[mapo-dolbom]"},
    "column": {"title": "테스트 칼럼", "date": "2026-01-10", "author": "kim-editor"},
    "newsletter": {"title": "테스트 소식지", "date": "2026-01-10"},
}
SCHEMA_OF = {"coop": "coop", "center": "center", "course": "course", "program": "program", "author": "author", "case": "case", "column": "column", "newsletter": "newsletter",
             "library": "library", "job": "job", "event": "event"}


def fill_required(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^(\s*(?:- )?{key}):[ \t]*$", rf"\g<1>: {value}", text)
        assert count == 1, f"template has no empty '{key}:' line"
    return text.replace("(채워 주세요: ", "(").replace("\n(", "\n본문입니다. (", 1)


def uncomment_optional(text: str) -> str:
    """Turn every commented example under a '# [선택]' line into real YAML."""
    out, in_example = [], False
    for line in text.split("\n"):
        if line.startswith("# [선택]"):
            in_example = True
            out.append(line)
        elif in_example and line.startswith("#") and not line.startswith("# ["):
            out.append(line[2:] if line.startswith("# ") else line[1:])
        else:
            in_example = False
            out.append(line)
    # the examples name the real repository's author and programme; the test site has its own
    return "\n".join(out).replace("han-soyeon", "kim-editor").replace("alley-economy-small-business-collaboration", "seed-fund")


def _new(root: Path, kind: str, record_id: str) -> tuple[int, Path]:
    code = cli_main(["new", kind, record_id, "--root", str(root)])
    return code, root / NEW_KINDS[kind].folder / f"{record_id}{NEW_KINDS[kind].extension}"


def _data(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text)[0] or ""
    doc, errors = parse(text)
    assert doc is not None and not errors, errors
    return doc.data


def _validator(kind: str) -> jsonschema.Validator:
    folder = REPO / "site_plugins" / "schemas"
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))) for path in folder.glob("*.schema.json")
    )
    schema = json.loads((folder / f"{SCHEMA_OF[kind]}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, registry=registry)


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_untouched_template_fails_with_fill_in_messages(kind, tmp_path):
    root = make_site(tmp_path)
    code, path = _new(root, kind, "new-entry")
    assert code == 0 and path.is_file()
    assert path.read_bytes().endswith(b"\n") and not path.read_bytes().endswith(b"\n\n")
    code, lines, _ = run_check(root)
    assert code == 1
    assert lines and all(line.startswith(path.relative_to(root).as_posix() + ":") for line in lines)
    assert all("채워 주세요" in line for line in lines), lines


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_filled_template_passes_check_and_its_schema(kind, tmp_path):
    root = make_site(tmp_path)
    _, path = _new(root, kind, "new-entry")
    path.write_text(fill_required(path.read_text(encoding="utf-8"), FILLS[kind]), encoding="utf-8")
    assert run_check(root)[:2] == (0, [])
    assert list(_validator(kind).iter_errors(_data(path))) == []


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_every_optional_example_in_the_template_is_valid(kind, tmp_path):
    root = make_site(tmp_path)
    _, path = _new(root, kind, "new-entry")
    path.write_text(uncomment_optional(fill_required(path.read_text(encoding="utf-8"), FILLS[kind])), encoding="utf-8")
    if kind == "library":  # the template's `file:` example names a file the editor uploads beside it
        files = root / "content" / "library" / "files"
        files.mkdir(parents=True)
        (files / "collaboration-guide-2016.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, lines, _ = run_check(root)
    assert (code, lines) == (0, [])
    data = _data(path)
    assert isinstance(data, dict) and len(data) > len(FILLS[kind]) - (1 if kind in ("course", "event") else 0)
    assert list(_validator(kind).iter_errors(data)) == []


def test_yaml_templates_point_editors_at_their_schema(tmp_path):
    root = make_site(tmp_path)
    for kind, spec in NEW_KINDS.items():
        if spec.extension != ".yaml":
            continue
        _, path = _new(root, kind, "new-entry")
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, first
        # relative to where the file lives in the repository
        schema_in_repo = (REPO / spec.folder / match.group(1)).resolve()
        assert schema_in_repo == (REPO / "site_plugins/schemas" / f"{SCHEMA_OF[kind]}.schema.json").resolve()


@pytest.mark.parametrize("bad_id", ["Mapo", "mapo_dolbom", "mapo--dolbom", "mapo-", "마포", "mapo dolbom", "../escape", ""])
def test_invalid_id_is_refused(bad_id, tmp_path, capsys):
    root = make_site(tmp_path)
    before = sorted(p for p in root.rglob("*"))
    assert cli_main(["new", "coop", bad_id, "--root", str(root)]) == 1
    assert "id로 쓸 수 없습니다" in capsys.readouterr().err
    assert sorted(p for p in root.rglob("*")) == before


@pytest.mark.parametrize("existing", ["mapo-dolbom.yaml", "mapo-dolbom.yml", "Mapo-Dolbom.yaml"])
def test_existing_file_is_never_overwritten(existing, tmp_path, capsys):
    root = make_site(tmp_path)
    folder = root / "data/coops"
    for path in folder.iterdir():
        path.rename(folder / existing)
    original = (folder / existing).read_bytes()
    assert cli_main(["new", "coop", "mapo-dolbom", "--root", str(root)]) == 1
    assert "이미 있습니다" in capsys.readouterr().err
    assert (folder / existing).read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == [existing]


def test_unknown_kind_is_refused_in_korean(tmp_path, capsys):
    root = make_site(tmp_path)
    assert cli_main(["new", "coopp", "x", "--root", str(root)]) == 1
    assert "만들 수 없는 종류" in capsys.readouterr().err


@pytest.mark.parametrize("kind", sorted(NEW_KINDS))
def test_template_explains_every_field_of_its_schema(kind):
    from site_plugins.scaffold import template_text

    text = template_text(kind)
    schema = json.loads((REPO / "site_plugins/schemas" / f"{SCHEMA_OF[kind]}.schema.json").read_text(encoding="utf-8"))
    missing = [name for name in schema["properties"] if not re.search(rf"(?m)^(# )?\s*{re.escape(name)}:", text)]
    # page-description fields are filled from the summary when absent; they need no prompt
    assert [name for name in missing if name != "description" or kind in ("coop", "center", "course", "program")] == []
    for name in schema.get("required", []):
        assert re.search(rf"(?m)^# \[필수\].*\n{re.escape(name)}:[ \t]*$", text), f"{kind}: '{name}' is not marked [필수]"


def test_new_coop_is_listed_today(tmp_path, monkeypatch):
    """Contract, second round: `listed` is the day the entry was added; `new` fills it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795316400")  # 2026-11-22 in Seoul
    root = make_site(tmp_path)
    _, path = _new(root, "coop", "new-entry")
    assert re.search(r"(?m)^listed: 2026-11-22$", path.read_text(encoding="utf-8"))
