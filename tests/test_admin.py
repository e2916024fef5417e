"""The web editor's configuration (site_plugins/admin.py) and file format (portal-admin.js).

The configuration is checked against the schemas it is made from; the format that
writes the editor's files is run in Node over every record and article of the
repository, and `check` must accept what it wrote. The browser half is in
test_admin_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT

from site_plugins import admin, records, schema
from site_plugins.context import BuildContext
from site_plugins.generate import generate_all
from site_plugins.load import ARTICLE_KINDS, load_site
from site_plugins.yamlread import parse

NODE = shutil.which("node")
SCRIPT = ROOT / "site_plugins" / "assets" / "admin" / "portal-admin.js"
NODE_MODULES = admin.PACKAGE_DIR / "node_modules"
REPO_URL = "https://github.com/seoul-coop-portal/portal"


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    site, problems = load_site(ROOT)
    assert not problems, problems.report()
    return BuildContext.create(site, site_url="https://seoul-coop-portal.github.io/", repo_url=REPO_URL)


@pytest.fixture(scope="module")
def config(ctx) -> dict:
    text = admin.config_yaml(ctx).decode("utf-8")
    assert "&id" not in text and "*id" not in text  # no YAML anchors: every field spelled out
    return yaml.safe_load(text)


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def walk(fields: list[dict], prefix: str = ""):
    for field in fields:
        yield prefix + field["name"], field
        yield from walk(field.get("fields") or [], prefix + field["name"] + ".")


# --- what the configuration holds -----------------------------------------------------


def test_every_record_type_and_article_kind_is_a_collection(config):
    names = [c["name"] for c in config["collections"]]
    assert names == [kind.folder for kind in records.RECORD_KINDS] + list(ARTICLE_KINDS)
    for kind in records.RECORD_KINDS:
        c = collection(config, kind.folder)
        assert (c["folder"], c["extension"], c["format"], c["label"]) == (f"data/{kind.folder}", "yaml", "portal-yaml", kind.label)
    for folder in ARTICLE_KINDS:
        c = collection(config, folder)
        assert (c["folder"], c["extension"], c["format"]) == (f"content/{folder}", "md", "portal-frontmatter")
        assert c["fields"][-1]["name"] == "body" and c["fields"][-1]["widget"] == "markdown"


def test_pull_requests_through_the_editorial_workflow_with_open_authoring(config):
    assert config["locale"] == "ko"
    assert config["publish_mode"] == "editorial_workflow"
    backend = config["backend"]
    assert backend["name"] == "github" and backend["open_authoring"] is True
    assert backend["repo"] == "seoul-coop-portal/portal" and backend["branch"] == "main"
    assert "local_backend" not in config  # only the tests' copy talks to decap-server


def test_repo_comes_from_repo_url():
    assert admin.github_repo("https://github.com/owner/name") == "owner/name"
    assert admin.github_repo("https://github.com/owner/name.git/") == "owner/name"
    assert admin.github_repo("https://gitlab.com/owner/name") == ""
    assert admin.github_repo("") == ""


def _schema_fields(spec: dict, prefix: str = ""):
    for name, sub in (spec.get("properties") or {}).items():
        yield prefix + name, sub, name in spec.get("required", ())
        items = sub.get("items") or {}
        yield from _schema_fields(sub, prefix + name + ".")
        yield from _schema_fields(items, prefix + name + ".")


@pytest.mark.parametrize("name", [kind.folder for kind in records.RECORD_KINDS] + list(ARTICLE_KINDS))
def test_every_schema_field_is_in_the_form_with_its_korean_title(config, name):
    schema_name = {kind.folder: kind.schema for kind in records.RECORD_KINDS} | ARTICLE_KINDS
    root = admin.record_schema(schema_name[name])
    fields = dict(walk(collection(config, name)["fields"]))
    assert fields.pop("id")["widget"] == "portal-id"  # the file name, first
    fields.pop("body", None)
    expected = {}
    for path, spec, required in _schema_fields(root):
        expected[path] = spec
        field = fields.get(path)
        assert field is not None, f"{name}: {path} is not in the form"
        assert field["label"] == spec.get("title", path.rsplit(".", 1)[-1]), path
        assert re.search(r"[가-힣]", field["label"]), f"{name}.{path}: label {field['label']!r} is not Korean"
        if "." not in path:
            assert field.get("required", True) == required, path
    assert sorted(fields) == sorted(expected)  # nothing the schema does not have


def test_optional_groups_do_not_force_their_fields(config):
    """Decap asks for a required field even inside an empty object; `check` asks for lat
    and lon together, so the form leaves them optional and says so."""
    location = by_name(collection(config, "coops")["fields"])["location"]
    assert location["required"] is False
    assert [f.get("required", True) for f in location["fields"]] == [False, False]
    assert "위도, 경도를 모두 채우세요" in location["hint"]
    assert [(f["min"], f["max"]) for f in location["fields"]] == [records.LAT_RANGE, records.LON_RANGE]


def test_vocabulary_fields_are_selects_showing_korean_labels_and_saving_ids(config, ctx):
    for kind in records.RECORD_KINDS:
        fields = by_name(collection(config, kind.folder)["fields"])
        for name, (vocabulary, level) in records.TERM_FIELDS.get(kind.schema, {}).items():
            field = fields[name]
            assert field["widget"] == "select", (kind.folder, name)
            terms = [t for t in ctx.site.taxonomies.terms(vocabulary) if level is None or t.level == level]
            assert [o["value"] for o in field["options"]] == [t.id for t in terms]
            assert all(o["label"].startswith(t.label) for o, t in zip(field["options"], terms))
    coop = by_name(collection(config, "coops")["fields"])
    assert {"label": "마포구", "value": "mapo"} in coop["district"]["options"]
    assert coop["fields"]["multiple"] is True and "multiple" not in coop["district"]
    # a fixed value shows its Korean name too
    assert coop["status"]["options"] == [{"label": "운영 중", "value": "active"}, {"label": "해산", "value": "dissolved"}, {"label": "휴업", "value": "suspended"}]
    assert {"label": "연락처 › 전화", "value": "contact.phone"} in coop["hidden"]["options"]


def test_references_to_other_records_are_selects_by_name(config, ctx):
    case = by_name(collection(config, "cases")["fields"])
    assert case["coops"]["widget"] == "select" and case["coops"]["multiple"] is True and case["coops"]["min"] == 1
    assert sorted(o["value"] for o in case["coops"]["options"]) == sorted(ctx.site.coops)
    hansalim = ctx.site.coops["hansalim-seoul"]
    assert {"label": f"{hansalim.name} (hansalim-seoul)", "value": "hansalim-seoul"} in case["coops"]["options"]
    assert sorted(o["value"] for o in case["author"]["options"]) == sorted(ctx.site.authors)


def test_dates_are_date_pickers_saving_iso_dates(config):
    for name, field in walk(collection(config, "coops")["fields"]):
        if name in ("founded", "verified"):
            assert (field["widget"], field["format"], field["time_format"]) == ("datetime", "YYYY-MM-DD", False)
    sessions = by_name(collection(config, "education")["fields"])["sessions"]
    assert sessions["widget"] == "list" and sessions["min"] == 1
    start = by_name(sessions["fields"])["start"]
    assert (start["widget"], start["format"], start["date_format"], start["time_format"]) == ("datetime", "YYYY-MM-DDTHH:mm", "YYYY-MM-DD", "HH:mm")


def test_markdown_fields_get_the_editor_with_a_sanitised_preview(config):
    for kind in records.RECORD_KINDS:
        fields = by_name(collection(config, kind.folder)["fields"])
        for name in records.MARKDOWN_FIELDS.get(kind.schema, ()):
            assert fields[name]["widget"] == "markdown", (kind.folder, name)
            assert fields[name]["sanitize_preview"] is True and fields[name]["editor_components"] == []
    assert config["editor"]["preview"] is True


def test_patterns_carry_the_schemas_korean_messages(config):
    coop = dict(walk(collection(config, "coops")["fields"]))
    assert coop["contact.phone"]["pattern"] == [schema._PHONE.pattern, admin.form_text(schema._FORMAT_MESSAGES["phone"])]
    assert coop["contact.website"]["pattern"][0] == schema._URL.pattern
    root = admin.record_schema("coop")
    if "registration_number" in root["properties"]:
        spec = root["properties"]["registration_number"]
        assert coop["registration_number"]["pattern"] == [spec["pattern"], admin.form_text(spec["x-hint"])]
    id_spec = schema.load_schema("common")["$defs"]["id"]
    assert coop["id"]["pattern"] == [id_spec["pattern"], id_spec["x-hint"]]
    opens = dict(walk(collection(config, "centers")["fields"]))["hours.opens"]
    assert opens["pattern"][0] == admin.record_schema("center")["properties"]["hours"]["items"]["properties"]["opens"]["pattern"]


def test_hints_speak_to_a_form_not_to_yaml(config):
    texts = []
    for c in config["collections"]:
        for _, field in walk(c["fields"]):
            texts.append(field.get("hint", ""))
            texts.append((field.get("pattern") or ["", ""])[1])
    joined = "\n".join(texts)
    assert "따옴표" not in joined and "'- " not in joined and "{lat" not in joined
    assert '"' not in joined


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_patterns_mean_the_same_in_the_browser(config):
    """Decap tests the patterns with JavaScript's RegExp: each must accept and refuse what Python does."""
    samples = ["02-3498-3721", "1544-5077", "+82-2-123-4567", "0234983721", "info@example.org", "a@b", "https://example.org/x",
               "javascript:alert(1)", "mapo-dolbom", "Mapo", "-x", "09:00", "24:00", "9:00", "110171-0001234", "1101710001234", "", "가" * 201]
    patterns = sorted({f["pattern"][0] for c in config["collections"] for _, f in walk(c["fields"]) if f.get("pattern")})
    script = "const [ps, ss] = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify(ps.map(p => ss.map(s => new RegExp(p).test(s)))))"
    result = subprocess.run([NODE, "-e", script], input=json.dumps([patterns, samples]), capture_output=True, text=True, check=True)
    in_js = json.loads(result.stdout)
    for pattern, answers in zip(patterns, in_js):
        in_python = [re.search(pattern, s) is not None for s in samples]
        assert answers == in_python, pattern


