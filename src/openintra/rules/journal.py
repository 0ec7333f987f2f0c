"""rules.journal: the staff event log — each write's ``journals`` row, in the write's transaction.

The app installs `write` as the engine's journal hook (`api.tx.JournalHook`): who (the token's user,
else the row's user), which app, what (``item_type``/``item_id``, ``reason``), where and when.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from openintra.api.tx import Entry, Tx
from openintra.db.base import table_of
from openintra.models.economy import Journal
from openintra.models.users import User

_JOURNALS = table_of(Journal)
TABLES = frozenset({_JOURNALS.name})
"""The history tables the journal writes (a row they name may still be destroyed)."""
_USERS = table_of(User)


def write(tx: Tx, entry: Entry) -> None:
    """The journals row of one write: the acting user's primary campus unless the entry names one."""
    campus_id = entry.campus_id
    acting = tx.principal.user_id
    if campus_id is None and acting is not None:
        campus_id = tx.conn.execute(select(_USERS.c.primary_campus_id).where(_USERS.c.id == acting)).scalar()
    tx.conn.execute(
        insert(_JOURNALS).values(
            user_id=acting if acting is not None else entry.user_id,
            app_id=tx.principal.app_id,
            cursus_id=entry.cursus_id,
            campus_id=campus_id,
            item_type=entry.item_type,
            item_id=entry.item_id,
            reason=entry.reason[:255],
            event_at=tx.now,
            created_at=tx.now,
            updated_at=tx.now,
        )
    )
