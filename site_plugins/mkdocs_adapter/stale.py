"""A preview that tells and never hangs when an edit breaks `data/` or `content/`.

`mkdocs build` stops on any problem. `mkdocs serve` must not: MkDocs holds every
request while a rebuild is pending and releases them only after a build that
succeeds, so a failing one left the browser waiting until the file was fixed,
and MkDocs' duplicate filter printed the report only the first time. Under serve
the adapter instead prints the whole Korean report on every failing rebuild,
keeps serving the last good site, and writes `portal-preview.json`, which a small
script on every preview page reads to show the problems in a banner. The next good
save empties the file and the banner goes.
"""

from __future__ import annotations

import json
import logging
import sys

from ..problems import Problems
from ..writer import Writer

STATUS_FILE = "portal-preview.json"
SCRIPT = "assets/portal/preview-status.js"

# Not under "mkdocs": MkDocs counts (strict) and de-duplicates its own loggers' records.
_log = logging.getLogger("portal.preview")
if not _log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    _log.addHandler(_handler)
    _log.propagate = False
    _log.setLevel(logging.INFO)


def announce(problems: Problems, *, kept_previous: bool) -> None:
    """The full report, every time, with what the preview shows meanwhile."""
    shown = "마지막으로 성공한 빌드를 계속 보여 줍니다" if kept_previous else "문제가 없는 기록만으로 만든 페이지를 보여 줍니다"
    _log.error("미리보기: data/와 content/에 문제가 있습니다(%s). 고치고 저장하면 바로 다시 만듭니다.\n%s", shown, problems.report())


def write_status(writer: Writer, problems: Problems | None) -> None:
    """`portal-preview.json`: {"problems": ["path:line: message", ...]} ([] when all is well)."""
    lines = [str(problem) for problem in problems.sorted()] if problems else []
    writer.write(STATUS_FILE, json.dumps({"problems": lines}, ensure_ascii=False).encode("utf-8"))
