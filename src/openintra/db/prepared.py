"""db.prepared: statements compiled once, run straight on the driver's cursor (the read hot path).

SQLAlchemy Core costs tens of microseconds per statement in cache-key generation, parameter
processing and result set-up, which is most of a show request's time (a user's show runs a dozen
embed statements). A `Prepared` statement is compiled once per dialect; a call binds values in the
dialect's parameter style, runs on the connection's DBAPI cursor and applies the result processors
SQLAlchemy would have applied (booleans on SQLite, timestamps, …), precomputed per column.

``keys_in(expr, dialect)`` is the set membership a prepared statement can bind as ONE parameter, so
its SQL text never depends on how many keys a page has: ``expr IN (SELECT value FROM json_each(?))``
on SQLite, ``expr = ANY(%(keys)s)`` on PostgreSQL.

Listeners of ``before_cursor_execute`` (the test suite counts statements with one) are still told of
every statement; without listeners this costs one attribute test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, column, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement

from openintra.core import jsonenc

Processor = Callable[[Any], Any] | None


def keys_in(expr: ColumnElement[Any], dialect: str, name: str = "keys") -> ColumnElement[bool]:
    """``expr`` is one of the values bound to ``name`` (a list), as one parameter on any dialect."""
    if dialect == "sqlite":
        return expr.in_(select(column("value")).select_from(func.json_each(bindparam(name))))
    return expr == func.any(bindparam(name))


class Prepared:
    """One statement, compiled at its first run for that connection's dialect; ``all(conn, **values)`` → rows.

    ``lists`` name the parameters bound to a list of values (see `keys_in`).
    """

    def __init__(self, stmt: ClauseElement, lists: Sequence[str] = ("keys",)) -> None:
        self.stmt = stmt
        self._lists = frozenset(lists)
        self._dialect: Dialect | None = None

    def _compile(self, dialect: Dialect) -> None:
        # SQLAlchemy's compiler internals (bind and result processors, positional order): the
        # documented objects, reached where its public API stops (they are stable since 1.4).
        compiled: Any = self.stmt.compile(dialect=dialect)
        self.sql = str(compiled)
        self._sqlite = dialect.name == "sqlite"
        processors = compiled._bind_processors
        self._defaults = {
            name: processors[name](value) if name in processors and value is not None else value
            for name, value in compiled.construct_params(_check=False).items()
        }
        self._bind_processors = processors
        self._order: tuple[str, ...] | None = (
            tuple(compiled.positiontup or ()) if dialect.positional else None
        )
        self._types = [entry[3] for entry in compiled._result_columns]
        self._processors: list[tuple[int, Processor]] | None = None
        self._dialect = dialect

    def _params(self, values: dict[str, Any]) -> Any:
        params = dict(self._defaults)
        for name, value in values.items():
            if name in self._lists:
                value = jsonenc.dumps(list(value)).decode() if self._sqlite else list(value)
            elif value is not None and name in self._bind_processors:
                value = self._bind_processors[name](value)
            params[name] = value
        if self._order is not None:
            return tuple(params[name] for name in self._order)
        return params

    def _result_processors(self, description: Any) -> list[tuple[int, Processor]]:
        out = []
        for position, type_ in enumerate(self._types):
            coltype = description[position][1] if description else None
            assert self._dialect is not None, "compiled before its results are read"
            processor = type_._cached_result_processor(self._dialect, coltype)
            if processor is not None:
                out.append((position, processor))
        return out

    def all(self, conn: Connection, **values: Any) -> list[Any]:
        if self._dialect is not conn.dialect:
            self._compile(conn.dialect)
        params = self._params(values)
        raw = conn.connection.driver_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        if conn._has_events or conn.engine._has_events:
            conn.dispatch.before_cursor_execute(conn, cursor, self.sql, params, None, False)
        try:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
            if self._processors is None:
                self._processors = self._result_processors(cursor.description)
        finally:
            cursor.close()
        if self._processors and rows:
            processors = self._processors
            fixed = []
            for row in rows:
                row = list(row)
                for position, processor in processors:
                    row[position] = processor(row[position])  # type: ignore[misc]
                fixed.append(row)
            return fixed
        return rows

    def first(self, conn: Connection, **values: Any) -> Any:
        rows = self.all(conn, **values)
        return rows[0] if rows else None


__all__ = ["Prepared", "keys_in"]
