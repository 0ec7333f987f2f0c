"""rules.service: discipline and the black hole — closes, community services, freezes (anti-grav units).

Closes (``closes.state``: ``close`` or ``unclose``, as the seed holds them):
- ``PATCH|PUT /v2/closes/:id/close`` re-closes a lifted close (``end_at`` cleared);
  ``/unclose`` lifts it (``end_at`` now). The same state again is 422 (GUESS). 204, no body.
- A user is ``active`` exactly while none of their closes is in state ``close`` (GUESS from the
  schema: ``users.active``; the seed gives every inactive user a close). Every close written
  (created, re-closed, lifted, moved to another user, destroyed) recomputes it.

Community services (``state``: ``schedule``, ``validated``, ``invalidated``):
- ``/validate`` and ``/invalidate`` move a scheduled service to ``validated`` / ``invalidated``; a
  service already done is 422 (GUESS). 204, no body.
- Validating the last service of a close (all its services validated) lifts the close (GUESS).

Freezes (``anti_grav_units_users``; ``anti_grav_units`` hold no duration, so a freeze lasts from
``begin_date`` to ``end_date``, or to ``expected_end_date`` while it runs):
- Each freeze postpones the user's black hole by its days: every running cursus of the user
  (``blackholed_at`` set, not ended) moves by them. A create adds them; an update that changes the
  dates (or the user) moves the difference; ``expected_end_date`` before ``begin_date`` is 422.
- ``users.status`` is ``frozen`` while a freeze runs (GUESS from the seed's values), else back to null.
- ``POST /v2/users/:id/free_past_agu`` (``duration`` days, required, 1..3650; ``reason``) records a
  free freeze that ended today and began ``duration`` days ago (of the first anti-grav unit), so the
  black hole moves ``duration`` days later; 201 with the freeze (GUESS: 42 documents no answer).
- ``POST /v2/users/:user_id/unfreeze`` ends the user's running freeze today and brings the black hole
  back by its unused days; none running is 422 (GUESS). 204.

Concurrency: rows are locked in one order — close, community service, user; freeze, user (the order in
which the plain writes of closes and freezes lock them) — and a user's black hole moves only under
that user's lock, by a conditional update on the value read, so simultaneous freezes of one user add
up exactly on either database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select, update

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.errors import Invalid
from openintra.db.base import table_of
from openintra.models.economy import AntiGravUnit, AntiGravUnitsUser, Close, CommunityService
from openintra.models.users import CursusUser, User
from openintra.rules._params import integer

USERS = table_of(User)
CLOSES = table_of(Close)
SERVICES = table_of(CommunityService)
UNITS = table_of(AntiGravUnit)
FREEZES = table_of(AntiGravUnitsUser)
CURSUS_USERS = table_of(CursusUser)
MAX_DAYS = 3650

# --- closes ------------------------------------------------------------------------------------------


def refresh_active(tx: Tx, user_id: int, without: int | None = None) -> None:
    """``users.active``: false while one of the user's closes (but ``without``) is closed (locks the
    user)."""
    if tx.lock(USERS, user_id) is None:
        return
    closed = (
        select(CLOSES.c.id)
        .where(CLOSES.c.user_id == user_id, CLOSES.c.state == "close", CLOSES.c.id != (without or 0))
        .exists()
    )
    active = not tx.conn.execute(select(closed)).scalar()
    changed = tx.conn.execute(
        update(USERS)
        .where(USERS.c.id == user_id, USERS.c.active.is_(not active))
        .values(active=active, updated_at=tx.now)
    )
    if changed.rowcount:
        tx.journal("User", user_id, f"active {str(active).lower()}", user_id=user_id)


def move_close(tx: Tx, close: dict[str, Any], state: str) -> None:
    """The (locked) close to ``state``; 422 when it is there already."""
    if close["state"] == state:
        raise Invalid.one("state", f"is already {state}")
    tx.conn.execute(
        update(CLOSES)
        .where(CLOSES.c.id == close["id"])
        .values(state=state, end_at=tx.now if state == "unclose" else None, updated_at=tx.now)
    )
    tx.journal("Close", close["id"], state, user_id=close["user_id"])
    refresh_active(tx, close["user_id"])


def close_action(state: str) -> Any:
    def run(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
        move_close(tx, tx.row(CLOSES, ids["id"], lock=True), state)
        return Answer(204)

    return run


def close_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    refresh_active(tx, values["user_id"])


def close_updated(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    new_user = values.get("user_id", old["user_id"])
    for user_id in sorted({old["user_id"], new_user}):
        refresh_active(tx, user_id)


def close_destroy(tx: Tx, old: dict[str, Any]) -> None:
    """A close goes with its community services (GUESS: Rails' ``dependent: :destroy``); the user's
    activity is recomputed without it."""
    services = tx.conn.execute(select(SERVICES.c.id).where(SERVICES.c.close_id == old["id"])).scalars().all()
    for service_id in services:
        tx.destroy("community_services", service_id)
    refresh_active(tx, old["user_id"], without=old["id"])


# --- community services ------------------------------------------------------------------------------


def _lock_service(tx: Tx, service_id: int) -> tuple[Any, Any]:
    """The service's close, then the service, locked in that order (a close's writes lock it first)."""
    while True:
        close_id = tx.row(SERVICES, service_id)["close_id"]
        close = tx.row(CLOSES, close_id, lock=True)
        service = tx.row(SERVICES, service_id, lock=True)
        if service["close_id"] == close_id:
            return close, service


def service_action(state: str) -> Any:
    def run(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
        close, service = _lock_service(tx, ids["id"])
        if service["state"] != "schedule":
            raise Invalid.one("state", f"is already {service['state']}")
        tx.conn.execute(
            update(SERVICES).where(SERVICES.c.id == service["id"]).values(state=state, updated_at=tx.now)
        )
        tx.journal("CommunityService", service["id"], state, user_id=close["user_id"])
        if state == "validated" and close["state"] == "close":
            pending = (
                select(SERVICES.c.id)
                .where(SERVICES.c.close_id == close["id"], SERVICES.c.state != "validated")
                .exists()
            )
            if not tx.conn.execute(select(pending)).scalar():
                move_close(tx, close, "unclose")
        return Answer(204)

    return run


# --- freezes and the black hole ----------------------------------------------------------------------


def postpone(tx: Tx, user_id: int, days: int) -> None:
    """Move the black hole of the user's running cursus by ``days`` (the caller holds the user's lock)."""
    if not days:
        return
    rows = CURSUS_USERS.c
    running = tx.conn.execute(
        select(rows.id, rows.blackholed_at).where(
            rows.user_id == user_id,
            rows.blackholed_at.is_not(None),
            or_(rows.end_at.is_(None), rows.end_at > tx.now),
        )
    ).all()
    for row_id, blackholed_at in running:
        moved = tx.conn.execute(
            update(CURSUS_USERS)
            .where(rows.id == row_id, rows.blackholed_at == blackholed_at)
            .values(blackholed_at=blackholed_at + dt.timedelta(days=days), updated_at=tx.now)
        )
        if moved.rowcount != 1:
            raise Invalid.one("base", "the black hole moved meanwhile; retry")
        tx.journal("CursusUser", row_id, f"blackholed_at moved by {days} days", user_id=user_id)


def _days(freeze: dict[str, Any]) -> int:
    """The days a freeze postpones the black hole by."""
    end = freeze.get("end_date") or freeze["expected_end_date"]
    return (end - freeze["begin_date"]).days


def _running(tx: Tx, user_id: int) -> Any:
    """The user's running freeze (begun, not ended, not past its expected end), latest first."""
    today = tx.now.date()
    return (
        select(FREEZES)
        .where(
            FREEZES.c.user_id == user_id,
            FREEZES.c.end_date.is_(None),
            FREEZES.c.begin_date <= today,
            FREEZES.c.expected_end_date >= today,
        )
        .order_by(FREEZES.c.begin_date.desc(), FREEZES.c.id.desc())
    )


