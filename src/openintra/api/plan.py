"""api.plan: a resource and a parsed `Query` → SQL conditions, ordering and paging.

Compiled once per resource and dialect: which names are sortable, filterable, rangeable and
searchable, with their types and SQL expressions — the names a served view renders, the spec's
catalog names and special filters, less the fields hidden from the caller (DESIGN §4.3,
`api.visibility`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    String,
    cast,
    func,
    literal,
    select,
)

from openintra.api import visibility
from openintra.api.params import FieldInfo, Query, Schema
from openintra.api.spec import Resource, Special
from openintra.db.types import UTCDateTime


def _type_of(column: Any) -> str | None:
    kind = column.type
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float):
        return "float"
    if isinstance(kind, UTCDateTime | Date):
        return "datetime"
    if isinstance(kind, JSON):
        return None
    if isinstance(kind, String):
        return "str"
    return None


class Plan:
    """The queryable surface of one resource on one dialect."""

    def __init__(self, resource: Resource, dialect: str) -> None:
        self.resource = resource
        self.dialect = dialect
        table = resource.table
        self.table = table
        self._exprs: dict[str, ColumnElement[Any]] = {}
        self._date_columns: set[str] = set()
        kinds: dict[str, str | None] = {}
        for column in table.c:  # every column orders and conditions internally (default sorts)
            kind = kinds[column.name] = _type_of(column)
            if isinstance(column.type, Date):
                self._date_columns.add(column.name)
            # documents (JSON): sortable by their text only
            self._exprs[column.name] = column if kind is not None else cast(column, String())
        shown = visibility.rendered(resource)
        for name, target in {**resource.aliases, **shown}.items():
            if name not in table.c:
                self._exprs[name] = self._exprs[target]
                kinds[name] = kinds[target]
                if target in self._date_columns:
                    self._date_columns.add(name)
        # Only what a view renders, or the spec lists, is queryable (DESIGN §4.3, api.visibility).
        sortable = {
            name: FieldInfo(kinds[name] or "str") for name in (*shown, *resource.sorts) if name in kinds
        }
        typed = {name: FieldInfo(kind) for name in shown if (kind := kinds[name]) is not None}
        ranges = typed | {name: FieldInfo(kinds[name] or "str") for name in resource.ranges if name in kinds}
        searchable = {name: info for name, info in typed.items() if info.type == "str"}
        self._specials: dict[str, Special] = {special.name: special for special in resource.specials}
        filters = (
            typed
            | {name: FieldInfo(kinds[name] or "str") for name in resource.filters if name in kinds}
            | {name: FieldInfo(s.type) for name, s in self._specials.items()}
        )
        self.schema = Schema(sorts=sortable, filters=filters, ranges=ranges, searches=searchable)
        """What a caller from whom nothing is hidden may query."""
        keys = [hidden.key for hidden in resource.hidden]
        self._schemas = {
            frozenset(chosen): self._without(visibility.hidden_names(resource, frozenset(chosen)))
            for size in range(len(keys) + 1)
            for chosen in itertools.combinations(keys, size)
        }
        self.default_order = self.order_by(
            tuple((token.lstrip("-"), token.startswith("-")) for token in resource.default_sort)
        )

    def _without(self, names: frozenset[str]) -> Schema:
        return Schema(
            *(
                {name: info for name, info in part.items() if name not in names}
                for part in (self.schema.sorts, self.schema.filters, self.schema.ranges, self.schema.searches)
            )
        )

    def schema_for(self, hidden: frozenset[str]) -> Schema:
        """What a caller may query, when the `Hidden` fields ``hidden`` (keys) are hidden from it
        (`api.visibility.hidden_from`); derived once per set, at boot."""
        return self._schemas[hidden]

    def expr(self, name: str) -> ColumnElement[Any]:
        return self._exprs[name]

    def _value(self, name: str, value: Any) -> Any:
        if name in self._date_columns and isinstance(value, dt.datetime):
            return value.date()
        return value

    def conditions(self, query: Query) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        for name, values in query.filters:
            special = self._specials.get(name)
            if special is not None:
                out.append(special.build(self.table, list(values)))
                continue
            expr = self._exprs[name]
            converted = [self._value(name, value) for value in values]
            out.append(expr == converted[0] if len(converted) == 1 else expr.in_(converted))
        for name, low, high in query.ranges:
            expr = self._exprs[name]
            if low is not None:
                out.append(expr >= literal(self._value(name, low), expr.type))
            if high is not None:
                out.append(expr <= literal(self._value(name, high), expr.type))
        for name, text in query.searches:
            out.append(self._exprs[name].ilike(f"%{text}%"))
        return out

    def order_by(self, sort: tuple[tuple[str, bool], ...]) -> list[ColumnElement[Any]]:
        order = [term for name, desc in sort for term in self._ordering(name, desc)]
        if not any(name == "id" for name, _ in sort):
            # A total order, so that pages never overlap. The tie-break follows the last key's
            # direction: an index on that key (which ends with the row id) is then walked in one
            # direction, with no sort step — ``sort=-marked_at`` reads ix_marked_at backwards.
            last_descending = bool(sort) and sort[-1][1]
            order.append(self.table.c.id.desc() if last_descending else self.table.c.id.asc())
        return order

    def _ordering(self, name: str, descending: bool) -> list[ColumnElement[Any]]:
        """NULLs sort as in PostgreSQL (42's database) on every dialect: last when ascending.

        NOT NULL columns get a plain ordering, which lets SQLite walk their index. On SQLite a
        nullable column sorts by ``(col IS NULL)`` first, then by itself: the same order as ``NULLS
        FIRST``/``LAST``, in a form an index on ``((col IS NULL), col)`` can serve (SQLite cannot walk
        a plain index for ``DESC NULLS FIRST``; projects_users' ``marked_at`` has such an index).
        """
        expr = self._exprs[name]
        if not getattr(expr, "nullable", True):
            return [expr.desc() if descending else expr.asc()]
        if self.dialect == "sqlite":
            missing = expr.is_(None)
            return [missing.desc(), expr.desc()] if descending else [missing.asc(), expr.asc()]
        return [expr.desc().nulls_first() if descending else expr.asc().nulls_last()]

    def count(self, where: list[ColumnElement[bool]]) -> Select[Any]:
        return select(func.count()).select_from(self.table).where(*where)
