"""`python -m site_plugins.hostlimit site`: refuse to publish what the host will refuse.

GitHub Pages does not publish a site over 1 GB, and says so only when the deployment
fails, after the build and the upload. The workflow runs this check right after
`make build`: it measures the site as the upload step packs it (a tar archive of
`site/`, as `actions/upload-pages-artifact` makes it) and fails with a Korean message
naming the largest folders when the archive would be over the limit. Past 80 % of
the limit it passes with a warning, while there is still time to act.

The size is computed, not packed: GNU tar's format (a 512-byte header per file and
folder, contents padded to 512 bytes, a second header for names over 100 bytes, two
empty blocks at the end, all in records of 10,240 bytes); `tests/test_scale_output.py`
compares it with a real `tar`. Like the upload step, it follows symbolic links and
leaves `.git` and `.github` out.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

# "Published GitHub Pages sites may be no larger than 1 GB" (GitHub's documentation).
GITHUB_PAGES_LIMIT = 1_000_000_000
WARN_SHARE = 0.8
BLOCK = 512
RECORD = 20 * BLOCK  # tar's default blocking factor
NAME_FIELD = 100
EXCLUDED = (".git", ".github")  # what actions/upload-pages-artifact leaves out


def _blocks(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


@dataclass
class SiteSize:
    """A published folder measured three ways, and by top-level entry."""

    files: int = 0
    folders: int = 0
    bytes: int = 0  # the files' contents
    disk: int = 0  # contents plus the folders' own sizes (what `du --apparent-size -s` adds up)
    archive: int = 0  # the tar archive the host receives
    by_folder: dict[str, list[int]] = field(default_factory=dict)  # "coops/" -> [bytes, files]

    def largest(self, count: int = 5) -> list[tuple[str, int, int]]:
        rows = sorted(self.by_folder.items(), key=lambda item: -item[1][0])
        return [(name, size, files) for name, (size, files) in rows[:count]]


def measure(site: Path) -> SiteSize:
    """Walk `site` once: file and folder counts, bytes, apparent disk size, archive size."""
    size = SiteSize()
    archive = 0

    def entry(name: str, content: int) -> int:
        header = BLOCK
        if len(name.encode("utf-8")) > NAME_FIELD:  # GNU tar: a long-name header and its data
            header += BLOCK + _blocks(len(name.encode("utf-8")) + 1)
        return header + _blocks(content)

    archive += entry("./", 0)
    size.disk += site.stat().st_size
    for folder, dirs, names in os.walk(site, followlinks=True):
        rel = os.path.relpath(folder, site)
        prefix = "./" if rel == "." else f"./{rel.replace(os.sep, '/')}/"
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED)  # tar's --exclude matches at any depth
        names = [n for n in names if n not in EXCLUDED]
        top = None if rel == "." else rel.split(os.sep, 1)[0] + "/"
        for name in dirs:
            size.folders += 1
            size.disk += os.stat(os.path.join(folder, name)).st_size
            archive += entry(f"{prefix}{name}/", 0)
        for name in names:
            length = os.stat(os.path.join(folder, name)).st_size
            size.files += 1
            size.bytes += length
            size.disk += length
            archive += entry(prefix + name, length)
            row = size.by_folder.setdefault(top or name, [0, 0])
            row[0] += length
            row[1] += 1
    archive += 2 * BLOCK
    size.archive = -(-archive // RECORD) * RECORD
    return size


def _mb(value: int) -> str:
    if value >= 1e9 and value % 10**8 == 0:
        return f"{value / 1e9:g} GB"
    return f"{value / 1e6:,.1f} MB"


def report(size: SiteSize, limit: int) -> tuple[bool, str]:
    """(within the limit, the Korean lines to print)."""
    share = size.archive / limit
    folders = ", ".join(f"{name} {_mb(length)}" for name, length, _files in size.largest())
    head = (
        f"게시할 사이트: 파일 {size.files:,}개 {_mb(size.bytes)}, 묶음(tar) {_mb(size.archive)} = "
        f"GitHub Pages 한도 {_mb(limit)}의 {share:.0%}"
    )
    if size.archive > limit:
        return False, (
            f"{head}.\n"
            f"사이트가 GitHub Pages의 한도({_mb(limit)})를 넘어 게시하지 않습니다: 올려도 GitHub가 거부합니다.\n"
            f"가장 큰 폴더: {folders}.\n"
            "페이지 수를 줄이거나(목록의 쪽당 항목 수, 큰 내려받기 파일) 다른 호스팅을 검토하세요. "
            "benchmarks/README.md에 협동조합 수에 따른 크기가 있습니다."
        )
    if share > WARN_SHARE:
        return True, f"{head}.\n경고: 한도의 {WARN_SHARE:.0%}를 넘었습니다. 가장 큰 폴더: {folders}."
    return True, f"{head}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_plugins.hostlimit", description="게시할 사이트가 호스팅 한도 안인지 확인합니다")
    parser.add_argument("site", nargs="?", default="site", help="만든 사이트 폴더 (기본: site)")
    parser.add_argument("--limit", type=int, default=GITHUB_PAGES_LIMIT, help=f"한도(바이트, 기본: GitHub Pages {GITHUB_PAGES_LIMIT:,})")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not site.is_dir():
        print(f"::error::{site}: 사이트 폴더가 없습니다. 먼저 make build로 만드세요.")
        return 1
    within, text = report(measure(site), args.limit)
    print(text)
    if not within or "\n" in text:
        # GitHub Actions puts ::error:: and ::warning:: lines on the run's summary page
        kind = "error" if not within else "warning"
        print(f"::{kind} title=GitHub Pages 크기 한도::" + text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return 0 if within else 1

if __name__ == "__main__":
    sys.exit(main())
