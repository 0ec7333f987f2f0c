"""api.write: the write side of the registry — routes, one transaction per write, and its journal.

route → authenticate → rate limit → access → Rails parameters (api.body) → one transaction
{validate (api.validate), rule hooks (rules/), row write, nested rows, journals row} → 201 with the
show body, or 204 (DESIGN §3, §4.7, §4.10).

Transactions: on SQLite a write takes the database's write lock first (``BEGIN IMMEDIATE``, so a
reader never has to upgrade and can never be refused half-way) and the writers of one process take
turns on a lock instead of spinning on the file; other processes wait on SQLite's busy timeout. On
PostgreSQL the rules lock the rows they read (``Tx.lock``: ``SELECT … FOR UPDATE``); a deadlock or
a serialization failure is retried. Either way the write and its ``journals`` row commit together or
not at all.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Date, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openintra.api import body as bodies
from openintra.api.routes import _NO_STORE, SERVER_ERROR, Api, Call, json_response
from openintra.api.spec import Access, Nested, Resource, Under, WriteAction, Writes
from openintra.api.validate import NOW, Schema, merge_errors
from openintra.auth.principal import Principal, authenticate, bearer_token
from openintra.core.clock import utc_now
from openintra.core.errors import ApiError, BadRequest, Invalid, NotFound, ServiceUnavailable
from openintra.db.prepared import Prepared
from openintra.models.economy import Journal

log = logging.getLogger("openintra")
RETRIES = 5
_JSON = re.compile(r"^application/([a-z.+-]*\+)?json", re.IGNORECASE)


@dataclass
class WriteCall(Call):
    """A write request: the read call plus the request's parameters (body and query string)."""

    method: str = "POST"
    content_type: str = ""
    raw: bytes = b""
    form: list[tuple[str, Any]] | None = None
    form_error: str | None = None

    def parameters(self) -> dict[str, Any]:
        """Rails' parameters: the query string's, overlaid by the body's (raises `BadRequest`)."""
        query = bodies.parse_pairs((k, v) for k, v in self.params if k != "access_token")
        if self.form_error is not None:
            raise BadRequest(self.form_error)
        if self.form is not None:
            given = bodies.parse_pairs(self.form)
        elif self.raw.strip() and (_JSON.match(self.content_type) or not self.content_type):
            given = bodies.parse_json(self.raw)
        elif self.raw.strip():
            raise BadRequest(
                f"Unsupported content type {self.content_type[:80]!r}: send JSON, a form or multipart"
            )
        else:
            given = {}
        return bodies.merge(query, given)


