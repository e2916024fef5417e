"""The web editor in a real browser: /admin/ from the built site, saving through decap-server.

decap-server (pinned in tests/decap/package-lock.json) is Decap's local backend: it runs
the editorial workflow on a git repository the test makes from the portal's inputs, so a
saved entry becomes a commit on its own `cms/<collection>/<id>` branch, as a pull request
would be on GitHub. Every request to a host other than 127.0.0.1 is blocked and recorded,
and the tests assert there was none.

UPDATE_SCREENSHOTS=1 copies the screenshots CONTRIBUTING.md shows into .github/contributing/.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from services_helpers import free_port, serve

from site_plugins import admin, schema
from site_plugins.yamlread import parse

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DECAP_DIR = ROOT / "tests" / "decap"
DECAP_SERVER = DECAP_DIR / "node_modules" / "decap-server" / "dist" / "index.js"
SCREENSHOTS = ROOT / ".github" / "contributing"
DOC_SHOTS = {"admin-collections.png", "admin-new-coop.png", "admin-bad-value.png", "admin-saved.png"}  # shown in CONTRIBUTING.md
DESKTOP = {"width": 1120, "height": 700}
PHONE = {"width": 390, "height": 844}
NEW_ID = "mapo-neighbour-kitchen-coop"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository of the portal's inputs on `main`, as the editor's pull requests target it."""
    root = tmp_path_factory.mktemp("admin-repo") / "repo"
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "웹 편집기 시험")
    git(root, "config", "user.email", "editor-test@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "시험용 저장소")
    return root


def _decap_server_script() -> Path:
    if not DECAP_SERVER.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm이 없어 decap-server를 설치할 수 없습니다 (tests/decap에서 npm ci)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=DECAP_DIR, check=True, capture_output=True, timeout=600)
    return DECAP_SERVER


