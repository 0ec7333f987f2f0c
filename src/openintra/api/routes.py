"""api.routes: the read side — the registry's GET routes and their handlers (parse → plan → read).

Every route of a resource is derived from its spec: the flat index, show by each lookup, nested
indexes (and shows) under each parent, ``/v2/me/...``, listings, member actions and the graph
routes. Each runs through the one pipeline (`api.pipeline`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, select
from starlette.routing import Route

from openintra.api import graph as graphs
from openintra.api import owner as owners
from openintra.api import visibility
from openintra.api.call import Answer, Call, Encoded
from openintra.api.paging import paging_headers
from openintra.api.params import NO_TOP_LEVEL, Query, TopLevel, parse_query
from openintra.api.pipeline import OWNER_NEEDED, Endpoint, Handler, Pipeline
from openintra.api.registry import Registry
from openintra.api.spec import Access, Ctx, Listing, Member, Parent, Resource
from openintra.api.tx import Tx
from openintra.core import jsonenc
from openintra.core.clock import format_ts, utc_now
from openintra.core.errors import Forbidden, NotFound, Unprocessable
from openintra.core.principal import Principal
from openintra.db.counts import CountCache
from openintra.db.prepared import Prepared
from openintra.db.types import UTCDateTime

log = logging.getLogger("openintra")
OWNER = Access.parse("owner")
"""``/v2/me`` and ``/v2/me/...``: the token's user (api-routes §3: "me = owner")."""


def _external_id(value: str) -> int:
    """The id of a parent openintra does not hold (``Parent.external``): a number, else 404."""
    if not value.isdigit() or len(value) >= 19:
        raise NotFound()
    return int(value)


def _count_key(route: Any, call: Call, query: Query, principal: Principal) -> tuple[Any, ...]:
    """What an index's count depends on: the route, its path values, the query's conditions, the user."""
    key = query.conditions_key()
    return (id(route), tuple(sorted(call.path_params.items())), key, principal.user_id, call.owner)


def nested_path(resource: Resource, parent: Parent) -> str:
    """``/v2/<parent>/{param}[/<parent2>/{param2}]/<resource>[/<suffix>]``, or the parent's own tail."""
    prefix = "/v2" + "".join(f"/{name}/{{{param}}}" for name, param in parent.segments)
    tail = parent.path or resource.name + (f"/{parent.suffix}" if parent.suffix else "")
    return f"{prefix}/{tail}"


@dataclass(frozen=True)
class Scope:
    """What restricts one index route's rows besides the query language (computed once per route)."""

    parent: Parent | None = None
    listing: Listing | None = None
    top: TopLevel = NO_TOP_LEVEL
    flats: Mapping[str, Parent] = field(default_factory=dict)
    """The flat parents by their parameter (``user_id`` → the users parent)."""


