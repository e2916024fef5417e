"""/admin/: the web editor (Decap CMS), configured at build time from the schemas and taxonomies.

One source of truth: every collection, field, label, hint, select option and validation
message in `admin/config.yml` is derived here from `schemas/*.schema.json` (titles,
descriptions, `x-hint`, `required`, `pattern`, formats, enums), the vocabularies in
`data/taxonomy/` and the record kinds the loader knows (`records.RECORD_KINDS`,
`load.ARTICLE_KINDS`). A new record type that is registered with the loader gets its
collection without a change here.

Files written (all through the build's Writer, as OutputFiles):

* `admin/index.html`: a page with no inline script (every script comes from `assets/`,
  like everywhere else on the site), kept out of the sitemap and search index by being
  a file rather than a page, and `noindex` for crawlers.
* `admin/config.yml`: `yaml.safe_dump` of the configuration built below.
* `assets/admin/`: Decap CMS's browser bundle and js-yaml, copied from the npm packages
  pinned in `admin/package-lock.json` (installed by `make` with `npm ci`), and
  `portal-admin.js`, which teaches Decap the repository's file conventions (see there).

A missing bundle stops the build with a Korean message naming the command that installs
it: a site deployed without its editor would break the editors' documented way in
(CONTRIBUTING.md) without anyone noticing, and `make build`, `make serve` and `make test`
install the bundle themselves.
"""

from __future__ import annotations

import os
import re
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import records, schema
from .context import BuildContext
from .load import _SITE_ATTR as SITE_ATTRIBUTES
from .load import ARTICLE_KINDS, ARTICLE_SECTION_NAMES
from .model import Term
from .output import OutputFile, Outputs, relative_url
from .render import josa, render

PAGE = "admin/"
ASSETS = "assets/admin/"
# The npm folder `make` installs (`npm ci --prefix admin`): beside the package, in the repository.
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "admin"
INSTALL_HINT = "저장소 최상위 폴더에서 'npm ci --prefix admin'을 실행한 뒤 다시 빌드하세요(make build, make serve, make test는 이것을 알아서 합니다)"

# The file-name field every collection begins with. It is never written into a file:
# portal-admin.js drops it when it writes the record, and Decap names the file after it.
ID_FIELD = "id"
# Above this many records a reference field takes a typed id instead of a select list,
# so that config.yml stays small at 30,000 co-ops.
MAX_OPTIONS = 3000
# Vocabulary fields of articles' front matter (the loader checks these in load._cross_check;
# records keep theirs in records.TERM_FIELDS). Fields that hold another record's id are
# found from the schema: an `id` whose description names its folder ("data/coops의 id").
ARTICLE_TERM_FIELDS: dict[str, dict[str, tuple[str, str | None]]] = {
    "case": {"fields": ("fields", None), "district": ("regions", None), "industry": ("industries", None)},
    "column": {"fields": ("fields", None)},
}
LEVEL_LABELS = {"sido": "시도", "area": "권역", "district": "자치구"}
# Formats the validator checks in code (schema.py) and Decap checks as a pattern.
FORMAT_PATTERNS = {
    "phone": schema._PHONE.pattern,
    "email": schema._EMAIL.pattern,
    "web-url": schema._URL.pattern,
    "date-or-local-date-time": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$",
}
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"]
CONFIG_HEADER = (
    "# 웹 편집기(Decap CMS) 설정: 빌드가 site_plugins/schemas/와 data/taxonomy/에서 만듭니다.\n"
    "# 이 파일을 고치지 말고 스키마와 분류를 고치세요(site_plugins/admin.py).\n"
)


class AdminBundleMissing(Exception):
    """Decap CMS's bundle is not installed; the message says how to install it."""


# --- the configuration -------------------------------------------------------------------


