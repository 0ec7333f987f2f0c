"""api.render: rows → JSON-ready dicts through loaders compiled once per view and dialect.

A `Loader` selects exactly the columns a view needs (timestamps already in their API form, made by
the database), then fetches every embedded object or list with one statement per embed for the
whole page, and builds the dicts with a function generated once for the view. The number of
statements per request depends on the view, never on the number of rows (no N+1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ColumnElement, Connection, Date, Select, select

from openintra.api.spec import Col, Const, Ctx, Expr, Many, One, Py
from openintra.db.prepared import Prepared, keys_in
from openintra.db.types import UTCDateTime, wire_date, wire_ts

if TYPE_CHECKING:
    from openintra.api.registry import Registry

EMPTY: tuple[()] = ()


def wire_column(column: Column[Any], dialect: str) -> ColumnElement[Any]:
    """The column as the API renders it (timestamps and dates formatted by the database)."""
    if isinstance(column.type, UTCDateTime):
        return wire_ts(column, dialect).label(column.name)
    if isinstance(column.type, Date):
        return wire_date(column, dialect).label(column.name)
    return column


class Loader:
    """Loads one view of one resource: ``rows()`` for a query, ``by_keys()`` for embeds."""

    def __init__(
        self,
        registry: Registry,
        resource_name: str,
        view_name: str,
        dialect: str,
        group: tuple[str, Any] | None = None,
        order_by: Sequence[str] = ("id",),
        pluck: str | None = None,
        where: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        resource = registry[resource_name]
        self.name = f"{resource_name}:{view_name}"
        table = resource.table
        self.table = table
        fields = resource.views[view_name]
        self._exprs: list[ColumnElement[Any]] = []
        self._pos: dict[str, int] = {}
        self._embeds: list[tuple[str, int, Loader]] = []
        self._from: Any = table
        self._group_pos: int | None = None

        def need(name: str, expr: ColumnElement[Any]) -> int:
            """The row position of ``expr`` (SQL expressions are keyed by their builder: a builder
            shared by two fields, as ``login`` and ``url`` share the user's login, is selected once)."""
            if name not in self._pos:
                self._pos[name] = len(self._exprs)
                self._exprs.append(expr)
            return self._pos[name]

        def column(name: str) -> int:
            return need(name, wire_column(table.c[name], dialect))

        pk = column("id")
        namespace: dict[str, Any] = {"EMPTY": EMPTY}
        parts: list[str] = []
        for k, field in enumerate(fields):
            if isinstance(field, Col):
                parts.append(f"r[{column(field.name)}]")
            elif isinstance(field, Expr):
                parts.append(f"r[{need(f'sql:{id(field.build)}', field.build(table, dialect))}]")
            elif isinstance(field, Py):
                args = [f"r[{column(name)}]" for name in field.inputs]
                args += [
                    f"r[{need(f'sql:{id(build)}', build(table, dialect))}]"
                    for name, build in field.sql_inputs
                ]
                namespace[f"p{k}"] = field.fn
                parts.append(f"p{k}(ctx, {', '.join(args)})")
            elif isinstance(field, Const):
                namespace[f"c{k}"] = field.value
                parts.append(f"c{k}")
            elif isinstance(field, One):
                child = registry.loader(field.target, field.view, dialect)
                namespace[f"n{k}"] = field.empty
                parts.append(f"e[{len(self._embeds)}].get(r[{column(field.fk)}], n{k})")
                self._embeds.append(("one", self._pos[field.fk], child))
            elif isinstance(field, Many):
                group_key: tuple[str, Any]
                if field.through is not None:
                    group_key = ("through", field.through)
                else:
                    group_key = ("column", field.remote)
                child = registry.loader(
                    field.target, field.view, dialect, group_key, field.order_by, field.pluck, field.where
                )
                parts.append(f"e[{len(self._embeds)}].get(r[{column(field.local)}], EMPTY)")
                self._embeds.append(("many", self._pos[field.local], child))
        self._pluck = pluck
        self._where = [table.c[name] == value for name, value in where]
        self._order_by = [table.c[n[1:]].desc() if n.startswith("-") else table.c[n] for n in order_by]
        if group is not None:
            kind, spec = group
            if kind == "column":
                self._group_expr: ColumnElement[Any] = table.c[spec]
            else:
                assoc, local_col, remote_col = spec
                self._from = table.join(assoc, assoc.c[remote_col] == table.c.id)
                self._group_expr = assoc.c[local_col]
            self._group_pos = len(self._exprs)
            self._exprs.append(self._group_expr.label("_group"))
        source = (
            "def make(r, ctx, e):\n    return {"
            + ", ".join(f"{field.key!r}: {part}" for field, part in zip(fields, parts, strict=True))
            + "}\n"
        )
        exec(compile(source, f"<view {self.name}>", "exec"), namespace)
        self._make: Callable[..., dict[str, Any]] = namespace["make"]
        self.pk = table.c.id
        self._pk_pos = pk
        # Embed statements are compiled once, the page's keys bound as one list parameter: a request
        # only binds values and runs them on the driver's cursor (db.prepared).
        self._by_ids = Prepared(self.select().where(keys_in(self.pk, dialect)))
        self._grouped: Prepared | None = None
        if group is not None:
            self._grouped = Prepared(
                self.select()
                .where(keys_in(self._group_expr, dialect), *self._where)
                .order_by(*self._order_by)
            )

    def select(self) -> Select[Any]:
        return select(*self._exprs).select_from(self._from)

    def rows(self, conn: Connection, ctx: Ctx, stmt: Select[Any] | None = None) -> list[dict[str, Any]]:
        """Run ``stmt`` (built on `select()`) and render every row with its embeds."""
        result = conn.execute(stmt if stmt is not None else self.select()).all()
        return self._render(conn, ctx, result)

    def run(self, conn: Connection, ctx: Ctx, prepared: Prepared, **values: Any) -> list[dict[str, Any]]:
        """Run a prepared statement built on `select()` and render every row with its embeds."""
        return self._render(conn, ctx, prepared.all(conn, **values))

    def _render(self, conn: Connection, ctx: Ctx, result: Sequence[Any]) -> list[dict[str, Any]]:
        if not result:
            return []
        embeds: list[Any] = []
        for kind, pos, child in self._embeds:
            keys = {row[pos] for row in result}
            keys.discard(None)
            if kind == "one":
                embeds.append(child.by_ids(conn, ctx, keys))
            else:
                embeds.append(child.grouped(conn, ctx, keys))
        make = self._make
        e = tuple(embeds)
        return [make(row, ctx, e) for row in result]

    def by_ids(self, conn: Connection, ctx: Ctx, ids: Iterable[Any]) -> dict[Any, dict[str, Any]]:
        ids = list(ids)
        if not ids:
            return {}
        result = self._by_ids.all(conn, keys=ids)
        rendered = self._render(conn, ctx, result)
        pos = self._pk_pos
        return {row[pos]: item for row, item in zip(result, rendered, strict=True)}

    def grouped(self, conn: Connection, ctx: Ctx, keys: Iterable[Any]) -> dict[Any, list[Any]]:
        keys = list(keys)
        if not keys:
            return {}
        assert self._grouped is not None, f"{self.name} is not a grouped loader"
        result = self._grouped.all(conn, keys=keys)
        rendered: list[Any] = self._render(conn, ctx, result)
        if self._pluck is not None:
            rendered = [item[self._pluck] for item in rendered]
        out: dict[Any, list[Any]] = {}
        pos = self._group_pos
        for row, item in zip(result, rendered, strict=True):
            out.setdefault(row[pos], []).append(item)
        return out


__all__ = ["EMPTY", "Loader", "wire_column"]
