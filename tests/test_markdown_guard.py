"""Which descriptions `make check` renders to audit: the shortcut must never skip a problem."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_plugins.markdown_guard import SafeMarkdown, needs_audit


# Pieces that make (or almost make) links, schemes and escapes, joined at random.
_LINKISH = st.lists(
    st.sampled_from(["[", "]", "(", ")", "](", "]:", ":", "!", "<", ">", "&#115;", "\\", '"t"', " ", "\n", "\n\n", "\t",
                     "javascript", "java script", "JavaScript", "vbscript", "data", "http", "https", "mailto", "//x", "x", "홈페이지"]),
    max_size=24,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_LINKISH)
def test_the_render_is_skipped_only_when_it_would_find_nothing(text: str) -> None:
    # `make check` renders a description only when needs_audit() says so: it must
    # never say no where a render reports a problem.
    _, findings = SafeMarkdown().render(text)
    if findings:
        assert needs_audit(text), (text, findings)


def test_plain_links_are_not_rendered_but_unsafe_ones_are() -> None:
    assert not needs_audit("조합 소개는 [홈페이지](https://example.org/about)와 [안내][1]에 있습니다.\n\n[1]: mailto:hello@example.org")
    assert needs_audit("[홈페이지](java script:alert(1))")
    assert needs_audit("[안내][1]\n\n[1]:\n  vbscript:x")