def refresh_status(tx: Tx, user_id: int) -> None:
    """``users.status``: ``frozen`` while a freeze runs; a ``frozen`` status ends with it."""
    frozen = tx.conn.execute(_running(tx, user_id).limit(1)).first() is not None
    condition = USERS.c.status.is_(None) if frozen else USERS.c.status == "frozen"
    changed = tx.conn.execute(
        update(USERS)
        .where(USERS.c.id == user_id, condition)
        .values(status="frozen" if frozen else None, updated_at=tx.now)
    )
    if changed.rowcount:
        tx.journal("User", user_id, "status frozen" if frozen else "status cleared", user_id=user_id)


def _check_dates(freeze: dict[str, Any]) -> None:
    begin, end = freeze.get("begin_date"), freeze.get("expected_end_date")
    if begin is not None and end is not None and end < begin:
        raise Invalid.one("expected_end_date", "must be on or after the begin date")


def freeze_create(tx: Tx, values: dict[str, Any]) -> None:
    _check_dates(values)
    if isinstance(values.get("user_id"), int):
        tx.lock(USERS, values["user_id"])  # missing: the engine answers ``user: must exist``


def freeze_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    postpone(tx, values["user_id"], _days(values))
    refresh_status(tx, values["user_id"])


def freeze_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    if "begin_date" in values and values["begin_date"] is None:
        raise Invalid.one("begin_date", "can't be blank")
    _check_dates(old | values)
    for user_id in sorted({old["user_id"], values.get("user_id") or old["user_id"]}):
        if tx.lock(USERS, user_id) is None:
            return  # the engine answers ``user: must exist``


