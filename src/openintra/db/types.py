"""db.types: portable column types.

Timestamps are stored in UTC with millisecond precision. On SQLite they are text in the exact
wire form of the API (``2024-03-01T09:42:00.000Z``): it sorts and compares like the instant, and
the read path can hand it to the client without parsing. On PostgreSQL they are ``timestamptz``.
``wire()`` gives a SQL expression that yields the wire string on either dialect, so rendering
never formats a timestamp in Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, String, func, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from openintra.core.clock import as_utc, format_ts, parse_ts


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime (ms precision); wire-format text on SQLite, timestamptz elsewhere."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(24))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = parse_ts(value)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
        value = as_utc(value)
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        if dialect.name == "sqlite":
            return format_ts(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return parse_ts(value)
        return as_utc(value)


def wire_ts(column: Any, dialect_name: str) -> ColumnElement[Any]:
    """SQL yielding the API form of a timestamp column (or NULL)."""
    if dialect_name == "sqlite":
        return type_coerce(column, String())
    return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"', type_=String())


def wire_date(column: Any, dialect_name: str) -> ColumnElement[Any]:
    """SQL yielding ``YYYY-MM-DD`` for a date column (or NULL)."""
    if dialect_name == "sqlite":
        return type_coerce(column, String())
    return func.to_char(column, "YYYY-MM-DD", type_=String())


__all__ = ["Date", "UTCDateTime", "wire_date", "wire_ts"]
