"""api.owner: per-row ownership — the catalog's ``owner`` means the token's user's own rows (DESIGN §4.6).

A route's `Access` is alternatives. A caller who gets in only through a way that names ``owner`` (a
user token whose app holds none of the roles of another way in) is *restricted*: on a resource that
declares its `Owner`, it reads only the rows its user owns (others are absent from an index and its
``X-Total``, 404 on show), creates only rows it owns, updates and destroys only its own rows, may not
hand a row to another user, and runs member actions only on its own rows. Staff roles keep their
powers: a caller who gets in another way is not restricted.

Pure functions of the spec, the principal and the row or values: SQL conditions, or `Forbidden`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, false, or_, select

from openintra.api.spec import Access, Need, Owner, Resource
from openintra.core.errors import Forbidden, NotFound
from openintra.core.principal import Principal

Stage = Literal["read", "create", "update"]
REFUSAL = "A user token acts only on its own user's rows"
"""GUESS: 42's words are not documented; the 403 body is 42's ``{"error": "Forbidden", "message"}``."""


def _open(need: Need, principal: Principal) -> bool:
    return (
        (not need.roles or bool(need.roles & principal.roles))
        and (not need.owner or principal.user_id is not None)
        and need.scopes <= principal.scopes
    )


def restricted_to(access: Access, principal: Principal) -> int | None:
    """The token's user when it gets in only as an owner; None when another way in is open to it."""
    if principal.user_id is None:
        return None
    if any(not need.owner and _open(need, principal) for need in access.any_of):
        return None
    return principal.user_id


def _path(owner: Owner, stage: Stage) -> Owner:
    narrower = owner.create if stage == "create" else owner.update if stage == "update" else None
    return narrower or owner


def condition(resource: Resource, user: int | None, stage: Stage = "read") -> ColumnElement[bool] | None:
    """The rows ``user`` owns (None: unrestricted, or the resource names no owner)."""
    if user is None or resource.owner is None or (stage == "read" and not resource.owner.reads):
        return None
    path = _path(resource.owner, stage)
    table = resource.table
    parts = [table.c[column] == user for column in path.columns]
    if path.build is not None:
        parts.append(path.build(table, user))
    return or_(*parts) if parts else false()


def _owns(conn: Connection, resource: Resource, user: int | None, row_id: int, stage: Stage) -> bool:
    owned = condition(resource, user, stage)
    if owned is None:
        return True
    table = resource.table
    return conn.execute(select(table.c.id).where(table.c.id == row_id, owned)).first() is not None


def check_read(conn: Connection, resource: Resource, user: int | None, row_id: int) -> None:
    """NotFound unless ``user`` may read the row (a GET member action, as show answers)."""
    if not _owns(conn, resource, user, row_id, "read"):
        raise NotFound()


def check_row(
    conn: Connection, resource: Resource, user: int | None, row_id: int, stage: Stage = "update"
) -> None:
    """Forbidden unless ``user`` owns the row (a member route, or a row after its write)."""
    if not _owns(conn, resource, user, row_id, stage):
        raise Forbidden(REFUSAL)


def check_values(
    resource: Resource, user: int | None, values: dict[str, Any], stage: Stage = "create"
) -> None:
    """A write's values before its rules run. Create: the owner key given must be the token's user
    (Forbidden); when it is the only one and not given, it is the token's user (GUESS). Update: an
    owner key given must stay the token's user. A path through other tables is checked on the
    written row (`check_row`)."""
    if user is None or resource.owner is None:
        return
    path = _path(resource.owner, stage)
    if stage == "update":
        if path.build is None and len(path.columns) == 1 and values.get(path.columns[0], user) != user:
            raise Forbidden(REFUSAL)
        return
    if len(path.columns) == 1 and values.get(path.columns[0]) is None:
        values[path.columns[0]] = user
    if path.build is None and path.columns and not any(values.get(c) == user for c in path.columns):
        raise Forbidden(REFUSAL)


def check_rows(
    conn: Connection, user: int | None, rows: Iterable[tuple[Resource, int]], *, read: bool = False
) -> None:
    """A member action's rows (each path placeholder's resource and id): unless owned, Forbidden, or
    NotFound for a member that only reads (as show answers)."""
    for resource, row_id in rows:
        if read:
            check_read(conn, resource, user, row_id)
        else:
            check_row(conn, resource, user, row_id, "update")


__all__ = ["REFUSAL", "check_read", "check_row", "check_rows", "check_values", "condition", "restricted_to"]
