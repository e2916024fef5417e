"""Read and validate everything under `data/` and `content/` into one `Site`.

This is the first half of the pipeline (read, validate, model) and the whole of
`python -m site_plugins check`. It imports nothing from MkDocs. Every problem in
every file is collected; a Site is only usable when no problem was found.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import multiprocessing
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import schema
from .cache import RecordCache, digest
from .cache import version as cache_version_of
from .clock import build_time
from .geomap import load_district_geometry
from .heap import paused_collection
from .markdown_guard import SafeMarkdown
from .model import Article, Site, Source, Taxonomies
from .pagelinks import (
    PageMarkdown,
    ScannedPage,
    SiteUrls,
    check_links,
    published_urls,
    report_findings,
)
from .particles import josa, quoted
from .problems import Problem, Problems, field_path
from .records import RECORD_KINDS, RecordContext, RecordKind, build_record, check_text
from .relations import FACETS
from .slug import SLUG
from .spellings import load_spellings
from .taxonomy import Vocabulary, load_taxonomies
from .textfile import MAX_BYTES, decode
from .textfile import read as read_text_file
from .values import shown
from .yamlread import YamlDocument, parse

ARTICLE_KINDS = {"cases": "case", "columns": "column", "newsletter": "newsletter"}
ARTICLE_SECTION_NAMES = {"cases": "사례", "columns": "칼럼", "newsletter": "소식지"}
# Sections whose pages the build generates; an editor's file there would be shadowed.
GENERATED_SECTIONS = ("coops", "regions", "industries", "categories", "types", "fields", "education", "centers", "programs", "authors", "data", "stats", "search", "subscribe",
                      "status", "activities", "products", "library", "jobs", "events", "startup")
# Files a 자료실 record publishes (`file:`), under content/ so that MkDocs copies them.
LIBRARY_FILES = "content/library/files"
# Single generated pages at the top of content/: an editor's file would take their URL.
GENERATED_PAGES = {"subscribe.md": "/subscribe/ 구독하기"}
# Template text (`python -m site_plugins new`) that must be replaced before publishing.
PLACEHOLDER = "(채워 주세요:"
PARALLEL_THRESHOLD = 2000  # below this, starting processes costs more than it saves

# A preview (`mkdocs serve`) loads the same 30,000 files again after every save. There,
# a file whose size, times and inode are what they were is taken to be unchanged, as
# make and git's index do, so only the saved file is read; a folder whose times are
# unchanged has the same entries. `check` and `build` always read and hash everything.
StatKey = tuple[int, int, int, int]
_FILE_STATS: dict[str, tuple[StatKey, bytes]] = {}  # path -> (stat, hash of its bytes)
_FOLDER_LISTS: dict[str, tuple[StatKey, list[SourceFile], list[Problem]]] = {}


def _stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    rel: str  # repository-relative, forward slashes
    record_id: str


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _check_name(root: Path, path: Path, problems: Problems, *, extensions: tuple[str, ...], rel: str = "") -> str | None:
    """The id a file name gives, or None after reporting why it cannot be one."""
    rel = rel or _rel(root, path)
    name = path.name
    if unicodedata.normalize("NFC", name) != name:
        problems.add(rel, 1, "파일 이름이 NFD(자모가 풀린 한글)로 저장되어 있습니다. macOS에서 흔합니다. 영문 소문자 id로 이름을 바꾸세요")
        return None
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext}" not in extensions:
        problems.add(rel, 1, f"이 폴더에는 {', '.join(extensions)} 파일만 둘 수 있습니다. 확장자를 확인하세요")
        return None
    if not SLUG.match(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
        example = f"{suggestion}.{ext}" if SLUG.match(suggestion) else f"mapo-dolbom{extensions[0]}"
        problems.add(rel, 1, f"파일 이름 {quoted(stem, '은/는')} id로 쓸 수 없습니다. 영문 소문자, 숫자, 하이픈(-)만 쓰세요 (예: {example})")
        return None
    return stem


def discover(root: Path, folder: Path, problems: Problems, *, extensions: tuple[str, ...], skip: tuple[str, ...] = (), trust_stats: bool = False) -> list[SourceFile]:
    """Files of one record folder, with name rules and id collisions reported."""
    if not folder.is_dir():
        return []
    if trust_stats:
        key = _stat_key(folder.stat())
        held = _FOLDER_LISTS.get(str(folder))
        if held is not None and held[0] == key:
            problems.extend(held[2])
            return held[1]
        found = Problems()
        files = discover(root, folder, found, extensions=extensions, skip=skip)
        _FOLDER_LISTS[str(folder)] = (key, files, found.items)
        problems.extend(found)
        return files
    found: dict[str, SourceFile] = {}
    lowered: dict[str, str] = {}
    folder_rel = _rel(root, folder)  # joined by hand below: relative_to() per file is slow at 30,000
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        rel = f"{folder_rel}/{entry.name}"
        if entry.name.startswith(".") or entry.name in ("README.md", *skip) or entry.is_symlink():
            continue  # a link is reported once, by refuse_links
        if entry.is_dir():
            problems.add(rel, 1, "이 폴더 안에는 하위 폴더를 둘 수 없습니다. 파일을 바로 아래에 두세요")
            continue
        record_id = _check_name(root, path, problems, extensions=extensions, rel=rel)
        if record_id is None:
            continue
        key = unicodedata.normalize("NFC", record_id).casefold()
        if key in lowered:
            problems.add(rel, 1, f"id {quoted(record_id, '이/가')} {josa(lowered[key], '와/과')} 겹칩니다. 한 파일만 남기거나 이름을 바꾸세요")
            continue
        lowered[key] = rel
        found[record_id] = SourceFile(path, rel, record_id)
    return list(found.values())


# What content/ may hold besides Markdown: MkDocs publishes every file there as it is,
# so an .html, .js or .svg file would be a page or script on the portal's own origin.
# No .csv: MkDocs would publish it byte for byte, and a cell such as =HYPERLINK(...)
# would reach a spreadsheet as a live formula; tables belong in data/ (the open data).
CONTENT_FILE_TYPES = frozenset({".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".hwp", ".hwpx", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".txt"})


def refuse_links(root: Path, problems: Problems) -> None:
    """Every symbolic link under data/ and content/ is a problem, and nothing follows it.

    A link would publish whatever it points at (a machine's /etc, another checkout)
    as if an editor had written it; git stores it as a one-line file, so nobody
    reviewing a pull request sees what it brings.
    """
    for top in ("data", "content"):
        base = root / top
        if base.is_symlink():
            problems.add(top, 1, f"{top}/ 폴더가 심볼릭 링크입니다. 실제 폴더여야 합니다")
            continue
        for folder, dirs, files in os.walk(base):  # followlinks=False: a linked folder is listed, not entered
            for name in sorted(dirs + files):
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    rel = _rel(root, Path(path))
                    problems.add(rel, 1, "심볼릭 링크(바로 가기)는 둘 수 없습니다. 저장소 밖의 파일이 게시될 수 있습니다. 링크를 지우고 실제 파일을 올리세요")
            dirs[:] = [name for name in dirs if not os.path.islink(os.path.join(folder, name))]


def read_yaml(path: Path, rel: str, problems: Problems, raw: bytes | None = None) -> YamlDocument | None:
    """`raw` is the file's bytes when the caller has read them already (to hash them)."""
    text, text_problems = read_text_file(path) if raw is None else decode(raw)
    for tp in text_problems:
        problems.add(rel, tp.line, tp.message)
    if text is None:
        return None
    doc, errors = parse(text)
    for error in errors:
        problems.add(rel, error.line, error.message)
    # A duplicate key or a lost comment still leaves a document: validate it too, so one
    # problem never hides the file's others (the reported problems fail the build anyway).
    return doc


# --- records (data/) -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _load_records(kind: RecordKind, files: list[tuple[SourceFile, bytes | None]]) -> list[tuple[Any, list[Problem]]]:
    vocabularies: dict[str, Vocabulary] = _WORKER["vocabularies"]
    today: dt.date = _WORKER["today"]
    markdown = SafeMarkdown()
    results = []
    for source, raw in files:
        problems = Problems()
        record = None
        try:
            doc = read_yaml(source.path, source.rel, problems, raw)
            if doc is not None:
                ctx = RecordContext(source.rel, doc, problems, vocabularies, today, markdown)
                record = build_record(kind, source.record_id, doc.data, ctx)
        except Exception as exc:  # a bug must not hide the editor's other problems
            problems.add(source.rel, 1, f"이 파일을 처리하다 예기치 못한 오류가 났습니다({type(exc).__name__}: {exc}). 관리자에게 알려 주세요")
        results.append((record, problems.items))
    return results


def _read_file(path: Path, size: int) -> bytes:
    """All of a file's bytes, `size` being what a stat just said.

    One open and one read (a second only if the file grew meanwhile): Path.read_bytes
    makes seven system calls through the io layers for each of 30,000 records.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        data = os.read(fd, size + 1)  # fewer bytes than asked for: the end of the file
        if len(data) <= size:
            return data
        chunks = [data]
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _load_kind(kind: RecordKind, files: list[SourceFile], problems: Problems, records_cache: RecordCache, trust_stats: bool = False) -> dict[str, Any]:
    # Only files whose bytes the cache has not seen are parsed and validated.
    results: list[tuple[Any, list[Problem]]] = []
    todo: list[tuple[SourceFile, bytes | None]] = []
    hashes: dict[str, bytes] = {}
    for source in files:
        raw: bytes | None = None
        try:
            st = os.stat(source.path)
            if trust_stats:
                held = _FILE_STATS.get(str(source.path))
                if held is not None and held[0] == _stat_key(st):
                    hashes[source.rel] = held[1]
                    entry = records_cache.get(source.rel, held[1])
                    if entry is not None:
                        results.append((entry[1], entry[2]))
                        continue
            # an oversized or unreadable file is left to read_text_file, which explains it
            raw = _read_file(source.path, st.st_size) if st.st_size <= MAX_BYTES else None
        except OSError:
            raw = None
        file_hash = hashes[source.rel] = digest(raw if raw is not None else b"\0unreadable")
        if trust_stats and raw is not None:
            _FILE_STATS[str(source.path)] = (_stat_key(st), file_hash)
        entry = records_cache.get(source.rel, file_hash) if raw is not None else None
        if entry is None:
            todo.append((source, raw))
        else:
            results.append((entry[1], entry[2]))
    fresh = _parse_records(kind, todo)
    for (source, _raw), (record, record_problems) in zip(todo, fresh):
        records_cache.put(source.rel, (hashes[source.rel], record, record_problems))
    records_cache.keep_only(set(hashes))
    records_cache.save()
    results += fresh
    records: dict[str, Any] = {}
    for record, record_problems in results:
        problems.extend(record_problems)
        if record is not None:
            records[record.id] = record
    return dict(sorted(records.items()))


def _parse_records(kind: RecordKind, files: list[tuple[SourceFile, bytes | None]]) -> list[tuple[Any, list[Problem]]]:
    if len(files) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
        workers = min(os.cpu_count() or 1, 4)
        # contiguous, so results line up with files; four per worker, so that the parent
        # unpickles one chunk's records while the workers parse the next
        size = -(-len(files) // (workers * 4))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        # fork shares the vocabularies with the workers without pickling them
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results_of = pool.map(_load_records, [kind] * len(chunks), chunks)  # the workers are forked now
            # 30,000 records unpickled: acyclic, and several full collections' worth of objects
            with paused_collection():
                parts = list(results_of)
        results = [item for part in parts for item in part]
    else:
        results = _load_records(kind, files)
    return results


# --- Markdown files (content/) ------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line number where the body starts)."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        return "\0unclosed", text, 1
    yaml_text = text[4 : 4 + end.start()]
    body_start = 4 + end.end() + 1
    return yaml_text, text[body_start:], text.count("\n", 0, body_start) + 1


@functools.cache
def _theme_icons() -> Path | None:
    """Material's icon folder, found without importing the theme (the core is engine-free)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / ".icons"
    return folder if folder.is_dir() else None


def theme_icon_exists(name: str) -> bool:
    """Whether the theme can draw `icon: name`; an unknown one would stop the theme's render.

    Only names of the schema's pattern get here (`material/home`: no dots, no slashes
    beyond the set's), so the name cannot leave the icon folder.
    """
    if not re.fullmatch(r"(material|fontawesome/(solid|regular|brands)|octicons|simple)/[a-z0-9-]+", name):
        return False
    folder = _theme_icons()
    return folder is None or (folder / f"{name}.svg").is_file()


@dataclass(slots=True)
class ContentScan:
    """The page renderer and what it saw, for the link check after all pages are read."""

    md: PageMarkdown
    pages: dict[str, ScannedPage]


def read_markdown(path: Path, rel: str, schema_name: str, problems: Problems, scan: ContentScan) -> tuple[dict[str, Any], str] | None:
    text, text_problems = read_text_file(path)
    for tp in text_problems:
        problems.add(rel, tp.line, tp.message)
    if text is None:
        return None
    front, body, body_line = split_front_matter(text)
    before = len(problems)
    meta: dict[str, Any] = {}
    if front == "\0unclosed":
        problems.add(rel, 1, "머리말(front matter)이 '---'로 시작했지만 닫는 '---' 줄이 없습니다")
    elif front is not None:
        doc, errors = parse(front, line_offset=1)
        for error in errors:
            problems.add(rel, error.line, f"머리말: {error.message}")
        if doc is not None and not errors:
            data = {} if doc.data is None else doc.data  # an empty front matter still owes its required fields
            if not isinstance(data, dict):
                problems.add(rel, 2, "머리말은 '필드: 값' 줄들이어야 합니다")
            else:
                meta = data
                for error in schema.validate(schema_name, meta):
                    problems.add(rel, doc.line_of(error.path), error.message, error.field)
                # front matter has no Markdown fields, so the record renderer is never needed
                ctx = RecordContext(rel, doc, problems, {}, dt.date.today(), None)  # type: ignore[arg-type]
                check_text(schema_name, meta, ctx)
                icon = meta.get("icon")
                if isinstance(icon, str) and not theme_icon_exists(icon):
                    problems.add(rel, doc.line_of(("icon",)), f"아이콘 {quoted(shown(icon), '이/가')} 테마에 없습니다. Material 테마의 아이콘 이름을 쓰세요 (예: material/account-group)", "icon")
    elif schema_name != "page":
        problems.add(rel, 1, "맨 앞에 '---'로 둘러싼 머리말(title, date, summary 등)이 있어야 합니다")
    for number, line in enumerate(body.split("\n"), start=body_line):
        if PLACEHOLDER in line:
            problems.add(rel, number, "아직 채우지 않은 본문입니다. '(채워 주세요: ...)' 줄을 지우고 내용을 쓰세요")
    findings = scan.md.scan(body)
    report_findings(findings.items, body, rel, body_line, problems)
    src_uri = rel.removeprefix("content/")
    scan.pages[src_uri] = ScannedPage(rel, src_uri, body, body_line, tuple(findings.links), frozenset(findings.ids))
    return (meta, body) if len(problems) == before else None


def _load_articles(root: Path, site: Site, problems: Problems, scan: ContentScan) -> None:
    content = root / "content"
    for folder, schema_name in ARTICLE_KINDS.items():
        articles: dict[str, Article] = {}
        index = content / folder / "index.md"
        if index.is_file():
            problems.add(
                _rel(root, index),
                1,
                f"/{folder}/ {ARTICLE_SECTION_NAMES[folder]} 목록 페이지는 자동으로 만들어지므로 index.md를 둘 수 없습니다. "
                f"이 파일을 지우거나, 글이라면 다른 이름(예: {folder}/my-story.md)으로 바꾸세요",
            )
        for source in discover(root, content / folder, problems, extensions=(".md",), skip=("index.md",)):
            if source.path.name == "index.md":
                continue
            result = read_markdown(source.path, source.rel, schema_name, problems, scan)
            if result is None:
                continue
            meta, body = result
            articles[source.record_id] = Article(
                kind=folder,
                slug=source.record_id,
                title=meta["title"],
                date=schema.parse_date(meta["date"]) or dt.date(1970, 1, 1),
                summary=meta.get("summary", ""),
                source_file=Source(source.rel),
                body=body,
                author=meta.get("author", ""),
                coops=tuple(meta.get("coops") or ()),
                fields=tuple(meta.get("fields") or ()),
                district=meta.get("district", ""),
                industry=meta.get("industry", ""),
            )
        site.articles[folder] = dict(sorted(articles.items()))


def _content_files(content: Path) -> list[Path]:
    """Every file under content/, links and dot-folders left out (links are reported elsewhere)."""
    found = []
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(name for name in dirs if not name.startswith(".") and not os.path.islink(os.path.join(folder, name)))
        found += [Path(folder, name) for name in sorted(files) if not name.startswith(".") and not os.path.islink(os.path.join(folder, name))]
    return found


def _check_content_name(rel_parts: tuple[str, ...], rel: str, problems: Problems) -> bool:
    """Folder and file names under content/ become URLs: the slug rule, known file types."""
    for folder in rel_parts[:-1]:
        if not SLUG.match(folder):
            problems.add(rel, 1, f"폴더 이름 {quoted(shown(folder), '은/는')} 주소가 되므로 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다 (예: about)")
            return False
    stem, dot, ext = rel_parts[-1].rpartition(".")
    if not dot or f".{ext}" not in CONTENT_FILE_TYPES:
        problems.add(rel, 1, f"content/에는 이런 종류의 파일을 둘 수 없습니다. Markdown, 이미지, 문서 파일만 올릴 수 있습니다. 쓸 수 있는 확장자: {', '.join(sorted(CONTENT_FILE_TYPES))}")
        return False
    if not SLUG.match(stem):  # README.md too: MkDocs would publish it as the folder's page, or drop it beside index.md
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
        example = f"{suggestion}.{ext}" if SLUG.match(suggestion) else f"my-page.{ext}"
        problems.add(rel, 1, f"파일 이름 {quoted(shown(stem), '은/는')} 주소가 되므로 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다 (예: {example})")
        return False
    return True


def _check_pages(root: Path, problems: Problems, scan: ContentScan, site: Site | None = None, broken: dict[str, set[str]] | None = None) -> None:
    content = root / "content"
    if not content.is_dir():
        problems.add("content", 1, "content/ 폴더가 없습니다")
        return
    files = _content_files(content)
    for path in files:
        rel = _rel(root, path)
        parts = path.relative_to(content).parts
        if parts[0] in ARTICLE_KINDS and len(parts) == 2 and path.suffix == ".md":
            continue  # read as articles and named by discover(), which reports their names
        if unicodedata.normalize("NFC", path.name) != path.name:
            problems.add(rel, 1, "파일 이름이 NFD(자모가 풀린 한글)로 저장되어 있습니다. macOS에서 흔합니다. 이름을 다시 입력하거나 영문으로 바꾸세요")
            continue
        if len(parts) == 1 and parts[0] in GENERATED_PAGES:
            problems.add(rel, 1, f"{GENERATED_PAGES[parts[0]]} 페이지는 자동으로 만들어집니다. 이 파일을 지우거나 이름을 바꾸세요")
            continue
        if not _check_content_name(parts, rel, problems):
            continue
        if parts[0] in GENERATED_SECTIONS and len(parts) > 1 and path.suffix == ".md":
            problems.add(rel, 1, f"/{parts[0]}/ 아래 페이지는 data/에서 자동으로 만들어집니다. 이 파일을 지우고 data/의 기록을 고치세요")
            continue
        if path.suffix == ".md":
            read_markdown(path, rel, "page", problems, scan)
    existing = {path.relative_to(content).as_posix() for path in files}
    # Section front pages the build generates (the directory, facet indexes, schedules).
    generated = {f"{section}/index.md" for section in (*GENERATED_SECTIONS, *ARTICLE_KINDS)} | set(GENERATED_PAGES)
    site_urls = _site_urls(root, site, broken or {}, existing) if site is not None else None
    check_links(scan.pages, existing, generated, problems, site_urls)


def _site_urls(root: Path, site: Site, broken: dict[str, set[str]], existing: set[str]) -> SiteUrls:
    """What a site-absolute link may point at: one set of URLs, built from ids, nothing generated.

    A record whose file failed is counted as published: its problem is reported already.
    """
    records: dict[str, set[str] | dict[str, Any]] = {folder: set(getattr(site, attr)) | broken.get(folder, set()) for folder, attr in _SITE_ATTR.items()}
    for kind, (folder, _name) in FACETS.items():
        records[folder] = site.taxonomies.kinds.get(kind, {})
    sections = {*GENERATED_SECTIONS, *ARTICLE_KINDS, *(page.removesuffix(".md") for page in GENERATED_PAGES)}
    return published_urls(sections, records, existing, _site_path(root))


def _site_path(root: Path) -> str:
    """The path the site is published under (`/`, or `/portal/`), as mkdocs.yml's site_url
    (or the SITE_URL it reads from the environment) says; `/` when neither does."""
    value = os.environ.get("SITE_URL", "")
    try:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        config = ""
    match = re.search(r"^site_url:[ \t]*(!ENV[ \t]*\[[ \t]*SITE_URL[ \t]*,[ \t]*)?[\"']?([^\"'\]\s]*)", config, flags=re.MULTILINE)
    if match:
        value = (value if match.group(1) else "") or match.group(2)
    path = urlsplit(value.strip()).path if value.strip() else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


# --- cross references -------------------------------------------------------------------


def _cross_check(site: Site, problems: Problems, vocabularies: dict[str, Vocabulary], root: Path, broken: dict[str, set[str]]) -> None:
    # A reference to a record whose own file has problems is not a second mistake.
    for kind, articles in site.articles.items():
        for article in list(articles.values()):
            rel = article.source_file.path
            lines = _front_matter_lines(root / rel)
            for coop_id in article.coops:
                if coop_id not in site.coops and coop_id not in broken.get("coops", ()):
                    problems.add(rel, lines.get("coops", 1), f"협동조합 {quoted(coop_id, '이/가')} 없습니다. data/coops/{coop_id}.yaml이 있는지, id 철자를 확인하세요", "coops")
            if article.author and article.author not in site.authors and article.author not in broken.get("authors", ()):
                problems.add(rel, lines.get("author", 1), f"필자 {quoted(article.author, '이/가')} 없습니다. data/authors/{article.author}.yaml을 만들거나 id를 고치세요", "author")
            resolved = []
            for index, value in enumerate(article.fields):
                term = vocabularies["fields"].resolve(value)
                if term is None:
                    problems.add(rel, lines.get("fields", 1), f"알 수 없는 전략분야 '{value}'입니다. 비슷한 값: {', '.join(vocabularies['fields'].suggest(value)) or '없음'}", field_path(("fields", index)))
                else:
                    resolved.append(term)
            district = industry = ""
            if article.district:
                district = vocabularies["regions"].resolve(article.district) or ""
                if not district:
                    problems.add(rel, lines.get("district", 1), f"알 수 없는 지역 '{article.district}'입니다. 비슷한 값: {', '.join(vocabularies['regions'].suggest(article.district)) or '없음'}", "district")
            if article.industry:
                industry = vocabularies["industries"].resolve(article.industry) or ""
                if not industry:
                    problems.add(rel, lines.get("industry", 1), f"알 수 없는 업종 '{article.industry}'입니다. 비슷한 값: {', '.join(vocabularies['industries'].suggest(article.industry)) or '없음'}", "industry")
            # store the resolved ids so the rest of the build sees only ids
            from dataclasses import replace

            articles[article.slug] = replace(article, fields=tuple(resolved), district=district, industry=industry)


def _cross_check_records(site: Site, problems: Problems, root: Path, broken: dict[str, set[str]]) -> None:
    """Rules between records of data/: what a posting, an event or a 자료실 item names must
    exist, and a 법인등록번호 belongs to one co-op only (contract, second round)."""
    for job in site.jobs.values():
        if job.coop not in site.coops and job.coop not in broken.get("coops", ()):
            rel = job.source_file.path
            problems.add(rel, _key_line(root / rel, "coop"), f"협동조합 {quoted(job.coop, '이/가')} 없습니다. data/coops/{job.coop}.yaml이 있는지, id 철자를 확인하세요", "coop")
    for event in site.events.values():
        for index, program_id in enumerate(event.programs):
            if program_id not in site.programs and program_id not in broken.get("programs", ()):
                rel = event.source_file.path
                problems.add(rel, _key_line(root / rel, "programs"), f"지원사업 {quoted(program_id, '이/가')} 없습니다. data/programs/{program_id}.yaml이 있는지, id 철자를 확인하세요",
                             field_path(("programs", index)))
    for item in site.library.values():
        if not item.file:
            continue
        rel = item.source_file.path
        target = root / LIBRARY_FILES / item.file
        suffix = Path(item.file).suffix.lower()
        if suffix not in CONTENT_FILE_TYPES or suffix == ".md":
            allowed = ", ".join(sorted(CONTENT_FILE_TYPES - {".md"}))
            problems.add(rel, _key_line(root / rel, "file"), f"파일 {quoted(item.file, '은/는')} 자료실에 올릴 수 없는 종류입니다. 쓸 수 있는 확장자: {allowed}", "file")
        elif not target.is_file() or target.is_symlink():
            problems.add(rel, _key_line(root / rel, "file"), f"파일 {quoted(item.file, '이/가')} {LIBRARY_FILES}/에 없습니다. 파일을 그 폴더에 올리거나 이름을 고치세요(대소문자까지 같아야 합니다)", "file")
    _report_repeats(site, problems, root, "registration_number", lambda coop: coop.registration_number,
                    lambda coop, other: f"법인등록번호 {josa(coop.registration_number, '이/가')} {other}에도 있습니다. 법인등록번호는 협동조합마다 다르니 두 파일 가운데 틀린 쪽을 고치세요")
    # The same co-op saved twice under two ids: the same name (spaces and case aside) in
    # the same 자치구. Two real co-ops never share both: the registry refuses the name.
    _report_repeats(site, problems, root, "name", lambda coop: ("".join(coop.name.split()).casefold(), coop.district),
                    lambda coop, other: f"같은 자치구에 이름이 같은 협동조합이 {other}에도 있습니다. 같은 협동조합이면 한 파일만 남기고, 다른 곳이면 정식 이름을 확인하세요")


def _report_repeats(site: Site, problems: Problems, root: Path, field: str, key_of, message_of) -> None:
    """Each co-op whose `key_of(coop)` (falsy: no key) an earlier co-op (id order) has,
    reported at its `field` line with `message_of(coop, the earlier file)`."""
    first: dict[object, str] = {}
    for coop in site.coops.values():
        key = key_of(coop)
        if not key:
            continue
        if key in first:
            rel = coop.source_file.path
            problems.add(rel, _key_line(root / rel, field), message_of(coop, first[key]), field)
        else:
            first[key] = coop.source_file.path


def _key_line(path: Path, key: str) -> int:
    """Line of a top-level `key:` in a YAML file (only used on the error path)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
            if re.match(rf"^{re.escape(key)}\s*:", line):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _front_matter_lines(path: Path) -> dict[str, int]:
    """Line of each top-level front matter key (only used on the error path)."""
    lines: dict[str, int] = {}
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n")[1:], start=2):
            if line.strip() in ("---", "..."):
                break
            match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if match:
                lines.setdefault(match.group(1), number)
    except (OSError, UnicodeDecodeError):
        pass
    return lines


# --- entry point --------------------------------------------------------------------------


def load_site(root: Path, *, now: dt.datetime | None = None, trust_stats: bool = False) -> tuple[Site, Problems]:
    """Everything under root/data and root/content, validated. Never raises for bad input.

    `trust_stats` (previews only): skip reading record files whose stat is unchanged
    since the last call in this process.
    """
    root = root.resolve()
    now = now or build_time()
    problems = Problems()
    refuse_links(root, problems)
    if problems:  # read nothing at all through a link, not even to report what is in it
        return Site(taxonomies=Taxonomies(), build_date=now), problems
    taxonomies, vocabularies = load_taxonomies(root, problems)
    site = Site(taxonomies=taxonomies, build_date=now)
    _WORKER.update(vocabularies=vocabularies, today=now.date())
    data = root / "data"
    if not data.is_dir():
        problems.add("data", 1, "data/ 폴더가 없습니다")
    cache_version = cache_version_of(root, now.date())
    broken: dict[str, set[str]] = {}  # ids whose file exists but failed: already reported
    for kind in RECORD_KINDS:
        files = discover(root, data / kind.folder, problems, extensions=(".yaml", ".yml"), trust_stats=trust_stats)
        records = _load_kind(kind, files, problems, RecordCache(root, kind.folder, cache_version), trust_stats)
        setattr(site, _SITE_ATTR[kind.folder], records)
        broken[kind.folder] = {source.record_id for source in files} - set(records)
    scan = ContentScan(PageMarkdown(), {})
    _load_articles(root, site, problems, scan)
    _check_pages(root, problems, scan, site, broken)
    _cross_check(site, problems, vocabularies, root, broken)
    _cross_check_records(site, problems, root, broken)
    site.spellings = load_spellings(root, problems)  # data/search/spellings.yaml, for the search index
    _geometry, geo_problems = load_district_geometry(root)  # cached: the build reuses the parse
    problems.extend(geo_problems)
    return site, problems


_SITE_ATTR = {"coops": "coops", "centers": "centers", "education": "courses", "programs": "programs", "authors": "authors",
              "library": "library", "jobs": "jobs", "events": "events"}
