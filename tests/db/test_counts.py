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
    # SQLite: the token and the count are remembered and an empty page is not fetched: nothing is read.
    # PostgreSQL: the token and the count are read every time.
    assert again == 0 if network.dialect == "sqlite" else again >= 2, network.db.statements


# --- show bodies, id lookups and tokens remembered in the same generations -----------------------


def _title_id(network: Network, name: str) -> int:
    return int(network.sql("SELECT id FROM titles WHERE name = :n", n=name)[0][0])


def test_a_show_reflects_a_commit_by_another_connection_at_once(network: Network) -> None:
    """Remembered show bodies (SQLite) are forgotten when another process commits; PostgreSQL
    computes them every time."""
    other = create_engine(network.db.url)
    try:
        with other.begin() as conn:
            _insert_title(conn, "show-cache-before")
        title_id = _title_id(network, "show-cache-before")
        assert network.get(f"/v2/titles/{title_id}").json()["name"] == "show-cache-before"
        assert network.get(f"/v2/titles/{title_id}").json()["name"] == "show-cache-before"
        with other.begin() as conn:
            conn.execute(text("UPDATE titles SET name = 'show-cache-after' WHERE id = :i"), {"i": title_id})
        assert network.get(f"/v2/titles/{title_id}").json()["name"] == "show-cache-after"
        with other.begin() as conn:
            conn.execute(text("DELETE FROM titles WHERE id = :i"), {"i": title_id})
        assert network.get(f"/v2/titles/{title_id}").status_code == 404, (
            "a deleted row's id is not remembered"
        )
    finally:
        with other.begin() as conn:
            conn.execute(text("DELETE FROM titles WHERE name LIKE 'show-cache-%'"))
        other.dispose()


def test_a_remembered_show_costs_no_statement_beyond_the_change_marker(network: Network) -> None:
    title_id = int(network.sql("SELECT min(id) FROM titles")[0][0])
    for _ in range(12):  # every pooled connection has seen the current generation
        assert network.get(f"/v2/titles/{title_id}").status_code == 200
    _, response = network.count_statements(f"/v2/titles/{title_id}")
    assert response.status_code == 200
    reads = [sql for sql in network.db.statements if "titles" in sql.lower()]
    if network.dialect == "sqlite":
        assert reads == [], reads
    else:
        assert reads, "PostgreSQL has no change marker: every show is read"


def test_a_token_revoked_or_expired_by_another_connection_is_refused_at_once(network: Network) -> None:
    from tests.conftest import insert_token

    token = insert_token(network, "public")
    headers = {"Authorization": f"Bearer {token}"}
    assert network.client.get("/v2/titles", headers=headers).status_code == 200
    assert network.client.get("/v2/titles", headers=headers).status_code == 200
    from openintra.auth.tokens import digest

    other = create_engine(network.db.url)
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE oauth_access_tokens SET revoked_at = :t WHERE digest = :d"),
                         {"t": NOW, "d": digest(token)})  # fmt: skip
    finally:
        other.dispose()
    refused = network.client.get("/v2/titles", headers=headers)
    assert refused.status_code == 401, "a revocation committed elsewhere is seen at once"
    import time

    lifetime = 3  # the first request must come within it, even on a busy machine
    short = insert_token(network, "public", ttl=lifetime)
    expires = time.monotonic() + lifetime
    assert network.client.get("/v2/titles", headers={"Authorization": f"Bearer {short}"}).status_code == 200
    time.sleep(max(0.0, expires - time.monotonic()) + 0.2)  # waits for the expiry itself, not a guess
    expired = network.client.get("/v2/titles", headers={"Authorization": f"Bearer {short}"})
    assert expired.status_code == 401 and "expired" in expired.text, (
        "a remembered token still expires on time"
    )


def test_an_index_page_reflects_a_commit_by_another_connection_at_once(network: Network) -> None:
    other = create_engine(network.db.url)
    params = {"filter[name]": "page-cache-probe", "sort": "-id"}
    try:
        assert network.get("/v2/titles", **params).json() == []
        assert network.get("/v2/titles", **params).json() == []
        with other.begin() as conn:
            _insert_title(conn, "page-cache-probe")
        page = network.get("/v2/titles", **params)
        assert [item["name"] for item in page.json()] == ["page-cache-probe"] and page.headers[
            "X-Total"
        ] == "1"
        with other.begin() as conn:
            conn.execute(
                text("UPDATE titles SET name = 'page-cache-probe' WHERE id = (SELECT min(id) FROM titles)")
            )
        assert network.get("/v2/titles", **params).headers["X-Total"] == "2"
    finally:
        with other.begin() as conn:
            conn.execute(
                text("DELETE FROM titles WHERE name = 'page-cache-probe' AND created_at = :t"), {"t": NOW}
            )
        other.dispose()


def test_a_remembered_page_is_the_page_read_afresh(network: Network, tmp_path: object) -> None:
    """Bodies and headers from the read cache equal those of an app that reads every request."""
    from fastapi.testclient import TestClient

    from openintra.app import create_app
    from tests.conftest import settings_for

    fresh = create_app(settings_for(network.db.url, read_cache=False), network.db.engine)
    paths = ["/v2/users?per_page=7&sort=-login", "/v2/projects_users?filter[status]=finished&per_page=5",
             "/v2/users/1", "/v2/campus/1/users?page=2&per_page=3"]  # fmt: skip
    headers = {"Authorization": f"Bearer {network.tokens['public']}"}
    with TestClient(fresh) as client:
        for path in paths:
            for _ in range(2):
                cached = network.client.get(path, headers=headers)
            read = client.get(path, headers=headers)
            assert cached.status_code == read.status_code == 200, path
            assert cached.content == read.content, path
            for name in ("X-Total", "X-Page", "X-Per-Page", "Link"):
                assert cached.headers.get(name) == read.headers.get(name), (path, name)
