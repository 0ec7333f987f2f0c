"""api.visibility: which names a caller may sort, filter, range and search by (DESIGN §4.3).

A name is queryable when a served view (index, show) of the resource renders it — a `Col` (by its
column or its key), the key column of a `One` embed (the embedded object shows it as its id), a `Py`
that presents one column under that column's name (``image``, ``anonymize_date``) or the inputs it
declares it ``shows``, a catalog alias of one of these — or when it is a declared special filter. A
column that no view renders (password hashes, OTP secrets, tokens, IPs, digests) is never queryable,
and neither is a field that the resource declares `Hidden` from the caller: a query on either would
be an oracle (prefix by prefix for a hash, by counts for a hidden owner). Both sets are derived once
per resource; a request only finds which hidden fields apply to its caller.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from openintra.api.spec import Col, Hidden, One, Parent, Py, Resource
from openintra.core.errors import FilterError

SERVED_VIEWS = ("index", "show")
Remember = Callable[[Connection, Hashable, Callable[[], Any]], Any]
"""``remember(conn, key, compute)`` (db.counts): a value kept until the next commit."""


def rendered(resource: Resource) -> dict[str, str]:
    """Each name a served view renders → the column it reads (aliases and `Col` keys included)."""
    columns = set(resource.table.c.keys())
    out: dict[str, str] = {}
    keys: dict[str, str] = {}
    for view in SERVED_VIEWS:
        for field in resource.views.get(view, ()):
            if isinstance(field, Col):
                out[field.name] = field.name
                if field.key != field.name:
                    keys[field.key] = field.name
            elif isinstance(field, One):
                out[field.fk] = field.fk
            elif isinstance(field, Py):
                shown = field.shows or ((field.key,) if field.inputs == (field.key,) else ())
                out.update((column, column) for column in shown if column in columns)
    for key, column in keys.items():
        if key not in columns:  # ``validated?`` reads ``validated``; a key never shadows a column
            out.setdefault(key, column)
    for alias, target in resource.aliases.items():
        if target in out:
            out.setdefault(alias, target)
    return out


def hidden_names(resource: Resource, keys: frozenset[str]) -> frozenset[str]:
    """The names that reveal the hidden fields ``keys`` of ``resource``."""
    return frozenset(name for hidden in resource.hidden if hidden.key in keys for name in hidden.names)


def _sees(conn: Connection, hidden: Hidden, user_id: int, remember: Remember | None) -> bool:
    if hidden.seen_by is None:
        return False
    seen_by = hidden.seen_by

    def compute() -> bool:
        return bool(conn.execute(select(seen_by(user_id))).scalar())

    if remember is None:
        return compute()
    return bool(remember(conn, ("seen_by", seen_by, user_id), compute))


def hidden_from(
    conn: Connection, resource: Resource, user_id: int | None, remember: Remember | None = None
) -> frozenset[str]:
    """The keys of ``resource``'s `Hidden` fields that this caller (a user's token, or an app's when
    ``user_id`` is None) may get as a placeholder: their names are not queryable by it."""
    if not resource.hidden:
        return frozenset()
    if user_id is None:
        return frozenset(hidden.key for hidden in resource.hidden if hidden.apps)
    return frozenset(hidden.key for hidden in resource.hidden if not _sees(conn, hidden, user_id, remember))


def refuse_hidden_parents(
    resource: Resource,
    keys: frozenset[str],
    parent: Parent | None,
    path_params: Mapping[str, str],
    params: Iterable[tuple[str, str]],
    owner: Callable[[Parent, str], bool],
) -> None:
    """A parent in the path (``/v2/users/:user_id/slots``) or as a flat parameter (``?user_id=``)
    whose column (or, under a condition, whose parameter: ``/v2/users/:user_id/scale_teams``) is a
    name hidden from the caller filters by it: `FilterError`, unless ``owner(parent, value)`` (the
    value names the caller's own user, whose rows show it)."""
    names = hidden_names(resource, keys)
    if not names:
        return
    given = dict(params)
    chosen = [] if parent is None or len(parent.segments) != 1 else [(parent, path_params[parent.param])]
    chosen += [
        (flat, given[flat.param]) for flat in resource.parents if flat.flat_param and flat.param in given
    ]
    for found, value in chosen:
        column = found.column or found.param
        if len(found.segments) == 1 and column in names and not owner(found, value):
            raise FilterError(f"The {column} field is not filterable")


def check(resource: Resource) -> list[str]:
    """Problems of ``resource``'s visibility declarations (`api.registry` reports them at boot)."""
    problems = []
    served = {field.key for view in SERVED_VIEWS for field in resource.views.get(view, ())}
    names = set(rendered(resource)) | {special.name for special in resource.specials}
    for hidden in resource.hidden:
        if hidden.key not in served:
            problems.append(f"{resource.name}: hidden key {hidden.key!r} is not rendered by index or show")
        for name in hidden.names:
            if name not in names:
                problems.append(
                    f"{resource.name}: hidden {hidden.key!r} names {name!r}, not queryable anyway"
                )
    for view in resource.views.values():
        for field in view:
            if isinstance(field, Py) and not set(field.shows) <= set(field.inputs):
                extra = sorted(set(field.shows) - set(field.inputs))
                problems.append(f"{resource.name}: {field.key} shows {extra}, which are not its inputs")
    if resource.hidden and resource.redact is None:
        problems.append(f"{resource.name}: hidden fields without a redact function to hide them")
    unrendered = set(resource.table.c.keys()) - names
    for kind, listed in (("sort", resource.sorts), ("filter", resource.filters), ("range", resource.ranges)):
        for name in listed:
            if name in unrendered:
                problems.append(f"{resource.name}: {kind} name {name!r} is a column no view renders")
    return problems