def test_config_is_the_same_twice_and_starts_with_a_note(ctx):
    first, second = admin.config_yaml(ctx), admin.config_yaml(ctx)
    assert first == second
    assert first.decode("utf-8").startswith("# 웹 편집기(Decap CMS) 설정")


# --- what the generator writes --------------------------------------------------------


def test_generator_writes_the_page_the_config_and_the_bundle(ctx):
    files = {f.path: f for f in admin.generate(ctx).files}
    assert {"admin/index.html", "admin/config.yml", "assets/admin/decap-cms.js", "assets/admin/js-yaml.min.js", "assets/admin/portal-admin.js"} <= set(files)
    assert not [p for p in files if p.endswith((".map", "/cms.js"))]
    html = files["admin/index.html"].content().decode("utf-8")
    scripts = re.findall(r'<script src="([^"]+)"></script>', html)
    assert scripts == ["../assets/admin/js-yaml.min.js", "../assets/admin/portal-admin.js", "../assets/admin/decap-cms.js"]
    assert "<script>" not in html and 'name="robots" content="noindex' in html and 'lang="ko"' in html
    total = sum(len(f.content()) for p, f in files.items() if p.startswith("assets/admin/"))
    assert total < 8_000_000, total  # the bundle, once: a few MB


def test_a_missing_bundle_stops_the_build_with_a_korean_message(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(admin, "PACKAGE_DIR", tmp_path / "admin")
    with pytest.raises(admin.AdminBundleMissing) as caught:
        generate_all(ctx)
    message = str(caught.value)
    assert "웹 편집기(/admin/)" in message and "npm ci --prefix admin" in message and "decap-cms.js" in message


def test_hint_cleaning():
    assert admin.form_text('지역번호와 하이픈을 넣어 큰따옴표 안에 (예: "02-3498-3721")') == "지역번호와 하이픈을 넣어 (예: 02-3498-3721)"
    assert admin.form_text("사례 제목. 콜론(: )이 들어가면 큰따옴표로 감싸세요") == "사례 제목."
    assert admin.form_text("지도에 표시할 위도·경도(선택). 예: {lat: 37.5663, lon: 126.9779}") == "지도에 표시할 위도·경도(선택)"
    assert admin.select_hint("소재지 자치구(시군구). 예: mapo 또는 마포구", ["mapo", "마포구"]) == "소재지 자치구(시군구)"
    assert admin.select_hint("onsite(현장), online(온라인), blended(혼합)", ["onsite", "online", "blended"]) == ""
    assert admin.select_hint("이 센터가 맡는 자치구 목록 (id 또는 이름, 예: [노원구, 도봉구])") == "이 센터가 맡는 자치구 목록"


# --- the files the editor writes (portal-admin.js, run in Node) ---------------------------


def run_formats(items: list[dict]) -> list[dict]:
    """items: {format, fields, content} -> {data, raw}: what Decap reads from a file, and the
    file it writes back after the editor changed nothing."""
    script = f"""
const admin = require({json.dumps(str(SCRIPT))});
const items = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const make = {{'portal-yaml': admin.recordFormat, 'portal-frontmatter': admin.articleFormat}};
console.log(JSON.stringify(items.map(item => {{
  const format = make[item.format](item.fields);
  const data = item.data || format.fromFile(item.content);
  return {{data, raw: format.toFile(data)}};
}})));
"""
    env = {"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([NODE, "-e", script], input=json.dumps(items), capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


node_and_bundle = pytest.mark.skipif(NODE is None or not (NODE_MODULES / "js-yaml").is_dir(), reason="Node.js or admin/node_modules missing")


@node_and_bundle
def test_a_new_record_is_written_in_schema_order_without_the_id_or_empty_values(config):
    fields = collection(config, "coops")["fields"]
    data = {
        "contact": {"email": "", "phone": "02-123-4567"}, "founded": "2024-03-01", "id": "mapo-test",
        "name": "  마포시험협동조합 ", "summary": "마포구의 시험: 협동조합 #1", "district": "mapo", "fields": [], "members": "",
        "industry": "education", "category": "consumer", "legal_type": "social-coop", "example": True,
        "description": "첫 줄\r\n\r\n- 항목\n\n", "location": {},
    }
    [out] = run_formats([{"format": "portal-yaml", "fields": fields, "data": data}])
    assert out["raw"] == (
        "name: 마포시험협동조합\n"
        'summary: "마포구의 시험: 협동조합 #1"\n'
        "district: mapo\nindustry: education\ncategory: consumer\nlegal_type: social-coop\nfounded: 2024-03-01\n"
        "description: |\n  첫 줄\n\n  - 항목\n"
        'contact:\n  phone: "02-123-4567"\n'
        "example: true\n"
    )


@node_and_bundle
def test_every_file_of_the_repository_survives_the_editor_and_passes_check(config, tmp_path):
    """Opening and saving any record or article unchanged keeps its meaning, and `check` accepts it."""
    copy = tmp_path / "repo"
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, copy / name)
    items, paths = [], []
    for c in config["collections"]:
        for path in sorted((copy / c["folder"]).glob(f"*.{c['extension']}")):
            items.append({"format": c["format"], "fields": c["fields"], "content": path.read_text(encoding="utf-8")})
            paths.append(path)
    assert len(paths) > 60
    outputs = run_formats(items)
    for path, item, out in zip(paths, items, outputs):
        assert "\nid:" not in "\n" + out["raw"], path
        path.write_text(out["raw"], encoding="utf-8")
        before, after = item["content"], out["raw"]
        if path.suffix == ".md":
            before, after = before.split("---", 2)[1], after.split("---", 2)[1]
        old, new = parse(before)[0], parse(after)[0]
        assert new is not None and old.data == new.data, path
    _, problems = load_site(copy)
    assert not problems, problems.report()


@node_and_bundle
def test_an_article_keeps_its_front_matter_and_body(config):
    fields = collection(config, "cases")["fields"]
    content = '---\r\ntitle: "볼로냐: 협동조합"\r\ndate: 2026-03-16\r\ncoops: [hansalim-seoul]\r\n---\r\n\r\n본문 첫 줄\r\n\r\n## 소제목\r\n'
    [out] = run_formats([{"format": "portal-frontmatter", "fields": fields, "content": content}])
    assert out["data"]["body"] == "본문 첫 줄\n\n## 소제목\n"
    assert out["raw"] == '---\ntitle: "볼로냐: 협동조합"\ndate: 2026-03-16\ncoops: [hansalim-seoul]\n---\n\n본문 첫 줄\n\n## 소제목\n'


def test_every_vocabulary_field_of_every_schema_has_its_vocabulary(config):
    """A `term`/`terms` field the loader resolves must be a select here; this catches a new one."""
    for kind in records.RECORD_KINDS:
        root = admin.record_schema(kind.schema)
        terms = {name for name, spec in root["properties"].items() if spec.get("x-def") in ("term", "terms")}
        assert terms <= set(records.TERM_FIELDS.get(kind.schema, {})), (kind.schema, terms)
    for folder, schema_name in ARTICLE_KINDS.items():
        root = admin.record_schema(schema_name)
        terms = {name for name, spec in root["properties"].items() if spec.get("x-def") in ("term", "terms")}
        assert terms <= set(admin.ARTICLE_TERM_FIELDS.get(schema_name, {})), (schema_name, terms)
        fields = by_name(collection(config, folder)["fields"])
        assert all(fields[name]["widget"] == "select" for name in terms)


@pytest.mark.skipif(NODE is None or not (NODE_MODULES / "js-yaml").is_dir(), reason="Node.js or admin/node_modules missing")
def test_the_browser_reads_the_config_as_python_wrote_it(ctx):
    """PyYAML writes YAML 1.1 and js-yaml reads 1.2: values such as 1e5, 0o17, yes or null
    must come back as the same strings."""
    tricky = {"options": [{"label": value, "value": value} for value in ("1e5", "0o17", "yes", "no", "null", "~", "2024-03-01", "12:30", "a: b", "#x", "마포구")]}
    script = "const y = require('js-yaml'); const t = require('fs').readFileSync(0, 'utf8'); console.log(JSON.stringify(y.load(t, {schema: y.CORE_SCHEMA})))"
    env = {"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin"}
    for data, text in ((tricky, yaml.dump(admin._keyed(tricky), Dumper=admin._Dumper, allow_unicode=True, sort_keys=False)),
                       (admin.config(ctx), admin.config_yaml(ctx).decode("utf-8"))):
        result = subprocess.run([NODE, "-e", script], input=text, capture_output=True, text=True, env=env, check=True)
        assert json.loads(result.stdout) == json.loads(json.dumps(data))
