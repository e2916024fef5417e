"""Hostile input: nothing anyone puts in `data/` or `content/` by pull request can put
script on a page, write outside `site/`, publish a file from outside the repository,
crash the build, or reach a spreadsheet as a live formula.

Every payload of the corpus (tests/hostile/payloads.py) is either refused by `python -m
site_plugins check` (exit 1, Korean `path:line: message` lines naming its file, no
traceback), or built with the others into one site whose every page, feed, calendar,
JSON and CSV file is parsed here and shows the value as text, with nothing that runs.

Cost: the payloads that write their own files are checked together in one copy (one
`check`); the others (file names, links, taxonomy files) get a copy each. Two sites are
built for the module: a clean one (what the theme itself puts on a page) and the hostile
one; the district map payloads need a build each only when `check` lets them through.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import build_site
from golden_helpers import REPO, make_buildable_site, make_site, run_check
from hostile.payloads import (
    ALONE,
    BATCHED,
    GEO,
    GEO_PAYLOADS,
    GOLDEN,
    MARKER,
    PAYLOADS,
    Payload,
    outside_files,
)
from hostile_helpers import (
    HANGUL,
    audit_html,
    grep_tree,
    listing,
    parse_html,
    report_problems,
    theme_baseline,
    yaml_quote,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from site_plugins.values import visible

slow = pytest.mark.slow  # builds a site (the fixture site: seconds, not minutes)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINE_START = re.compile(r"^(.*?):(\d+): ")


# --- writing payloads ---------------------------------------------------------------------------


def make_outside(folder: Path) -> Path:
    """A folder outside every repository copy; each file in it holds MARKER."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in outside_files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def apply(root: Path, payload: Payload, outside: Path | None = None) -> None:
    for rel, text in payload.files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    for rel, text in payload.append:
        with open(root / rel, "a", encoding="utf-8") as handle:
            handle.write(text)
    for rel, name in payload.links:
        assert outside is not None
        link = root / rel
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        link.parent.mkdir(parents=True, exist_ok=True)
        target = outside / name
        link.symlink_to(target, target_is_directory=target.is_dir())


@dataclass
class CheckResult:
    code: int
    lines: list[str]
    stderr: str
    root: Path | None = None

    @property
    def output(self) -> str:
        return "\n".join(self.lines) + "\n" + self.stderr


def lines_about(result: CheckResult, payload: Payload) -> list[str]:
    named = visible(payload.path)
    return [line for line in result.lines if line.startswith(named + ":")]


def assert_refusal(result: CheckResult, payload: Payload, lines: list[str]) -> None:
    """What every refusal owes the editor: exit 1, their file named, Korean, no traceback."""
    assert result.code == 1, f"{payload.id}: check refused with exit code {result.code}"
    assert lines, f"{payload.id}: no line names {visible(payload.path)!r}:\n{result.output[:2000]}"
    for line in lines:
        assert HANGUL.search(line.split(": ", 1)[1]), f"{payload.id}: message not in Korean: {line!r}"
    assert "Traceback" not in result.output
    assert "예기치 못한 오류" not in result.output, f"{payload.id}: the loader crashed on it:\n{result.output[:2000]}"
    for name in payload.fields:
        assert any(line.endswith(f"({name})") for line in lines), f"{payload.id}: field {name!r} is not reported: {lines}"
    if payload.forged:
        assert not [line for line in result.lines if line.startswith(payload.forged)], f"{payload.id}: a forged line got through"


# --- check: the payloads that write their own files, all in one copy ----------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> CheckResult:
    root = make_site(tmp_path_factory.mktemp("batch") / "repo")
    for payload in BATCHED:
        apply(root, payload)
    return CheckResult(*run_check(root), root=root)


def test_batch_report_is_one_korean_line_per_problem(batch):
    assert batch.code == 1
    assert report_problems(batch.lines, batch.stderr) == []
    known = {visible(p.path) for p in BATCHED}
    strays = [line for line in batch.lines if LINE_START.match(line) and LINE_START.match(line).group(1) not in known]
    assert strays == [], "lines about files no payload wrote (a forged line, or a cross-reference gone wrong)"


