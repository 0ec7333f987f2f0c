"""api.params: the query string → a frozen `Query`, or a catalogue error (DESIGN §4.1-4.4).

Parsing is strict: an unknown sort/filter/range name, a value that does not parse for the field's
type or a malformed page gives a 400 with the error's category, never a silent ignore. Unknown
top-level parameters are ignored, as Rails does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from openintra.api.spec import Param
from openintra.core.clock import parse_ts
from openintra.core.errors import (
    ApiError,
    BadRequest,
    FilterError,
    PageError,
    RangeError,
    SearchError,
    SortError,
)

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
MAX_PAGE = 10**9
_BRACKET = re.compile(r"^([a-z_]+)\[([^\[\]]*)\]$")
_POSITIVE = re.compile(r"^[0-9]{1,12}$")
_TRUE = {"true"}
_FALSE = {"false"}


@dataclass(frozen=True)
class FieldInfo:
    """What the parser needs to know of one queryable name."""

    type: str
    """``int``, ``float``, ``bool``, ``str`` or ``datetime``."""


@dataclass(frozen=True)
class Schema:
    """The queryable names of one resource (compiled once by the registry)."""

    sorts: Mapping[str, FieldInfo]
    filters: Mapping[str, FieldInfo]
    ranges: Mapping[str, FieldInfo]
    searches: Mapping[str, FieldInfo]


@dataclass(frozen=True)
class TopLevel:
    """The top-level parameters one route accepts besides the query language (computed once per
    route): its declared `Param`s, the flat parents' (``/v2/projects_users?user_id=1``: an id, login or
    slug, resolved later) and the check of their combination."""

    params: tuple[Param, ...] = ()
    refs: frozenset[str] = frozenset()
    check: Callable[[Mapping[str, Any]], None] | None = None


NO_TOP_LEVEL = TopLevel()
_KINDS = {"int": "integer", "float": "number", "bool": "boolean (true or false)", "datetime": "date"}


@dataclass(frozen=True)
class Query:
    sort: tuple[tuple[str, bool], ...]
    """``(name, descending)`` in order; empty means the resource's default sort."""
    filters: tuple[tuple[str, tuple[Any, ...]], ...]
    ranges: tuple[tuple[str, Any, Any], ...]
    searches: tuple[tuple[str, str], ...]
    page: int
    per_page: int
    params: tuple[tuple[str, Any], ...] = ()
    """The route's top-level `Param`s given, parsed."""
    refs: tuple[tuple[str, str], ...] = ()
    """The flat parents given (``user_id`` → its text: an id, login or slug)."""

    def is_plain(self) -> bool:
        """No filter, range, search, sort or top-level parameter: every row in the default order."""
        return not (self.sort or self.filters or self.ranges or self.searches or self.params or self.refs)

    def conditions_key(self) -> tuple[Any, ...]:
        """What the rows depend on (not their order nor the page): a key for counts."""
        return (self.filters, self.ranges, self.searches, self.params, self.refs)


def parse_value(type_: str, text: str) -> Any:
    """One value of a field of ``type_``; raises ``ValueError``."""
    if type_ == "int":
        text = text.strip()
        if not re.fullmatch(r"-?[0-9]{1,18}", text):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if type_ == "float":
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{text!r} is not a number")
        return value
    if type_ == "bool":
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"{text!r} is not a boolean (true or false)")
    if type_ == "datetime":
        return parse_ts(text)
    return text


def _page_number(name: str, text: str) -> int:
    if not _POSITIVE.match(text) or int(text) < 1:
        raise PageError(f"The {name} parameter must be a positive integer, got {text!r}")
    return int(text)