def form_text(text: str) -> str:
    """A schema description or message as a form hint: the YAML-only advice taken out.

    The schemas speak to people typing YAML ("큰따옴표 안에", "따옴표로 감싸세요",
    "줄마다 '- name: ...'", "{lat: ..., lon: ...}"); in a form, quotes would become part
    of the value and the layout is the form's, so that advice would mislead.
    """
    text = re.sub(r"\s*\(?콜론\(: \)이 들어가면 큰따옴표로 감싸세요\)?\.?", "", text)
    text = re.sub(r"[.,]?\s*(큰)?따옴표로 감싸세요\.?", ".", text)
    text = re.sub(r"(큰)?따옴표 (안에|없이)\s*", "", text)
    text = re.sub(r"\"([^\"\n]{1,40})\"", r"\1", text)
    text = re.sub(r"[.,]?\s*(예: )?\{[^{}]*\}", "", text)
    text = re.sub(r"\[([^\[\]]*)\]", r"\1", text)
    sentences = re.split(r"(?<=\.)\s+", text)
    text = " ".join(s for s in sentences if not re.search(r"줄마다|'- |- days:", s))
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r",\s*\(", " (", text)
    text = re.sub(r"\.\.+", ".", text).replace(" .", ".").replace(",.", ".")
    return text.rstrip(", ")


_ASIDE = r"\s*\((?:id|목록:|예:)[^()]*(?:\([^()]*\)[^()]*)*\)"


