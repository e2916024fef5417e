"""What generators produce: pages, decorations of editor pages, and plain files."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True, slots=True)
class Page:
    """A generated page. `render` returns the HTML of the content area.

    `nav` pages (section front pages) go through MkDocs like editor pages; all
    other pages (one per co-op, per term, per course, ...) are stamped into a
    theme shell rendered once, which is what keeps 30,000 entries fast.
    """

    url: str  # site-relative, "coops/mapo-dolbom/"; "" is the home page
    title: str
    render: Callable[[], str]
    description: str = ""
    nav: bool = False
    head: Callable[[], str] | None = None  # extra <head> HTML (feed links, JSON-LD)
    source: str = ""  # repository path behind the page, for the edit link
    # Everything render() and head() depend on beyond url, title, description, the
    # code and the taxonomies, as a value whose repr() shows all of it. A preview
    # rebuild skips a page whose key is unchanged; None means: render every time.
    key: object = None

    @property
    def depth(self) -> int:
        return self.url.count("/")

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


@dataclass(frozen=True, slots=True)
class Decoration:
    """Generated HTML added around an editor-written page (a case lists its co-ops)."""

    src_uri: str  # "cases/bologna.md"
    after: Callable[[], str] | None = None
    before: Callable[[], str] | None = None
    head: Callable[[], str] | None = None


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # site-relative, "data/coops.csv"
    content: Callable[[], bytes]
    bulk: bool = False  # a whole-corpus download: written once per preview session, every build
    key: object = None  # as Page.key: everything content() reads; a preview skips it while unchanged


@dataclass(slots=True)
class Outputs:
    pages: list[Page] = field(default_factory=list)
    decorations: list[Decoration] = field(default_factory=list)
    files: list[OutputFile] = field(default_factory=list)

    def extend(self, other: "Outputs") -> None:
        self.pages += other.pages
        self.decorations += other.decorations
        self.files += other.files


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs, so the site works under any prefix."""
    # Index pages make this call hundreds of thousands of times: plain directory URLs
    # take a segment comparison; anything unusual goes the posixpath way below.
    target_dir, _, target_file = to_url.rpartition("/")
    if (not from_url or from_url.endswith("/")) and not from_url.startswith("/") and "." not in from_url and "//" not in from_url and "." not in target_dir and "//" not in to_url and not to_url.startswith("/"):
        base = from_url.split("/")[:-1] if from_url else []
        target = target_dir.split("/") if target_dir else []
        common = 0
        for a, b in zip(base, target):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(base) - common) + target[common:])
        return ((rel + "/" if rel else "") + target_file) or "./"
    return _relative_url_posix(from_url, to_url)


def _relative_url_posix(from_url: str, to_url: str) -> str:
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target_dir, _, target_file = to_url.rpartition("/")
    rel = posixpath.relpath(target_dir or ".", base.rstrip("/") or ".")
    rel = "" if rel == "." else rel + "/"
    return (rel + target_file) or "./"
