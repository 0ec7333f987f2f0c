"""api.validate: a write's attributes → typed column values, or Rails-style errors (DESIGN §4.7).

A `Schema` is compiled once per resource from its table and its `Writes`: each accepted key knows
its column, how to coerce a value (form values are strings, JSON keeps its types), its length, its
enum, whether it is required. Messages are Rails' own: ``can't be blank``, ``is not a number``,
``must be an integer``, ``is not included in the list``, ``is too long (maximum is N characters)``,
``is invalid``, ``must exist``, ``has already been taken``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Float,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    select,
)

from openintra.api.spec import Writes
from openintra.core.clock import parse_ts
from openintra.db.types import UTCDateTime

BLANK = "can't be blank"
TAKEN = "has already been taken"
MUST_EXIST = "must exist"
NOT_IN_LIST = "is not included in the list"
INVALID = "is invalid"
# ASCII whitespace only: ``int()`` and ``float()`` refuse the other characters ``\s`` would take
# (``"0\x1f"``), which would be a 500 instead of Rails' ``is not a number``.
_INT = re.compile(r"\s*[-+]?[0-9]{1,18}\s*", re.ASCII)
_FLOAT = re.compile(r"\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*", re.ASCII)
MAX_INT = 2**63 - 1

Errors = dict[str, list[str]]


class Rejected(ValueError):
    """A value that does not coerce; ``args[0]`` is the Rails message."""


def _int(value: Any, limit: int = MAX_INT) -> int:
    if isinstance(value, bool):
        raise Rejected("is not a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Rejected("is not a number")
        if value != int(value):
            raise Rejected("must be an integer")
        number = int(value)
    elif isinstance(value, str) and _INT.fullmatch(value):
        number = int(value)
    elif isinstance(value, str) and _FLOAT.fullmatch(value):
        raise Rejected("must be an integer")
    else:
        raise Rejected("is not a number")
    if number > limit or number < -limit - 1:
        raise Rejected(
            f"must be less than or equal to {limit}"
            if number > 0
            else f"must be greater than or equal to {-limit - 1}"
        )
    return number


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise Rejected("is not a number")
    if isinstance(value, int | float) or (isinstance(value, str) and _FLOAT.fullmatch(value)):
        number = float(value)
    else:
        raise Rejected("is not a number")
    if not math.isfinite(number):
        raise Rejected("is not a number")
    return number


_TRUE = {"true", "1", "t", "on", "yes"}
_FALSE = {"false", "0", "f", "off", "no"}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise Rejected(NOT_IN_LIST)


def _datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise Rejected(INVALID)
    try:
        return parse_ts(value)
    except (ValueError, OverflowError):
        raise Rejected(INVALID) from None


def _date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise Rejected(INVALID)
    try:
        return (
            parse_ts(value).date()
            if "T" in value or " " in value.strip()
            else dt.date.fromisoformat(value.strip())
        )
    except (ValueError, OverflowError):
        raise Rejected(INVALID) from None


def _serialized(value: Any) -> str:
    """A document for a JSON text column, as its JSON text."""
    document = _json(value)
    return orjson.dumps(document).decode()


def _text(limit: int | None) -> Callable[[Any], str]:
    def coerce(value: Any) -> str:
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = str(value)
        elif isinstance(value, str):
            text = value
        else:
            raise Rejected(INVALID)
        if "\x00" in text:
            raise Rejected(INVALID)
        if limit is not None and len(text) > limit:
            raise Rejected(f"is too long (maximum is {limit} characters)")
        return text

    return coerce


def _json(value: Any) -> Any:
    """A hash or an array as given; a string must hold JSON (a form cannot send a hash otherwise)."""
    if isinstance(value, str):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            raise Rejected(INVALID) from None
    try:
        orjson.dumps(value)  # what the database is given must encode (no integer beyond 64 bits)
    except TypeError:
        raise Rejected(INVALID) from None
    return value


def coercer(column: Column[Any]) -> Callable[[Any], Any]:
    """How a value for ``column`` is read (raises `Rejected`)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _datetime
    if isinstance(kind, Boolean):
        return _bool
    if isinstance(kind, BigInteger):
        return _int
    if isinstance(kind, Integer):
        return lambda value: _int(value, 2**31 - 1)  # PostgreSQL's integer
    if isinstance(kind, Float | Numeric):
        return _float
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, String | Text):
        return _text(getattr(kind, "length", None))
    return _text(None)


def _zero(column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return NOW
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | Float | Numeric):
        return 0
    if isinstance(kind, Date):
        return NOW
    if isinstance(kind, JSON):
        return {}
    return ""


NOW = object()
"""A fill value: the write's own time (``Tx.now``)."""


@dataclass(frozen=True)
class Key:
    name: str
    column: str
    coerce: Callable[[Any], Any]
    text: bool
    enum: frozenset[str] | None
    document: bool = False
    """A JSON document (a JSON column or a serialized text column): hashes and arrays welcome."""


def _has_default(column: Column[Any]) -> bool:
    return column.default is not None or column.server_default is not None or column.primary_key


