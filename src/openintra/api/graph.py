"""api.graph: ``/graph/on/:field/by/:interval`` — counts per time bucket, as 42's groupdate gives them.

Buckets are computed in UTC. Calendar intervals (day, week, month, quarter, year) cover every
bucket between the first and the last with data (zeros included); cyclic ones (hour_of_day,
day_of_week, day_of_month, month_of_year) list every bucket of the cycle. Week starts on Sunday
and day_of_week counts from Sunday = 0, as groupdate's defaults (GUESS: key forms beyond
``by/day`` are not documented).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from openintra.db.types import wire_ts

INTERVALS = (
    "day", "week", "month", "quarter", "year", "hour_of_day", "day_of_week", "day_of_month", "month_of_year",
)  # fmt: skip
DEFAULT_INTERVAL = "month_of_year"


def _bucket_sql(column: Any, dialect: str, interval: str) -> ColumnElement[Any]:
    text = wire_ts(column, dialect)
    if interval == "hour_of_day":
        return func.substr(text, 12, 2)
    return func.substr(text, 1, 10)


def counts(
    conn: Connection, table: Any, column: Any, where: list[ColumnElement[bool]], dialect: str, interval: str
) -> dict[str, int]:
    bucket = _bucket_sql(column, dialect, interval).label("bucket")
    stmt = (
        select(bucket, func.count())
        .select_from(table)
        .where(column.is_not(None), *where)
        .group_by(bucket)
        .order_by(bucket)
    )
    raw = {key: count for key, count in conn.execute(stmt).all()}
    if interval == "hour_of_day":
        hours = Counter({int(key): count for key, count in raw.items()})
        return {str(hour): hours.get(hour, 0) for hour in range(24)}
    days = {dt.date.fromisoformat(key): count for key, count in raw.items()}
    return _from_days(days, interval)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def _calendar_key(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return _week_start(day)
    if interval == "month":
        return day.replace(day=1)
    if interval == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def _next(key: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return key + dt.timedelta(days=1)
    if interval == "week":
        return key + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[interval]
    index = key.year * 12 + key.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _from_days(days: dict[dt.date, int], interval: str) -> dict[str, int]:
    if interval in ("day_of_week", "day_of_month", "month_of_year"):
        cycle: Counter[int] = Counter()
        for day, count in days.items():
            if interval == "day_of_week":
                cycle[(day.weekday() + 1) % 7] += count
            elif interval == "day_of_month":
                cycle[day.day] += count
            else:
                cycle[day.month] += count
        keys = {"day_of_week": range(7), "day_of_month": range(1, 32), "month_of_year": range(1, 13)}[
            interval
        ]
        return {str(key): cycle.get(key, 0) for key in keys}
    if not days:
        return {}
    grouped: Counter[dt.date] = Counter()
    for day, count in days.items():
        grouped[_calendar_key(day, interval)] += count
    out = {}
    key, last = min(grouped), max(grouped)
    while key <= last:
        out[key.isoformat()] = grouped.get(key, 0)
        key = _next(key, interval)
    return out