def test_the_command_prints_the_same_report(batch):
    """`python -m site_plugins check` as editors run it, in a C locale: the same lines."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""}
    result = subprocess.run([sys.executable, "-m", "site_plugins", "check", "--root", str(batch.root)],
                            check=False, cwd=REPO, env=env, capture_output=True, timeout=300)
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stdout.split("\n")[:-1] == batch.lines


@pytest.mark.parametrize("payload", BATCHED, ids=[p.id for p in BATCHED])
def test_check_refuses_or_accepts(batch, payload):
    lines = lines_about(batch, payload)
    if payload.refuse:
        assert lines, f"check accepted {payload.files[0][0]}, which the contract says it must refuse"
    if lines:
        assert_refusal(batch, payload, lines)


# --- check: payloads that need a copy of their own ------------------------------------------------


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    return make_outside(tmp_path_factory.mktemp("outside") / "elsewhere")


@pytest.fixture(scope="module")
def alone(tmp_path_factory, outside) -> dict[str, CheckResult]:
    results = {}
    for payload in ALONE:
        root = make_site(tmp_path_factory.mktemp("alone") / "repo")
        apply(root, payload, outside)
        results[payload.id] = CheckResult(*run_check(root))
    return results


@pytest.mark.parametrize("payload", ALONE, ids=[p.id for p in ALONE])
def test_check_refuses_or_accepts_alone(alone, payload):
    result = alone[payload.id]
    assert report_problems(result.lines, result.stderr) == []
    assert MARKER not in result.output, "check printed what a link points at"
    if payload.refuse:
        assert result.code == 1, f"check accepted {payload.path!r}, which the contract says it must refuse"
    if result.code:
        assert_refusal(result, payload, lines_about(result, payload))


@pytest.mark.parametrize("payload", GOLDEN, ids=[p.id for p in GOLDEN])
def test_golden_messages(tmp_path, outside, payload):
    root = make_site(tmp_path / "repo")
    apply(root, payload, outside)
    code, lines, _ = run_check(root)
    assert lines == list(payload.golden)
    assert code == 1


# --- the clean and the hostile build -------------------------------------------------------------


@dataclass
class Built:
    root: Path
    out: Path
    output: str
    returncode: int
    accepted: list[Payload]
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> tuple[set[str], set[tuple[str, str, str]]]:
    """What the theme itself puts on pages built from harmless input."""
    parent = tmp_path_factory.mktemp("clean")
    root = make_buildable_site(parent / "repo")
    result = build_site(root, parent / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return theme_baseline([path.read_text(encoding="utf-8") for path in sorted((parent / "site").rglob("*.html"))])


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, batch, alone) -> Built:
    accepted = [p for p in BATCHED if not lines_about(batch, p)] + [p for p in ALONE if alone[p.id].code == 0]
    parent = tmp_path_factory.mktemp("hostile")
    root = make_buildable_site(parent / "repo")
    for payload in accepted:
        apply(root, payload)
    code, lines, _ = run_check(root)
    assert code == 0, "payloads check accepted one by one are refused together:\n" + "\n".join(lines[:50])
    out = parent / "site"
    before = listing(parent, skip=(out, root / ".cache"))
    result = build_site(root, out)
    after = listing(parent, skip=(out, root / ".cache"))
    return Built(root, out, result.stdout + result.stderr, result.returncode, accepted, before, after)


@pytest.fixture(scope="module")
def site(hostile_build) -> Path:
    assert hostile_build.returncode == 0, f"the hostile build failed:\n{hostile_build.output[-4000:]}"
    return hostile_build.out


@slow
def test_hostile_build_succeeds_without_a_traceback(hostile_build):
    assert "Traceback" not in hostile_build.output, hostile_build.output[-4000:]
    assert hostile_build.returncode == 0, hostile_build.output[-4000:]
    assert len(hostile_build.accepted) > 100  # the corpus is really in it


@slow
def test_build_writes_nothing_outside_its_folder(hostile_build):
    """The copy's parent holds the repository and site/: only site/ (and the build cache) may change."""
    before, after = hostile_build.before, hostile_build.after
    assert after == before, sorted(set(after.items()) ^ set(before.items()))[:20]


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@slow
def test_no_page_has_live_markup(site, clean_build):
    inline, theme_attrs = clean_build
    found = []
    pages = _pages(site)
    assert len(pages) > 200
    for page in pages:
        found += audit_html(page.read_text(encoding="utf-8"), inline, theme_attrs, where=str(page.relative_to(site)))
    assert found == [], f"{len(found)} findings, first ones:\n" + "\n".join(found[:40])