class Api:
    """The read side of the registry, bound to an engine and settings."""

    def __init__(self, registry: Registry, pipeline: Pipeline, ctx: Ctx, read_cache: bool = True) -> None:
        self.registry = registry
        self.pipeline = pipeline
        engine = pipeline.engine
        self.engine = engine
        self.dialect = engine.dialect.name
        self.ctx = ctx
        self._prepared_lookups: dict[str, tuple[Prepared, Prepared | None]] = {}
        self.counts = CountCache(engine)
        """``X-Total`` counts, reused on SQLite until a write is committed (db.counts)."""
        self.shows = CountCache(engine, size=1024, enabled=read_cache)
        """Show bodies, id lookups and token rows, reused on SQLite until a write is committed."""
        self.pages = CountCache(engine, size=64, enabled=read_cache)
        """Index pages (body and paging headers), likewise; few, as a page weighs up to ~250 KB."""
        pipeline.remember = self.shows.remember

    # --- lookups and conditions -----------------------------------------------------------------

    def resolve(self, conn: Connection, name: str, value: str) -> int:
        """The id of ``name``'s row for ``value``, else 404.

        Digits are an id; otherwise, or when no row has that id, the declared text lookup (login or
        slug) is tried — cursus ``42`` has the slug ``42`` (GUESS: friendly_id-like fallback).
        """
        return int(
            self.shows.remember(conn, ("resolve", name, value), lambda: self.resolve_now(conn, name, value))
        )

    def resolve_now(self, conn: Connection, name: str, value: str) -> int:
        """`resolve` read from the database, never remembered (the write transactions use it)."""
        by_id, by_text = self._lookups(name)
        if value.isdigit() and len(value) < 19:
            found = by_id.first(conn, value=int(value))
            if found is not None:
                return int(found[0])
        if by_text is None or len(value) > 255:
            raise NotFound()
        found = by_text.first(conn, value=value)
        if found is None:
            raise NotFound()
        return int(found[0])

    def _lookups(self, name: str) -> tuple[Prepared, Prepared | None]:
        """The prepared id lookups of ``name``: by id, and by its text lookup (login, slug) if any."""
        if name not in self._prepared_lookups:
            self._prepared_lookups[name] = self._prepare_lookups(name)
        return self._prepared_lookups[name]

    def _prepare_lookups(self, name: str) -> tuple[Prepared, Prepared | None]:
        table = self.registry[name].table
        text_lookups = [lookup for lookup in self.registry[name].lookups if lookup != "id"]
        by_id = Prepared(select(table.c.id).where(table.c.id == bindparam("value")))
        by_text = None
        if text_lookups:
            by_text = Prepared(select(table.c.id).where(table.c[text_lookups[0]] == bindparam("value")))
        return by_id, by_text

    def parent_condition(
        self, conn: Connection, resource: Resource, parent: Parent, values: Sequence[str]
    ) -> ColumnElement[bool]:
        ids = [
            _external_id(value) if parent.external and name not in self.registry
            else self.resolve(conn, name, value)
            for (name, _), value in zip(parent.segments, values, strict=True)
        ]  # fmt: skip
        if parent.condition is not None:
            return parent.condition(resource.table, *ids)
        return resource.table.c[parent.column or parent.param] == ids[0]

    @staticmethod
    def scope_of(resource: Resource, parent: Parent | None = None, listing: Listing | None = None) -> Scope:
        """An index route's `Scope`: its parent or listing, and the top-level parameters it
        accepts (the resource's, the listing's, and the flat parents' not already in the path)."""
        in_path = {param for _, param in parent.segments} if parent is not None else set()
        flats: dict[str, Parent] = {}
        for flat in resource.parents:
            if len(flat.segments) == 1 and flat.flat_param and flat.param not in in_path:
                flats.setdefault(flat.param, flat)
        params = resource.params + (listing.params if listing is not None else ())
        top = TopLevel(params, frozenset(flats), resource.check_params)
        return Scope(parent, listing, top, flats)

    def _scope(
        self,
        conn: Connection,
        principal: Principal,
        resource: Resource,
        call: Call,
        query: Query,
        scope: Scope,
    ) -> list[ColumnElement[bool]]:
        table = resource.table
        listing = scope.listing
        if listing is not None:
            user = self._me(principal) if listing.me else principal.user_id
            where = [listing.condition(table, user)]
        else:
            where = []
        if scope.parent is not None:
            values = [call.path_params[param] for _, param in scope.parent.segments]
            where.append(self.parent_condition(conn, resource, scope.parent, values))
        if resource.visible is not None:
            where.append(resource.visible(table, principal.user_id))
        for name, text in query.refs:
            where.append(self.parent_condition(conn, resource, scope.flats[name], [text]))
        builders = {param.name: param.build for param in scope.top.params}
        where += [builders[name](table, value) for name, value in query.params]
        if (owned := owners.condition(resource, call.owner)) is not None:  # api.owner: own rows only
            where.append(owned)
        return where

    def _hidden(self, conn: Connection, resource: Resource, principal: Principal) -> frozenset[str]:
        """The resource's `Hidden` fields hidden from this caller (visibility)."""
        return visibility.hidden_from(conn, resource, principal.user_id, self.shows.remember)

    def _hidden_parents(
        self, conn: Connection, resource: Resource, principal: Principal, call: Call, parent: Parent | None,
        hidden: frozenset[str],
    ) -> None:  # fmt: skip
        """A parent on a field hidden from the caller is refused, but for its own user (visibility)."""

        def own(found: Parent, value: str) -> bool:
            return (
                principal.user_id is not None
                and self.resolve(conn, found.resource, value) == principal.user_id
            )

        visibility.refuse_hidden_parents(resource, hidden, parent, call.path_params, call.params, own)

    @staticmethod
    def _redact(resource: Resource, principal: Principal, items: list[Any], hidden: frozenset[str]) -> None:
        viewer = principal.user_id
        if resource.redact is not None and viewer is not None and hidden and items:
            now = format_ts(utc_now()) or ""
            for item in items:
                resource.redact(item, viewer, now)

    def _listed_row(
        self, conn: Connection, resource: Resource, listing: Listing, principal: Principal
    ) -> int:
        """The id of the one row of a one-row `Listing` (``/v2/me``: the token's user), else 404."""
        table = resource.table
        user = self._me(principal) if listing.me else principal.user_id
        found = conn.execute(
            select(table.c.id).where(listing.condition(table, user)).order_by(table.c.id).limit(1)
        ).first()
        if found is None:
            raise NotFound()
        return int(found[0])

    @staticmethod
    def _me(principal: Principal) -> int:
        if principal.user_id is None:
            raise Forbidden(OWNER_NEEDED)
        return principal.user_id

    # --- handlers -------------------------------------------------------------------------------

    def index_handler(
        self, resource: Resource, parent: Parent | None = None, listing: Listing | None = None,
    ) -> Handler:  # fmt: skip
        plan = self.registry.plan(resource.name, self.dialect)
        loader = self.registry.loader(resource.name, "index", self.dialect)

        table = resource.table
        specials = {special.name for special in resource.specials}
        # The commonest pages (every row, or the rows of one parent, in the default order) run
        # prepared statements; any other query builds its statements.
        simple = (
            listing is None
            and resource.visible is None
            and (
                parent is None
                or (len(parent.segments) == 1 and parent.condition is None and not parent.external)
            )
        )
        scoped = self.scope_of(resource, parent, listing)
        prepared: tuple[Prepared, Prepared] | None = None
        if simple:
            scope = [] if parent is None else [table.c[parent.column or parent.param] == bindparam("parent")]
            page_ids = (
                select(table.c.id).where(*scope).order_by(*plan.default_order)
                .limit(bindparam("limit")).offset(bindparam("offset"))
            )  # fmt: skip
            prepared = (
                Prepared(plan.count(scope)),
                Prepared(
                    loader.select()
                    .where(table.c.id.in_(page_ids.scalar_subquery()))
                    .order_by(*plan.default_order)
                ),
            )

        def handle(tx: Tx, call: Call) -> Answer:
            conn, principal = tx.conn, tx.principal
            hidden = self._hidden(conn, resource, principal)  # visibility
            query = parse_query(call.params, plan.schema_for(hidden), scoped.top)
            self._hidden_parents(conn, resource, principal, call, parent, hidden)  # visibility
            key = _count_key(handle, call, query, principal)
            if prepared is not None and query.is_plain() and owners.condition(resource, call.owner) is None:
                count, page = prepared
                values = {}
                if parent is not None:
                    values["parent"] = self.resolve(conn, parent.resource, call.path_params[parent.param])
                total = self.counts.count(conn, key, lambda: count.all(conn, **values)[0][0])
                return respond(principal, call, query, total, lambda offset: loader.run(
                    conn, self.ctx, page, limit=query.per_page, offset=offset, **values
                ), hidden)  # fmt: skip
            where = plan.conditions(query) + self._scope(conn, principal, resource, call, query, scoped)

            def counted() -> int:
                return int(conn.execute(plan.count(where)).scalar_one())

            # A special filter may read the clock (``future``, ``active``): its count is never reused.
            clocked = any(name in specials for name, _ in query.filters)
            total = counted() if clocked else self.counts.count(conn, key, counted)

            def fetch(offset: int) -> list[Any]:
                order = plan.order_by(query.sort) if query.sort else plan.default_order
                # The page's ids first (the index walk, the sort and the offset touch only ids and sort
                # keys), then the view's columns and computed fields for those rows alone.
                page = select(table.c.id).where(*where).order_by(*order).limit(query.per_page).offset(offset)
                return loader.rows(
                    conn,
                    self.ctx,
                    loader.select().where(table.c.id.in_(page.scalar_subquery())).order_by(*order),
                )

            return respond(principal, call, query, total, fetch, hidden)

        def remembered(tx: Tx, call: Call) -> Answer:
            """The page as encoded the last time, while nothing was committed. Not for a special
            filter (it may read the clock) nor for a resource whose items depend on the time."""
            if resource.redact is not None or any(
                key.startswith("filter[") and key[7:-1] in specials for key, _ in call.params
            ):
                return handle(tx, call)
            key = (id(handle), call.base_url, tuple(sorted(call.path_params.items())), tuple(call.params),
                   tx.principal.user_id, call.owner)  # fmt: skip

            def page() -> tuple[Encoded, dict[str, str]]:
                answer = handle(tx, call)
                return Encoded(jsonenc.dumps(answer.body)), answer.headers

            body, headers = self.pages.remember(tx.conn, key, page)
            return Answer(200, body, headers)

        def respond(
            principal: Principal, call: Call, query: Query, total: int, fetch: Callable[[int], list[Any]],
            hidden: frozenset[str],
        ) -> Answer:  # fmt: skip
            """The page's items (``fetch(offset)``, none past the end) and the paging headers."""
            offset = (query.page - 1) * query.per_page
            items: list[Any] = []
            if offset < total:
                items = fetch(offset)
                self._redact(resource, principal, items, hidden)
            return Answer(
                200,
                items,
                paging_headers(call.base_url, call.path, call.params, query.page, query.per_page, total),
            )

        return remembered

    def show_handler(
        self,
        resource: Resource,
        parent: Parent | None = None,
        listing: Listing | None = None,
        one: bool = False,
    ) -> Handler:
        """One row by ``:id`` (or the row of a one-row `Listing` such as ``/v2/me``, or the
        parent's one row when ``one``)."""
        view = "show" if "show" in resource.views else "index"
        loader = self.registry.loader(resource.name, view, self.dialect)
        by_id = Prepared(loader.select().where(resource.table.c.id == bindparam("id")))

        def encoded(conn: Connection, row_id: int) -> Encoded | None:
            items = loader.run(conn, self.ctx, by_id, id=row_id)
            return Encoded(jsonenc.dumps(items[0])) if items else None

        def handle(tx: Tx, call: Call) -> Answer:
            conn, principal = tx.conn, tx.principal
            where = []
            if listing is not None:
                row_id = self._listed_row(conn, resource, listing, principal)
            elif not one:
                row_id = self.resolve(conn, resource.name, call.path_params["id"])
            owned = None if listing is not None else owners.condition(resource, call.owner)  # api.owner
            if parent is None and resource.visible is None and not one and owned is None:
                if resource.redact is None:  # the same bytes for every caller, until a write
                    body = self.shows.remember(conn, (resource.name, row_id), lambda: encoded(conn, row_id))
                    if body is None:
                        raise NotFound()
                    return Answer(200, body)
                items = loader.run(conn, self.ctx, by_id, id=row_id)
            else:
                if not one:
                    where.append(resource.table.c.id == row_id)
                if resource.visible is not None:
                    where.append(resource.visible(resource.table, principal.user_id))
                if owned is not None:
                    where.append(owned)
                if parent is not None:
                    values = [call.path_params[param] for _, param in parent.segments]
                    where.append(self.parent_condition(conn, resource, parent, values))
                stmt = loader.select().where(*where)
                items = loader.rows(
                    conn, self.ctx, stmt.order_by(resource.table.c.id).limit(1) if one else stmt
                )
            if not items:
                raise NotFound()
            self._redact(resource, principal, items, self._hidden(conn, resource, principal))
            return Answer(200, items[0])

        return handle

    def member_handler(self, member: Member) -> Handler:
        """A `Member`'s handler: its path's placeholders resolved to ids (404 when unknown), then its run
        with the request's Rails parameters. In a write transaction the lookups are never remembered."""
        placeholders = re.findall(r"/([a-z_]+)/\{([a-z_]+)\}", member.path)
        resolve = self.resolve if member.transaction == "none" else self.resolve_now

        def handle(tx: Tx, call: Call) -> Answer:
            ids = {name: resolve(tx.conn, segment, call.path_params[name]) for segment, name in placeholders}
            rows = [(self.registry[s], ids[n]) for s, n in placeholders if s in self.registry]
            owners.check_rows(tx.conn, call.owner, rows, read=member.transaction == "none")  # api.owner
            return member.run(tx, ids, call.parameters())

        return handle

    def graph_handler(self, resource: Resource, parent: Parent | None = None) -> Handler:
        plan = self.registry.plan(resource.name, self.dialect)
        spec = resource.graph
        assert spec is not None
        scoped = self.scope_of(resource, parent)

        def handle(tx: Tx, call: Call) -> Answer:
            conn, principal = tx.conn, tx.principal
            field = call.path_params.get("field", spec.default_field)
            interval = call.path_params.get("interval", graphs.DEFAULT_INTERVAL)
            if field not in spec.fields or not isinstance(resource.table.c[field].type, UTCDateTime):
                raise Unprocessable(f"field must be one of: {', '.join(spec.fields)}")
            if interval not in graphs.INTERVALS:
                raise Unprocessable(f"interval must be one of: {', '.join(graphs.INTERVALS)}")
            params = [
                (k, v) for k, v in call.params if k not in ("page", "per_page", "page[number]", "page[size]")
            ]
            hidden = self._hidden(conn, resource, principal)  # visibility
            query = parse_query(params, plan.schema_for(hidden), scoped.top)
            self._hidden_parents(conn, resource, principal, call, parent, hidden)  # visibility
            where = plan.conditions(query) + self._scope(conn, principal, resource, call, query, scoped)
            body = graphs.counts(conn, resource.table, resource.table.c[field], where, self.dialect, interval)
            return Answer(200, body)

        return handle

    # --- routes ---------------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        routes: list[Route] = []
        later: list[Route] = []  # ``/{id}`` routes go last so that fixed segments match first

        def add(
            path: str, resource: Resource, handler: Handler, *, last: bool = False, access: Access | None = None
        ) -> None:  # fmt: skip
            endpoint = Endpoint(access or resource.read, handler)
            route = self.pipeline.route(("GET",), path, endpoint, f"{resource.name}:{path}")
            (later if last else routes).append(route)

        def add_graph(base: str, resource: Resource, parent: Parent | None) -> None:
            handler = self.graph_handler(resource, parent)
            access = resource.graph.read if resource.graph is not None else None
            for suffix in ("/graph", "/graph/on/{field}", "/graph/on/{field}/by/{interval}"):
                add(base + suffix, resource, handler, access=access)

        for resource in self.registry:
            base = f"/v2/{resource.name}"
            if resource.flat:
                add(base, resource, self.index_handler(resource))
            if resource.graph is not None:
                add_graph(base, resource, None)
            if resource.show:
                add(base + "/{id}", resource, self.show_handler(resource), last=True)
            for parent in resource.parents:
                nested = nested_path(resource, parent)
                if parent.index:
                    add(nested, resource, self.index_handler(resource, parent), access=parent.read)
                if parent.one:
                    add(nested, resource, self.show_handler(resource, parent, one=True), access=parent.read)
                if parent.graph and resource.graph is not None:
                    add_graph(nested, resource, parent)
                if parent.show:
                    add(
                        nested + "/{id}",
                        resource,
                        self.show_handler(resource, parent),
                        last=True,
                        access=parent.read,
                    )
            for listing in resource.listings:
                handler = (
                    self.show_handler(resource, listing=listing)
                    if listing.one
                    else self.index_handler(resource, listing=listing)
                )
                access = listing.read or (OWNER if listing.me else None)
                add(f"/v2/{listing.path}", resource, handler, access=access)
            for member in resource.members:
                if member.methods == ("GET",):
                    add(member.path, resource, self.member_handler(member), access=member.access)
        return routes + later
