"""Whatever an editor saves, the reader and the validator answer with problem lines,
never a traceback."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golden_helpers import make_site
from site_plugins.load import load_site
from site_plugins.textfile import decode
from site_plugins.yamlread import parse

LINE = re.compile(r"^[^:]+:\d+: .+")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text that looks like what editors write: keys, colons, quotes, lists, indentation,
# tags, anchors, Hangul, HTML and Markdown fragments.
TOKENS = st.sampled_from([
    "name", "summary", "district", "founded", "members", "contact", "phone", "fields", "sessions",
    "start", "end", ":", ": ", "-", "- ", "\n", "\n  ", "\n    ", "  ", "\t", "'", '"', "[", "]", "{", "}",
    ",", "#", " #", "|", ">", "&a", "*a", "!!", "!!python/name:os.system", "---", "...", "%YAML 1.1",
    "2023-02-30", "06236", "18:30", "no", "yes", "~", "null", "true", "-1", "1e9", "0x1F", ".inf",
    "마포구", "협동조합", "👩‍👩‍👧", "<script>", "](javascript:x)", "![](a.png)", "\u200b", "\ufeff", "\r\n",
    "\x00", "\x0b", "é", "\\", "?", "@", "`", "<<: *a",
])
YAMLISH = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=40).map("".join)


def _all_lines_clean(root) -> None:
    _, problems = load_site(root)
    for problem in problems.sorted():
        assert LINE.match(str(problem)), str(problem)
        assert "Traceback" not in str(problem)
        assert "예기치 못한 오류" not in problem.message, str(problem)


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_raises(raw):
    text, problems = decode(raw)
    assert (text is None) == bool(problems)


@SETTINGS
@given(YAMLISH)
def test_parse_never_raises(text):
    doc, errors = parse(text)
    assert doc is not None or errors


@pytest.fixture(scope="module")
def base_site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("base"))


@pytest.mark.parametrize("target", ["data/coops/x.yaml", "data/education/x.yaml", "content/cases/x.md", "content/notice.md"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=st.one_of(st.binary(max_size=600), YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_validator_never_raises(base_site, target, content):
    # one site, one file rewritten per example: load_site only reads
    path = base_site / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"---\n" if target.endswith(".md") and content[:1] != b"-" else b"") + content)
    try:
        _all_lines_clean(base_site)
    finally:
        path.unlink()