def _accepted(hostile_build, attribute: str) -> list[Payload]:
    return [p for p in hostile_build.accepted if getattr(p, attribute)]


@slow
def test_values_show_as_text(site, hostile_build):
    wrong = []
    checked = 0
    for payload in _accepted(hostile_build, "shows"):
        for url, text in payload.shows:
            checked += 1
            page = site / url / "index.html"
            if not page.is_file():
                wrong.append(f"{payload.id}: no page {url}")
                continue
            shown = parse_html(page.read_text(encoding="utf-8")).text
            if " ".join(text.split()) not in shown:
                wrong.append(f"{payload.id}: {url} does not show {text!r} as text")
    assert checked > 100
    assert wrong == [], f"{len(wrong)} values not shown as text:\n" + "\n".join(wrong[:40])


def _json_ld(page: Path) -> list[dict]:
    audit = parse_html(page.read_text(encoding="utf-8"))
    return [json.loads(text) for attrs, text in audit.scripts if (attrs.get("type") or "") == "application/ld+json"]


@slow
def test_json_ld_round_trips_the_values(site, hostile_build):
    wrong = []
    assert len(_accepted(hostile_build, "jsonld")) > 20
    for payload in _accepted(hostile_build, "jsonld"):
        for url, name in payload.jsonld:
            names = [block.get("name") for block in _json_ld(site / url / "index.html")]
            if name not in names:
                wrong.append(f"{payload.id}: JSON-LD names on {url} are {names!r}, not {name!r}")
    assert wrong == [], "\n".join(wrong[:40])


@slow
def test_json_files_parse_and_round_trip(site, hostile_build):
    files = sorted(site.rglob("*.json")) + sorted(site.rglob("*.geojson"))
    assert files
    parsed = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            parsed[path.relative_to(site).as_posix()] = json.loads(text)
        except ValueError:  # one record per line is also JSON, line by line
            parsed[path.relative_to(site).as_posix()] = [json.loads(line) for line in text.splitlines() if line.strip()]
    wrong = []
    for payload in _accepted(hostile_build, "data_json"):
        for rel, record_id, key, value in payload.data_json:
            records = _records(parsed[rel])
            record = next((r for r in records if r.get("id") == record_id), None)
            if record is None or record.get(key) != value:
                wrong.append(f"{payload.id}: {rel} {record_id}.{key} is {None if record is None else record.get(key)!r}, not {value!r}")
    assert wrong == [], "\n".join(wrong[:40])


def _records(data) -> list[dict]:
    """The records of an open-data file: the list of objects in it (`{"coops": [...]}`)."""
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    for value in data.values():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            return value
    return [data]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no BOM"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@slow
def test_csv_cells_never_start_a_formula(site, hostile_build):
    files = sorted((site / "data").glob("*.csv"))
    assert files
    live = []
    for path in files:
        for number, row in enumerate(_csv_rows(path), start=2):
            for column, cell in row.items():
                if cell and cell.startswith(FORMULA_START):
                    live.append(f"{path.name}:{number} {row.get('id')}.{column} = {cell[:60]!r}")
    wrong = []
    assert len(_accepted(hostile_build, "csv")) > 10
    for payload in _accepted(hostile_build, "csv"):
        for rel, row_id, column, value in payload.csv:
            rows = [row for row in _csv_rows(site / rel) if row.get("id") == row_id]
            cells = [row.get(column) for row in rows]
            if not rows or any(cell != "'" + value for cell in cells):
                wrong.append(f"{payload.id}: {rel} {row_id}.{column} is {cells!r}, want {chr(39) + value!r}")
    assert live == [], f"{len(live)} CSV cells written unprefixed:\n" + "\n".join(live[:40])
    assert wrong == [], "\n".join(wrong[:40])


