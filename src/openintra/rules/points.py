"""rules.points: evaluation (correction) points — add/remove, booking and filling evaluations, pools.

A user's ``correction_point`` never goes below 0, for students and staff alike (our rule: 42 does
not document one; the safe one). Every move writes a ``correction_point_historics`` row whose
``sum`` is the move and ``total`` the user's new balance, with 42's reasons (as the seed has them).

- ``POST /v2/users/:id/correction_points/add`` and ``DELETE …/remove`` (``:id`` a login or an id):
  top-level ``reason`` (required, the historic's reason) and ``amount`` (a positive integer,
  default 1). A remove of more than the balance is 422 and writes nothing. The answer is the user's
  show body with ``200`` (GUESS: 42 documents no body; the new ``correction_point`` is in it).
- Booking an evaluation (a ``scale_teams`` create, flat, under a project session or in
  ``multiple_create``) takes one point from each member of the evaluated team ("Defense
  plannification", ``scale_team_id`` set) — 42's rule: a team needs a point per member to be
  evaluated; a member with none is 422 and nothing is written. The corrector cannot be one of the
  team (422).
- The corrector earns one point ("Earning after defense") when the evaluation is filled: the first
  write that gives it a ``final_mark`` (an update, or the create itself) sets ``filled_at`` (GUESS:
  42 fills through its evaluation form; ``filled_at`` is not a writable key of the API). Filling
  needs a corrector (422). Once filled, the corrector cannot change, and a filled evaluation stays
  filled (the point is earned for good). The evaluated team of a booking cannot change (422,
  GUESS: the points were taken from its members).
- Destroying an evaluation that is not filled gives its point back to each member who paid for it
  ("Defense plannification cancelled", GUESS on the wording); once filled, destroying moves no
  point (GUESS). The historics of a destroyed evaluation keep their rows with a null
  ``scale_team_id`` (the column references ``scale_teams``).
- ``POST /v2/scale_teams/multiple_create``: ``scale_teams``, an array of scale team attributes,
  created in one transaction, all or nothing; ``201`` with the list of their show bodies. An
  error is keyed by the item (``scale_teams[1].team_id``, GUESS on the key).
- ``POST /v2/pools/:id/points/add`` (``points``: a required integer, may be negative) and
  ``DELETE …/points/remove`` (subtracts ``|points|``) keep the pool's ``current_points`` within
  ``0..max_points`` (GUESS, 422 otherwise); the answer is the pool's show body (200).

So points are conserved: a booking moves one point per member out of the team, a fill one point
into the corrector, a cancellation the booking's points back; add/remove are the only sources.

Concurrency: rows are locked in a fixed order — the scale team (the engine locks it for an update
or a destroy), then the users by id (a booking locks its members, and its corrector only when it
is filled at once) — and balances move by conditional updates (``WHERE correction_point >=
-amount``, bounds as binds so nothing overflows), so no balance goes below 0 and no point is spent
twice; a pool moves by a compare-and-set on its locked row. Users and pools are locked ``FOR NO KEY
UPDATE`` on PostgreSQL (`Tx.lock`).

Journal: each historic row is journaled (``CorrectionPointHistoric``/``create``, the moved user), a
pool move as ``Pool``/``points add|remove``; the scale team writes journal themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, func, literal, select, update

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.api.write import attributes_of
from openintra.core.errors import Invalid
from openintra.db.base import table_of
from openintra.models.economy import CorrectionPointHistoric, Pool
from openintra.models.projects import ScaleTeam, TeamsUser
from openintra.models.users import User
from openintra.rules._params import integer

USERS = table_of(User)
HISTORICS = table_of(CorrectionPointHistoric)
SCALE_TEAMS = table_of(ScaleTeam)
TEAMS_USERS = table_of(TeamsUser)
POOLS = table_of(Pool)
INT32 = 2**31 - 1

BOOKED = "Defense plannification"
EARNED = "Earning after defense"
CANCELLED = "Defense plannification cancelled"
SHORT = "is more than the user's correction points"


def move(tx: Tx, user_id: int, amount: int, reason: str, scale_team_id: int | None = None) -> int | None:
    """Add ``amount`` to the user's points unless it would go below 0 (or past the column's range),
    with its historic row; the new balance, or None when refused (nothing written)."""
    done = tx.conn.execute(
        update(USERS)
        .where(
            USERS.c.id == user_id,
            USERS.c.correction_point >= literal(-amount, BigInteger()),
            USERS.c.correction_point <= literal(INT32 - amount, BigInteger()),
        )
        .values(correction_point=USERS.c.correction_point + amount)
        .returning(USERS.c.correction_point)
    ).first()
    if done is None:
        return None
    total = int(done[0])
    historic = tx.insert(
        HISTORICS,
        {
            "user_id": user_id,
            "scale_team_id": scale_team_id,
            "reason": reason[:255],
            "sum": amount,
            "total": total,
            "created_at": tx.now,
            "updated_at": tx.now,
        },
    )
    tx.journal("CorrectionPointHistoric", historic, "create", user_id=user_id)
    return total


def lock_users(tx: Tx, user_ids: Iterable[int | None]) -> None:
    for user_id in sorted({u for u in user_ids if u is not None}):
        tx.lock(USERS, user_id)


# --- correction_points add / remove ----------------------------------------------------------------


def correction_points(sign: int) -> Any:
    def run(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
        errors: dict[str, list[str]] = {}
        reason = params.get("reason")
        if reason is None or (isinstance(reason, str) and not reason.strip()):
            errors["reason"] = ["can't be blank"]
        elif not isinstance(reason, str):
            errors["reason"] = ["is invalid"]
        elif len(reason) > 255:
            errors["reason"] = ["is too long (maximum is 255 characters)"]
        amount = 1
        if params.get("amount") not in (None, ""):
            try:
                amount = integer(params, "amount")
            except Invalid as invalid:
                errors |= invalid.errors
        if errors:
            raise Invalid(errors)
        assert isinstance(reason, str)
        user_id = ids["id"]
        tx.lock(USERS, user_id)
        if move(tx, user_id, sign * amount, reason.strip()) is None:
            raise Invalid({"amount": [SHORT if sign < 0 else f"would take the balance above {INT32}"]})
        return Answer(200, tx.show("users", user_id))

    return run


# --- evaluations -----------------------------------------------------------------------------------


def _members(tx: Tx, team_id: int) -> list[int]:
    rows = tx.conn.execute(select(TEAMS_USERS.c.user_id).where(TEAMS_USERS.c.team_id == team_id))
    return sorted(row[0] for row in rows)


def _not_a_member(tx: Tx, team_id: int, corrector: int | None) -> None:
    if corrector is not None and corrector in _members(tx, team_id):
        raise Invalid({"user_id": ["cannot evaluate their own team"]})


def _fill(tx: Tx, values: dict[str, Any], corrector: int | None) -> None:
    """Mark the evaluation filled now; it needs a corrector."""
    if corrector is None:
        raise Invalid({"user_id": ["can't be blank"]})
    values["filled_at"] = tx.now


def _earn(tx: Tx, scale_team_id: int, corrector: int) -> None:
    if tx.lock(USERS, corrector) is not None:  # else the engine answers ``user: must exist``
        move(tx, corrector, 1, EARNED, scale_team_id)


def scale_team_create(tx: Tx, values: dict[str, Any]) -> None:
    if values.get("final_mark") is not None:
        _fill(tx, values, values.get("user_id"))


def scale_team_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    """The booking: one point from each member of the team (and the corrector's if filled now)."""
    team_id, corrector = values["team_id"], values.get("user_id")
    members = _members(tx, team_id)
    if corrector in members:
        raise Invalid({"user_id": ["cannot evaluate their own team"]})
    lock_users(tx, [*members, corrector] if values.get("filled_at") is not None else members)
    short = [member for member in members if move(tx, member, -1, BOOKED, row_id) is None]
    if short:
        logins = tx.conn.execute(select(USERS.c.login).where(USERS.c.id.in_(short)).order_by(USERS.c.login))
        names = ", ".join(row[0] for row in logins)
        raise Invalid({"team_id": [f"has members without any correction point ({names})"]})
    if values.get("filled_at") is not None and corrector is not None:
        _earn(tx, row_id, corrector)


def scale_team_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    if "team_id" in values and values["team_id"] != old["team_id"]:
        raise Invalid({"team_id": ["cannot be changed once the evaluation is booked"]})
    corrector = values.get("user_id", old["user_id"])
    if old["filled_at"] is not None:
        if corrector != old["user_id"]:
            raise Invalid({"user_id": ["cannot be changed once the evaluation is filled"]})
        return
    if corrector != old["user_id"]:
        _not_a_member(tx, old["team_id"], corrector)
    if values.get("final_mark") is not None:
        _fill(tx, values, corrector)
        _earn(tx, row_id, corrector)


def scale_team_destroy(tx: Tx, old: dict[str, Any]) -> None:
    """An evaluation not filled gives the booking's points back; its historics lose the link."""
    if old["filled_at"] is None:
        paid = tx.conn.execute(
            select(HISTORICS.c.user_id, func.sum(HISTORICS.c.sum))
            .where(HISTORICS.c.scale_team_id == old["id"], HISTORICS.c.reason == BOOKED)
            .group_by(HISTORICS.c.user_id)
        ).all()
        lock_users(tx, [row[0] for row in paid])
        for user_id, total in sorted(paid):
            if total < 0:
                move(tx, user_id, -int(total), CANCELLED)
    tx.conn.execute(
        update(HISTORICS)
        .where(HISTORICS.c.scale_team_id == old["id"])
        .values(scale_team_id=None, updated_at=tx.now)
    )


def scale_teams_multiple_create(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    items = params.get("scale_teams")
    if isinstance(items, dict) and items and all(key.isdigit() for key in items):
        items = [items[key] for key in sorted(items, key=int)]  # a form's scale_teams[0][team_id]=…
    if items in (None, "", []):
        raise Invalid({"scale_teams": ["can't be blank"]})
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise Invalid({"scale_teams": ["is invalid"]})
    writes = tx.registry["scale_teams"].writes
    assert writes is not None
    created = []
    for position, item in enumerate(items):
        try:
            created.append(tx.create("scale_teams", attributes_of(item, writes)))
        except Invalid as invalid:
            raise Invalid(
                {f"scale_teams[{position}].{key}": messages for key, messages in invalid.errors.items()}
            ) from None
    return Answer(201, [tx.show("scale_teams", row_id) for row_id in created])


# --- pools -----------------------------------------------------------------------------------------


def pool_points(remove: bool) -> Any:
    def run(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
        points = integer(params, "points", minimum=-INT32 - 1)
        delta = -abs(points) if remove else points
        pool_id = ids["id"]
        pool = tx.lock(POOLS, pool_id)
        assert pool is not None
        wanted = pool["current_points"] + delta
        if not 0 <= wanted <= pool["max_points"]:
            bound = "below 0" if wanted < 0 else f"above its max_points ({pool['max_points']})"
            raise Invalid({"points": [f"would take the pool {bound}"]})
        done = tx.conn.execute(  # the row is locked: a compare-and-set that cannot miss
            update(POOLS)
            .where(POOLS.c.id == pool_id, POOLS.c.current_points == pool["current_points"])
            .values(current_points=wanted, updated_at=tx.now)
        )
        assert done.rowcount == 1
        tx.journal(
            "Pool",
            pool_id,
            "points remove" if remove else "points add",
            campus_id=pool["campus_id"],
            cursus_id=pool["cursus_id"],
        )
        return Answer(200, tx.show("pools", pool_id))

    return run