@pytest.fixture(scope="module")
def decap_server(repo, tmp_path_factory):
    """decap-server in git mode on 127.0.0.1 and a free port; stopped after the module."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    script = _decap_server_script()
    home = tmp_path_factory.mktemp("decap-home")  # its working folder: no .env, no global git config
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "warn"}
    url = f"http://127.0.0.1:{port}/api/v1"
    with open(home / "decap-server.log", "w") as log:
        proc = subprocess.Popen([node, str(script)], cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    info = json.load(response)
                assert "editorial_workflow" in info["publish_modes"], info
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("decap-server did not start: " + (home / "decap-server.log").read_text())
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def editor(site_dir, decap_server, tmp_path_factory):
    """The built site's /admin/ with the tests' config: the built file plus `local_backend`."""
    served = tmp_path_factory.mktemp("admin-served")
    shutil.copytree(site_dir / "admin", served / "admin")
    shutil.copytree(site_dir / "assets" / "admin", served / "assets" / "admin")
    if (site_dir / "assets" / "images").is_dir():
        shutil.copytree(site_dir / "assets" / "images", served / "assets" / "images")
    config = yaml.safe_load((served / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert "local_backend" not in config
    config["local_backend"] = {"url": decap_server}
    (served / "admin" / "config.yml").write_text(yaml.dump(admin._keyed(config), Dumper=admin._Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with serve(served) as url:
        yield url + "admin/"


@contextlib.contextmanager
def admin_page(browser, viewport=DESKTOP):
    """A tab in which any request to a host other than 127.0.0.1 is blocked and recorded."""
    context = browser.new_context(locale="ko-KR", viewport=viewport, device_scale_factor=1)
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page, outside
    finally:
        context.close()
    assert outside == [], f"/admin/ must not request outside hosts: {outside}"


def screenshot(page, tmp_path: Path, name: str, **options) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), **options)
    if os.environ.get("UPDATE_SCREENSHOTS") and name in DOC_SHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / name)
    return path


def log_in(page, editor_url: str) -> None:
    page.goto(editor_url)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="협동조합", exact=True).first.wait_for()


def choose(page, label: str, *options: str) -> None:
    """Pick options of a select (react-select) by their Korean labels."""
    field = page.get_by_label(label, exact=True)
    for option in options:
        field.click()
        page.get_by_role("option", name=option, exact=True).click()


def labels(page) -> list[str]:
    # the text as written (the page shows labels in capitals through CSS)
    return page.locator("label").evaluate_all("els => els.map(e => e.textContent.trim())")


# --- the page itself ---------------------------------------------------------------------


def test_admin_loads_from_the_built_site_in_korean_with_no_outside_request(site_dir, browser, tmp_path):
    config = yaml.safe_load((site_dir / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "github" and config["publish_mode"] == "editorial_workflow"
    with serve(site_dir) as url:
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            with admin_page(browser, viewport) as (page, _outside):
                page.goto(url + "admin/")
                login = page.get_by_role("button", name="GitHub로 로그인")
                login.wait_for()
                assert page.title().startswith("웹 편집기")
                assert page.locator("html").get_attribute("lang") == "ko"
                screenshot(page, tmp_path, f"admin-login-{name}.png")


def test_admin_is_in_neither_the_sitemap_nor_the_search_index(site_dir):
    sitemaps = "".join(path.read_text(encoding="utf-8") for path in site_dir.rglob("sitemap*.xml"))
    assert "/admin/" not in sitemaps and "<loc>" in sitemaps
    found = [path for path in (site_dir / "search").rglob("*.json") if '"admin/' in path.read_text(encoding="utf-8")]
    assert found == []
    html = (site_dir / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html


# --- saving through the local backend ------------------------------------------------------


def test_a_new_coop_written_in_korean_is_saved_as_a_pull_request_that_check_accepts(editor, repo, browser, tmp_path):
    main_before = git(repo, "rev-parse", "main").strip()
    with admin_page(browser) as (page, _outside):
        log_in(page, editor)
        screenshot(page, tmp_path, "admin-collections.png")
        page.get_by_role("link", name="새 협동조합 만들기").click()
        page.get_by_label("파일 이름(id)").wait_for()
        # every field of the schema is offered, under its Korean title
        root = admin.record_schema("coop")
        shown = labels(page)
        for name, spec in root["properties"].items():
            assert any(text.startswith(spec["title"]) for text in shown), f"{name} ({spec['title']}) is not in the form: {shown}"
        page.get_by_label("파일 이름(id)").fill(NEW_ID)
        page.get_by_label("이름", exact=True).fill("마포이웃부엌협동조합")
        page.get_by_label("한 줄 소개").fill("망원동 이웃들이 함께 차린 동네 부엌: 반찬 나눔과 요리 교실")
        choose(page, "자치구", "마포구")
        choose(page, "업종", "숙박 및 음식점업")
        choose(page, "조합원 유형", "소비자협동조합")
        choose(page, "법인 유형", "협동조합")
        page.get_by_label("설립일").fill("2024-03-15")
        choose(page, "전략분야 (선택사항)", "돌봄", "전통시장 및 소상공인")
        page.get_by_label("조합원 수 (선택사항)").fill("27")
        description = page.locator("[data-slate-editor]").first
        description.click()
        page.keyboard.type("이웃이 함께 밥을 짓고 나누는 동네 부엌입니다.")
        page.get_by_label("전화 (선택사항)").fill("02-332-1234")
        page.get_by_label("이메일 (선택사항)").fill("kitchen@example.org")
        preview = page.frame_locator("iframe").first.locator("body")
        assert "마포구" in preview.inner_text() and "돌봄, 전통시장 및 소상공인" in preview.inner_text()  # labels, not ids
        page.get_by_label("이름", exact=True).scroll_into_view_if_needed()
        screenshot(page, tmp_path, "admin-new-coop.png")
        page.get_by_role("button", name="저장", exact=True).click()
        page.get_by_text("항목 저장됨").wait_for()
        screenshot(page, tmp_path, "admin-saved.png")

    branch = f"cms/coops/{NEW_ID}"
    assert branch in git(repo, "branch", "--list", branch)
    assert git(repo, "rev-parse", "main").strip() == main_before  # a proposal, not a change to main
    assert git(repo, "diff", "--name-only", "main", branch).split() == [f"data/coops/{NEW_ID}.yaml"]
    text = git(repo, "show", f"{branch}:data/coops/{NEW_ID}.yaml")
    doc, errors = parse(text)  # the portal's own YAML reader
    assert errors == []
    data = doc.data
    assert data == {
        "name": "마포이웃부엌협동조합",
        "summary": "망원동 이웃들이 함께 차린 동네 부엌: 반찬 나눔과 요리 교실",
        "district": "mapo", "industry": "accommodation-food", "category": "consumer", "legal_type": "coop",
        "founded": "2024-03-15", "fields": ["care", "small-business"], "members": 27,
        "description": "이웃이 함께 밥을 짓고 나누는 동네 부엌입니다.",
        "contact": {"phone": "02-332-1234", "email": "kitchen@example.org"},
    }
    assert list(data) == [name for name in admin.record_schema("coop")["properties"] if name in data]  # schema order
    assert text.endswith("\n") and "\nid:" not in "\n" + text

    # `check` accepts the repository with the file the editor wrote
    checked = tmp_path / "checked"
    shutil.copytree(repo, checked, ignore=shutil.ignore_patterns(".git"))
    (checked / "data" / "coops" / f"{NEW_ID}.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "site_plugins", "check", "--root", str(checked)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "협동조합 " in result.stderr and result.stdout == ""


def test_a_bad_value_shows_the_schemas_korean_message_and_saves_nothing(editor, repo, browser, tmp_path):
    branches = git(repo, "branch", "--list")
    with admin_page(browser) as (page, _outside):
        log_in(page, editor)
        page.goto(editor + "#/collections/coops/new")
        page.get_by_label("파일 이름(id)").fill("Mapo Kitchen")
        page.get_by_label("이름", exact=True).fill("마포잘못된값협동조합")
        page.get_by_label("전화 (선택사항)").fill("0233212345")
        page.get_by_role("button", name="저장", exact=True).click()
        id_message = schema.load_schema("common")["$defs"]["id"]["x-hint"]
        phone_message = admin.form_text(schema._FORMAT_MESSAGES["phone"])
        page.get_by_text(f"파일 이름(id): {id_message}").wait_for()
        page.get_by_text(f"전화: {phone_message}").wait_for()
        page.get_by_text("설립일: 필수 항목입니다. 값을 채워 주세요.").wait_for()
        toast = page.get_by_text("비어 있는 필수 항목이 있습니다").first
        toast.wait_for()
        toast.wait_for(state="hidden", timeout=20_000)
        page.get_by_label("파일 이름(id)").scroll_into_view_if_needed()
        screenshot(page, tmp_path, "admin-bad-value.png")
    assert git(repo, "branch", "--list") == branches  # nothing was saved


def test_an_existing_coop_opens_with_its_file_name_fixed_and_its_labels_shown(editor, repo, browser):
    with admin_page(browser) as (page, _outside):
        log_in(page, editor)
        page.goto(editor + "#/collections/coops/entries/mapo-sunshine-childcare-coop")
        field = page.get_by_label("파일 이름(id)")
        field.wait_for()
        assert field.input_value() == "mapo-sunshine-childcare-coop"
        assert field.get_attribute("readonly") is not None
        assert page.get_by_label("이름", exact=True).input_value() == "마포햇살공동육아협동조합"
        control = page.get_by_label("자치구", exact=True).locator("xpath=ancestor::div[contains(@class, '-control')][1]")
        assert control.inner_text().strip() == "마포구"  # the id `mapo`, shown by its Korean label


def test_a_new_column_is_saved_with_front_matter_and_its_markdown_body(editor, repo, browser, tmp_path):
    slug = "neighbour-kitchen-notes"
    author = next(iter(sorted(p.stem for p in (repo / "data" / "authors").glob("*.yaml"))))
    author_name = parse((repo / "data" / "authors" / f"{author}.yaml").read_text(encoding="utf-8"))[0].data["name"]
    with admin_page(browser) as (page, _outside):
        log_in(page, editor)
        page.get_by_role("link", name="칼럼", exact=True).click()
        page.get_by_role("link", name="새 칼럼 만들기").click()
        page.get_by_label("파일 이름(id)").fill(slug)
        page.get_by_label("제목", exact=True).fill("동네 부엌에서 배운 것: 함께 먹는 일")
        page.get_by_label("날짜", exact=True).fill("2026-11-20")
        choose(page, "필자", f"{author_name} ({author})")
        body = page.locator("[data-slate-editor]").last
        body.click()
        page.keyboard.type("부엌을 함께 쓰면 이웃이 생깁니다.")
        page.keyboard.press("Enter")
        page.keyboard.type("반찬을 나누는 날은 화요일입니다.")
        page.get_by_role("button", name="저장", exact=True).click()
        page.get_by_text("항목 저장됨").wait_for()
    branch = f"cms/columns/{slug}"
    assert git(repo, "diff", "--name-only", "main", branch).split() == [f"content/columns/{slug}.md"]
    text = git(repo, "show", f"{branch}:content/columns/{slug}.md")
    assert text == (
        "---\n"
        'title: "동네 부엌에서 배운 것: 함께 먹는 일"\n'
        "date: 2026-11-20\n"
        f"author: {author}\n"
        "---\n\n"
        "부엌을 함께 쓰면 이웃이 생깁니다.\n\n반찬을 나누는 날은 화요일입니다.\n"
    )
    checked = tmp_path / "checked"
    shutil.copytree(repo, checked, ignore=shutil.ignore_patterns(".git"))
    (checked / "content" / "columns" / f"{slug}.md").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "site_plugins", "check", "--root", str(checked)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
