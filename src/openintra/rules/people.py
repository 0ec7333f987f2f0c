"""rules.people: users and their campus — the primary campus, alumni, two-factor settings.

- A user has one primary ``campus_users`` row and ``users.primary_campus_id`` names its campus (the
  seed keeps them so; every rule here keeps them so). ``POST /v2/users/:id/set_primary_campus``
  (``campus_id``, required) and ``POST /v2/campus_users/:id/set_as_primary`` move the primary to a
  campus the user already belongs to (an unknown campus, or one the user has no campus_users row on:
  422); the user's other rows lose ``is_primary``. 204, no body (the catalog lists none).
- A created campus_users row is primary unless ``is_primary`` is false (the column's default is true
  — GUESS), and then takes the primary from the user's other rows.
- ``POST /v2/users`` with ``campus_id`` (stored as ``primary_campus_id``) also writes the user's
  primary campus_users row on that campus; an update with another ``campus_id`` makes that campus
  primary, writing its campus_users row when the user has none there (GUESS); a blank ``campus_id`` on
  update is ``can't be blank`` (GUESS). The cursus of a new user comes with
  ``cursus_users_attributes`` (the top-level ``cursus_id`` key stays accepted and unused: the engine
  does not hand keys without a column to the rules).
- ``alumnize``: ``alumni`` true, ``alumnized_at`` now; ``dealumnize``: false and null. Alumnizing an
  alumni (or dealumnizing a non-alumni) is 422 (GUESS). 204.
- ``DELETE /v2/users/:id/otp_settings/remove`` clears the two-factor columns (``otp_secret_key``,
  ``otp_tmp``, ``otp_backup_passwords``; ``otp_activated`` false); 204 also when none was set (GUESS).

Concurrency: the user's row is locked before their campus_users rows are read or moved, so on either
database simultaneous moves of one user's primary campus take turns and exactly one row stays primary.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.clock import format_ts
from openintra.core.errors import Invalid
from openintra.db.base import table_of
from openintra.models.campus import Campus, Cursus
from openintra.models.users import CampusUser, CursusUser, User
from openintra.rules._params import integer

USERS = table_of(User)
CAMPUS = table_of(Campus)
CAMPUS_USERS = table_of(CampusUser)
CURSUS = table_of(Cursus)
CURSUS_USERS = table_of(CursusUser)


def make_primary(tx: Tx, user_id: int, campus_id: int) -> None:
    """The user's campus_users row on ``campus_id`` becomes the only primary one and
    ``users.primary_campus_id`` names it (the caller holds the user's lock)."""
    rows = CAMPUS_USERS.c
    moved = tx.conn.execute(
        update(CAMPUS_USERS)
        .where(rows.user_id == user_id, rows.campus_id != campus_id, rows.is_primary.is_(True))
        .values(is_primary=False, updated_at=tx.now)
        .returning(rows.id)
    ).all()
    made = tx.conn.execute(
        update(CAMPUS_USERS)
        .where(rows.user_id == user_id, rows.campus_id == campus_id, rows.is_primary.is_not(True))
        .values(is_primary=True, updated_at=tx.now)
        .returning(rows.id)
    ).all()
    for (row_id,) in moved:
        tx.journal("CampusUser", row_id, "is_primary false", user_id=user_id, campus_id=campus_id)
    for (row_id,) in made:
        tx.journal("CampusUser", row_id, "is_primary true", user_id=user_id, campus_id=campus_id)
    changed = tx.conn.execute(
        update(USERS)
        .where(USERS.c.id == user_id, USERS.c.primary_campus_id.is_distinct_from(campus_id))
        .values(primary_campus_id=campus_id, updated_at=tx.now)
    )
    if changed.rowcount:
        tx.journal("User", user_id, f"primary campus {campus_id}", user_id=user_id, campus_id=campus_id)


def _set_primary(tx: Tx, user_id: int, campus_id: int) -> Answer:
    tx.lock(USERS, user_id)
    if tx.one(CAMPUS, campus_id) is None:
        raise Invalid.one("campus_id", "must exist")
    member = tx.conn.execute(
        select(CAMPUS_USERS.c.id).where(
            CAMPUS_USERS.c.user_id == user_id, CAMPUS_USERS.c.campus_id == campus_id
        )
    ).first()
    if member is None:
        raise Invalid.one("campus_id", "is not a campus of the user")
    make_primary(tx, user_id, campus_id)
    return Answer(204)


def set_primary_campus(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    return _set_primary(tx, ids["id"], integer(params, "campus_id"))


def set_as_primary(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    row = tx.row(CAMPUS_USERS, ids["id"])
    return _set_primary(tx, row["user_id"], row["campus_id"])


# --- campus_users and users writes -----------------------------------------------------------------


def campus_user_create(tx: Tx, values: dict[str, Any]) -> None:
    if isinstance(values.get("user_id"), int):
        tx.lock(USERS, values["user_id"])  # missing: the engine answers ``user: must exist``


def campus_user_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    if values.get("is_primary"):
        make_primary(tx, values["user_id"], values["campus_id"])


def _join_primary(tx: Tx, user_id: int, campus_id: int) -> None:
    """The user's campus_users row on ``campus_id`` (written when missing) becomes the primary."""
    tx.lock(USERS, user_id)
    member = tx.conn.execute(
        select(CAMPUS_USERS.c.id).where(
            CAMPUS_USERS.c.user_id == user_id, CAMPUS_USERS.c.campus_id == campus_id
        )
    ).first()
    if member is None:
        tx.create("campus_users", {"user_id": user_id, "campus_id": campus_id, "is_primary": True})
    make_primary(tx, user_id, campus_id)


def user_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    if values.get("primary_campus_id") is not None:
        _join_primary(tx, row_id, values["primary_campus_id"])
    if values.get("cursus_id") not in (None, ""):
        _join_cursus(tx, row_id, integer(values, "cursus_id"))


def _join_cursus(tx: Tx, user_id: int, cursus_id: int) -> None:
    """A created user's top-level ``cursus_id``: a cursus_users row beginning now, unless the
    ``cursus_users_attributes`` of the same create already gave that cursus (GUESS: 42 documents
    the key, not what it does)."""
    if tx.one(CURSUS, cursus_id) is None:
        raise Invalid.one("cursus", "must exist")
    taken = tx.conn.execute(
        select(CURSUS_USERS.c.id).where(
            CURSUS_USERS.c.user_id == user_id, CURSUS_USERS.c.cursus_id == cursus_id
        )
    ).first()
    if taken is None:
        tx.create("cursus_users", {"cursus_id": cursus_id, "user_id": user_id, "begin_at": format_ts(tx.now)})


def user_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    if "primary_campus_id" in values and values["primary_campus_id"] is None:
        raise Invalid.one("campus_id", "can't be blank")


def user_updated(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    if values.get("primary_campus_id") is not None:
        _join_primary(tx, row_id, values["primary_campus_id"])


# --- alumni and two-factor settings ------------------------------------------------------------------


def set_alumni(alumni: bool) -> Any:
    refusal = "User is already alumni" if alumni else "User is not alumni"

    def run(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
        user_id = ids["id"]
        done = tx.conn.execute(
            update(USERS)
            .where(USERS.c.id == user_id, USERS.c.alumni.is_(not alumni))
            .values(alumni=alumni, alumnized_at=tx.now if alumni else None, updated_at=tx.now)
        )
        if done.rowcount != 1:
            raise Invalid.one("base", refusal)
        tx.journal("User", user_id, "alumnize" if alumni else "dealumnize", user_id=user_id)
        return Answer(204)

    return run


def otp_remove(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    user_id = ids["id"]
    tx.conn.execute(
        update(USERS)
        .where(USERS.c.id == user_id)
        .values(
            otp_secret_key=None,
            otp_tmp=None,
            otp_backup_passwords=None,
            otp_activated=False,
            updated_at=tx.now,
        )
    )
    tx.journal("User", user_id, "otp settings removed", user_id=user_id)
    return Answer(204)
