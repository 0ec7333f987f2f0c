"""rules.seats: events and exams — seats capped at ``max_people``, waitlists, cancellation deadlines.

- One registration per user and event (or exam); ``nbr_subscribers`` is the count of registrations,
  so it is always exact.
- An event with ``max_people`` seats (null or 0: unlimited) takes that many registrations. A user who
  registers to a full one is put on its waitlist instead: the answer is ``202`` with the waitlist
  (``{id, waitlistable_id, waitlistable_type, created_at, updated_at}``) — GUESS: 42 documents the
  waitlist, not the answer; a 2xx that is not a ``201`` tells a client it holds no seat yet.
- A freed seat (an unregistration) goes to the first waiter, in the same transaction.
- No registration once the event has begun (GUESS, 422); no unregistration once it has begun, nor
  within ``prohibition_of_cancellation`` hours before it (GUESS on the unit: api-shapes §4.1).
- With a user token and no staff role, a user registers and unregisters only themself: the seat's
  owner is its ``user_id`` (api.owner, 403).

Concurrency: the event's (exam's) row is locked before its registrations are counted, so the seats
of one event are given one at a time on either database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.clock import format_ts
from openintra.core.errors import Invalid
from openintra.db.base import table_of
from openintra.models.events import Event, EventsUser, Exam, ExamsUser, Waitlist, WaitlistUser

WAITLISTS = table_of(Waitlist)
WAITERS = table_of(WaitlistUser)


@dataclass(frozen=True)
class Seats:
    """One kind of registration: ``events_users`` to ``events``, ``exams_users`` to ``exams``."""

    kind: str
    parent: Any
    rows: Any
    column: str

    def _count(self, tx: Tx, parent_id: int) -> int:
        rows = self.rows
        return int(
            tx.conn.execute(
                select(func.count()).select_from(rows).where(rows.c[self.column] == parent_id)
            ).scalar_one()
        )

    def _waitlist(self, tx: Tx, parent_id: int, create: bool) -> int | None:
        condition = (WAITLISTS.c.waitlistable_type == self.kind, WAITLISTS.c.waitlistable_id == parent_id)
        found = tx.conn.execute(select(WAITLISTS.c.id).where(*condition)).scalar()
        if found is None and create:
            found = tx.insert(WAITLISTS, {"waitlistable_type": self.kind, "waitlistable_id": parent_id,
                                          "created_at": tx.now, "updated_at": tx.now})  # fmt: skip
        return int(found) if found is not None else None

    def create(self, tx: Tx, values: dict[str, Any]) -> Answer | None:
        parent_id, user_id = values.get(self.column), values.get("user_id")
        if not isinstance(parent_id, int):
            return None
        parent = tx.lock(self.parent, parent_id)
        if parent is None:
            return None  # the engine answers ``must exist``
        if parent["begin_at"] <= tx.now:
            raise Invalid({self.column.removesuffix("_id"): ["has already begun"]})
        taken = tx.conn.execute(
            select(self.rows.c.id).where(
                self.rows.c[self.column] == parent_id, self.rows.c.user_id == user_id
            )
        ).first()
        if taken is not None:
            raise Invalid({"user_id": ["has already been taken"]})
        limit = parent["max_people"]
        if not limit or self._count(tx, parent_id) < limit:
            return None  # a seat: the engine inserts the registration
        waitlist_id = self._waitlist(tx, parent_id, create=True)
        waiting = tx.conn.execute(
            select(WAITERS.c.id).where(WAITERS.c.waitlist_id == waitlist_id, WAITERS.c.user_id == user_id)
        ).first()
        if waiting is None:
            entry = tx.insert(WAITERS, {"waitlist_id": waitlist_id, "user_id": user_id, "created_at": tx.now,
                                        "updated_at": tx.now})  # fmt: skip
            tx.journal("WaitlistUser", entry, "create", user_id=user_id)
        waitlist = tx.row(WAITLISTS, waitlist_id)
        return Answer(202, {
            "id": waitlist_id, "waitlistable_id": parent_id, "waitlistable_type": self.kind,
            "created_at": format_ts(waitlist["created_at"]), "updated_at": format_ts(waitlist["updated_at"]),
        })  # fmt: skip

    def destroy(self, tx: Tx, old: dict[str, Any]) -> None:
        parent = tx.lock(self.parent, old[self.column])
        if parent is None:
            return
        if parent["begin_at"] <= tx.now:
            raise Invalid({self.column.removesuffix("_id"): ["has already begun"]})
        hours = parent.get("prohibition_of_cancellation")
        if hours and tx.now >= parent["begin_at"] - dt.timedelta(hours=hours):
            raise Invalid({"base": [f"cannot be cancelled less than {hours} hours before it begins"]})
        self._promote(tx, old[self.column])

    def _promote(self, tx: Tx, parent_id: int) -> None:
        """The seat being freed goes to the oldest waiter (their registration is written now)."""
        waitlist_id = self._waitlist(tx, parent_id, create=False)
        if waitlist_id is None:
            return
        first = tx.conn.execute(
            select(WAITERS.c.id, WAITERS.c.user_id).where(WAITERS.c.waitlist_id == waitlist_id)
            .order_by(WAITERS.c.created_at, WAITERS.c.id).limit(1)
        ).first()  # fmt: skip
        if first is None:
            return
        tx.conn.execute(delete(WAITERS).where(WAITERS.c.id == first.id))
        row_id = tx.conn.execute(
            insert(self.rows).values({self.column: parent_id, "user_id": first.user_id, "created_at": tx.now,
                                      "updated_at": tx.now}).returning(self.rows.c.id)
        ).scalar_one()  # fmt: skip
        tx.journal(self.rows.name.title().replace("_", "").removesuffix("s"), row_id, "create from the waitlist",
                   user_id=first.user_id)  # fmt: skip


EVENTS = Seats("Event", table_of(Event), table_of(EventsUser), "event_id")
EXAMS = Seats("Exam", table_of(Exam), table_of(ExamsUser), "exam_id")


def waitlist_destroy(tx: Tx, old: dict[str, Any]) -> None:
    """A waitlist goes with its waiters."""
    tx.conn.execute(delete(WAITERS).where(WAITERS.c.waitlist_id == old["id"]))