class Schema:
    """The validation of one resource's writes (compiled once)."""

    def __init__(self, table: Table, writes: Writes) -> None:
        self.table = table
        self.writes = writes
        ignored = set(writes.ignored) | {n.key for n in writes.nested} | {i.key for i in writes.ids}

        def key(name: str) -> Key | None:
            if name in ignored:
                return None
            column = table.c[writes.columns.get(name, name)]
            enum = writes.enums.get(name)
            if name in writes.serialized:
                return Key(name, column.name, _serialized, False, None, document=True)
            return Key(
                name, column.name, coercer(column), isinstance(column.type, String | Text),
                frozenset(enum) if enum is not None else None,
            )  # fmt: skip

        self.create_keys = {name: k for name in writes.keys if (k := key(name)) is not None}
        update = writes.update_keys if writes.update_keys is not None else writes.keys
        self.update_keys = {name: k for name in update if (k := key(name)) is not None}
        self.required = tuple(name for name in writes.required if "[" not in name)
        by_column = {k.column: k.name for k in (*self.create_keys.values(), *self.update_keys.values())}
        self._error_key = by_column
        # NOT NULL columns a create must fill (no default, not the primary key, no parent to fill them).
        writable = {k.column for k in self.create_keys.values()}
        derived = {"created_at", "updated_at"}
        if "slug" in table.c and "name" in table.c and "slug" not in writes.required:
            derived.add("slug")  # friendly_id: made of the name (`Writer._slug`)
        mandatory = [c for c in table.c if not c.nullable and not _has_default(c) and c.name not in derived]
        self.not_null = tuple(c.name for c in mandatory if c.name in writable)
        """NOT NULL columns a create must be given (``can't be blank``)."""
        self.fill = {c.name: _zero(c) for c in mandatory if c.name not in writable}
        """NOT NULL columns no write key reaches: a create stores their type's zero value (GUESS: the
        value Rails' schema default would hold — an empty text, 0, false, the write's time)."""
        self.references = tuple(
            (column.name, next(iter(column.foreign_keys)).column) for column in table.c if column.foreign_keys
        )
        uniques: list[tuple[str, ...]] = []
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                uniques.append(tuple(column.name for column in constraint.columns))
        for index in table.indexes:
            if index.unique:
                uniques.append(tuple(column.name for column in index.columns))
        for column in table.c:
            if column.unique:
                uniques.append((column.name,))
        self.uniques = tuple(dict.fromkeys(uniques))

    def error_key(self, column: str) -> str:
        return self._error_key.get(column, column)

    def read(self, attributes: Mapping[str, Any], *, create: bool) -> tuple[dict[str, Any], Errors]:
        """The given keys' column values and the errors of type, length and enum."""
        keys = self.create_keys if create else self.update_keys
        values: dict[str, Any] = {}
        errors: Errors = {}
        for name, raw in attributes.items():
            spec = keys.get(name)
            if spec is None:
                continue  # Rails' strong parameters drop what is not permitted
            if raw is None or (isinstance(raw, str) and not raw.strip() and not spec.text):
                values[spec.column] = None
                continue
            if isinstance(raw, dict | list) and not spec.document and spec.coerce is not _json:
                errors.setdefault(name, []).append(INVALID)
                continue
            if spec.enum is not None and str(raw).strip().lower() not in {v.lower() for v in spec.enum}:
                errors.setdefault(name, []).append(NOT_IN_LIST)
                continue
            try:
                values[spec.column] = spec.coerce(raw)
            except Rejected as rejected:
                errors.setdefault(name, []).append(str(rejected))
        return values, errors

    def blanks(self, values: Mapping[str, Any], *, create: bool, given: set[str]) -> Errors:
        """``can't be blank`` for each required key missing (create) or given blank (both)."""
        errors: Errors = {}
        names = list(self.required)
        if create:
            names += [self.error_key(column) for column in self.not_null]
        for name in dict.fromkeys(names):
            column = self.writes.columns.get(name, name)
            if column not in self.table.c:
                continue
            if not create and column not in given:
                continue
            value = values.get(column)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors.setdefault(name, []).append(BLANK)
        return errors

    def check_references(self, conn: Connection, values: Mapping[str, Any]) -> Errors:
        """``must exist`` for each reference whose row is missing (one statement per reference)."""
        errors: Errors = {}
        for column, target in self.references:
            value = values.get(column)
            if value is None or not isinstance(value, int):
                continue
            found = conn.execute(select(target).where(target == value).limit(1)).first()
            if found is None:
                name = self.error_key(column)
                errors.setdefault(name.removesuffix("_id") if name.endswith("_id") else name, []).append(
                    MUST_EXIST
                )
        return errors

    def check_unique(self, conn: Connection, values: Mapping[str, Any], own_id: int | None = None) -> Errors:
        """``has already been taken`` for each unique set of columns another row already holds."""
        errors: Errors = {}
        for columns in self.uniques:
            if any(values.get(column) is None for column in columns):
                continue
            condition = and_(*(self.table.c[column] == values[column] for column in columns))
            stmt = select(self.table.c.id).where(condition)
            if own_id is not None:
                stmt = stmt.where(self.table.c.id != own_id)
            if conn.execute(stmt.limit(1)).first() is not None:
                errors.setdefault(self.unique_key(columns), []).append(TAKEN)
        return errors

    def unique_key(self, columns: tuple[str, ...]) -> str:
        """The key a uniqueness error names: ``user_id`` in a (…, user_id) scope, else the first."""
        if len(columns) > 1 and "user_id" in columns:
            return self.error_key("user_id")
        return self.error_key(columns[0])


def merge_errors(*groups: Errors) -> Errors:
    out: Errors = {}
    for group in groups:
        for key, messages in group.items():
            bucket = out.setdefault(key, [])
            bucket.extend(message for message in messages if message not in bucket)
    return out


__all__ = [
    "BLANK",
    "MUST_EXIST",
    "NOT_IN_LIST",
    "TAKEN",
    "Errors",
    "Rejected",
    "Schema",
    "coercer",
    "merge_errors",
]
