"""`python -m site_plugins bench`: the portal against plain MkDocs + Material, same entries, same run.

Every measured step runs in its own child process through `_measure`, a tiny
wrapper that runs the command and reports its wall time, its CPU time (user +
system of every process below it) and the peak resident memory of the largest
process below it (`RUSAGE_CHILDREN`), so one step's peak never leaks into the
next. The machine's load average before and after each step is in the table:
on a shared machine wall times stretch, CPU times much less. The plain build
runs right after the portal's, so the ratio compares builds that saw the
machine as alike as it gets. `--preview` starts `mkdocs serve` on the synthetic
repository, renames one co-op and times until the served co-op page and its
district page show the new name.

The output section measures the portal's `site/` as the host sees it
(`hostlimit.measure`: bytes, files, folders, the tar archive the upload step
makes, against GitHub Pages' 1 GB), by top-level folder, the median and largest
page, and what the search box downloads per query.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from .hostlimit import GITHUB_PAGES_LIMIT, SiteSize
from .hostlimit import measure as measure_site
from .synth import synthesize

DEFAULT_COOPS = 30000
PLAIN_FIELDS = (
    ("summary", "한 줄 소개"),
    ("district", "자치구"),
    ("industry", "업종"),
    ("category", "조합원 유형"),
    ("legal_type", "법인 유형"),
    ("founded", "설립일"),
    ("members", "조합원 수"),
    ("status", "상태"),
    ("address", "주소"),
    ("verified", "확인일"),
    ("source", "출처"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    default = int(os.environ.get("BENCH_COOPS") or DEFAULT_COOPS)
    parser.add_argument("--coops", type=int, default=default, help=f"협동조합 수 (기본: BENCH_COOPS 또는 {DEFAULT_COOPS})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repo", default=".", help="측정할 저장소 (기본: 현재 폴더)")
    parser.add_argument("--workdir", help="합성 저장소와 결과를 둘 폴더 (기본: 임시 폴더, 끝나면 지움)")
    parser.add_argument("--skip-plain", action="store_true", help="순수 MkDocs 빌드를 건너뜁니다")
    parser.add_argument("--preview", action="store_true", help="mkdocs serve에서 한 곳을 고쳐 반영까지 걸린 시간을 잽니다")
    parser.add_argument("--preview-only", action="store_true", help="합성 저장소를 만들고 미리보기만 잽니다")
    parser.add_argument("--report", help="결과 표(Markdown)를 이 파일에도 씁니다")


@dataclass(frozen=True, slots=True)
class Measure:
    seconds: float
    max_rss_mb: float
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system time of the step's processes: what the machine's load does not stretch


def measure(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command` under `_measure` in a fresh process: wall time and its own peak RSS."""
    print(f"… {' '.join(Path(part).name if part == sys.executable else part for part in command)} ({cwd.name})", file=sys.stderr, flush=True)
    wrapper = [sys.executable, "-m", "site_plugins.bench", "_measure", "--", *command]
    proc = subprocess.run(wrapper, cwd=cwd, env=env, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    try:
        stats = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return Measure(0.0, 0.0, proc.returncode or 1, proc.stdout + proc.stderr)
    return Measure(stats["seconds"], stats["max_rss_kb"] / 1024, stats["returncode"], "\n".join(lines[:-1]) + proc.stderr, stats.get("cpu", 0.0))


def _measure_main(command: list[str]) -> int:
    started = time.perf_counter()
    returncode = subprocess.call(command)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # KiB on Linux
    print(json.dumps({"seconds": seconds, "max_rss_kb": usage.ru_maxrss, "returncode": returncode, "cpu": usage.ru_utime + usage.ru_stime}))
    return 0


@dataclass(frozen=True, slots=True)
class Pages:
    """Sizes of a set of HTML pages: how many, median, largest (and which)."""

    count: int
    median: int
    largest: int
    largest_url: str

    @classmethod
    def of(cls, sizes: list[tuple[int, str]]) -> "Pages":
        if not sizes:
            return cls(0, 0, 0, "")
        ordered = sorted(sizes)
        return cls(len(ordered), ordered[(len(ordered) - 1) // 2][0], ordered[-1][0], ordered[-1][1])


@dataclass(frozen=True, slots=True)
class Output:
    """What a build wrote: the host's view (hostlimit.SiteSize) and the pages."""

    size: SiteSize
    pages: Pages  # every HTML page
    coops: Pages  # coops/<id>/index.html
    synthetic: Pages  # the co-op pages of synthetic records (not the repository's own)
    directory_json: int
    directory_chunks: list[int]


def site_stats(site_dir: Path, hand_written: set[str] = frozenset()) -> Output:
    """Sizes of a built site; `hand_written` are the ids of the repository's own co-ops."""
    pages: list[tuple[int, str]] = []
    coops: list[tuple[int, str]] = []
    for folder, _dirs, names in os.walk(site_dir):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
            size = os.path.getsize(path)
            pages.append((size, rel))
            parts = rel.split("/")
            if len(parts) == 3 and parts[0] == "coops" and parts[1] != "page" and parts[2] == "index.html":
                coops.append((size, rel))
    directory = site_dir / "coops" / "directory.json"
    chunks = sorted((site_dir / "coops").glob("directory-*.json"))
    return Output(
        size=measure_site(site_dir),
        pages=Pages.of(pages),
        coops=Pages.of(coops),
        synthetic=Pages.of([(size, rel) for size, rel in coops if rel.split("/")[1] not in hand_written]),
        directory_json=directory.stat().st_size if directory.exists() else 0,
        directory_chunks=[chunk.stat().st_size for chunk in chunks],
    )


# Queries an editor or visitor types: frequent words of the seeds' vocabulary (the
# largest postings), districts, compounds, two-word queries, a rare word.
SEARCH_QUERIES = (
    "협동조합", "사회적협동조합", "및", "지원", "추진", "교육", "서울", "마포", "마포 돌봄", "강남구 카페",
    "공동육아", "청년 주택", "햇빛발전", "전통시장 상인", "대리운전", "협업화", "골목경제", "2016",
)


def search_transfer(site_dir: Path, queries: tuple[str, ...] = SEARCH_QUERIES) -> dict[str, object] | None:
    """Bytes the search worker downloads per query, from a cold start (manifest included).

    Uses the index's own reader (`site_plugins.search.query.Index`), which records the
    files a query touches; the worker fetches the same files.
    """
    try:
        from .search.query import Index
    except ImportError:
        return None
    folder = site_dir / "search"
    if not (folder / "manifest.json").is_file():
        return None
    manifest = (folder / "manifest.json").stat().st_size
    per_query: dict[str, int] = {}
    for text in queries:
        index = Index(folder)
        try:
            index.search(text)
        except Exception:  # another engineer's format in flux: report what can be measured
            continue
        per_query[text] = manifest + sum((folder / rel).stat().st_size for rel in getattr(index, "fetched", ()))
    if not per_query:
        return None
    worst = max(per_query, key=per_query.__getitem__)
    ordered = sorted(per_query.values())
    return {"manifest": manifest, "median": ordered[(len(ordered) - 1) // 2], "max": per_query[worst], "worst": worst,
            "queries": len(per_query), "index_bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())}


# --- plain MkDocs + Material on the same entries -----------------------------------------


def _plain_page(data: dict) -> str:
    lines = [f"# {data['name']}", ""]
    for key, label in PLAIN_FIELDS:
        if data.get(key) not in (None, ""):
            lines.append(f"- **{label}**: {data[key]}")
    if data.get("fields"):
        lines.append(f"- **전략분야**: {', '.join(data['fields'])}")
    for key, value in (data.get("contact") or {}).items():
        lines.append(f"- **{key}**: {value}")
    if data.get("description"):
        lines += ["", data["description"]]
    return "\n".join(lines) + "\n"


def write_plain(repo: Path, out: Path) -> int:
    """A plain Material site: one bare Markdown page per co-op, not in the navigation."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    docs = out / "docs"
    (docs / "coops").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 협동조합\n\n순수 MkDocs + Material 비교용 사이트입니다.\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: 비교용 사이트\ntheme:\n  name: material\n  language: ko\n  font: false\n"
        "plugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    count = 0
    for path in sorted((repo / "data" / "coops").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        (docs / "coops" / f"{path.stem}.md").write_text(_plain_page(data), encoding="utf-8")
        count += 1
    return count


# --- preview ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except Exception:  # the server may be rebuilding
        return ""


def _district_of(text: str) -> str:
    match = re.search(r"^district:\s*(\S+)", text, flags=re.MULTILINE)
    return match.group(1) if match else ""


def _edit_and_wait(coop_file: Path, field: str, value: str, urls: dict[str, str], timeout: float) -> dict[str, float]:
    text = coop_file.read_text(encoding="utf-8")
    coop_file.write_text(re.sub(rf"^{field}:.*$", f'{field}: "{value}"', text, count=1, flags=re.MULTILINE), encoding="utf-8")
    edited = time.perf_counter()
    seen: dict[str, float] = {}
    while len(seen) < len(urls):
        for key, url in urls.items():
            if key not in seen and value in _get(url):
                seen[key] = time.perf_counter() - edited
        if time.perf_counter() - edited > timeout:
            raise RuntimeError("the edit did not reach the preview; see serve.log")
        # Not faster: the preview server runs in the building process, and every
        # request it answers takes time from the rebuild being measured.
        time.sleep(0.5)
    return seen


def preview(root: Path, env: dict[str, str], *, timeout: float = 1800) -> dict[str, float]:
    """Seconds from saving a renamed co-op to seeing it on its page and its district page."""
    coop_file = sorted((root / "data" / "coops").glob("*.yaml"))[-1]
    coop_id = coop_file.stem
    district = _district_of(coop_file.read_text(encoding="utf-8"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *PREVIEW_FLAGS]
    log = open(root / "serve.log", "w", encoding="utf-8")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.perf_counter()
        while True:
            # MkDocs serves under site_url's path (/portal/): take the address it prints
            served = re.search(r"Serving on (http://\S+)", (root / "serve.log").read_text(encoding="utf-8"))
            if served:
                base = served.group(1).rstrip("/") + "/"
                if "<html" in _get(f"{base}coops/{coop_id}/"):
                    break
            if server.poll() is not None or time.perf_counter() - started > timeout:
                raise RuntimeError("mkdocs serve did not start; see serve.log")
            time.sleep(0.5)
        first = time.perf_counter() - started
        time.sleep(2)  # let the watcher settle
        urls = {"coop": f"{base}coops/{coop_id}/", "district": f"{base}regions/{district}/"}
        stamp = int(time.time()) % 100000
        # A name starting with 가가 sorts first, so it lands on page 1 of the district
        # (and shifts every index page between its old and new place).
        renamed = _edit_and_wait(coop_file, "name", f"가가미리보기{stamp}협동조합", urls, timeout)
        time.sleep(2)
        # A summary edit keeps the order: only the pages that show the co-op change.
        summary = _edit_and_wait(coop_file, "summary", f"미리보기 요약 {stamp}", urls, timeout)
        return {"first_build": first, "rename_coop": renamed["coop"], "rename_district": renamed["district"],
                "summary_coop": summary["coop"], "summary_district": summary["district"]}
    finally:
        server.terminate()
        server.wait(30)
        log.close()


PREVIEW_FLAGS: tuple[str, ...] = ("--dirty",)


# --- the run ---------------------------------------------------------------------------------


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def machine() -> str:
    try:
        meminfo = Path("/proc/meminfo").read_text()
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        memory = "?"
    return f"nproc {os.cpu_count()}, memory {memory}, Python {platform.python_version()}, {platform.system()} {platform.machine()}"


def _commit_time(repo: Path) -> str:
    """The measured repository's last commit time: "today" as `make build` sets it."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def _kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"


def output_lines(out: Output, limit: int = GITHUB_PAGES_LIMIT) -> list[str]:
    """The output section of the report (Markdown)."""
    size = out.size
    lines = [
        f"출력: 파일 {size.files:,}개, 폴더 {size.folders:,}개, 내용 **{_mb(size.bytes)}**; "
        f"올리는 tar 묶음 {_mb(size.archive)} = GitHub Pages 한도 1 GB의 **{size.archive / limit:.1%}** "
        f"(내용만 {size.bytes / limit:.1%}); 디스크(`du --apparent-size`, 폴더 포함) {_mb(size.disk)}",
        "",
        "| 폴더 | 크기 | 파일 | 비율 |",
        "|---|---:|---:|---:|",
        *[f"| `{name}` | {_mb(length)} | {files:,} | {length / size.bytes:.1%} |" for name, length, files in size.largest(12)],
        "",
        f"협동조합 페이지 {out.coops.count:,}쪽: 중앙값 **{_kb(out.coops.median)}**, 가장 큰 것 **{_kb(out.coops.largest)}** (`{out.coops.largest_url}`)",
        f"그 가운데 합성 기록 {out.synthetic.count:,}쪽: 중앙값 {_kb(out.synthetic.median)}, 가장 큰 것 **{_kb(out.synthetic.largest)}** (`{out.synthetic.largest_url}`); "
        f"나머지는 저장소의 협동조합(상품·사례·모집 같은 절이 더 있음)",
        f"HTML 페이지 {out.pages.count:,}쪽: 중앙값 {_kb(out.pages.median)}, 가장 큰 것 {_kb(out.pages.largest)} (`{out.pages.largest_url}`)",
    ]
    if out.directory_chunks:
        lines.append(f"coops/directory.json {_kb(out.directory_json)} + 행 파일 {len(out.directory_chunks)}개(가장 큰 것 {_kb(max(out.directory_chunks))})")
    return lines


def run(args: argparse.Namespace) -> int:
    repo = Path(args.repo).resolve()
    workdir = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    # "today" for every step: the repository's last commit, as `make build` dates the site
    env.setdefault("SOURCE_DATE_EPOCH", _commit_time(repo) or "1795316400")
    rows: list[tuple[str, ...]] = []
    lines: list[str] = []
    output: list[str] = []

    def step(label: str, command: list[str], cwd: Path) -> Measure:
        before = _load()
        result = measure(command, cwd=cwd, env=env)
        result_row = [label, f"{result.seconds:.1f} s", f"{result.cpu_seconds:.1f} s", f"{result.max_rss_mb:,.0f} MB", f"{before} → {_load()}"]
        rows.append(tuple(result_row))
        return result

    try:
        portal = workdir / "portal"
        started = time.perf_counter()
        result = synthesize(repo, portal, args.coops, seed=args.seed)
        synth_seconds = time.perf_counter() - started
        lines.append(f"합성 저장소: 협동조합 {result.coops:,}곳 ({synth_seconds:.1f}초)")
        print(lines[-1], file=sys.stderr)

        if args.preview_only:
            args.preview, args.skip_plain = True, True
        build = base = None
        if not args.preview_only:
            shutil.rmtree(portal / ".cache", ignore_errors=True)  # cold: no record cache
            check = step("`make check`, 캐시 없음", [sys.executable, "-m", "site_plugins", "check", "--root", "."], portal)
            if check.returncode:
                print(check.output, file=sys.stderr)
                return 1
            step("`make check`, 기록 캐시 사용", [sys.executable, "-m", "site_plugins", "check", "--root", "."], portal)
            shutil.rmtree(portal / ".cache", ignore_errors=True)

            build = step("포털 `mkdocs build --strict --clean`, 캐시 없음", [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"], portal)
            if build.returncode:
                print(build.output[-5000:], file=sys.stderr)
                return 1
            stats = site_stats(portal / "site", {path.stem for path in (repo / "data" / "coops").glob("*.y*ml")})
            output = output_lines(stats)
            searched = search_transfer(portal / "site")
            if searched:
                output.append(
                    f"검색: 검색어 {searched['queries']}개를 처음 찾을 때 받는 양(manifest {_kb(searched['manifest'])} 포함) "
                    f"중앙값 {_kb(searched['median'])}, 가장 많은 것 **{_kb(searched['max'])}** (`{searched['worst']}`); "
                    f"색인 전체 {_mb(searched['index_bytes'])}"
                )

        if not args.skip_plain:
            # right after the portal's build, so both see the machine as alike as it gets
            plain = workdir / "plain"
            write_plain(portal, plain)
            base = step("순수 MkDocs + Material, 같은 협동조합", [sys.executable, "-m", "mkdocs", "build", "--clean"], plain)
            if base.returncode:
                print(base.output[-5000:], file=sys.stderr)
                return 1
            plain_size = measure_site(plain / "site")
            lines.append(f"순수 MkDocs + Material의 출력: 파일 {plain_size.files:,}개, {_mb(plain_size.bytes)}")
            if build is not None:
                cpu = f" (CPU 시간으로는 {build.cpu_seconds / base.cpu_seconds:.2f})" if base.cpu_seconds else ""
                lines.insert(0, f"**비율(포털 ÷ 순수 MkDocs, 같은 실행): {build.seconds / base.seconds:.2f}**{cpu} · 포털 최대 메모리 {build.max_rss_mb:,.0f} MB")

        if not args.preview_only:
            # the build again over the first one's output: the record cache, and --clean's deleting
            step("포털, 다시 빌드(기록 캐시, 이전 출력 위에)", [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"], portal)

        if args.preview:
            times = preview(portal, env)
            lines.append(
                f"미리보기(`mkdocs serve {' '.join(PREVIEW_FLAGS)}`): 첫 빌드 {times['first_build']:.1f}초. 저장부터 화면까지: "
                f"이름을 고치면 협동조합 페이지 **{times['rename_coop']:.1f}초**, 자치구 페이지 {times['rename_district']:.1f}초; "
                f"한 줄 소개를 고치면 **{times['summary_coop']:.1f}초**, {times['summary_district']:.1f}초"
            )
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    table = [
        f"협동조합 {args.coops:,}곳 · {machine()} · SOURCE_DATE_EPOCH={env['SOURCE_DATE_EPOCH']}",
        "",
        "| 단계 | 걸린 시간 | CPU 시간 | 최대 메모리(RSS) | 부하(1분 평균, 전 → 후) |",
        "|---|---:|---:|---:|---:|",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        *[f"- {line}" for line in lines],
        "",
        *output,
    ]
    text = "\n".join(table) + "\n"
    print(text)
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_measure" and sys.argv[2] == "--":
        sys.exit(_measure_main(sys.argv[3:]))
    sys.exit("usage: python -m site_plugins bench")
