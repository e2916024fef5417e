"""The build's notion of "now": SOURCE_DATE_EPOCH when set, so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os

from .model import SEOUL


def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=SEOUL)
    return dt.datetime.now(SEOUL).replace(microsecond=0)
