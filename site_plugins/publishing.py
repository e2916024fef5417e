"""The publishing settings every build needs: an absolute `site_url` and a fixed tag authority.

`site_url` (mkdocs.yml, or the SITE_URL environment variable) is where the site is
published. Feeds, sitemaps, calendars, `robots.txt`, the e-mail newsletter and the
social card need absolute links, so a build without it stops with a Korean message
instead of quietly leaving them out or writing relative links (`problems`).

The tag authority names the portal in every feed entry id and calendar UID, and never
the host the site happens to be deployed to: moving the site to another domain must not
make feed readers and calendar apps see every item again (the contract's second round).
It is a setting of the portal plugin in mkdocs.yml:

    plugins:
      - portal:
          tag_authority: seoul-coop-portal.github.io,2026

in RFC 4151's form `<domain or e-mail>,<date>`: a name the project held on that date.
Feed entry ids are `tag:<authority>:<kind>/<id>` and calendar UIDs
`<what>-<id>-<n>@<domain>`; neither changes when the item is edited or the site moves.
The default is the host the portal was first published on (its GitHub Pages name,
held by the project since 2026), so ids minted before the setting existed stay the same.
Changing the setting re-sends everything to every subscriber: never change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_TAG_AUTHORITY = "seoul-coop-portal.github.io,2026"

# RFC 4151: taggingEntity = authorityName "," date; authorityName = DNSname / emailAddress
_DNS = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
_EMAIL = r"[A-Za-z0-9._%+-]+@" + _DNS
_DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_AUTHORITY = re.compile(rf"(?P<name>{_EMAIL}|{_DNS}),(?P<date>{_DATE})")


@dataclass(frozen=True, slots=True)
class TagAuthority:
    """Who mints the portal's ids: `name` (a domain or e-mail address) and the `date` it held it."""

    name: str
    date: str

    @classmethod
    def parse(cls, value: str) -> "TagAuthority":
        """`"example.org,2026"` as a TagAuthority; ValueError with a Korean message otherwise."""
        match = _AUTHORITY.fullmatch(value.strip())
        if not match:
            raise ValueError(
                f"portal 플러그인의 tag_authority 값 '{value}': '도메인,연도' 꼴로 적으세요 "
                f"(예: {DEFAULT_TAG_AUTHORITY}). 피드 항목 id와 달력 UID에 들어가는 고정된 이름입니다"
            )
        return cls(match["name"].lower(), match["date"])

    @property
    def domain(self) -> str:
        """The part a calendar UID ends with (`...@domain`)."""
        return self.name.rsplit("@", 1)[-1]

    def tag(self, *parts: str) -> str:
        """A feed id, `tag:<name>,<date>:<parts joined by />`."""
        return f"tag:{self.name},{self.date}:{'/'.join(parts)}"

    def uid(self, local: str) -> str:
        """A calendar UID, `<local>@<domain>`."""
        return f"{local}@{self.domain}"


DEFAULT = TagAuthority.parse(DEFAULT_TAG_AUTHORITY)

SITE_URL_MISSING = (
    "site_url이 비어 있어 사이트를 만들지 않았습니다. 피드(RSS·Atom), 사이트맵, 달력(.ics), robots.txt는 "
    "절대 주소가 있어야 합니다. mkdocs.yml의 site_url에 게시 주소를 적거나(예: https://seoul-coop-portal.github.io/) "
    "SITE_URL 환경 변수로 주세요"
)


def problems(site_url: str | None, tag_authority: str | None) -> list[str]:
    """What is wrong with the publishing settings, in Korean; empty when a build may go on."""
    found = []
    url = (site_url or "").strip()
    if not url:
        found.append(SITE_URL_MISSING)
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            found.append(f"site_url 값 '{url}': http:// 또는 https://로 시작하는 절대 주소여야 합니다 (예: https://seoul-coop-portal.github.io/). "
                         "피드, 사이트맵, 달력이 이 주소로 링크를 만듭니다")
    try:
        TagAuthority.parse(tag_authority if tag_authority is not None else DEFAULT_TAG_AUTHORITY)
    except ValueError as exc:
        found.append(str(exc))
    return found
