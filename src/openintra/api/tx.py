"""api.tx: the typed transaction handed to handlers and rules, its journal hook, and retries.

Transactions: on SQLite a write takes the database's write lock first (``BEGIN IMMEDIATE``, so a
reader never has to upgrade and can never be refused half-way) and the writers of one process take
turns on a lock instead of spinning on the file; other processes wait on SQLite's busy timeout. On
PostgreSQL the rules lock the rows they read (`Tx.lock`: ``SELECT … FOR NO KEY UPDATE``); a deadlock
or a serialization failure is retried. Either way the write and what the app's hooks write with it
(the journal) commit together or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from openintra.api.call import Answer, Call
from openintra.core.clock import utc_now
from openintra.core.errors import Invalid, NotFound, ServiceUnavailable
from openintra.core.principal import Principal

if TYPE_CHECKING:
    from openintra.api.registry import Registry
    from openintra.api.write import Writer

RETRIES = 5


@dataclass(frozen=True)
class Entry:
    """One line of the write log: what (``item_type``/``item_id``, ``reason``) and for whom."""

    item_type: str
    item_id: int | None
    reason: str
    user_id: int | None = None
    campus_id: int | None = None
    cursus_id: int | None = None


JournalHook = Callable[["Tx", Entry], None]
"""Installed by the app: writes an `Entry` in the transaction (the engine knows no journal table)."""


@dataclass
class Tx:
    """One request's database work, handed to handlers and rules: the connection (inside one
    transaction for a write), who acts, the request, and the clock."""

    rows: Writer
    conn: Connection
    principal: Principal
    call: Call
    now: dt.datetime = field(default_factory=utc_now)
    journaled: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    @property
    def registry(self) -> Registry:
        return self.rows.api.registry

    def lock(self, table: Table, row_id: int) -> dict[str, Any] | None:
        """The row, locked until the transaction ends; on SQLite the write transaction already
        holds the database's write lock. PostgreSQL: ``FOR NO KEY UPDATE`` — the foreign-key checks
        of concurrent inserts naming this row (a scale team its corrector, a journal its user) take
        ``KEY SHARE`` on it, which ``FOR UPDATE`` would wait for and deadlock with; no rule changes
        a row's key."""
        stmt = select(table).where(table.c.id == row_id)
        if self.dialect != "sqlite":
            stmt = stmt.with_for_update(key_share=True)
        row = self.conn.execute(stmt).mappings().first()
        return dict(row) if row is not None else None

    def one(self, table: Table, row_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        return dict(row) if row is not None else None

    def row(self, table: Table, row_id: int | None, *, lock: bool = False) -> dict[str, Any]:
        """A row that must exist (its id was resolved or read in this transaction), locked with
        ``lock``; a missing one is a 404."""
        found = None if row_id is None else (self.lock if lock else self.one)(table, row_id)
        if found is None:
            raise NotFound()
        return found

    def insert(self, table: Table, values: Mapping[str, Any]) -> int:
        """A row written as is (the rules' own rows: historics, waitlists); its id."""
        return int(self.conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())

    def create(
        self, resource: str, attributes: Mapping[str, Any], sets: Mapping[str, Any] | None = None
    ) -> int:
        """A validated create of another resource in this transaction (its hooks and journal too)."""
        created = self.rows.create_row(self, self.registry[resource], dict(attributes), dict(sets or {}))
        if isinstance(created, Answer):
            raise TypeError(f"a create of {resource} inside a rule answered instead of creating a row")
        return created

    def update(self, resource: str, row_id: int, attributes: Mapping[str, Any]) -> None:
        self.rows.update_row(self, self.registry[resource], row_id, dict(attributes))

    def destroy(self, resource: str, row_id: int) -> None:
        self.rows.destroy_row(self, self.registry[resource], row_id)

    def show(self, resource: str, row_id: int) -> Any:
        """The show body of a row, as this transaction sees it."""
        return self.rows.show(self.conn, resource, row_id)

    def journal(
        self,
        item_type: str,
        item_id: int | None,
        reason: str,
        *,
        user_id: int | None = None,
        campus_id: int | None = None,
        cursus_id: int | None = None,
    ) -> None:
        """The write log's line of this write (the app's journal hook writes it)."""
        hook = self.rows.journal
        if hook is not None:
            hook(self, Entry(item_type, item_id, reason, user_id, campus_id, cursus_id))
        self.journaled.append((item_type, item_id))


class Transactions:
    """Runs work in one write transaction, retried when the database asks for it."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self._lock = threading.Lock()

    def run(self, conn: Connection, work: Callable[[], Answer]) -> Answer:
        for attempt in range(RETRIES):
            try:
                with self._serialized(), conn.begin():
                    if self.sqlite:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    return work()
            except IntegrityError as error:
                # A unique index caught a race the checks could not see: the rules' own answer.
                raise Invalid({"base": [_integrity_message(error)]}) from None
            except OperationalError as error:
                if not _retriable(error) or attempt == RETRIES - 1:
                    if _retriable(error):
                        raise ServiceUnavailable("The database is busy; retry the request") from None
                    raise
            except DBAPIError as error:
                if not _retriable(error) or attempt == RETRIES - 1:
                    raise
            time.sleep(0.01 * (attempt + 1))
        raise ServiceUnavailable("The database is busy; retry the request")

    @contextlib.contextmanager
    def _serialized(self) -> Iterator[None]:
        if self.sqlite:
            with self._lock:
                yield
        else:
            yield


def _retriable(error: DBAPIError) -> bool:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return any(
        sign in text
        for sign in (
            "database is locked",
            "deadlock detected",
            "could not serialize",
            "database table is locked",
        )
    )


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig).lower() if error.orig is not None else ""
    if "unique" in text or "duplicate" in text:
        return "has already been taken"
    if "foreign key" in text:
        return "a referenced record does not exist"
    return "is invalid"


__all__ = ["Entry", "JournalHook", "Transactions", "Tx"]
