"""core.jsonenc: the only JSON door of openintra (orjson with our options)."""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """Serialize ``value`` to compact UTF-8 JSON bytes."""
    return orjson.dumps(value, option=_OPTIONS)


def dumps_pretty(value: Any) -> bytes:
    return orjson.dumps(value, option=_OPTIONS | orjson.OPT_INDENT_2)


def loads(data: bytes | str) -> Any:
    """Parse JSON; raises ``ValueError`` (orjson.JSONDecodeError) on bad input."""
    return orjson.loads(data)