def select_hint(text: str, values: list[str] = ()) -> str:  # type: ignore[assignment]
    """A hint for a select list: without the spellings YAML allows ("(id 또는 이름)",
    "예: mapo 또는 마포구") and without a bare list of the values the list already shows."""
    text = re.sub(_ASIDE, "", text)
    text = re.sub(r"[.,]?\s*예: [^()]*$", "", text)
    rest = text
    for value in sorted(values, key=len, reverse=True):
        rest = re.sub(rf"(?<![\w-]){re.escape(value)}(\([^)]*\))?", "", rest)
    if values and not re.sub(r"[\s,.()]|또는", "", rest):
        return ""
    return form_text(text).rstrip(".")


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    """$refs replaced by their targets (merged, the referring keys winning), each marked
    with `x-def`: the name of the shared definition it came from (`markdown`, `term`, ...)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = node["$ref"].rsplit("/", 1)[-1]
            merged = {**_resolve(defs[target], defs), **{key: value for key, value in node.items() if key != "$ref"}}
            merged["x-def"] = target
            return {key: _resolve(value, defs) if key != "x-def" else value for key, value in merged.items()}
        return {key: _resolve(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(item, defs) for item in node]
    return node


def record_schema(name: str) -> dict[str, Any]:
    return _resolve(schema.load_schema(name), schema.load_schema("common")["$defs"])


def _first_type(spec: dict[str, Any]) -> str:
    kind = spec.get("type", "string")
    return kind[0] if isinstance(kind, list) else kind


def _enum_label(value: str, spec: dict[str, Any], root: dict[str, Any]) -> str:
    """A fixed value's Korean name: the field's title when the value names a field of the
    record ("contact.phone"), else `value(이름)` in the description, else the validator's
    own Korean spellings of fixed values, else the value itself."""
    node: dict[str, Any] = root
    titles = []
    for part in value.split("."):
        node = (node.get("properties") or {}).get(part) or {}
        if not node.get("title"):
            titles = []
            break
        titles.append(str(node["title"]))
    if titles:
        return " › ".join(titles)
    match = re.search(rf"(?<![\w.-]){re.escape(value)}\(([^)]*)\)", spec.get("description", ""))
    if match:
        return match.group(1).split(",")[0].strip()
    spellings = [word for word, target in getattr(schema, "_KOREAN_ENUM", {}).items() if target == value]
    return max(spellings, key=len) if spellings else value


class Builder:
    """The Decap fields of one schema, with the build's vocabularies and records at hand."""

    def __init__(self, ctx: BuildContext, root: dict[str, Any], terms: dict[str, tuple[str, str | None]]) -> None:
        self.ctx = ctx
        self.root = root
        self.terms = terms

    def fields(self, spec: dict[str, Any], *, top: bool = False) -> list[dict[str, Any]]:
        required = set(spec.get("required", ()))
        return [self.field(name, sub, required=name in required, top=top) for name, sub in (spec.get("properties") or {}).items()]

    def field(self, name: str, spec: dict[str, Any], *, required: bool, top: bool = False) -> dict[str, Any]:
        field: dict[str, Any] = {"name": name, "label": str(spec.get("title") or name)}
        description = str(spec.get("description", ""))
        hint = form_text(description)
        if not required:
            field["required"] = False
        kind = _first_type(spec)
        items = spec.get("items") or {}
        options = self._reference_options(spec, items)
        if top and name in self.terms and kind in ("string", "array"):
            terms = self._terms(*self.terms[name])
            hint = select_hint(description, [v for t in terms for v in (t.id, t.label)])
            field.update(self._select(self._term_options(terms), spec, multiple=kind == "array"))
        elif options is not None:
            hint = f"{self._referred(spec)} 목록에서 고릅니다. 글자를 치면 이름으로 찾습니다"
            field.update(self._select(options, spec, multiple=kind == "array"))
        elif kind == "string" and "enum" in spec:
            hint = select_hint(description, [str(v) for v in spec["enum"]])
            field.update(self._select(self._enum_options(spec["enum"], spec), spec, multiple=False))
        elif kind == "array" and items.get("enum"):
            hint = select_hint(description, [str(v) for v in items["enum"]])
            field.update(self._select(self._enum_options(items["enum"], spec), spec, multiple=True))
        elif kind == "string" and spec.get("format") == "date":
            field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        elif kind == "string" and spec.get("format") == "local-date-time":
            field.update(widget="datetime", format="YYYY-MM-DDTHH:mm", date_format="YYYY-MM-DD", time_format="HH:mm")
        elif kind == "string" and spec.get("x-def") == "markdown":
            field.update(markdown_widget())
        elif kind == "string" and spec.get("x-def") == "text":
            field.update(widget="text")
        elif kind == "string":
            field.update(widget="string", **self._pattern(spec))
        elif kind in ("integer", "number"):
            field.update(self._number(spec, kind))
        elif kind == "boolean":
            field.update(widget="boolean")
            if isinstance(spec.get("type"), list) and "array" in spec["type"]:
                hint = f"{hint} 웹 편집기에서는 예/아니오만 고를 수 있습니다. 일부 필드만 예시라면 YAML 파일에서 필드 이름 목록으로 쓰세요.".strip()
        elif kind == "object":
            sub = self.fields(spec)
            if spec.get("x-def") == "location":  # the range records.location() holds a point to
                for item, (low, high) in zip(sub, (records.LAT_RANGE, records.LON_RANGE)):
                    item.update(min=low, max=high)
            together = [item for item in sub if item.get("required", True)]
            if not required and together:
                # Decap asks for a required field even inside an object left empty, so an
                # optional group's fields are optional in the form; `check` still wants them together.
                for item in together:
                    item["required"] = False
                names = ", ".join(item["label"] for item in together)
                hint = f"{hint.rstrip('.')}. 쓰려면 {josa(names, '을/를')} 모두 채우세요." if hint else f"쓰려면 {josa(names, '을/를')} 모두 채우세요."
            field.update(widget="object", collapsed=False, fields=sub)
        elif kind == "array" and _first_type(items) == "object":
            sub = self.fields(items)
            field.update(widget="list", fields=sub, label_singular=str(items.get("title") or field["label"]), summary=self._summary(sub))
            if spec.get("minItems"):
                field["min"] = spec["minItems"]
        elif kind == "array":
            item = {"name": "item", "label": field["label"], "widget": "string", **self._pattern(items)}
            field.update(widget="list", field=item)
            if spec.get("minItems"):
                field["min"] = spec["minItems"]
        else:
            field.update(widget="string")
        if hint:
            field["hint"] = hint
        return field

    @staticmethod
    def _select(options: list[dict[str, str]], spec: dict[str, Any], *, multiple: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"widget": "select", "options": options}
        if multiple:
            out["multiple"] = True
            if spec.get("minItems"):
                out["min"] = spec["minItems"]
        return out

    def _pattern(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The schema's pattern or format as Decap's [regex, Korean message]."""
        if spec.get("pattern"):
            return {"pattern": [spec["pattern"], form_text(str(spec.get("x-hint") or "형식이 맞지 않습니다"))]}
        fmt = spec.get("format")
        if fmt in FORMAT_PATTERNS:
            message = getattr(schema, "_FORMAT_MESSAGES", {}).get(fmt) or spec.get("description") or "형식이 맞지 않습니다"
            return {"pattern": [FORMAT_PATTERNS[fmt], form_text(str(message))]}
        if spec.get("maxLength"):
            limit = int(spec["maxLength"])
            return {"pattern": [f"^[\\s\\S]{{0,{limit}}}$", f"너무 깁니다. {limit}자 이내로 쓰세요"]}
        return {}

    @staticmethod
    def _number(spec: dict[str, Any], kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        if kind == "number":
            out["step"] = 0.0001
        if "minimum" in spec:
            out["min"] = spec["minimum"]
        if "exclusiveMinimum" in spec:
            out["min"] = spec["exclusiveMinimum"]
            if spec["exclusiveMinimum"] == 0:
                out["pattern"] = ["^(?!-?0*\\.?0*$)", "0보다 커야 합니다"]
        if "maximum" in spec:
            out["max"] = spec["maximum"]
        return out

    def _terms(self, kind: str, level: str | None) -> list[Term]:
        return [t for t in self.ctx.site.taxonomies.terms(kind) if level is None or t.level == level]

    @staticmethod
    def _term_options(terms: list[Term]) -> list[dict[str, str]]:
        mixed = len({t.level for t in terms}) > 1
        return [{"label": f"{t.label} ({LEVEL_LABELS.get(t.level, t.level)})" if mixed and t.level != "district" else t.label, "value": t.id} for t in terms]

    def _reference_options(self, spec: dict[str, Any], items: dict[str, Any]) -> list[dict[str, str]] | None:
        """A select of the records an `id` field refers to, named by its description
        ("data/coops의 id"); None when the field is no such reference or the folder is too big."""
        if spec.get("x-def") != "id" and items.get("x-def") != "id":
            return None
        match = re.search(r"data/([a-z0-9-]+)", str(spec.get("description", "")))
        attribute = SITE_ATTRIBUTES.get(match.group(1), "") if match else ""
        found = getattr(self.ctx.site, attribute, None) if attribute else None
        if not isinstance(found, dict) or len(found) > MAX_OPTIONS:
            return None  # the plain id field, checked against the slug rule
        named = [(str(getattr(item, "name", "") or getattr(item, "title", "") or key), key) for key, item in found.items()]
        return [{"label": f"{name} ({key})", "value": key} for name, key in sorted(named)]

    @staticmethod
    def _referred(spec: dict[str, Any]) -> str:
        match = re.search(r"data/([a-z0-9-]+)", str(spec.get("description", "")))
        labels = {kind.folder: kind.label for kind in records.RECORD_KINDS}
        return labels.get(match.group(1), "") if match else ""

    def _enum_options(self, values: list[Any], spec: dict[str, Any]) -> list[dict[str, str]]:
        return [{"label": _enum_label(str(value), spec, self.root), "value": str(value)} for value in values]

    @staticmethod
    def _summary(fields: list[dict[str, Any]]) -> str:
        names = [f["name"] for f in fields if f.get("required", True)][:2] or [f["name"] for f in fields][:1]
        return " ~ ".join(f"{{{{fields.{name}}}}}" for name in names)


def markdown_widget() -> dict[str, Any]:
    # No images or code blocks from the toolbar (no upload path to review), and the
    # preview sanitised: the text is the proposer's, the browser is the reviewer's.
    return {"widget": "markdown", "buttons": list(MARKDOWN_BUTTONS), "editor_components": [], "sanitize_preview": True}


def _id_field(folder: str, extension: str) -> dict[str, Any]:
    spec = schema.load_schema("common")["$defs"]["id"]
    return {
        "name": ID_FIELD,
        "label": "파일 이름(id)",
        "widget": "portal-id",
        "hint": f"영문 소문자, 숫자, 하이픈(-)만 씁니다 (예: mapo-dolbom). 파일 {folder}/<id>.{extension}의 이름이자 사이트 주소가 됩니다. 저장한 뒤에는 바꿀 수 없습니다.",
        "pattern": [spec["pattern"], form_text(str(spec.get("x-hint") or "형식이 맞지 않습니다"))],
    }


def _identifier(spec: dict[str, Any]) -> str:
    properties = spec.get("properties") or {}
    for name in ("name", "title"):
        if name in properties:
            return name
    return next(iter(spec.get("required") or properties))


def record_collection(ctx: BuildContext, kind: records.RecordKind) -> dict[str, Any]:
    root = record_schema(kind.schema)
    builder = Builder(ctx, root, records.TERM_FIELDS.get(kind.schema, {}))
    identifier = _identifier(root)
    folder = f"data/{kind.folder}"
    return {
        "name": kind.folder,
        "label": kind.label,
        "label_singular": kind.label,
        "description": form_text(str(root.get("description", ""))),
        "folder": folder,
        "extension": "yaml",
        "format": "portal-yaml",
        "create": True,
        "delete": False,
        "identifier_field": identifier,
        "slug": f"{{{{{ID_FIELD}}}}}",
        "summary": f"{{{{{identifier}}}}} ({{{{filename}}}})",
        "sortable_fields": [identifier],
        "fields": [_id_field(folder, "yaml"), *builder.fields(root, top=True)],
    }


def article_collection(ctx: BuildContext, folder_name: str, schema_name: str) -> dict[str, Any]:
    root = record_schema(schema_name)
    builder = Builder(ctx, root, ARTICLE_TERM_FIELDS.get(schema_name, {}))
    identifier = _identifier(root)
    folder = f"content/{folder_name}"
    body = {
        "name": "body",
        "label": "본문",
        "hint": "글의 본문(Markdown). 굵게, 링크, 소제목, 인용, 목록은 위의 단추로 넣습니다. HTML 태그는 쓸 수 없습니다. 다른 글로 가는 링크는 상대 경로로 씁니다 (예: ../cases/bologna-emilia-romagna.md).",
        **markdown_widget(),
    }
    sortable = [identifier] + (["date"] if "date" in (root.get("properties") or {}) else [])
    return {
        "name": folder_name,
        "label": ARTICLE_SECTION_NAMES.get(folder_name, str(root.get("title", folder_name))),
        "label_singular": str(root.get("title", folder_name)),
        "description": form_text(str(root.get("description", ""))),
        "folder": folder,
        "extension": "md",
        "format": "portal-frontmatter",
        "create": True,
        "delete": False,
        "identifier_field": identifier,
        "slug": f"{{{{{ID_FIELD}}}}}",
        "summary": f"{{{{{identifier}}}}} ({{{{filename}}}})",
        "sortable_fields": sortable,
        "fields": [_id_field(folder, "md"), *builder.fields(root, top=True), body],
    }


def github_repo(repo_url: str) -> str:
    """`owner/name` of a GitHub repository URL, or "" for anything else."""
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.hostname not in ("github.com", "www.github.com") or len(path) != 2 or not all(path):
        return ""
    return "/".join(path)


def config(ctx: BuildContext) -> dict[str, Any]:
    backend: dict[str, Any] = {
        "name": "github",
        "repo": github_repo(ctx.repo_url),
        "branch": ctx.branch,
        "open_authoring": True,
        "squash_merges": True,
        "commit_messages": {
            "create": "{{collection}} 추가: {{slug}} (웹 편집기)",
            "update": "{{collection}} 수정: {{slug}} (웹 편집기)",
            "delete": "{{collection}} 삭제: {{slug}} (웹 편집기)",
            "uploadMedia": "파일 올림: {{path}} (웹 편집기)",
            "deleteMedia": "파일 지움: {{path}} (웹 편집기)",
            "openAuthoring": "{{message}}",
        },
    }
    auth_url = os.environ.get("CMS_AUTH_URL", "").strip()
    if auth_url:  # the OAuth helper that turns a GitHub login into a token (see ARCHITECTURE.md)
        backend["base_url"] = auth_url
    out: dict[str, Any] = {"locale": "ko", "backend": backend, "publish_mode": "editorial_workflow"}
    if ctx.site_url:
        out["site_url"] = ctx.site_url
        out["display_url"] = ctx.site_url
    out.update(
        show_preview_links=False,
        media_folder="content/images",
        public_folder="/images",
        slug={"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        editor={"preview": True},
        collections=[record_collection(ctx, kind) for kind in records.RECORD_KINDS]
        + [article_collection(ctx, folder, schema_name) for folder, schema_name in ARTICLE_KINDS.items()],
    )
    return out


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1, the browser reads YAML 1.2 (js-yaml): a plain `1e5` or `0o17`
    is a string to one and a number to the other. Every string goes in double quotes, which
    both read the same way; every field is spelled out (no &anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# a word no YAML reads as anything but a string (y, n, on, off, yes, no, null, true, ... excluded)
_PLAIN_KEY = re.compile(r"(?!(?i:y|n|yes|no|on|off|true|false|null)$)[A-Za-z][A-Za-z0-9_]*")


class _Key(str):
    """A mapping key: Decap's option names and the schemas' field names, plain ASCII words."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))
_Dumper.add_representer(_Key, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="" if _PLAIN_KEY.fullmatch(value) else '"'))


