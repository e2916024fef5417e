"""Scale work: the synthetic corpus, the schema fast path, the caches and the stamping memo."""

from __future__ import annotations

import copy

import fastjsonschema
import gc
import hashlib
import os
import random
from pathlib import Path

import pytest

from site_plugins import schema
from site_plugins.heap import frozen_heap, paused_collection
from site_plugins.load import load_site
from site_plugins.mkdocs_adapter.stamping import stamp_all
from site_plugins.output import Page, _relative_url_posix, relative_url
from site_plugins.synth import particles, synthesize
from site_plugins.writer import WriteError, Writer, write_if_changed
from site_plugins.yamlread import parse

REPO = Path(__file__).resolve().parents[1]


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "data").rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(REPO, tmp_path_factory.mktemp("synth") / "repo", 400, seed=7).root


def test_synth_is_deterministic_and_sized(tmp_path: Path, corpus: Path) -> None:
    again = synthesize(REPO, tmp_path / "again", 400, seed=7)
    assert again.coops == 400
    assert len(list((again.root / "data" / "coops").glob("*.yaml"))) == 400
    assert _tree_hash(again.root) == _tree_hash(corpus)
    other = synthesize(REPO, tmp_path / "other", 400, seed=8)
    assert _tree_hash(other.root) != _tree_hash(corpus)
    # a smaller run into the same folder leaves no co-op of the larger one behind
    smaller = synthesize(REPO, tmp_path / "again", 120, seed=7)
    assert len(list((smaller.root / "data" / "coops").glob("*.yaml"))) == 120


def test_synth_refuses_to_overwrite_the_repository() -> None:
    with pytest.raises(ValueError):
        synthesize(REPO, REPO, 10)


def test_synth_corpus_passes_check_and_uses_every_facet(corpus: Path) -> None:
    site, problems = load_site(corpus)
    assert not problems, problems.report()
    coops = list(site.coops.values())
    assert len(coops) == 400
    tax = site.taxonomies
    districts = {t.id for t in tax.terms("regions") if t.level == "district"}
    assert {c.district for c in coops} == districts
    assert {c.industry for c in coops} == {t.id for t in tax.terms("industries")}
    assert {c.category for c in coops} == {t.id for t in tax.terms("categories")}
    assert {c.legal_type for c in coops} == {t.id for t in tax.terms("types")}
    assert {f for c in coops for f in c.fields} == {t.id for t in tax.terms("fields")}
    assert {c.status for c in coops} == {"active", "dissolved", "suspended"}
    assert all(c.legal_type == "credit-union" for c in coops if c.industry == "finance")
    assert any("\n- " in c.description for c in coops) and any("](https://" in c.description for c in coops)
    assert any(not c.description for c in coops) and any(c.members is None for c in coops)
    assert all(c.name.endswith("조합") or c.name.endswith("연합회") for c in coops)


def test_particles_follow_the_final_consonant() -> None:
    assert particles("협동조합을(를) 만들었습니다") == "협동조합을 만들었습니다"
    assert particles("돌봄터은(는) 조합원은(는)") == "돌봄터는 조합원은"
    assert particles("연합회은(는) 이(가)") == "연합회는 이(가)"
    assert particles("배송을(를)") == "배송을" and particles("판매을(를)") == "판매를"


def _mutations(data: dict) -> list[dict]:
    out = []
    for key in list(data):
        broken = dict(data)
        del broken[key]
        out.append(broken)
    for key, value in data.items():
        for bad in (None, 7, True, "", [], {}, "x" * 300, ["a", "a"], 0, -1, 1.5):
            if bad == value:
                continue
            out.append({**data, key: bad})
    out.append({**data, "unknown_field": "x"})
    out.append({**data, "contact": {"phone": "12345"}})
    out.append({**data, "contact": {"phone": "02-123-4567", "fax": "x"}})
    out.append({**data, "contact": {"website": "javascript:alert(1)"}})
    out.append({**data, "founded": "2013-02-30"})
    out.append({**data, "status": "closed"})
    out.append({**data, "hidden": ["contact.phone", "contact.phone"]})
    out.append({**data, "fields": ["care", 3]})
    return out


def test_schema_fast_path_never_accepts_what_jsonschema_rejects(corpus: Path) -> None:
    files = sorted((corpus / "data" / "coops").glob("*.yaml"))[:40]
    compiled = schema._fast_checks()["coop"]

    def fast(data) -> bool:
        try:
            compiled(data)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    validator = schema._validators()["coop"]
    accepted = rejected = 0
    for path in files:
        doc, errors = parse(path.read_text(encoding="utf-8"))
        assert not errors
        assert fast(doc.data), path.name  # valid records take the fast path
        for data in _mutations(copy.deepcopy(doc.data)):
            has_errors = any(True for _ in validator.iter_errors(data))
            if fast(data):
                accepted += 1
                assert not has_errors, data
            else:
                rejected += 1
    assert accepted and rejected
    # messages are still jsonschema's, in Korean
    assert schema.validate("coop", {"name": "x"})


