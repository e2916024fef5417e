"""How `check` scales with pathological Markdown: each input at 1x, 4x and 16x a base size.

Run from the repository root:

    .venv/bin/python benchmarks/markdown/bench.py            # all inputs, 32 / 128 / 512 KiB
    .venv/bin/python benchmarks/markdown/bench.py --only '<a ' --base 8192

Each input is one editor's file in a small copy of the repository (tests/fixtures/base
plus the real taxonomies): a column body (content/columns/x.md) or a co-op description
(data/coops/x.yaml). The time is `load_site()`, what `python -m site_plugins check` runs,
minus the same call on the copy with a harmless body; the largest size is the 512 KiB
file limit. Linear means the 4x column is near 4 and the 16x column near 16 (quadratic:
16 and 256); a ratio is left out when the 1x time is under 10 ms, which is mostly noise.
Nothing here asserts: it prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from site_plugins.load import load_site  # noqa: E402
from site_plugins.textfile import MAX_BYTES  # noqa: E402

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
FRONT = "---\ntitle: 벤치마크\ndate: 2026-02-01\nauthor: kim-editor\n---\n\n"
RECORD = (
    "name: 은평마을카페협동조합\nsummary: 은평구 주민이 함께 운영하는 마을 카페\ndistrict: eunpyeong\n"
    "industry: accommodation-food\ncategory: consumer\nlegal_type: coop\nfounded: 2015-06-01\ndescription: |\n"
)

# (label, unit repeated to the size, where it goes[, what comes once before]). Python escapes.
INPUTS: list[tuple[str, ...]] = [
    ("plain Korean prose, one paragraph per line", "협동조합은 조합원이 함께 소유하고 민주적으로 운영합니다.\\n", "page"),
    ("`<http://a` (the 119 s report)", "<http://a", "page"),
    ("`<a ` (unclosed tags)", "<a ", "page"),
    ("`<a b=\"` (unclosed attribute)", '<a b="', "page"),
    ("`</a` (unclosed end tags)", "</a", "page"),
    ("`<` + newline", "<\\n", "page"),
    ("`<!--` per line", "<!--\\n", "page"),
    ("`<span><!-- x -->` (comments in a tag)", "<span><!-- x -->", "page"),
    ("`<div>` per line (raw HTML blocks)", "<div>\\n", "page"),
    ("`<hr>` per line (empty blocks)", "<hr>\\n", "page"),
    ("`[` (brackets, 300 per paragraph)", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\n\\n", "page"),
    ("`](` (link ends)", "](", "page"),
    ("`![](x)` (images without alt)", "![](x)", "page"),
    ("`*a` (unclosed emphasis)", "*a", "page"),
    ("`_a` (unclosed emphasis)", "_a", "page"),
    ("`` `a `` (unclosed code)", "`a", "page"),
    ("`&#1` (broken character references)", "&#1", "page"),
    ("`\\\\` (backslashes)", "\\\\", "page"),
    ("`a  ` + newline (line breaks)", "a  \\n", "page"),
    ("`*a*` + blank line (many paragraphs)", "*a*\\n\\n", "page"),
    ("`a` + blank line (many paragraphs)", "a\\n\\n", "page"),
    ("`- a` per line (one long list)", "- a\\n", "page"),
    ("`1. ` (nested lists on one line)", "1. ", "page"),
    ("`> ` (nested quotes on one line)", "> ", "page"),
    ("`# a` per line (headings, no blank line)", "# a\\n", "page"),
    ("`!!! note` per line", "!!! note\\n", "page"),
    ("`??? note` + body + blank line", "??? note\\n    a\\n\\n", "page"),
    ("`term` / `: def` + blank line", "term\\n: def\\n\\n", "page"),
    ("`a[^1]` + blank line (refs to one footnote)", "a[^1]\\n\\n", "page", "[^1]: 주석\\n\\n"),
    ("`a` / `=` (setext headings, no blank line)", "a\\n=\\n", "page"),
    ("one long table, a row per line", "| 가 | 나 |\\n", "page", "| a | b |\\n|---|---|\\n"),
    ("fenced blocks", "```\\na\\n```\\n", "page"),
    ("fence with attributes", "```python {#x}\\na\\n```\\n", "page"),
    ("`[x](missing.md)` (broken links)", "[x](missing-page.md) ", "page"),
    ("one 512 KiB line of `x`", "x", "page"),
    ("record description: `<http://a`", "<http://a", "record"),
    ("record description: `<a `", "<a ", "record"),
    ("record description: `*a*` + blank line", "*a*\\n\\n", "record"),
]


def make_site(target: Path) -> Path:
    shutil.copytree(REPO / "tests" / "fixtures" / "base", target, dirs_exist_ok=True)
    shutil.copytree(REPO / "data" / "taxonomy", target / "data" / "taxonomy", dirs_exist_ok=True)
    return target


def fit(text: str, size: int) -> str:
    """The longest start of `text` of at most `size` UTF-8 bytes (whole characters)."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def write_input(root: Path, where: str, unit: str, size: int, head: str = "") -> None:
    """The editor's file, `size` bytes in all: front matter or record fields, `head`, then `unit` repeated."""
    page = root / "content" / "columns" / "x.md"
    record = root / "data" / "coops" / "x.yaml"
    page.unlink(missing_ok=True)
    record.unlink(missing_ok=True)
    head = (FRONT if where == "page" else RECORD) + head
    room = size - len(head.encode("utf-8"))
    body = unit * (room // len(unit.encode("utf-8")) + 1)
    if where == "record":  # a block scalar: every line indented, so fewer units fit
        body = "".join(f"  {line}\n" if line else "\n" for line in fit(body, room).split("\n"))
        body = fit(body, room).rsplit("\n", 1)[0] + "\n"
    (page if where == "page" else record).write_text(head + fit(body, room), encoding="utf-8")


class TimedOut(BaseException):  # not an Exception: load_site must not catch it
    pass


def _alarm(signum: int, frame: object) -> None:
    raise TimedOut


def timed(root: Path, repeat: int, timeout: float = 0) -> tuple[float, int]:
    """The fastest of `repeat` runs of load_site, and its problem count; TimedOut past `timeout` s."""
    times, problems = [], 0
    for _ in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            started = time.perf_counter()
            _, found = load_site(root, now=NOW)
            times.append(time.perf_counter() - started)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        problems = len(found.sorted())
    return min(times), problems


def unescape(text: str) -> str:
    """Python escapes (\\n) in a label's unit, keeping Hangul as it is."""
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=MAX_BYTES // 16, help="file size at 1x in bytes (default: 32 KiB, so that 16x is the 512 KiB limit)")
    parser.add_argument("--only", default="", help="run the inputs whose label contains this")
    parser.add_argument("--repeat", type=int, default=2, help="runs per cell; the fastest counts")
    parser.add_argument("--start", default="", help="skip the inputs before the first whose label contains this")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a cell (and the larger ones) is given up")
    args = parser.parse_args(argv)
    inputs = [entry for entry in INPUTS if args.only in entry[0]]
    if args.start:
        inputs = inputs[next(i for i, entry in enumerate(inputs) if args.start in entry[0]) :]
    signal.signal(signal.SIGALRM, _alarm)
    sizes = [args.base, args.base * 4, args.base * 16]
    with tempfile.TemporaryDirectory(prefix="md-bench-") as tmp:
        root = make_site(Path(tmp) / "site")
        write_input(root, "page", "사람이 결정합니다.\n", 200)
        timed(root, 1)  # warm the record cache and the imports
        baseline = statistics.median(timed(root, 1)[0] for _ in range(5))
        print(f"baseline (load_site on the small copy, harmless page): {baseline * 1000:.0f} ms; times below are minus this")
        print()
        print(f"| input | {' | '.join(f'{size / 1024:.0f} KiB' for size in sizes)} | ×4 | ×16 | problems at {sizes[-1] / 1024:.0f} KiB |")
        print("|---|" + "---:|" * (len(sizes) + 3))
        for label, unit, where, *rest in inputs:
            unit, head = (unescape(text) for text in (unit, rest[0] if rest else ""))
            cells, nets, problems = [], [], "–"
            for size in sizes:
                write_input(root, where, unit, size, head)
                try:
                    elapsed, count = timed(root, args.repeat if len(nets) < 2 else 1, args.timeout)
                except TimedOut:
                    cells += [f"> {args.timeout:.0f} s"] * (len(sizes) - len(cells))
                    problems = "–"
                    break
                except RecursionError:  # what the old code did on deep nesting: `check` crashed
                    cells += ["RecursionError"] * (len(sizes) - len(cells))
                    problems = "–"
                    break
                problems = str(count)
                net = max(elapsed - baseline, 0.0)
                nets.append(net)
                cells.append(f"{net:.3f} s")
            # below 10 ms the 1x time is mostly noise, and so would the ratios be
            ratios = [f"{net / nets[0]:.1f}" if nets and nets[0] >= 0.010 else "–" for net in nets[1:]]
            ratios += ["–"] * (2 - len(ratios))
            print(f"| {label} | {' | '.join(cells)} | {' | '.join(ratios)} | {problems} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
