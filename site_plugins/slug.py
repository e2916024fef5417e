"""The slug rule for every name that becomes part of a URL or a path under site/."""

from __future__ import annotations

import re

# Record ids, page and folder names under content/, taxonomy ids (the contract:
# lowercase ASCII letters and digits in hyphen-separated groups, e.g. `mapo-dolbom`).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