def test_relative_url_fast_path_matches_posixpath() -> None:
    rng = random.Random(3)
    segments = ["coops", "regions", "mapo", "page", "2", "a-b", ".", "..", "a.b", ""]

    def url() -> str:
        n = rng.randint(0, 4)
        path = "/".join(rng.choice(segments) for _ in range(n))
        tail = rng.choice(["/", "/", "/directory.json", "/index.html", "/?q=1"]) if n else rng.choice(["", "index.html", "/x/"])
        return path + tail

    for _ in range(20000):
        a, b = url(), url()
        try:
            expected = _relative_url_posix(a, b)
        except ValueError:
            continue
        assert relative_url(a, b) == expected, (a, b)


def test_record_cache_serves_only_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "repo"
    synthesize(REPO, target, 60, seed=3)
    first, problems = load_site(target)
    assert not problems and (target / ".cache" / "portal").is_dir()
    second, _ = load_site(target)
    assert second.coops == first.coops
    path = sorted((target / "data" / "coops").glob("*-0*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("district: ", "district: nowhere-", 1), encoding="utf-8")
    _, problems = load_site(target)
    assert any(p.path.endswith(path.name) and p.field == "district" for p in problems.items)
    path.write_text(text, encoding="utf-8")
    third, problems = load_site(target)
    assert not problems and third.coops == first.coops


def test_preview_loading_reuses_unchanged_files_and_keeps_their_problems(tmp_path: Path) -> None:
    target = synthesize(REPO, tmp_path / "repo", 40, seed=5).root
    coops = target / "data" / "coops"
    broken, edited = sorted(coops.glob("*.yaml"))[:2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("district: ", "district: nowhere-", 1), encoding="utf-8")
    (coops / "Bad_Name.yaml").write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
    first, problems = load_site(target, trust_stats=True)
    second, again = load_site(target, trust_stats=True)
    assert sorted(again.items) == sorted(problems.items)
    assert {p.path.rsplit("/", 1)[-1] for p in again.items} == {broken.name, "Bad_Name.yaml"}
    assert all(second.coops[i] is first.coops[i] for i in first.coops)  # not read again
    edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", "summary: 고침 ", 1), encoding="utf-8")
    (coops / "Bad_Name.yaml").unlink()
    third, problems = load_site(target, trust_stats=True)
    assert third.coops[edited.stem].summary.startswith("고침")
    assert [p.path.rsplit("/", 1)[-1] for p in problems.items] == [broken.name]
    assert all(third.coops[i] is first.coops[i] for i in first.coops if i != edited.stem)


def _pages(names: dict[str, str]) -> list[Page]:
    return [Page(url=f"coops/{i}/", title=name, render=lambda name=name: f"<h1>{name}</h1>", key=(i, name)) for i, name in names.items()]


def test_stamping_skips_unchanged_pages_and_removes_deleted_ones(tmp_path: Path) -> None:
    shells = {2: ["<html>", "<h1>xPORTALxBODYx</h1>", "</html>"]}
    names = {f"c{i}": f"조합{i}" for i in range(5)}

    def build(shells: dict[int, list[str]], version: str) -> int:
        return stamp_all(_pages(names), shells, Writer(tmp_path), version)  # a Writer per build, as the plugin does

    assert build(shells, "v1") == 5
    assert build(shells, "v1") == 0
    names["c2"] = "새이름"
    assert build(shells, "v1") == 1
    assert "새이름" in (tmp_path / "coops/c2/index.html").read_text(encoding="utf-8")
    (tmp_path / "coops/c3/index.html").unlink()  # a cleaned folder is rendered again
    assert build(shells, "v1") == 1
    assert build(shells, "v2") == 5  # new code or taxonomy
    assert build({2: ["<main>", "<h1>xPORTALxBODYx</h1>", "</main>"]}, "v2") == 5
    del names["c4"]
    build(shells, "v2")
    assert not (tmp_path / "coops/c4/index.html").exists()


@pytest.mark.parametrize("url", ["../escaped/", "coops/../../escaped/", "/tmp/escaped/", "coops/a\\b/", "coops//x/"])
def test_stamping_refuses_a_path_outside_the_site_before_writing_anything(tmp_path: Path, url: str) -> None:
    site = tmp_path / "site"
    pages = _pages({"first": "먼저"}) + [Page(url=url, title="밖", render=lambda: "<h1>밖</h1>")]
    with pytest.raises(WriteError):
        stamp_all(pages, {2: ["<h1>xPORTALxBODYx</h1>"]}, Writer(site))  # every path is claimed before any page is stamped
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_stamping_refuses_one_url_twice(tmp_path: Path) -> None:
    pages = _pages({"same": "하나"}) + _pages({"same": "둘"})
    with pytest.raises(WriteError, match="두 번"):
        stamp_all(pages, {2: ["<h1>xPORTALxBODYx</h1>"]}, Writer(tmp_path))
    assert not (tmp_path / "coops").exists()


def test_write_if_changed_creates_leaves_replaces_and_never_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "coops" / "a" / "index.html"
    st = write_if_changed(str(target), b"one")  # a new folder too
    assert target.read_bytes() == b"one" and (st.st_size, st.st_mtime_ns) == (3, target.stat().st_mtime_ns)
    os.utime(target, ns=(1, 1))
    assert write_if_changed(target, b"one").st_mtime_ns == 1 == target.stat().st_mtime_ns  # identical: untouched
    inode = target.stat().st_ino
    st = write_if_changed(target, b"two!")
    assert target.read_bytes() == b"two!" and st.st_ino == target.stat().st_ino != inode  # replaced whole, not rewritten
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    link = tmp_path / "coops" / "link.html"
    link.symlink_to(outside)
    write_if_changed(link, b"new")
    assert outside.read_bytes() == b"keep" and not link.is_symlink() and link.read_bytes() == b"new"
    dangling = tmp_path / "coops" / "dangling.html"
    dangling.symlink_to(tmp_path / "missing.txt")
    write_if_changed(dangling, b"new")
    assert not (tmp_path / "missing.txt").exists() and dangling.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "coops").iterdir()) == ["a", "dangling.html", "link.html"]  # no temporary file left