def _feeds(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.xml") if "sitemap" not in path.name)


def _shown(detail_type: str, value: str) -> str:
    """What a reader shows for a feed text construct: HTML is rendered, text is text."""
    return parse_html(value).text if "html" in (detail_type or "") else " ".join(value.split())


@slow
def test_feeds_parse_and_hold_the_values_as_text(site, hostile_build, clean_build):
    import feedparser

    inline, theme_attrs = clean_build
    feeds = _feeds(site)
    assert feeds
    wrong: list[str] = []
    titles: dict[str, dict[str, str]] = {}
    for path in feeds:
        rel = path.relative_to(site).as_posix()
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            wrong.append(f"{rel}: not well-formed ({parsed.bozo_exception})")
            continue
        entries: dict[str, str] = {}
        for entry in parsed.entries:
            entries[entry.get("link", "")] = _shown(entry.title_detail.type, entry.title)
            # HTML carried in the feed (summaries, content) is a page fragment too; feedparser
            # sanitizes what it hands out, so audit what the file itself holds
            for detail in [entry.get("summary_detail"), *entry.get("content", [])]:
                if detail and "html" in (detail.get("type") or ""):
                    wrong += audit_html(detail.get("value", ""), inline, theme_attrs, where=f"{rel} {entry.get('link', '')}")
        raw_tree = ET.fromstring(path.read_bytes())
        for child in raw_tree.iter():
            if child.tag in ("description", "{http://purl.org/rss/1.0/modules/content/}encoded", "{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary") and "<" in (child.text or ""):
                wrong += audit_html(child.text or "", inline, theme_attrs, where=f"{rel} <{child.tag}>")
        titles[rel] = entries
    assert len(_accepted(hostile_build, "feed")) > 10
    for payload in _accepted(hostile_build, "feed"):
        page = payload.shows[0][0] if payload.shows else ""
        for rel, text in payload.feed:
            entries = titles.get(rel, {})
            found = [title for link, title in entries.items() if link.endswith("/" + page)]
            if not found:
                if len(entries) < 50:  # a feed keeps the 50 newest: a missing item is a lost one only below that
                    wrong.append(f"{payload.id}: no entry for {page} in {rel}")
                continue
            if " ".join(text.split()) not in found[0]:
                wrong.append(f"{payload.id}: {rel} entry title shows {found[0]!r}, not {text!r}")
    assert wrong == [], "\n".join(wrong[:40])


def _ical_text(value) -> str:
    """A property's text as a calendar shows it. icalendar unescapes the TEXT properties it
    knows; an X- property (X-WR-CALNAME) is TEXT by RFC 5545 too, so it is unescaped here."""
    from icalendar.prop import vText

    if isinstance(value, vText):
        return str(value)
    raw = value.to_ical() if hasattr(value, "to_ical") else str(value)
    raw = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


@slow
def test_calendars_parse_and_hold_the_values(site, hostile_build):
    from icalendar import Calendar

    files = sorted(site.rglob("*.ics"))
    assert files
    calendars = {}
    broken = []
    for path in files:
        try:
            calendars[path.relative_to(site).as_posix()] = Calendar.from_ical(path.read_bytes())
        except Exception as exc:  # noqa: BLE001 - any parse failure is the finding
            broken.append(f"{path.relative_to(site)}: {type(exc).__name__}: {exc}")
    assert broken == []
    wrong = []
    assert len(_accepted(hostile_build, "ics")) > 5
    for payload in _accepted(hostile_build, "ics"):
        for rel, text in payload.ics:
            calendar = calendars.get(rel)
            if calendar is None:
                wrong.append(f"{payload.id}: no calendar {rel}")
                continue
            events = list(calendar.walk("VEVENT"))
            values = [str(event.get(key, "")) for event in events for key in ("SUMMARY", "LOCATION", "DESCRIPTION")]
            if not any(text in value for value in values):
                wrong.append(f"{payload.id}: {rel} events hold {values!r}, none with {text!r}")
            # every text property that holds the start of the value holds all of it, unaltered
            # (an unescaped `\n`, `;` or `,` comes back as a line break or a list)
            head = text.split("\\")[0][:12]
            for component in calendar.walk():
                for key, value in component.items():
                    shown = _ical_text(value)
                    if len(head) >= 4 and head in shown and text not in shown:
                        wrong.append(f"{payload.id}: {rel} {component.name} {key} is {shown!r}, not {text!r}")
            names = {prop for event in events for prop in event}
            if names - {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "URL", "SEQUENCE", "STATUS", "CATEGORIES", "LAST-MODIFIED", "CREATED", "TRANSP", "CLASS", "ORGANIZER", "GEO"}:
                wrong.append(f"{payload.id}: {rel} events have properties {sorted(names)}")
    assert wrong == [], "\n".join(wrong[:40])


def _search_rows(site: Path) -> dict[str, list]:
    rows = {}
    for path in sorted((site / "search" / "d").glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            rows[row[0]] = row
    return rows


MARKUP = re.compile(r"<[A-Za-z/!?]")


@slow
def test_search_documents_make_no_markup_out_of_text(site, hostile_build):
    """A value that holds no tag must not become one in the search store: the worker
    escapes what it shows today, but the store is published JSON any client may read."""
    rows = _search_rows(site)
    wrong = []
    for payload in _accepted(hostile_build, "search"):
        for url, value in payload.search:
            row = rows.get(url)
            if row is not None and not MARKUP.search(value) and (MARKUP.search(row[1]) or MARKUP.search(row[2])):
                wrong.append(f"{payload.id}: value {value!r} stored as title {row[1]!r}, summary {row[2]!r}")
    assert wrong == [], f"{len(wrong)} search documents hold markup their value did not:\n" + "\n".join(wrong[:40])


@slow
def test_search_documents_keep_plain_values_as_written(site, hostile_build):
    """Title and summary of a search document are plain fields: stored as the editor wrote
    them (the worker escapes them), not read as Markdown or HTML."""
    rows = _search_rows(site)
    assert rows
    wrong = []
    assert len(_accepted(hostile_build, "search")) > 50
    for payload in _accepted(hostile_build, "search"):
        for url, value in payload.search:
            row = rows.get(url)
            if row is None:
                wrong.append(f"{payload.id}: no search document for {url}")
            elif row[1] != value or value not in row[2]:
                wrong.append(f"{payload.id}: stored as title {row[1]!r}, summary {row[2]!r}; the value is {value!r}")
    assert wrong == [], f"{len(wrong)} search documents changed the value:\n" + "\n".join(wrong[:40])


@slow
def test_xml_files_are_well_formed(site):
    broken = []
    for path in sorted(site.rglob("*.xml")):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            broken.append(f"{path.relative_to(site)}: {exc}")
    assert broken == []


@slow
def test_no_marker_and_no_dot_file_published(site):
    assert grep_tree(site, MARKER.encode()) == []
    assert not (site / ".x.html").exists()


# --- a build of refused input, links included ------------------------------------------------------


@slow
def test_build_refuses_links_and_publishes_nothing_from_outside(tmp_path, outside):
    parent = tmp_path / "parent"
    root = make_buildable_site(parent / "repo")
    for payload in PAYLOADS:
        if payload.kind == "symlink" and payload.links[0][0] not in ("content", "data"):
            apply(root, payload, outside)
    out = parent / "site"
    before = listing(parent, skip=(out, root / ".cache"))
    result = build_site(root, out)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "심볼릭 링크" in output
    assert MARKER not in output
    assert not out.exists() or grep_tree(out, MARKER.encode()) == []
    assert listing(parent, skip=(out, root / ".cache")) == before


@slow
def test_build_refuses_markup_in_plain_fields_like_check(tmp_path):
    """The build is the last guard: a refused payload fails it with check's Korean lines."""
    root = make_buildable_site(tmp_path / "repo")
    chosen = [p for p in BATCHED if p.refuse and p.kind in ("plain", "markdown", "yaml-escape", "forge")][::25]
    for payload in chosen:
        apply(root, payload)
    result = build_site(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output[-3000:]
    for payload in chosen:
        assert f"{visible(payload.path)}:" in output, f"{payload.id} is not reported by the build"
    assert not (tmp_path / "site" / "index.html").exists()


# --- the district map file ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("payload", GEO_PAYLOADS, ids=[p.id for p in GEO_PAYLOADS])
def test_broken_district_map_gets_a_korean_answer(tmp_path, payload, clean_build):
    root = make_buildable_site(tmp_path / "repo")
    shutil.copytree(REPO / "data" / "geo", root / "data" / "geo", dirs_exist_ok=True)
    apply(root, payload)
    code, lines, stderr = run_check(root)
    check_output = "\n".join(lines) + stderr
    assert "Traceback" not in check_output
    if code:
        assert any(line.startswith(GEO + ":") and HANGUL.search(line) for line in lines), check_output
        return
    result = build_site(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    valid_structure = not payload.refuse
    if result.returncode != 0:
        assert any(GEO in line and HANGUL.search(line) for line in output.splitlines()), output[-3000:]
        return
    assert valid_structure, f"a broken {GEO} was built without a word:\n{output[-2000:]}"
    for url, text in payload.shows:
        assert text in parse_html((tmp_path / "site" / url / "index.html").read_text(encoding="utf-8")).text, f"{url} does not show {text!r}"
    inline, theme_attrs = clean_build
    found = []
    for page in _pages(tmp_path / "site"):
        found += audit_html(page.read_text(encoding="utf-8"), inline, theme_attrs, where=str(page.relative_to(tmp_path / "site")))
    for svg in (tmp_path / "site").rglob("*.svg"):
        found += audit_html(svg.read_text(encoding="utf-8"), inline, theme_attrs, where=str(svg.relative_to(tmp_path / "site")))
    assert found == [], "\n".join(found[:20])


# --- in the browser -----------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serve(folder: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def _first_page(hostile_build, site: Path, prefix: str, preferred: tuple[str, ...]) -> str:
    """A built page of a payload whose id starts with `prefix`, preferring the labels given."""
    ids = [p.id for p in hostile_build.accepted if p.id.startswith(prefix)]
    for label in preferred:
        for payload_id in ids:
            if payload_id.endswith(label):
                url = next(p for p in hostile_build.accepted if p.id == payload_id).shows
                if url and (site / url[0][0] / "index.html").is_file():
                    return url[0][0]
    raise AssertionError(f"no built page for {prefix}*")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_no_dialog_and_no_outside_request_in_the_browser(browser, site, hostile_build, viewport):
    preferred = ("entity-img", "entity-script", "numeric-entity-img", "quote-dq", "config-fence", "code-span-comment", "js-scheme")
    urls = [
        _first_page(hostile_build, site, "h-case-plain-", preferred),
        _first_page(hostile_build, site, "h-coop-plain-", preferred),
        _first_page(hostile_build, site, "h-page-md-", ("code-span-comment", "entity-script", "heading-config", "fence-attr-config", "href-quote")),
        _first_page(hostile_build, site, "h-term-", preferred) if any(p.id.startswith("h-term-") for p in hostile_build.accepted) else "fields/care/",
        "coops/",
        "?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "?q=" + "onerror",
        "?q=" + "%22%3E%3Csvg%2Fonload%3Dalert(1)%3E",
    ]
    with _serve(site) as base:
        context = browser.new_context(locale="ko-KR", viewport=viewport)
        dialogs: list[str] = []
        outside: list[str] = []
        results = 0
        context.on("request", lambda request: outside.append(request.url) if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))
        try:
            for url in urls:
                page.goto(base + url, wait_until="load")
                if url.startswith("?q="):
                    page.wait_for_selector(".md-search-result__meta", timeout=10000)
                    if "onerror" in url:
                        page.wait_for_selector(".md-search-result__item", timeout=10000)
                        results += page.locator(".md-search-result__item").count()
                page.wait_for_timeout(300)
            # one internal link, followed like a reader would
            page.goto(base + urls[1], wait_until="load")
            link = page.locator("article a[href*='regions/']").first
            with page.expect_navigation(wait_until="load"):
                link.click()
            assert "/regions/" in page.url
            page.wait_for_timeout(300)
        finally:
            context.close()
    assert dialogs == []
    assert outside == []
    assert results > 0, "the payload queries found nothing: the search did not run"


# --- any text at all in a co-op's name and summary ------------------------------------------------------

TOKENS = ["<", ">", "&", '"', "'", "`", "=", "/", "!", "?", "-", "{", "}", "#", "%", "\\", " ", "\n", "\t", "\r", "\u202e",
          "\u2028", "\x85", "\u200b", "\ufeff", "\x00", "script", "img", "onerror=", "javascript:", "<!--", "]]>", "{{", "}}",
          "&lt;", "&#60;", "\u003c", "가", "👩‍👩‍👧", "\u0301", "\U000e0041", "\ufffe"]
ANY_TEXT = st.one_of(st.text(min_size=1, max_size=40), st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join))
PROPERTY_COOP = """name: {value}
summary: {value}
district: mapo
industry: health-welfare
category: multi-stakeholder
legal_type: social-coop
founded: 2014-03-01
"""


@pytest.fixture(scope="module")
def property_site(tmp_path_factory) -> Path:
    return make_site(tmp_path_factory.mktemp("property") / "repo")


def _coop_page(root: Path, value: str) -> tuple[str, str]:
    from site_plugins.context import BuildContext
    from site_plugins.generate import generate_all
    from site_plugins.load import load_site

    site, problems = load_site(root)
    assert not problems, problems.report()
    ctx = BuildContext.create(site, site_url="https://portal.example.org/")
    page = next(p for p in generate_all(ctx).pages if p.url == "coops/h-prop/")
    return page.render(), page.head() if page.head else ""


def _unescape_text(raw: str) -> str:
    audit = parse_html(f"<p>{raw}</p>")
    return "".join(audit.texts)


@pytest.fixture(scope="module")
def property_baseline(property_site) -> tuple[list, str]:
    path = property_site / "data/coops/h-prop.yaml"
    path.write_text(PROPERTY_COOP.format(value=yaml_quote("기준 이름")), encoding="utf-8")
    try:
        page, _ = _coop_page(property_site, "기준 이름")
    finally:
        path.unlink()
    first = _unescape_text(re.search(r"<h1[^>]*>(.*?)(<|$)", page, re.DOTALL).group(1))
    assert first.startswith("기준 이름")
    return parse_html(page).signature(), first[len("기준 이름"):]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=ANY_TEXT)
def test_any_text_is_refused_in_one_line_per_problem_or_shown_as_text(property_site, property_baseline, value):
    signature, suffix = property_baseline
    path = property_site / "data/coops/h-prop.yaml"
    path.write_text(PROPERTY_COOP.format(value=yaml_quote(value, ascii_only=True)), encoding="utf-8")
    try:
        code, lines, stderr = run_check(property_site)
        if code:
            event("refused by check")
            assert report_problems(lines, stderr) == [], (value, lines)
            assert all(line.startswith("data/coops/h-prop.yaml:") for line in lines), lines
            return
        assert lines == []
        event("built")
        page, head = _coop_page(property_site, value)
    finally:
        path.unlink()
    first = _unescape_text(re.search(r"<h1[^>]*>(.*?)(<|$)", page, re.DOTALL).group(1))
    assert first == value + suffix, "the name is not shown as the text it is"
    assert parse_html(page).signature() == signature, "the value made a new element"
    if head:
        audit = parse_html(head)
        blocks = [text for attrs, text in audit.scripts if (attrs.get("type") or "") == "application/ld+json"]
        assert [attrs for attrs, _ in audit.scripts] == [{"type": "application/ld+json"}] * len(audit.scripts)
        for text in blocks:
            lowered = text.lower()
            assert "</script" not in lowered and "<!--" not in lowered
        assert any(json.loads(text).get("name") == value for text in blocks)
