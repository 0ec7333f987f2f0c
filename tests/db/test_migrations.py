"""The Alembic history: blank databases of both kinds upgrade to head, match the models, go back down."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import openintra.models  # noqa: F401 - registers every table
from openintra.db.base import Base
from openintra.db.migrations import HERE, alembic_config, downgrade, upgrade
from openintra.db.session import make_engine
from tests.conftest import DIALECTS


@pytest.fixture(params=DIALECTS)
def blank(request: pytest.FixtureRequest, make_db: Any) -> Any:
    """A database upgraded to head from nothing (``make_db`` runs ``upgrade``)."""
    return make_db(request.param)


def test_history_is_one_linear_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "one head"
    assert len(script.get_bases()) == 1, "one base"
    for revision in script.walk_revisions():
        assert not isinstance(revision.down_revision, tuple), f"{revision.revision} is a merge"
    assert HERE.joinpath("versions").is_dir()


def test_blank_database_upgrades_to_head_with_every_table(blank: Any) -> None:
    with blank.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    head = ScriptDirectory.from_config(alembic_config(blank.url)).get_current_head()
    assert version == head
    assert set(Base.metadata.tables) <= tables


@pytest.mark.filterwarnings(
    # Migration 0010's SQLite expression indexes are not declared in the models: SQLite reflection skips them.
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_models_and_migrations_do_not_drift(blank: Any) -> None:
    with blank.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "compare_server_default": False, "target_metadata": Base.metadata},
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"the models differ from the migrations: {diff}"


def test_sqlite_connections_use_wal_and_foreign_keys(make_db: Any) -> None:
    with make_db("sqlite").engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_downgrade_to_base_and_upgrade_again(blank: Any) -> None:
    downgrade(blank.url, "base")
    engine = make_engine(blank.url, pool_size=1)
    try:
        with engine.connect() as conn:
            left = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert left == set(), f"downgrade leaves tables behind: {left}"
        upgrade(blank.url)
        with engine.connect() as conn:
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", DIALECTS)
def test_a_populated_database_upgrades_from_the_first_revisions(kind: str, tmp_path: Any) -> None:
    """Table rebuilds (SQLite batch mode) keep every row and every reference of a seeded network
    (the domains whose tables come later are not seeded at 0002)."""
    import datetime as dt

    from openintra.demo.factories import build_network
    from tests.conftest import _create_database

    url, drop = _create_database(kind, tmp_path)
    try:
        upgrade(url, "0002")
        engine = make_engine(url, pool_size=1)
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        with engine.begin() as conn:
            build_network(conn, users=30, seed=5, anchor=now, projects_per_user=3)
            conn.execute(text(
                "INSERT INTO oauth_apps (name, uid, secret_digest, secret_valid_until, scopes, roles, redirect_uris, "
                "rate_limit_secondly, rate_limit_hourly, created_at, updated_at) VALUES ('old', 'u', 'd', :t, "
                "'public', 'Advanced tutor', '', 2, 1200, :t, :t)"), {"t": now})  # fmt: skip
            conn.execute(text(
                "INSERT INTO oauth_access_tokens (digest, app_id, scopes, created_at, expires_at) "
                "SELECT 'tok', id, 'public', :t, :t FROM oauth_apps WHERE uid = 'u'"), {"t": now})  # fmt: skip
        counts = {}
        with engine.connect() as conn:
            for table in ("users", "projects_users", "teams", "oauth_apps", "oauth_access_tokens"):
                counts[table] = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        engine.dispose()
        upgrade(url, "0013")
        if kind == "sqlite":  # what 0014's rebuilds must keep: the planner's statistics
            engine = make_engine(url, pool_size=1)
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
                stats = set(conn.execute(text("SELECT tbl, idx, stat FROM sqlite_stat1")).all())
            engine.dispose()
        upgrade(url)
        engine = make_engine(url, pool_size=1)
        with engine.connect() as conn:
            for table, count in counts.items():
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == count, table
            roles = conn.execute(text("SELECT roles FROM oauth_apps WHERE uid = 'u'")).scalar_one()
            if kind == "sqlite":
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
                # 0014: ids are never reused; the sequence starts at each table's highest id
                import re

                tables = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
                plain = [name for name, sql in tables if re.search(r"\n\s*id INTEGER NOT NULL,", sql or "")]
                assert plain == [], f"tables whose ids SQLite may reuse: {plain}"
                highest = conn.execute(text("SELECT max(id) FROM users")).scalar_one()
                sequence = conn.execute(
                    text("SELECT seq FROM sqlite_sequence WHERE name = 'users'")
                ).scalar_one()
                assert sequence == highest
                kept = set(conn.execute(text("SELECT tbl, idx, stat FROM sqlite_stat1")).all())
                assert stats <= kept, (
                    f"the planner's statistics lost by the rebuilds: {sorted(stats - kept)[:5]}"
                )
        engine.dispose()
        assert roles == "Advanced tutor"
    finally:
        drop()
