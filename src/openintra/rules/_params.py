"""rules._params: the plain (unwrapped) parameters of member actions, read as Rails would, and who
may act on whose rows.

A missing or blank required parameter is ``can't be blank``; a value that is not an integer gets the
numericality messages of `openintra.api.validate`; bounds are Rails' ``must be greater than or equal
to N`` / ``must be less than or equal to N``, an id's ``must be greater than 0``. Every refusal is an
`Invalid` (422) naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Column, Integer

from openintra.api.tx import Tx
from openintra.api.validate import BLANK, Rejected, _bool, coercer
from openintra.core.errors import Forbidden, Invalid

_INTEGER = coercer(Column("value", Integer()))


def integer(params: Mapping[str, Any], key: str, *, minimum: int = 1, maximum: int = 2**31 - 1) -> int:
    """The required integer ``params[key]`` within ``[minimum, maximum]``."""
    raw = params.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise Invalid.one(key, BLANK)
    if isinstance(raw, dict | list):
        raise Invalid.one(key, "is not a number")
    try:
        value = int(_INTEGER(raw))
    except Rejected as rejected:
        raise Invalid.one(key, str(rejected)) from None
    if value < minimum:
        raise Invalid.one(key, f"must be greater than or equal to {minimum}")
    if value > maximum:
        raise Invalid.one(key, f"must be less than or equal to {maximum}")
    return value


def identifier(params: Mapping[str, Any], key: str) -> int:
    """A required id parameter (Rails' ``numericality: {greater_than: 0}``)."""
    value = integer(params, key, minimum=-(2**31))
    if value <= 0:
        raise Invalid.one(key, "must be greater than 0")
    return value


def boolean(params: Mapping[str, Any], key: str) -> bool:
    """An optional flag (``true``/``false``, ``1``/``0``…); absent or blank is false."""
    raw = params.get(key)
    if raw is None or raw == "":
        return False
    try:
        return _bool(raw)
    except Rejected as rejected:
        raise Invalid.one(key, str(rejected.args[0])) from None


def own(tx: Tx, user_id: Any, roles: frozenset[str], refusal: str) -> None:
    """A user token without one of ``roles`` acts only on its own user's rows (403 ``refusal``)."""
    principal = tx.principal
    if principal.user_id is not None and not principal.roles & roles and user_id != principal.user_id:
        raise Forbidden(refusal)