def parse_query(params: Iterable[tuple[str, str]], schema: Schema, top: TopLevel = NO_TOP_LEVEL) -> Query:
    """Parse the query-string pairs of an index request against ``schema`` and the route's ``top``-level
    parameters."""
    params = list(params)
    sort: tuple[tuple[str, bool], ...] = ()
    filters: dict[str, tuple[Any, ...]] = {}
    ranges: dict[str, tuple[Any, Any]] = {}
    searches: dict[str, str] = {}
    page_text: dict[str, str] = {}
    for key, raw in params:
        if key == "sort":
            sort = _parse_sort(raw, schema)
        elif key in ("page", "per_page", "page[number]", "page[size]"):
            page_text[key] = raw
        elif key in ("filter", "range", "search") or key.startswith(("filter[", "range[", "search[")):
            kind, name = _bracket(key)
            if kind == "filter":
                filters[name] = _parse_filter(name, raw, schema)
            elif kind == "range":
                ranges[name] = _parse_range(name, raw, schema)
            else:
                if name not in schema.searches:
                    raise SearchError(f"The {name} field is not searchable")
                if len(raw) > 255:
                    raise SearchError("The search text is too long (255 characters at most)")
                searches[name] = raw
    page = _page_number("page", page_text.get("page[number]", page_text.get("page", "1")))
    size_text = page_text.get("page[size]", page_text.get("per_page"))
    per_page = DEFAULT_PER_PAGE if size_text is None else _page_number("per_page", size_text)
    given = dict(params)
    return Query(
        sort=sort,
        filters=tuple(filters.items()),
        ranges=tuple((name, lo, hi) for name, (lo, hi) in ranges.items()),
        searches=tuple(searches.items()),
        page=min(page, MAX_PAGE),
        per_page=min(per_page, MAX_PER_PAGE),
        params=_parse_top_level(given, top),
        refs=tuple(sorted((name, given[name]) for name in top.refs if name in given)),
    )


def _parse_top_level(given: Mapping[str, str], top: TopLevel) -> tuple[tuple[str, Any], ...]:
    values: dict[str, Any] = {}
    for param in top.params:
        text = given.get(param.name, "").strip()
        if not text:
            if param.required:
                raise BadRequest(f"param is missing or the value is empty: {param.name}")
            continue
        try:
            values[param.name] = (
                param.parse(text) if param.parse is not None else parse_value(param.type, text)
            )
        except ValueError:
            kind = _KINDS.get(param.type, "value")
            raise BadRequest(f"{param.name} is not a valid {kind}: {text[:40]!r}") from None
    if top.check is not None:
        top.check(values)
    return tuple(values.items())


def _bracket(key: str) -> tuple[str, str]:
    match = _BRACKET.match(key)
    kind = key.split("[", 1)[0]
    error: type[ApiError] = {"filter": FilterError, "range": RangeError}.get(kind, SearchError)
    if match is None or match.group(1) not in ("filter", "range", "search") or not match.group(2):
        raise error(f"{key!r} is not of the form {kind}[field]")
    return match.group(1), match.group(2)


def _parse_sort(raw: str, schema: Schema) -> tuple[tuple[str, bool], ...]:
    out = []
    seen = set()
    for token in raw.split(","):
        token = token.strip()
        descending = token.startswith("-")
        name = token[1:] if descending else token
        if not name:
            raise SortError(f"{raw!r} is not a list of fields")
        if name not in schema.sorts:
            raise SortError(f"The {name} field is not sortable")
        if name not in seen:
            seen.add(name)
            out.append((name, descending))
    return tuple(out)


def _parse_filter(name: str, raw: str, schema: Schema) -> tuple[Any, ...]:
    info = schema.filters.get(name)
    if info is None:
        raise FilterError(f"The {name} field is not filterable")
    values = []
    for part in raw.split(","):
        try:
            values.append(parse_value(info.type, part))
        except ValueError as exc:
            raise FilterError(f"Invalid value for filter[{name}]: {exc}") from None
    return tuple(values)


def _parse_range(name: str, raw: str, schema: Schema) -> tuple[Any, Any]:
    info = schema.ranges.get(name)
    if info is None:
        raise RangeError(f"The {name} field is not rangeable")
    parts = raw.split(",")
    if len(parts) != 2:
        raise RangeError(f"range[{name}] must be two values separated by a comma (min,max)")
    bounds: list[Any] = []
    for part in parts:
        if part.strip() == "":
            bounds.append(None)
            continue
        try:
            bounds.append(parse_value(info.type, part))
        except ValueError as exc:
            raise RangeError(f"Invalid bound for range[{name}]: {exc}") from None
    return bounds[0], bounds[1]
