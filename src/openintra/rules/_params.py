"""rules._params: the plain (unwrapped) parameters of member actions, read as Rails would.

A missing or blank required parameter is ``can't be blank``; a value that is not an integer gets the
numericality messages of `openintra.api.validate`; bounds are Rails' ``must be greater than or equal
to N`` / ``must be less than or equal to N``. Every refusal is an `Invalid` (422) naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Column, Integer

from openintra.api.validate import BLANK, Rejected, coercer
from openintra.core.errors import Invalid

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