@dataclass
class Written:
    """A write's answer: ``status`` and the JSON ``body`` (None: no content)."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    """Extra headers (a paginated action's ``X-Page``, ``X-Total``, ``Link``)."""


@dataclass
class Tx:
    """One write transaction, handed to the rules: the connection, who writes, and the clock."""

    writer: Writer
    conn: Connection
    principal: Principal
    now: Any = field(default_factory=utc_now)
    journaled: list[tuple[str, int | None]] = field(default_factory=list)
    call: WriteCall | None = None
    """The request, for the member actions that answer with paging headers."""

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def lock(self, table: Table, row_id: int) -> Mapping[str, Any] | None:
        """The row, locked until the transaction ends; on SQLite the write transaction already
        holds the database's write lock. PostgreSQL: ``FOR NO KEY UPDATE`` — the foreign-key checks
        of concurrent inserts naming this row (a scale team its corrector, a journal its user) take
        ``KEY SHARE`` on it, which ``FOR UPDATE`` would wait for and deadlock with; no rule changes
        a row's key."""
        stmt = select(table).where(table.c.id == row_id)
        if self.dialect != "sqlite":
            stmt = stmt.with_for_update(key_share=True)
        row = self.conn.execute(stmt).mappings().first()
        return dict(row) if row is not None else None

    def one(self, table: Table, row_id: int) -> Mapping[str, Any] | None:
        row = self.conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        return dict(row) if row is not None else None

    def insert(self, table: Table, values: Mapping[str, Any]) -> int:
        """A row written as is (the rules' own rows: historics, waitlists); its id."""
        return int(self.conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())

    def create(
        self, resource: str, attributes: Mapping[str, Any], sets: Mapping[str, Any] | None = None
    ) -> int:
        """A validated create of another resource in this transaction (its hooks and journal too)."""
        return self.writer.create_row(
            self, self.writer.api.registry[resource], dict(attributes), dict(sets or {})
        )

    def update(self, resource: str, row_id: int, attributes: Mapping[str, Any]) -> None:
        self.writer.update_row(self, self.writer.api.registry[resource], row_id, dict(attributes))

    def destroy(self, resource: str, row_id: int) -> None:
        self.writer.destroy_row(self, self.writer.api.registry[resource], row_id)

    def show(self, resource: str, row_id: int) -> Any:
        """The show body of a row, as this transaction sees it."""
        return self.writer.show(self.conn, resource, row_id)

    def journal(
        self, item_type: str, item_id: int | None, reason: str, *, user_id: int | None = None,
        campus_id: int | None = None, cursus_id: int | None = None,
    ) -> None:  # fmt: skip
        """The staff event log's row of this write: who (the token's user, else ``user_id``),
        which app, what (``item_type``/``item_id``, ``reason``), when."""
        if campus_id is None and self.principal.user_id is not None:
            campus_id = self.conn.execute(
                select(self.writer.users.c.primary_campus_id).where(
                    self.writer.users.c.id == self.principal.user_id
                )
            ).scalar()
        self.conn.execute(
            insert(Journal.__table__).values(
                user_id=self.principal.user_id if self.principal.user_id is not None else user_id,
                app_id=self.principal.app_id,
                cursus_id=cursus_id,
                campus_id=campus_id,
                item_type=item_type,
                item_id=item_id,
                reason=reason[:255],
                event_at=self.now,
                created_at=self.now,
                updated_at=self.now,
            )  # fmt: skip
        )
        self.journaled.append((item_type, item_id))


WriteHandler = Callable[[Tx, WriteCall, dict[str, Any]], Written]


class Instead(Exception):
    """A create hook's other answer (an event that is full puts the user on its waitlist): the
    transaction commits what the hook wrote and the client gets ``written``, not the new row."""

    def __init__(self, written: Written) -> None:
        super().__init__(written.status)
        self.written = written


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

    def __init__(self, api: Api) -> None:
        self.api = api
        self.engine = api.engine
        self.sqlite = api.dialect == "sqlite"
        self._lock = threading.Lock()
        self.access: dict[tuple[str, str], Access] = {}
        """Each served ``(method, path)``'s access rule (checked against the catalog by the tests)."""
        self.users: Table = api.registry["users"].table
        self._schemas: dict[str, Schema] = {}
        self._shows: dict[str, Prepared] = {}

    def schema(self, resource: Resource) -> Schema:
        schema = self._schemas.get(resource.name)
        if schema is None:
            assert resource.writes is not None, f"{resource.name} declares no writes"
            schema = self._schemas[resource.name] = Schema(resource.table, resource.writes)
        return schema

    # --- the pipeline ----------------------------------------------------------------------------

    def endpoint(
        self, access: Access, handler: WriteHandler, *, reads: bool = False
    ) -> Callable[[Request], Any]:
        """``reads``: the route writes nothing (a search): no write transaction, no write lock."""

        async def endpoint(request: Request) -> Response:
            content_type = request.headers.get("content-type", "")
            call = WriteCall(
                path=request.url.path,
                path_params=dict(request.path_params),
                params=request.query_params.multi_items(),
                token=bearer_token(
                    request.headers.get("authorization"), request.query_params.get("access_token")
                ),
                base_url=self.api.public_url or f"{request.url.scheme}://{request.url.netloc}",
                method=request.method,
                content_type=content_type,
            )
            lowered = content_type.lower()
            if lowered.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                try:
                    form = await request.form()
                    call.form = []
                    for key, value in form.multi_items():
                        if isinstance(value, UploadFile):
                            data = await value.read(bodies.MAX_UPLOAD + 1)
                            if len(data) > bodies.MAX_UPLOAD:
                                call.form_error = f"{key}: a file may hold at most {bodies.MAX_UPLOAD} bytes"
                            value = bodies.Upload(value.filename or "", data, value.content_type or "")
                        call.form.append((key, value))
                    await form.close()
                except Exception as error:  # a malformed multipart body
                    call.form_error = f"The request body could not be read as a form: {error}"[:300]
            else:
                call.raw = await request.body()
            return await run_in_threadpool(self._run, access, handler, call, reads)

        return endpoint

    def _run(self, access: Access, handler: WriteHandler, call: WriteCall, reads: bool = False) -> Response:
        headers: dict[str, str] = {}
        try:
            with self.engine.connect() as conn:
                principal = authenticate(conn, call.token)
                headers.update(
                    {
                        "X-Application-Id": str(principal.app_id),
                        "X-Application-Name": principal.app_name,
                        "X-Application-Roles": principal.roles_header,
                    }
                )
                headers.update(self.api.limiter.hit(principal))
                self.api._check_access(access, principal)
                params = call.parameters()
                if reads:
                    written = handler(Tx(self, conn, principal), call, params)
                else:
                    conn.commit()  # end the authentication's read before the write transaction
                    written = self._transact(conn, lambda tx: handler(tx, call, params), principal)
        except ApiError as error:
            return json_response(error.body(), error.status, headers | _NO_STORE | error.headers)
        except Exception:
            log.exception("unhandled error on %s %s", call.method, call.path)
            return json_response(SERVER_ERROR, 500, headers | _NO_STORE)
        if written.body is None:
            return Response(status_code=written.status, headers=headers | _NO_STORE | written.headers)
        return json_response(written.body, written.status, headers | _NO_STORE | written.headers)

    def _transact(self, conn: Connection, work: Callable[[Tx], Written], principal: Principal) -> Written:
        """``work`` in one transaction, retried when the database asks for it (lock, deadlock)."""
        for attempt in range(RETRIES):
            try:
                with self._serialized(), conn.begin():
                    if self.sqlite:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        return work(Tx(self, conn, principal))
                    except Instead as instead:
                        return instead.written
            except IntegrityError as error:
                # A unique index caught a race the checks could not see: the rules' own answer.
                raise Invalid({"base": [_integrity_message(error)]}) from None
            except OperationalError as error:
                if not _retriable(error) or attempt == RETRIES - 1:
                    if _retriable(error):
                        raise ServiceUnavailable("The database is busy; retry the request") from None
                    raise
            except DBAPIError as error:
                if not _retriable(error) or attempt == RETRIES - 1:
                    raise
            time.sleep(0.01 * (attempt + 1))
        raise ServiceUnavailable("The database is busy; retry the request")

    @contextlib.contextmanager
    def _serialized(self) -> Iterator[None]:
        if self.sqlite:
            with self._lock:
                yield
        else:
            yield

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

    def create_row(self, tx: Tx, resource: Resource, attributes: dict[str, Any], sets: dict[str, Any]) -> int:
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
            if column.name not in values and column.default is not None and column.default.is_scalar:
                values[column.name] = column.default.arg
        for column, zero in schema.fill.items():
            if column not in values:
                values[column] = (
                    (tx.now.date() if isinstance(resource.table.c[column].type, Date) else tx.now)
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
        for hook in writes.hooks.create:
            instead = hook(tx, values)
            if isinstance(instead, Written):
                raise Instead(instead)
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

    def update_row(self, tx: Tx, resource: Resource, row_id: int, attributes: dict[str, Any]) -> None:
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
                if any(fk.column.table is table for fk in column.foreign_keys) and other.name != "journals":
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

    def _parent_id(self, tx: Tx, under: Under, call: Call) -> int:
        return self.api.resolve_now(tx.conn, under.parent, call.path_params[under.param])

    def _member(self, tx: Tx, resource: Resource, call: Call, under: Under | None) -> int:
        """The row of ``:id`` (within the parent's rows under a parent), else 404."""
        if under is not None and under.one:
            parent_id = self._parent_id(tx, under, call)
            column = resource.table.c[under.column or under.param]
            found = tx.conn.execute(
                select(resource.table.c.id).where(column == parent_id).order_by(resource.table.c.id).limit(1)
            ).first()
            if found is None:
                raise NotFound()
            return int(found[0])
        row_id = self.api.resolve_now(tx.conn, resource.name, call.path_params["id"])
        if under is not None and not self._belongs(tx, resource, under, call, row_id):
            raise NotFound()
        return row_id

    def _belongs(self, tx: Tx, resource: Resource, under: Under, call: Call, row_id: int) -> bool:
        """Whether the row is one of the parent's rows, as the nested read route sees them."""
        value = call.path_params[under.param]
        read = next((p for p in resource.parents if p.segments == ((under.parent, under.param),)), None)
        if read is not None:
            condition = self.api._parent_condition(tx.conn, resource, read, [value])
        else:
            parent_id = self._parent_id(tx, under, call)
            sets = (
                under.sets(parent_id) if under.sets is not None else {under.column or under.param: parent_id}
            )
            if under.link is not None:
                table, here, there = under.link
                sets = {}
                condition = resource.table.c.id.in_(select(table.c[here]).where(table.c[there] == parent_id))
            else:
                condition = and_(*(resource.table.c[key] == v for key, v in sets.items()))
        stmt = select(resource.table.c.id).where(resource.table.c.id == row_id, condition)
        return tx.conn.execute(stmt).first() is not None

    def create_handler(self, resource: Resource, under: Under | None = None) -> WriteHandler:
        writes = resource.writes
        assert writes is not None

        def handle(tx: Tx, call: WriteCall, params: dict[str, Any]) -> Written:
            attributes = attributes_of(params, writes)
            sets: dict[str, Any] = {}
            if under is not None:
                parent_id = self._parent_id(tx, under, call)
                if under.link is not None:
                    sets = {}
                elif under.sets is not None:
                    sets = under.sets(parent_id)
                else:
                    sets = {under.column or under.param: parent_id}
            row_id = self.create_row(tx, resource, attributes, sets)
            if under is not None:
                if under.link is not None:
                    table, here, there = under.link
                    link = {here: row_id, there: self._parent_id(tx, under, call)}
                    if "created_at" in table.c:
                        link |= {"created_at": tx.now, "updated_at": tx.now}
                    tx.conn.execute(insert(table).values(link))
                if not self._belongs(tx, resource, under, call, row_id):
                    raise Invalid({"base": [f"does not belong to this {under.parent.removesuffix('s')}"]})
            return Written(201, self.show(tx.conn, resource.name, row_id))

        return handle

    def update_handler(self, resource: Resource, under: Under | None = None) -> WriteHandler:
        writes = resource.writes
        assert writes is not None

        def handle(tx: Tx, call: WriteCall, params: dict[str, Any]) -> Written:
            row_id = self._member(tx, resource, call, under)
            self.update_row(tx, resource, row_id, attributes_of(params, writes))
            return Written(204)

        return handle

    def destroy_handler(self, resource: Resource, under: Under | None = None) -> WriteHandler:
        def handle(tx: Tx, call: WriteCall, params: dict[str, Any]) -> Written:
            self.destroy_row(tx, resource, self._member(tx, resource, call, under))
            return Written(204)

        return handle

    def action_handler(self, action: WriteAction) -> WriteHandler:
        placeholders = re.findall(r"/([a-z_]+)/\{([a-z_]+)\}", action.path)

        def handle(tx: Tx, call: WriteCall, params: dict[str, Any]) -> Written:
            ids = {
                name: self.api.resolve_now(tx.conn, segment, call.path_params[name])
                for segment, name in placeholders
            }
            tx.call = call
            status, body, *headers = action.run(tx, ids, params)
            return Written(status, body, headers[0] if headers else {})

        return handle

    # --- routes ----------------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        routes: list[Route] = []
        later: list[Route] = []

        def add(
            methods: tuple[str, ...], path: str, access: Access, handler: WriteHandler, name: str,
            reads: bool = False,
        ) -> None:  # fmt: skip
            for method in methods:
                self.access[(method, path)] = access
            route = Route(path, self.endpoint(access, handler, reads=reads), methods=list(methods), name=name)
            (later if path.endswith("}") else routes).append(route)

        for resource in self.api.registry:
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
            for under in writes.under:
                nested = f"/v2/{under.parent}/{{{under.param}}}/{under.path or resource.name}"
                member = nested if under.one else nested + "/{id}"
                if under.create and writes.create is not None:
                    add(
                        ("POST",),
                        nested,
                        writes.create,
                        self.create_handler(resource, under),
                        f"{resource.name}:create",
                    )
                if under.update and writes.update is not None:
                    add(
                        ("PATCH", "PUT"),
                        member,
                        writes.update,
                        self.update_handler(resource, under),
                        f"{resource.name}:update",
                    )
                if under.destroy and writes.destroy is not None:
                    add(
                        ("DELETE",),
                        member,
                        writes.destroy,
                        self.destroy_handler(resource, under),
                        f"{resource.name}:destroy",
                    )
            for action in writes.actions:
                add(
                    action.methods,
                    action.path,
                    action.access,
                    self.action_handler(action),
                    f"{resource.name}:{action.name}",
                    reads=action.reads,
                )
        return routes + later


def _passed(writes: Writes, attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {key: attributes[key] for key in writes.passed if key in attributes}


def _retriable(error: DBAPIError) -> bool:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return any(
        sign in text
        for sign in (
            "database is locked",
            "deadlock detected",
            "could not serialize",
            "database table is locked",
        )
    )


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig).lower() if error.orig is not None else ""
    if "unique" in text or "duplicate" in text:
        return "has already been taken"
    if "foreign key" in text:
        return "a referenced record does not exist"
    return "is invalid"


__all__ = ["Tx", "WriteCall", "Writer", "Written", "attributes_of"]