def freeze_updated(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    new = old | values
    if new["user_id"] == old["user_id"]:
        postpone(tx, new["user_id"], _days(new) - _days(old))
    else:
        postpone(tx, old["user_id"], -_days(old))
        postpone(tx, new["user_id"], _days(new))
    for user_id in sorted({old["user_id"], new["user_id"]}):
        refresh_status(tx, user_id)


def free_past_agu(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    user_id = ids["id"]
    days = integer(params, "duration", maximum=MAX_DAYS)
    tx.lock(USERS, user_id)
    unit = tx.conn.execute(select(func.min(UNITS.c.id))).scalar()
    if unit is None:
        raise Invalid.one("anti_grav_unit", "must exist")
    today = tx.now.date()
    attributes = {
        "user_id": user_id,
        "anti_grav_unit_id": unit,
        "is_free": True,
        "begin_date": (today - dt.timedelta(days=days)).isoformat(),
        "expected_end_date": today.isoformat(),
    }
    if params.get("reason") is not None:
        attributes["reason"] = params["reason"]
    row_id = tx.create("anti_grav_units_users", attributes, {"end_date": today})
    tx.journal("User", user_id, f"free past agu of {days} days", user_id=user_id)
    return Answer(201, tx.show("anti_grav_units_users", row_id))


def unfreeze(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    user_id = ids["user_id"]
    while True:  # the freeze, then the user: the order of a plain update of the freeze
        found = tx.conn.execute(_running(tx, user_id).with_only_columns(FREEZES.c.id).limit(1)).scalar()
        if found is None:
            raise Invalid.one("base", "the user has no running freeze")
        freeze = tx.row(FREEZES, found, lock=True)
        if freeze["end_date"] is None:
            break
    tx.lock(USERS, user_id)
    today = tx.now.date()
    tx.conn.execute(
        update(FREEZES).where(FREEZES.c.id == freeze["id"]).values(end_date=today, updated_at=tx.now)
    )
    tx.journal("AntiGravUnitsUser", freeze["id"], "unfreeze", user_id=user_id)
    postpone(tx, user_id, -(freeze["expected_end_date"] - today).days)
    refresh_status(tx, user_id)
    return Answer(204)
