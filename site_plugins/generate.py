"""All generators, in one list: the only place a new kind of output is registered."""

from __future__ import annotations

from . import centers, directory, education, feeds, home, newsletter, opendata, programs, services_sections, stats, stories  # noqa: F401 (services_sections registers a term section)
from . import admin
from . import events, jobs, library, products, startup  # products registers a term section (offers on industry and activity pages)
from . import robots, socialcard
from .context import BuildContext
from .output import Outputs

GENERATORS = [
    directory.generate,
    education.generate,
    centers.generate,
    programs.generate,
    stories.generate,
    newsletter.generate,
    feeds.generate,
    home.generate,
    opendata.generate,
    stats.generate,
    products.generate,
    library.generate,
    jobs.generate,
    events.generate,
    startup.generate,
    admin.generate,
    robots.generate,
    socialcard.generate,
]


class DuplicateOutput(Exception):
    pass


def generate_all(ctx: BuildContext) -> Outputs:
    outputs = Outputs()
    for generator in GENERATORS:
        outputs.extend(generator(ctx))
    seen: set[str] = set()
    for path in [page.url for page in outputs.pages] + [file.path for file in outputs.files]:
        if path in seen:
            raise DuplicateOutput(f"두 생성기가 같은 주소를 만들었습니다: /{path}")
        seen.add(path)
    return outputs
