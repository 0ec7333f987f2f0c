"""db.prepared: statements run on the driver's cursor give what SQLAlchemy Core gives."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import bindparam, select

from openintra.db.prepared import Prepared, keys_in
from openintra.models.users import User
from tests.conftest import Network


def test_rows_equal_core_rows_with_result_processing(network: Network) -> None:
    """Booleans (0/1 on SQLite) and timestamps come back as Core would convert them."""
    table = User.__table__
    stmt = select(table.c.id, table.c.login, table.c.staff, table.c.created_at).order_by(table.c.id).limit(20)
    with network.db.engine.connect() as conn:
        core = [tuple(row) for row in conn.execute(stmt).all()]
        prepared = [tuple(row) for row in Prepared(stmt).all(conn)]
    assert prepared == core
    assert all(isinstance(row[2], bool) for row in prepared)


@pytest.mark.parametrize(
    "keys", [[], [1], list(range(1, 400)), ["x", "y"]], ids=["none", "one", "many", "text"]
)
def test_keys_in_binds_any_number_of_keys_as_one_parameter(network: Network, keys: list[Any]) -> None:
    table = User.__table__
    column = table.c.login if keys and isinstance(keys[0], str) else table.c.id
    stmt = Prepared(select(table.c.id).where(keys_in(column, network.dialect)).order_by(table.c.id))
    with network.db.engine.connect() as conn:
        got = [row[0] for row in stmt.all(conn, keys=keys)]
        expected = [
            row[0] for row in conn.execute(select(table.c.id).where(column.in_(keys)).order_by(table.c.id))
        ]
    assert got == expected
    if column is table.c.id and keys:
        assert got, "the seeded network has users with the first ids"


def test_statement_listeners_still_see_prepared_statements(network: Network) -> None:
    stmt = Prepared(select(User.__table__.c.id).where(User.__table__.c.id == bindparam("id")))
    network.db.statements.clear()
    with network.db.engine.connect() as conn:
        assert stmt.first(conn, id=1) is not None
        assert stmt.first(conn, id=-1) is None
    assert len(network.db.statements) == 2
