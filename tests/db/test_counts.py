"""X-Total counts reused on SQLite only while nothing was committed (db.counts), exact on both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, text

from tests.conftest import Network

NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _total(network: Network, **params: str) -> int:
    response = network.get("/v2/titles", **params)
    assert response.status_code == 200, response.text
    return int(response.headers["X-Total"])


def _insert_title(connection: object, name: str) -> None:
    connection.execute(  # type: ignore[attr-defined]
        text("INSERT INTO titles (name, created_at, updated_at) VALUES (:n, :t, :t)"), {"n": name, "t": NOW}
    )


def test_a_commit_through_the_apps_engine_changes_the_total(network: Network) -> None:
    before = _total(network)
    assert _total(network) == before  # the same count again (from the cache on SQLite)
    with network.db.engine.begin() as conn:
        _insert_title(conn, "count-cache-same-engine")
    try:
        assert _total(network) == before + 1
        assert _total(network, **{"filter[name]": "count-cache-same-engine"}) == 1
    finally:
        with network.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM titles WHERE name = 'count-cache-same-engine'"))
    assert _total(network) == before


def test_a_commit_by_another_connection_changes_the_total(network: Network) -> None:
    """Another process's writes (here another engine on the same database) are seen at once."""
    before = _total(network)
    other = create_engine(network.db.url)
    try:
        with other.begin() as conn:
            _insert_title(conn, "count-cache-other-engine")
        assert _total(network) == before + 1
        with other.begin() as conn:
            conn.execute(text("DELETE FROM titles WHERE name = 'count-cache-other-engine'"))
        assert _total(network) == before
    finally:
        other.dispose()


def test_an_unchanged_database_is_not_counted_twice_on_sqlite(network: Network) -> None:
    for _ in range(12):  # every pooled connection has counted once (a connection seen first recounts)
        network.get("/v2/titles", **{"filter[name]": "nothing-like-this"})
    again, response = network.count_statements("/v2/titles", **{"filter[name]": "nothing-like-this"})
    assert response.headers["X-Total"] == "0"
    counted = [sql for sql in network.db.statements if sql.lstrip().upper().startswith("SELECT COUNT")]
    assert len(counted) == (0 if network.dialect == "sqlite" else 1), counted
    assert again >= 1
