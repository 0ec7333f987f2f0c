"""db.counts: SQLite row counts (``X-Total``) and show bodies remembered until the database changes.

An index page's ``X-Total`` is an exact ``count(*)``: on SQLite it reads every matching index
entry (a third of a million projects_users take ~15 ms), the same for every page of a listing.
`CountCache` keeps counts for one *generation* of the database and starts a new one (forgetting
them all) when a write may have been committed:

- this engine commits (its ``commit`` event: a connection's own commits do not move its
  ``data_version``);
- a connection's ``PRAGMA data_version`` differs from what it gave that connection last time
  (SQLite changes it when any other connection, in this process or another, commits);
- a connection is seen for the first time (it has nothing to compare with).

The first count after a commit therefore always comes from a connection that notices it.
PostgreSQL has no such cheap change marker: there every count is computed.

The same generations keep the show bodies of rows (`remember`): a show reads a user with a dozen
embeds through several statements, the same for every request until something is written.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection, Engine, event


class CountCache:
    def __init__(self, engine: Engine, size: int = 2048, enabled: bool = True) -> None:
        self.enabled = enabled and engine.dialect.name == "sqlite"
        self.size = size
        self._generation = 0
        self._counts: OrderedDict[Hashable, int] = OrderedDict()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._seen: dict[int, int] = {}
        """Each connection's data_version when it last counted."""
        if self.enabled:
            event.listen(engine, "commit", self._bump)

    def _bump(self, _conn: Any) -> None:
        with self._lock:
            self._generation += 1
            self._counts.clear()

    def count(self, conn: Connection, key: Hashable, compute: Callable[[], int]) -> int:
        """``compute()``, or the value it gave for ``key`` when nothing was committed since."""
        return int(self.remember(conn, key, compute))

    def remember(self, conn: Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, or what it gave for ``key`` when nothing was committed since (a value the
        callers share: they must not change it)."""
        if not self.enabled:
            return compute()
        pooled = conn.connection
        marker = pooled.info.get("count_cache_id")
        if marker is None:
            marker = pooled.info["count_cache_id"] = next(self._ids)
        version = pooled.driver_connection.execute("PRAGMA data_version").fetchone()[0]  # type: ignore[union-attr]
        with self._lock:
            if self._seen.get(marker) != version:
                self._seen[marker] = version
                self._generation += 1
                self._counts.clear()
            full = (self._generation, key)
            found = self._counts.get(full)
            if found is not None:
                self._counts.move_to_end(full)
                return found
        value = compute()
        with self._lock:
            self._counts[full] = value
            if len(self._counts) > self.size:
                self._counts.popitem(last=False)
        return value


__all__ = ["CountCache"]