def _keyed(node: Any) -> Any:
    if isinstance(node, dict):
        return {_Key(key): _keyed(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_keyed(item) for item in node]
    return node


def config_yaml(ctx: BuildContext) -> bytes:
    body = yaml.dump(_keyed(config(ctx)), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return (CONFIG_HEADER + body).encode("utf-8")


# --- the page and the vendored scripts ---------------------------------------------------


def vendored() -> dict[str, Path]:
    """Site path -> installed file, for Decap's bundle (its lazily loaded chunks and
    WebAssembly included, source maps and the duplicate `cms.js` left out) and js-yaml."""
    dist = PACKAGE_DIR / "node_modules" / "decap-cms" / "dist"
    js_yaml = PACKAGE_DIR / "node_modules" / "js-yaml"
    needed = [dist / "decap-cms.js", js_yaml / "dist" / "js-yaml.min.js"]
    missing = [path for path in needed if not path.is_file()]
    if missing:
        shown = ", ".join(path.relative_to(PACKAGE_DIR.parent).as_posix() for path in missing)
        raise AdminBundleMissing(f"웹 편집기(/admin/)에 넣을 Decap CMS 파일이 없습니다: {shown}. {INSTALL_HINT}")
    files = {f"{ASSETS}{path.name}": path for path in sorted(dist.iterdir()) if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")}
    files[f"{ASSETS}js-yaml.min.js"] = js_yaml / "dist" / "js-yaml.min.js"
    files[f"{ASSETS}js-yaml.LICENSE.txt"] = js_yaml / "LICENSE"
    return files


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _own(name: str) -> bytes:
    return resources.files("site_plugins").joinpath(f"assets/admin/{name}").read_bytes()


def index_html(ctx: BuildContext) -> bytes:
    def url(target: str) -> str:
        return relative_url(PAGE, target)

    # the theme's icon (Material writes it there), so that the browser does not ask for /favicon.ico
    return render("admin/index.html", PAGE, ctx.site, assets=url(ASSETS), favicon=url("assets/images/favicon.png"), home=url(""), contributing=f"{ctx.repo_url}/blob/{ctx.branch}/CONTRIBUTING.md" if ctx.repo_url else "").encode("utf-8")


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    for target, source in vendored().items():
        st = source.stat()
        out.files.append(OutputFile(target, partial(_read, source), key=(str(source), st.st_size, st.st_mtime_ns)))
    for name in ("portal-admin.js", "portal-admin.css"):
        out.files.append(OutputFile(f"{ASSETS}{name}", partial(_own, name)))
    out.files.append(OutputFile(f"{PAGE}index.html", partial(index_html, ctx)))
    out.files.append(OutputFile(f"{PAGE}config.yml", partial(config_yaml, ctx)))
    return out
