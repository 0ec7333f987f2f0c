"""Hot index pages are served by an index walk, not a sort of the whole table (SQLite plans)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from openintra.api.params import parse_query
from tests.catalog import registry


@pytest.mark.parametrize(
    "params",
    [
        [("filter[status]", "finished"), ("sort", "-marked_at")],
        [("sort", "-marked_at")],
        [("sort", "marked_at")],
    ],
    ids=["status+desc", "desc", "asc"],
)
def test_projects_users_by_marked_at_walks_an_index_on_sqlite(
    make_db: Any, params: list[tuple[str, str]]
) -> None:
    """marked_at is nullable and 42 puts NULLs first on DESC: the engine's ``(marked_at IS NULL)``
    ordering matches the expression indexes of migration 0010, so SQLite needs no sort step."""
    db = make_db("sqlite")
    plan = registry().plan("projects_users", "sqlite")
    table = plan.table
    query = parse_query(params, plan.schema)
    stmt = select(table.c.id).where(*plan.conditions(query)).order_by(*plan.order_by(query.sort)).limit(100)
    sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        steps = " / ".join(row[-1] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "marked_at_nulls" in steps, steps
    assert "TEMP B-TREE" not in steps, steps
