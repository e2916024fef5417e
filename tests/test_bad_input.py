"""Inputs a golden folder cannot hold portably (NFD and case-only file names, huge
files), and mistakes made in copies of the repository's own records."""

from __future__ import annotations

import re
import shutil
import time
import unicodedata

import pytest

from golden_helpers import FIXTURE, REPO, make_site, run_check
from site_plugins import textfile

LINE = re.compile(r"^[^:]+:\d+: .+")


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site")


def _coop_text() -> str:
    return (FIXTURE / "data/coops/mapo-dolbom.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder, name, text", [("content", "공지.md", "# 공지\n"), ("content/cases", "사례.md", "# 사례\n"), ("data/coops", "마포돌봄.yaml", "name: x\n")])
def test_nfd_file_name_is_refused(site, folder, name, text):
    (site / folder / unicodedata.normalize("NFD", name)).write_text(text, encoding="utf-8")
    code, lines, _ = run_check(site)
    assert code == 1
    assert len(lines) == 1 and "NFD" in lines[0] and lines[0].startswith(f"{folder}/")


def test_case_only_collision_is_refused(site):
    text = _coop_text()
    (site / "data/coops/mapo-dolbom.yaml").rename(site / "data/coops/mapo-dolbom.yml")
    (site / "data/coops/Mapo-Dolbom.yaml").write_text(text, encoding="utf-8")
    if len(list((site / "data/coops").iterdir())) != 2:  # pragma: no cover
        pytest.skip("case-insensitive file system")
    code, lines, _ = run_check(site)
    assert code == 1
    assert any("Mapo-Dolbom.yaml" in line and "영문 소문자" in line for line in lines)


def test_file_too_large(site):
    (site / "data/coops/big.yaml").write_text(_coop_text() + "source: " + "가" * textfile.MAX_BYTES + "\n", encoding="utf-8")
    code, lines, _ = run_check(site)
    assert code == 1
    assert lines == [f"data/coops/big.yaml:1: 파일이 너무 큽니다({(site / 'data/coops/big.yaml').stat().st_size:,}바이트, 최대 {textfile.MAX_BYTES:,}바이트). 내용을 나누거나 이미지 등은 따로 올리세요."]


def test_all_problems_reported_in_one_run(site):
    """Three files, three mistakes: one run names all of them."""
    (site / "data/coops/a.yaml").write_text(_coop_text().replace("members: 42", "members: -1"), encoding="utf-8")
    (site / "data/coops/b.yaml").write_bytes(_coop_text().encode("cp949", errors="replace"))
    (site / "content/notice.md").write_text("# 공지\n\n<script>x</script>\n", encoding="utf-8")
    code, lines, _ = run_check(site)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["content/notice.md", "data/coops/a.yaml", "data/coops/b.yaml"]
    assert all(LINE.match(line) for line in lines)


REAL_COOPS = sorted((REPO / "data/coops").glob("*.yaml"))[:3]

BREAKAGES = {
    # (what the editor did, how, the field the message must name)
    "founded-impossible": (lambda t: re.sub(r"(?m)^founded: .*$", "founded: 2023-02-30", t), "(founded)"),
    "district-unknown": (lambda t: re.sub(r"(?m)^district: .*$", "district: 강남", t), "(district)"),
    "name-removed": (lambda t: re.sub(r"(?m)^name: .*\n", "", t), "(name)"),
    "typo-field": (lambda t: t.replace("summary:", "sumary:", 1), "(sumary)"),
    "script-in-description": (lambda t: t + "description: |\n  <script>alert(1)</script>\n" if "description:" not in t else t.replace("description: |\n", "description: |\n  <script>alert(1)</script>\n", 1), "(description)"),
}


@pytest.mark.skipif(not REAL_COOPS, reason="no co-op records in data/coops yet")
@pytest.mark.parametrize("coop", REAL_COOPS, ids=[p.stem for p in REAL_COOPS])
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_real_records_broken_are_refused(site, coop, breakage):
    shutil.copy(coop, site / "data/coops" / coop.name)
    assert run_check(site)[0] == 0, "the real record must pass as it is"
    change, field = BREAKAGES[breakage]
    path = site / "data/coops" / coop.name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, lines, _ = run_check(site)
    assert code == 1
    assert any(line.startswith(f"data/coops/{coop.name}:") and line.endswith(field) for line in lines), lines
    assert all(LINE.match(line) for line in lines)


def test_links_are_refused_and_never_followed(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# 비밀\n\nTOP-SECRET\n", encoding="utf-8")
    (site / "data/coops/ghost.yaml").symlink_to(site / "nowhere.yaml")  # dangling
    (site / "content/ghost.md").symlink_to(outside / "secret.md")
    (site / "content/linked").symlink_to(outside, target_is_directory=True)
    code, lines, output = run_check(site)
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == ["content/ghost.md:1", "content/linked:1", "data/coops/ghost.yaml:1"]
    assert all("심볼릭 링크" in line for line in lines)
    assert "TOP-SECRET" not in output and "비밀" not in output


def test_alias_bomb_is_refused_quickly(site):
    """Nested aliases would make 10^9 values for the validator to walk."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    (site / "data/coops/bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    code, lines_out, _ = run_check(site)
    assert time.perf_counter() - started < 10
    assert code == 1 and lines_out == ["data/coops/bomb.yaml:1: YAML 별칭(&이름, *이름)은 쓸 수 없습니다. 같은 값이 또 필요하면 그 값을 다시 쓰세요."]
