"""A built copy of the repository with test records, shared by the open data, stats and
accessibility tests (built once per test session).

The copy adds two co-ops that exercise what the real data does not yet have: a
location on the map and fields kept off the site (`hidden`).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from services_helpers import free_port

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://portal.example.org/coop/"

HIDDEN_PHONE = "02-7719-4053"
HIDDEN_EMAIL = "secret-4053@example.org"
HIDDEN_ADDRESS = "서울특별시 마포구 비공개로 4053"
HIDDEN_DESCRIPTION = "이 문장은 비공개 소개입니다 4053"
HIDDEN_MEMBERS = 4053
HIDDEN_LAT, HIDDEN_LON = 37.555123, 126.910789

EXTRA_COOPS = {
    "test-hidden-fields-coop": f"""\
name: 비공개필드시험협동조합
summary: 전화와 주소를 공개하지 않는 시험용 협동조합
district: mapo
industry: 교육 서비스업
category: worker
legal_type: coop
founded: 2019-04-02
fields: [care]
members: {HIDDEN_MEMBERS}
address: {HIDDEN_ADDRESS}
location: {{lat: {HIDDEN_LAT}, lon: {HIDDEN_LON}}}
contact:
  phone: "{HIDDEN_PHONE}"
  email: {HIDDEN_EMAIL}
  website: https://example.org/visible-site
description: {HIDDEN_DESCRIPTION}
hidden: [members, address, location, contact.phone, contact.email, description]
example: true
""",
    "test-located-coop": """\
name: 위치시험협동조합
summary: 지도에 위치가 있는 시험용 협동조합
district: 종로구
industry: I
category: consumer
legal_type: coop
founded: 2014-11-20
location: {lat: 37.5729, lon: 126.9794}
contact:
  phone: "02-7719-1111"
example: true
""",
}


@dataclass(frozen=True)
class Built:
    root: Path  # the repository copy
    site: Path  # its built site


def _copy_repo(dest: Path) -> None:
    for name in ("mkdocs.yml", "data", "content", "overrides"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    for coop_id, text in EXTRA_COOPS.items():
        (dest / "data" / "coops" / f"{coop_id}.yaml").write_text(text, encoding="utf-8")


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1800000000", SITE_URL=SITE_URL)
    # The about/ pages come with the content branch; until they are merged the nav names
    # missing files, which strict mode (rightly) refuses.
    strict = "--strict" if (root / "content" / "about").is_dir() else "--no-strict"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", strict, "--clean", "--site-dir", str(site)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )


@functools.cache
def built() -> Built:
    tmp = Path(tempfile.mkdtemp(prefix="portal-opendata-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    root = tmp / "repo"
    root.mkdir()
    _copy_repo(root)
    result = mkdocs_build(root, tmp / "site")
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return Built(root, tmp / "site")


class Server:
    """`python -m http.server` on 127.0.0.1 and a free port, with the built site under
    SITE_URL's path (/coop/), as it is published: the 404 page's links are absolute."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.prefix = SITE_URL.split("/", 3)[3]  # "coop/"
        self.root = Path(tempfile.mkdtemp(prefix="portal-serve-"))
        atexit.register(shutil.rmtree, self.root, ignore_errors=True)
        (self.root / self.prefix.rstrip("/")).symlink_to(directory.resolve(), target_is_directory=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("http.server did not start")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.prefix}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