def test_the_collector_is_left_as_it_was_found() -> None:
    was_frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    try:
        with paused_collection():
            assert not gc.isenabled()
        assert gc.isenabled()
        with frozen_heap():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0  # a test process collects what each build dropped
        gc.freeze()  # the preview keeps its heap frozen between builds
        with frozen_heap():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        if not was_frozen:
            gc.unfreeze()


def test_files_sitemaps_and_the_search_index_are_claimed_from_the_builds_writer(tmp_path: Path) -> None:
    from site_plugins.mkdocs_adapter.writing import write_files, write_search, write_sitemaps
    from site_plugins.output import OutputFile
    from site_plugins.search import SearchDoc

    site = tmp_path / "site"
    writer = Writer(site)
    with pytest.raises(WriteError):
        write_files([OutputFile("regions/../../escaped.xml", lambda: b"x")], writer, "v1", dirty=False)
    write_sitemaps(writer, "https://example.org/", ["coops/a/"])
    write_search(writer, lambda: [SearchDoc("coops/a/", "가", "coop")], dirty=False)
    assert {"sitemap.xml", "sitemap.xml.gz", "sitemap-1.xml", "search/manifest.json", "search/t/0.bin"} <= writer.written
    assert not (tmp_path / "escaped.xml").exists()
    with pytest.raises(WriteError, match="두 번"):
        write_files([OutputFile("sitemap.xml", lambda: b"x")], writer, "v1", dirty=False)


def test_record_cache_is_written_once_when_saving_is_deferred(tmp_path: Path) -> None:
    from site_plugins import cache

    target = synthesize(REPO, tmp_path / "repo", 60, seed=4).root
    cache.defer_saving(True)  # what `mkdocs serve` does
    try:
        first, problems = load_site(target)
        assert not problems
        assert not list((target / ".cache" / "portal").glob("records-coops-*.pickle"))
        second, _ = load_site(target)  # served from memory
        assert second.coops == first.coops
    finally:
        cache.defer_saving(False)  # flushes
    assert len(list((target / ".cache" / "portal").glob("records-coops-*.pickle"))) == 1


def test_shell_whitespace_collapses_outside_pre_script_and_style() -> None:
    from site_plugins.mkdocs_adapter.shells import collapse_whitespace

    shell = '<nav>\n      <a href="x">홈</a>\n\n    </nav>\n<pre>  a\n\n  b</pre>\n   <script>var s = "x\n\n  y";</script>\n  <style>p {\n  color: red }</style>\n <p>a  b</p>'
    assert collapse_whitespace(shell) == '<nav>\n<a href="x">홈</a>\n</nav>\n<pre>  a\n\n  b</pre>\n<script>var s = "x\n\n  y";</script>\n<style>p {\n  color: red }</style>\n<p>a  b</p>'
