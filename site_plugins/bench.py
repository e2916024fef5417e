"""`python -m site_plugins bench`: the portal against plain MkDocs + Material, same entries, same run.

Every measured step runs in its own child process through `_measure`, a tiny
wrapper that runs the command and reports its wall time and the peak resident
memory of the largest process below it (`RUSAGE_CHILDREN`), so one step's peak
never leaks into the next. `--preview` starts `mkdocs serve` on the synthetic
repository, renames one co-op and times until the served co-op page and its
district page show the new name.
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
    return Measure(stats["seconds"], stats["max_rss_kb"] / 1024, stats["returncode"], "\n".join(lines[:-1]) + proc.stderr)


def _measure_main(command: list[str]) -> int:
    started = time.perf_counter()
    returncode = subprocess.call(command)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # KiB on Linux
    print(json.dumps({"seconds": seconds, "max_rss_kb": usage.ru_maxrss, "returncode": returncode}))
    return 0


def site_stats(site_dir: Path) -> dict[str, float]:
    pages = 0
    total = 0
    largest_entry = 0
    for folder, _dirs, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(folder, name)
            size = os.path.getsize(path)
            total += size
            if name.endswith(".html"):
                pages += 1
                parts = os.path.relpath(path, site_dir).split(os.sep)
                if len(parts) == 3 and parts[0] == "coops" and parts[1] != "page":  # coops/<id>/index.html
                    largest_entry = max(largest_entry, size)
    directory = site_dir / "coops" / "directory.json"
    return {
        "pages": pages,
        "bytes": total,
        "largest_entry": largest_entry,
        "directory_json": directory.stat().st_size if directory.exists() else 0,
    }


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


def run(args: argparse.Namespace) -> int:
    repo = Path(args.repo).resolve()
    workdir = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1794000000")  # 2026-11: fixed "today" for every step
    rows: list[tuple[str, str, str, str, str]] = []
    lines: list[str] = []
    try:
        portal = workdir / "portal"
        started = time.perf_counter()
        result = synthesize(repo, portal, args.coops, seed=args.seed)
        synth_seconds = time.perf_counter() - started
        lines.append(f"합성 저장소: 협동조합 {result.coops:,}곳 ({synth_seconds:.1f}초)")
        print(lines[-1], file=sys.stderr)

        if args.preview_only:
            args.preview, args.skip_plain = True, True
        if not args.preview_only:
            shutil.rmtree(portal / ".cache", ignore_errors=True)  # cold: no record cache
            check = measure([sys.executable, "-m", "site_plugins", "check", "--root", "."], cwd=portal, env=env)
            if check.returncode:
                print(check.output, file=sys.stderr)
                return 1
            rows.append(("`make check`, 캐시 없음", f"{check.seconds:.1f} s", f"{check.max_rss_mb:,.0f} MB", "", ""))
            check_warm = measure([sys.executable, "-m", "site_plugins", "check", "--root", "."], cwd=portal, env=env)
            rows.append(("`make check`, 기록 캐시 사용", f"{check_warm.seconds:.1f} s", f"{check_warm.max_rss_mb:,.0f} MB", "", ""))

            shutil.rmtree(portal / ".cache", ignore_errors=True)

            build = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"], cwd=portal, env=env)
            if build.returncode:
                print(build.output[-5000:], file=sys.stderr)
                return 1
            stats = site_stats(portal / "site")
            rows.append(("포털 `mkdocs build --strict`, 캐시 없음", f"{build.seconds:.1f} s", f"{build.max_rss_mb:,.0f} MB", f"{stats['pages']:,}", _mb(stats["bytes"])))
            chunks = sorted((portal / "site" / "coops").glob("directory-*.json"))
            largest_chunk = max((p.stat().st_size for p in chunks), default=0)
            lines.append(
                f"포털: 가장 큰 협동조합 페이지 {stats['largest_entry'] / 1000:.1f} KB, coops/directory.json {stats['directory_json'] / 1000:,.1f} KB"
                + (f" + 행 파일 {len(chunks)}개(가장 큰 것 {largest_chunk / 1000:,.0f} KB)" if chunks else "")
            )

            # the same build again, from an empty folder as the first: only the record cache differs
            shutil.rmtree(portal / "site")
            warm = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"], cwd=portal, env=env)
            rows.append(("포털, 다시 빌드(기록 캐시 사용)", f"{warm.seconds:.1f} s", f"{warm.max_rss_mb:,.0f} MB", "", ""))

        if not args.skip_plain:
            plain = workdir / "plain"
            write_plain(portal, plain)
            base = measure([sys.executable, "-m", "mkdocs", "build", "--clean"], cwd=plain, env=env)
            if base.returncode:
                print(base.output[-5000:], file=sys.stderr)
                return 1
            plain_stats = site_stats(plain / "site")
            rows.append(("순수 MkDocs + Material", f"{base.seconds:.1f} s", f"{base.max_rss_mb:,.0f} MB", f"{plain_stats['pages']:,}", _mb(plain_stats["bytes"])))
            if not args.preview_only:
                lines.append(f"비율(포털 ÷ 순수 MkDocs): {build.seconds / base.seconds:.2f}")

        if args.preview:
            times = preview(portal, env)
            lines.append(
                f"미리보기(`mkdocs serve {' '.join(PREVIEW_FLAGS)}`): 첫 빌드 {times['first_build']:.1f}초. 저장부터 화면까지: "
                f"이름을 고치면 협동조합 페이지 {times['rename_coop']:.1f}초, 자치구 페이지 {times['rename_district']:.1f}초; "
                f"한 줄 소개를 고치면 {times['summary_coop']:.1f}초, {times['summary_district']:.1f}초"
            )
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    table = [
        f"협동조합 {args.coops:,}곳 · {machine()}",
        "",
        "| 단계 | 걸린 시간 | 최대 메모리(RSS) | 페이지 | 출력 크기 |",
        "|---|---:|---:|---:|---:|",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        *[f"- {line}" for line in lines],
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
