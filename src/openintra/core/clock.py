"""core.clock: the UTC clock and the 42 timestamp formats."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = dt.UTC


def utc_now() -> dt.datetime:
    """Now, in UTC, truncated to milliseconds (the API's precision)."""
    now = dt.datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def as_utc(value: dt.datetime) -> dt.datetime:
    """A naive datetime is taken as UTC; an aware one is converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_ts(value: dt.datetime | None) -> str | None:
    """``2024-03-01T09:42:00.000Z`` (UTC, milliseconds, ``Z``)."""
    if value is None:
        return None
    value = as_utc(value)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


@lru_cache(maxsize=4096)
def local_midnight(day: dt.date, time_zone: str) -> str:
    """Midnight of ``day`` in ``time_zone`` with its offset: ``2027-11-06T00:00:00.000+09:00``.

    42 renders users' ``anonymize_date`` / ``data_erasure_date`` this way (api-shapes §0.2 #4).
    """
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    local = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    offset = local.strftime("%z")
    return f"{day.isoformat()}T00:00:00.000{offset[:3]}:{offset[3:]}"


def parse_ts(text: str) -> dt.datetime:
    """Parse the accepted date forms (``YYYY-MM-DD``, ISO 8601, ``YYYY-MM-DD HH:MM:SS[.ffffff]``).

    Raises ``ValueError``. The result is aware and in UTC (naive input is UTC).
    """
    text = text.strip()
    if not text or len(text) > 40:
        raise ValueError("empty or too long")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    try:
        return as_utc(value)
    except OverflowError as exc:
        raise ValueError(f"{text!r} is out of range") from exc
