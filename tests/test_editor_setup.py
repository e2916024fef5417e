"""What editors and CI rely on outside the code: the workflow, the pre-commit hook,
the VS Code schema mapping, and the README's commands."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml
from referencing import Registry, Resource

from golden_helpers import REPO
from site_plugins.load import RECORD_KINDS
from site_plugins.yamlread import parse

WORKFLOW = REPO / ".github/workflows/site.yml"


def _workflow() -> dict:
    data = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a string key
    assert isinstance(data, dict)
    return data


def test_workflow_runs_check_and_build_on_pull_requests_and_deploys_main():
    flow = _workflow()
    assert "pull_request" in flow["on"] and flow["on"]["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any("make check" in run for run in runs) and any("make build" in run for run in runs)
    uses = {step.get("uses", "").split("@")[0]: step for job in jobs.values() for step in job["steps"] if "uses" in step}
    assert uses["actions/upload-artifact"]["with"]["path"] == "site/"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert "main" in uses["actions/upload-pages-artifact"]["if"]
    deploy = jobs["deploy"]
    assert "pull_request" in deploy["if"] and "build" in deploy["needs"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_workflow_actions_are_pinned_by_major_version_and_steps_are_well_formed():
    for name, job in _workflow()["jobs"].items():
        assert job["runs-on"].startswith("ubuntu-"), name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "\t" not in text
    for expression in re.findall(r"\$\{\{(.*?)\}\}", text):
        assert expression.count("(") == expression.count(")"), expression


def test_pre_commit_runs_the_validator_locally():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["entry"] == "python -m site_plugins check"
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.match(hook["files"], "data/coops/x.yaml") and re.match(hook["files"], "content/cases/x.md")


def test_vscode_maps_every_record_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = {glob: schema for schema, globs in settings["yaml.schemas"].items() for glob in globs}
    for kind in RECORD_KINDS:
        schema = mapped[f"data/{kind.folder}/*.yaml"]
        assert schema == f"./site_plugins/schemas/{kind.schema}.schema.json"
        assert (REPO / schema).is_file()
    recommended = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended


def test_schemas_describe_every_field_in_korean():
    """Editors see these as completion and hover help; a field without one is a blank."""
    hangul = re.compile("[가-힣]")
    for path in sorted((REPO / "site_plugins/schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert "$id" not in schema, f"{path.name}: a $id would make editors fetch common.schema.json from its host"
        assert hangul.search(schema.get("title", "")), path.name

        def walk(properties: dict, where: str) -> None:
            for name, spec in properties.items():
                assert hangul.search(spec.get("title", "")), f"{path.name}: {where}{name} has no Korean title"
                for child in (spec, spec.get("items", {})):
                    if isinstance(child, dict) and "properties" in child:
                        walk(child["properties"], f"{where}{name}.")

        walk(schema.get("properties", {}), "")


def test_readme_lists_the_commands_first():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = readme[:2500]
    for command in ("make serve", "make build", "make test", "make check", "python -m site_plugins check", "python -m site_plugins new"):
        assert command in head, command
    for link in ("CONTRIBUTING.md", "ARCHITECTURE.md"):
        assert link in readme and (REPO / link).is_file()


def test_repository_records_validate_against_the_schemas_editors_see():
    """VS Code validates with the plain schema files: a valid record must show no squiggles."""
    folder = REPO / "site_plugins" / "schemas"
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))) for path in folder.glob("*.schema.json")
    )
    checked = 0
    for kind in RECORD_KINDS:
        schema = json.loads((folder / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        for path in sorted((REPO / "data" / kind.folder).glob("*.yaml")):
            doc, errors = parse(path.read_text(encoding="utf-8-sig"))
            assert doc is not None and not errors, path
            assert [e.message for e in validator.iter_errors(doc.data)] == [], path
            checked += 1
    assert checked > 0
