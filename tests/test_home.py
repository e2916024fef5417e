"""The home page shows what is current: counts, the next courses, open programmes, new stories."""

from __future__ import annotations

import datetime as dt

from conftest import EPOCH, ROOT
from site_plugins.load import load_site
from site_plugins.model import SEOUL
from site_plugins.schedule import OPEN, program_state, split_sessions


def test_home_lists_counts_next_courses_and_open_programmes(site_dir):
    now = dt.datetime.fromtimestamp(int(EPOCH), tz=SEOUL)
    site, _ = load_site(ROOT, now=now)
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"협동조합 {len(site.coops)}곳" in html
    for area in (t for t in site.taxonomies.terms("regions") if t.level == "area"):
        assert f'href="regions/{area.id}/"' in html
    upcoming, past = split_sessions(list(site.courses.values()), now)
    assert upcoming, "the fixed build date should have courses ahead"
    for row in upcoming[:4]:
        assert f'href="education/{row.course.id}/"' in html
    past_only = {row.course.id for row in past} - {row.course.id for row in upcoming}
    for course_id in past_only:
        assert f'href="education/{course_id}/"' not in html
    for program in site.programs.values():
        listed = f'href="programs/{program.id}/"' in html
        assert listed == (program_state(program, now.date()) == OPEN), program.id
    newest = site.articles_of("newsletter")[0]
    assert f'href="newsletter/{newest.slug}/"' in html
