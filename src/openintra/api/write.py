"""api.write: the write side of the registry — its routes and the row writes they run.

Each write route runs through the one pipeline (`api.pipeline`) in one transaction (`api.tx`):
Rails parameters (`api.body`) → validate (`api.validate`) → the spec's hooks (the school's rules) →
row write, nested rows, id lists → the app's journal hook → 201 with the show body, or 204
(DESIGN §3, §4.7, §4.10).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Date, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from starlette.routing import Route

from openintra.api import owner as owners
from openintra.api.call import Answer, Call
from openintra.api.pipeline import Endpoint, Handler, Transaction
from openintra.api.routes import Api, nested_path
from openintra.api.spec import Access, Nested, Parent, Resource, Writes
from openintra.api.tx import JournalHook, Tx
from openintra.api.validate import NOW, Schema, merge_errors
from openintra.core.errors import BadRequest, Invalid, NotFound
from openintra.db.prepared import Prepared


def attributes_of(params: Mapping[str, Any], writes: Writes) -> dict[str, Any]:
    """The wrapped attributes (``params[wrapper]``), else the top-level keys the resource accepts
    (Rails wraps a JSON body's keys itself). A wrapper that is not a hash is a `BadRequest`."""
    wrapped = params.get(writes.wrapper)
    if wrapped is None:
        accepted = {
            *writes.keys,
            *(writes.update_keys or ()),
            *(n.key for n in writes.nested),
            *(i.key for i in writes.ids),
        }
        return {key: value for key, value in params.items() if key in accepted}
    if not isinstance(wrapped, dict):
        raise BadRequest(f"param is missing or the value is empty: {writes.wrapper}")
    return wrapped


def _items(value: Any, key: str) -> list[dict[str, Any]]:
    """Nested attributes as a list of hashes (an array, a hash of ``{"0": {...}}``, or one hash)."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict) and value and all(k.isdigit() for k in value):
        items = [value[k] for k in sorted(value, key=int)]
    elif isinstance(value, dict):
        items = [value]
    else:
        raise Invalid.one(key, "is invalid")
    if not all(isinstance(item, dict) for item in items):
        raise Invalid.one(key, "is invalid")
    return items


class Writer:
    """The write routes of the registry, bound to the read side's `Api` (engine, lookups, views)."""

    def __init__(
        self, api: Api, journal: JournalHook | None = None, history: frozenset[str] = frozenset()
    ) -> None:
        self.api = api
        self.pipeline = api.pipeline
        self.pipeline.rows = self
        self.journal = journal
        """The app's hook that writes each write's log line in its transaction (`Tx.journal`)."""
        self.history = history
        """Tables that only record what happened (the journal): a row they name may still be destroyed."""
        self._schemas: dict[str, Schema] = {}
        self._shows: dict[str, Prepared] = {}

    def schema(self, resource: Resource) -> Schema:
        schema = self._schemas.get(resource.name)
        if schema is None:
            assert resource.writes is not None, f"{resource.name} declares no writes"
            schema = self._schemas[resource.name] = Schema(resource.table, resource.writes)
        return schema

    # --- rows ------------------------------------------------------------------------------------

    def show(self, conn: Connection, name: str, row_id: int) -> Any:
        resource = self.api.registry[name]
        view = "show" if "show" in resource.views else "index"
        loader = self.api.registry.loader(name, view, self.api.dialect)
        prepared = self._shows.get(name)
        if prepared is None:
            prepared = self._shows[name] = Prepared(
                loader.select().where(resource.table.c.id == bindparam("id"))
            )
        items = loader.run(conn, self.api.ctx, prepared, id=row_id)
        if not items:
            raise NotFound()
        return items[0]

    def create_row(
        self, tx: Tx, resource: Resource, attributes: dict[str, Any], sets: dict[str, Any],
        owner: int | None = None,
    ) -> int | Answer:  # fmt: skip
        """The new row's id, or the answer a create hook gave instead (the transaction commits what the
        hook wrote). ``owner``: the route's restricted user (api.owner), who must own the row."""
        writes = resource.writes
        assert writes is not None
        schema = self.schema(resource)
        values, errors = schema.read(attributes, create=True)
        values.update(sets)
        for key, default in writes.defaults.items():
            if values.get(key) is None:
                values[key] = tx.now if default is NOW else default
        if (
            "slug" in resource.table.c
            and not values.get("slug")
            and isinstance(values.get("name"), str)
            and "slug" not in writes.required
        ):
            values["slug"] = self._slug(tx, resource.table, values["name"])
        for column in resource.table.c:  # scalar defaults now, so that the unique checks see them
            default = column.default
            if column.name not in values and isinstance(default, ScalarElementColumnDefault):
                values[column.name] = default.arg
        for name, zero in schema.fill.items():
            if name not in values:
                values[name] = (
                    (tx.now.date() if isinstance(resource.table.c[name].type, Date) else tx.now)
                    if zero is NOW
                    else zero
                )
        blanks = schema.blanks(values, create=True, given=set(values))
        errors = merge_errors(
            errors, {key: messages for key, messages in blanks.items() if key not in errors}
        )
        nested = self._nested_given(writes, attributes)
        links = self._ids_given(tx, writes, attributes)
        if errors:
            raise Invalid(errors)
        owners.check_values(resource, owner, values)  # api.owner: the owner key is the token's user
        for hook in writes.hooks.create:
            instead = hook(tx, values)
            if isinstance(instead, Answer):  # the rule answers instead of creating (a full event's waitlist)
                return instead
        errors = merge_errors(schema.check_references(tx.conn, values), schema.check_unique(tx.conn, values))
        if errors:
            raise Invalid(errors)
        values.setdefault("created_at", tx.now)
        if "updated_at" in resource.table.c:
            values.setdefault("updated_at", tx.now)
        values = {key: value for key, value in values.items() if key in resource.table.c}
        row_id = tx.insert(resource.table, values)
        self._write_nested(tx, nested, row_id)
        self._write_ids(tx, links, row_id, replace=False)
        owners.check_row(tx.conn, resource, owner, row_id, "create")  # api.owner: a row the user owns
        for hook in writes.hooks.created:
            hook(tx, row_id, values | _passed(writes, attributes))
        self._journal(tx, resource, row_id, "create", values)
        return row_id

    @staticmethod
    def _slug(tx: Tx, table: Table, name: str) -> str:
        """A free ``slug`` made of the name (friendly_id's rule: ``42 Paris`` → ``42-paris``, then
        ``42-paris-2``…)."""
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:200] or "item"
        taken = {
            row[0] for row in tx.conn.execute(
                select(table.c.slug).where(table.c.slug.like(base.replace("%", "").replace("_", "") + "%"))
            )
        }  # fmt: skip
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def update_row(
        self, tx: Tx, resource: Resource, row_id: int, attributes: dict[str, Any], owner: int | None = None
    ) -> None:
        """``owner``: the route's restricted user (api.owner), who may not hand the row to another."""
        writes = resource.writes
        assert writes is not None
        schema = self.schema(resource)
        old = tx.lock(resource.table, row_id)
        if old is None:
            raise NotFound()
        values, errors = schema.read(attributes, create=False)
        errors = merge_errors(errors, schema.blanks(values, create=False, given=set(values)))
        nested = self._nested_given(writes, attributes)
        links = self._ids_given(tx, writes, attributes)
        if errors:
            raise Invalid(errors)
        owners.check_values(resource, owner, values, "update")  # api.owner: not handed to another user
        for hook in writes.hooks.update:
            hook(tx, row_id, values, old)
        merged = old | values
        errors = merge_errors(
            schema.check_references(tx.conn, {k: v for k, v in values.items() if v != old.get(k)}),
            schema.check_unique(tx.conn, merged, own_id=row_id) if values else {},
        )
        if errors:
            raise Invalid(errors)
        if values:
            if "updated_at" in resource.table.c:
                values.setdefault("updated_at", tx.now)
            tx.conn.execute(update(resource.table).where(resource.table.c.id == row_id).values(**values))
        self._write_nested(tx, nested, row_id)
        self._write_ids(tx, links, row_id, replace=True)
        for hook in writes.hooks.updated:
            hook(tx, row_id, values | _passed(writes, attributes), old)
        self._journal(tx, resource, row_id, "update", merged)

    def destroy_row(self, tx: Tx, resource: Resource, row_id: int) -> None:
        writes = resource.writes
        assert writes is not None
        old = tx.lock(resource.table, row_id)
        if old is None:
            raise NotFound()
        for hook in writes.hooks.destroy:
            hook(tx, old)
        dependents = self._dependents(tx.conn, resource.table, row_id)
        if dependents:
            raise Invalid({"base": [f"Cannot delete record because dependent {', '.join(dependents)} exist"]})
        tx.conn.execute(delete(resource.table).where(resource.table.c.id == row_id))
        self._journal(tx, resource, row_id, "destroy", old)

    def _dependents(self, conn: Connection, table: Table, row_id: int) -> list[str]:
        """The tables whose rows still reference this row (Rails' ``restrict_with_error``)."""
        found = []
        for other in table.metadata.tables.values():
            for column in other.c:
                if (
                    any(fk.column.table is table for fk in column.foreign_keys)
                    and other.name not in self.history
                ):
                    if conn.execute(select(column).where(column == row_id).limit(1)).first() is not None:
                        found.append(other.name.replace("_", " "))
                        break
        return found

    def _journal(
        self, tx: Tx, resource: Resource, row_id: int, action: str, values: Mapping[str, Any]
    ) -> None:
        tx.journal(
            resource.model.__name__, row_id, action,
            user_id=values.get("user_id") if isinstance(values.get("user_id"), int) else None,
            campus_id=values.get("campus_id") if isinstance(values.get("campus_id"), int) else None,
            cursus_id=values.get("cursus_id") if isinstance(values.get("cursus_id"), int) else None,
        )  # fmt: skip

    # --- nested attributes and id lists ----------------------------------------------------------

    def _nested_given(
        self, writes: Writes, attributes: Mapping[str, Any]
    ) -> list[tuple[Nested, list[dict[str, Any]]]]:
        return [
            (nested, _items(attributes[nested.key], nested.key))
            for nested in writes.nested
            if nested.key in attributes
        ]

    def _write_nested(self, tx: Tx, given: list[tuple[Nested, list[dict[str, Any]]]], row_id: int) -> None:
        registry = self.api.registry
        for nested, items in given:
            target = registry[nested.target]
            for position, item in enumerate(items):
                destroy = str(item.get("_destroy", "")).lower() in ("1", "true")
                child_id = item.get("id")
                try:
                    if child_id not in (None, ""):
                        child = tx.one(target.table, int(child_id))
                        if child is None or child.get(nested.fk) != row_id:
                            raise NotFound()
                        if destroy:
                            self.destroy_row(tx, target, int(child_id))
                        else:
                            self.update_row(
                                tx, target, int(child_id), {k: v for k, v in item.items() if k in nested.keys}
                            )
                    elif not destroy:
                        missing = [
                            key for key in nested.required if "[" not in key and item.get(key) in (None, "")
                        ]
                        if missing:
                            raise Invalid(
                                {
                                    f"{nested.key.removesuffix('_attributes')}.{key}": ["can't be blank"]
                                    for key in missing
                                }
                            )
                        attrs = {k: v for k, v in item.items() if k in nested.keys}
                        self.create_row(tx, target, attrs, {nested.fk: row_id})
                except Invalid as invalid:
                    prefix = nested.key.removesuffix("_attributes")
                    raise Invalid({
                        key if key.startswith(prefix + ".") else f"{prefix}.{key}": messages
                        for key, messages in invalid.errors.items()
                    }) from None  # fmt: skip
                except (TypeError, ValueError):
                    raise Invalid.one(f"{nested.key}[{position}].id", "is invalid") from None

    def _ids_given(
        self, tx: Tx, writes: Writes, attributes: Mapping[str, Any]
    ) -> list[tuple[Any, list[int]]]:
        out = []
        for ids in writes.ids:
            if ids.key not in attributes:
                continue
            raw = attributes[ids.key]
            raw = raw if isinstance(raw, list) else [] if raw in (None, "") else [raw]
            values: list[int] = []
            for item in raw:
                if item in (None, ""):
                    continue
                text = str(item).strip()
                if not text.isdigit() or len(text) > 18:
                    raise Invalid.one(ids.key, "is invalid")
                values.append(int(text))
            target = self.api.registry[ids.target].table
            found = (
                {row[0] for row in tx.conn.execute(select(target.c.id).where(target.c.id.in_(values)))}
                if values
                else set()
            )
            if set(values) - found:
                raise Invalid.one(ids.key, "is invalid")
            out.append((ids, list(dict.fromkeys(values))))
        return out

    @staticmethod
    def _write_ids(tx: Tx, given: list[tuple[Any, list[int]]], row_id: int, *, replace: bool) -> None:
        for ids, values in given:
            if replace:
                tx.conn.execute(delete(ids.table).where(ids.table.c[ids.here] == row_id))
            for value in values:
                tx.conn.execute(insert(ids.table).values({ids.here: row_id, ids.there: value}))

    # --- handlers --------------------------------------------------------------------------------

    def _parent_id(self, tx: Tx, nesting: Parent, call: Call) -> int:
        return self.api.resolve_now(tx.conn, nesting.resource, call.path_params[nesting.param])

    def _member(self, tx: Tx, resource: Resource, call: Call, nesting: Parent | None) -> int:
        """The row of ``:id`` (within the parent's rows nesting a parent), else 404."""
        if nesting is not None and nesting.one:
            parent_id = self._parent_id(tx, nesting, call)
            column = resource.table.c[nesting.column or nesting.param]
            found = tx.conn.execute(
                select(resource.table.c.id).where(column == parent_id).order_by(resource.table.c.id).limit(1)
            ).first()
            if found is None:
                raise NotFound()
            return int(found[0])
        row_id = self.api.resolve_now(tx.conn, resource.name, call.path_params["id"])
        if nesting is not None and not self._belongs(tx, resource, nesting, call, row_id):
            raise NotFound()
        return row_id

    def _belongs(self, tx: Tx, resource: Resource, nesting: Parent, call: Call, row_id: int) -> bool:
        """Whether the row is one of the parent's rows, as the nested read route sees them."""
        value = call.path_params[nesting.param]
        if nesting.reads or nesting.condition is not None:
            condition = self.api.parent_condition(tx.conn, resource, nesting, [value])
        else:
            parent_id = self._parent_id(tx, nesting, call)
            sets = (
                nesting.sets(parent_id)
                if nesting.sets is not None
                else {nesting.column or nesting.param: parent_id}
            )
            if nesting.link is not None:
                table, here, there = nesting.link
                sets = {}
                condition = resource.table.c.id.in_(select(table.c[here]).where(table.c[there] == parent_id))
            else:
                condition = and_(*(resource.table.c[key] == v for key, v in sets.items()))
        stmt = select(resource.table.c.id).where(resource.table.c.id == row_id, condition)
        return tx.conn.execute(stmt).first() is not None

    def create_handler(self, resource: Resource, nesting: Parent | None = None) -> Handler:
        writes = resource.writes
        assert writes is not None

        def handle(tx: Tx, call: Call) -> Answer:
            attributes = attributes_of(call.parameters(), writes)
            sets: dict[str, Any] = {}
            if nesting is not None:
                parent_id = self._parent_id(tx, nesting, call)
                if nesting.link is not None:
                    sets = {}
                elif nesting.sets is not None:
                    sets = nesting.sets(parent_id)
                else:
                    sets = {nesting.column or nesting.param: parent_id}
            row_id = self.create_row(tx, resource, attributes, sets, call.owner)
            if isinstance(row_id, Answer):
                return row_id
            if nesting is not None:
                if nesting.link is not None:
                    table, here, there = nesting.link
                    link: dict[str, Any] = {here: row_id, there: self._parent_id(tx, nesting, call)}
                    if "created_at" in table.c:
                        link |= {"created_at": tx.now, "updated_at": tx.now}
                    tx.conn.execute(insert(table).values(link))
                if not self._belongs(tx, resource, nesting, call, row_id):
                    raise Invalid({"base": [f"does not belong to this {nesting.resource.removesuffix('s')}"]})
            return Answer(201, self.show(tx.conn, resource.name, row_id))

        return handle

    def update_handler(self, resource: Resource, nesting: Parent | None = None) -> Handler:
        writes = resource.writes
        assert writes is not None

        def handle(tx: Tx, call: Call) -> Answer:
            row_id = self._member(tx, resource, call, nesting)
            owners.check_row(tx.conn, resource, call.owner, row_id)  # api.owner: its own row…
            self.update_row(tx, resource, row_id, attributes_of(call.parameters(), writes), call.owner)
            owners.check_row(tx.conn, resource, call.owner, row_id)  # …still its own (not handed over)
            return Answer(204)

        return handle

    def destroy_handler(self, resource: Resource, nesting: Parent | None = None) -> Handler:
        def handle(tx: Tx, call: Call) -> Answer:
            row_id = self._member(tx, resource, call, nesting)
            owners.check_row(tx.conn, resource, call.owner, row_id)  # api.owner: its own row only
            self.destroy_row(tx, resource, row_id)
            return Answer(204)

        return handle

    # --- routes ----------------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        routes: list[Route] = []
        later: list[Route] = []

        def add(
            methods: tuple[str, ...], path: str, access: Access, handler: Handler, name: str,
            transaction: Transaction = "write",
        ) -> None:  # fmt: skip
            endpoint = Endpoint(access, handler, transaction=transaction, body=True)
            route = self.pipeline.route(methods, path, endpoint, name)
            (later if path.endswith("}") else routes).append(route)

        for resource in self.api.registry:
            for member in resource.members:
                if member.methods != ("GET",):
                    add(
                        member.methods,
                        member.path,
                        member.access or resource.read,
                        self.api.member_handler(member),
                        f"{resource.name}:{member.name}",
                        member.transaction,
                    )
            writes = resource.writes
            if writes is None:
                continue
            base = f"/v2/{resource.name}"
            if writes.create is not None and writes.flat_create:
                add(("POST",), base, writes.create, self.create_handler(resource), f"{resource.name}:create")
            if writes.update is not None and writes.flat_member:
                add(
                    ("PATCH", "PUT"),
                    base + "/{id}",
                    writes.update,
                    self.update_handler(resource),
                    f"{resource.name}:update",
                )
            if writes.destroy is not None and writes.flat_member:
                add(
                    ("DELETE",),
                    base + "/{id}",
                    writes.destroy,
                    self.destroy_handler(resource),
                    f"{resource.name}:destroy",
                )
            for nesting in resource.parents:
                if not nesting.writes:
                    continue
                nested = nested_path(resource, nesting)
                member = nested if nesting.one else nested + "/{id}"
                if nesting.create and writes.create is not None:
                    add(
                        ("POST",),
                        nested,
                        writes.create,
                        self.create_handler(resource, nesting),
                        f"{resource.name}:create",
                    )
                if nesting.update and writes.update is not None:
                    add(
                        ("PATCH", "PUT"),
                        member,
                        writes.update,
                        self.update_handler(resource, nesting),
                        f"{resource.name}:update",
                    )
                if nesting.destroy and writes.destroy is not None:
                    add(
                        ("DELETE",),
                        member,
                        writes.destroy,
                        self.destroy_handler(resource, nesting),
                        f"{resource.name}:destroy",
                    )
        return routes + later


def _passed(writes: Writes, attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {key: attributes[key] for key in writes.passed if key in attributes}


__all__ = ["Writer", "attributes_of"]
