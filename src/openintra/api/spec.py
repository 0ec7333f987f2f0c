"""api.spec: the vocabulary of a resource declaration (frozen dataclasses and small builders).

A resource is declared once (``resources/``): its table, its views (ordered fields), its lookups,
parents (nested routes), special filters and access. Routes, parsing, SQL, rendering and the
contract tests are derived from it by the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import DeclarativeBase

Render = Callable[..., Any]
"""A Python function of selected values (and the render context) → a JSON value."""


@dataclass(frozen=True)
class Ctx:
    """What a Python field may read besides its row: settings-derived constants."""

    api_url: str
    """``https://api.intra.42.fr`` by default: the host in rendered ``url`` fields."""


# --- fields -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A column rendered as is (timestamps and dates in their API form)."""

    key: str
    column: str | None = None
    """Column name, when it differs from the key (``validated?`` → ``validated``)."""

    @property
    def name(self) -> str:
        return self.column or self.key


@dataclass(frozen=True)
class Expr:
    """A SQL expression of the resource's table (counts, correlated lookups)."""

    key: str
    build: Callable[[Table, str], ColumnElement[Any]]
    """``(table, dialect name) → expression``; built once per dialect."""


@dataclass(frozen=True)
class Py:
    """A value computed in Python from selected columns: ``fn(ctx, *values)``."""

    key: str
    inputs: tuple[str, ...]
    fn: Render
    sql_inputs: tuple[tuple[str, Callable[[Table, str], ColumnElement[Any]]], ...] = ()
    """Extra named SQL expressions the function reads (after ``inputs``)."""
    shows: tuple[str, ...] = ()
    """Inputs the value shows as they are (a wrapper object's keys, a URL): queryable like a `Col`
    (DESIGN §4.3). An input named like the key, when it is the only one, is shown anyway."""


@dataclass(frozen=True)
class Const:
    """A constant value (a documented key whose data openintra does not hold yet)."""

    key: str
    value: Any


@dataclass(frozen=True)
class One:
    """An embedded object: the target row whose primary key is this row's ``fk`` column."""

    key: str
    target: str
    view: str
    fk: str
    empty: Any = None
    """Rendered when there is no target (``None``, or ``{}`` where 42 says so)."""


@dataclass(frozen=True)
class Many:
    """An embedded list: target rows whose ``remote`` column equals this row's ``local`` column.

    With ``through``, the link goes through an association table:
    ``through=(table, column matching local, column matching the target's primary key)``.
    """

    key: str
    target: str
    view: str
    remote: str = ""
    local: str = "id"
    through: tuple[Table, str, str] | None = None
    order_by: tuple[str, ...] = ("id",)
    """Target columns, ``-`` for descending."""
    pluck: str | None = None
    """Render a list of this key of each target item (``cursus_ids``) instead of objects."""
    where: tuple[tuple[str, Any], ...] = ()
    """Extra equalities on the target (``feedbackable_type = "ScaleTeam"``)."""


Field = Col | Expr | Py | Const | One | Many


# --- filters, parents, access --------------------------------------------------------------------

ValueType = Literal["int", "bool", "str", "datetime", "float"]


@dataclass(frozen=True)
class Special:
    """A filter that is not a column: ``build(table, values) → condition``."""

    name: str
    type: ValueType
    build: Callable[[Table, list[Any]], ColumnElement[bool]]


@dataclass(frozen=True)
class Param:
    """A top-level query parameter of a route (``/v2/alumnized_users?campus_id=1``, a journal's
    ``begin_at``): its text parsed by ``type`` (or by ``parse``, which raises ``ValueError``), then
    ``build(table, value)`` → the condition it adds. Parsed once, with the rest of the query, into
    `api.params.Query`; a missing ``required`` one or a bad value is a 400."""

    name: str
    type: ValueType
    build: Callable[[Table, Any], ColumnElement[bool]]
    required: bool = False
    parse: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class Parent:
    """A parent of nested routes, reads and writes:
    ``/v2/<parent>/:<param>[/<parent2>/:<param2>]/<resource>[/<suffix>]``.

    ``condition(table, *parent_ids)`` restricts this resource to the parents' rows; the default
    (one segment) is ``table.c[column or param] == parent_id``. A one-segment parent's param is
    also accepted on the flat route (``/v2/projects_users?user_id=1``) unless ``flat_param`` is
    false. The same nesting serves the writes it declares (``create``, ``update``, ``destroy``): a
    create sets the parent's id (``column``, or what ``sets`` returns, or a ``link`` row) and the
    created row must then be one of the parent's rows; an update or a destroy finds only those rows.
    """

    segments: tuple[tuple[str, str], ...]
    """``(parent resource, path param)`` pairs, outermost first."""
    column: str | None = None
    condition: Callable[..., ColumnElement[bool]] | None = None
    suffix: str | None = None
    path: str | None = None
    """The route's tail after the parents, when it is not ``<resource>[/<suffix>]``
    (``/v2/users/:user_id/projects_users/registration`` lists projects)."""
    flat_param: bool = True
    index: bool = True
    graph: bool = False
    """Whether the catalog also serves the graph routes under this parent."""
    show: bool = False
    """Whether ``/v2/<parent>/:<param>/<resource>/:id`` is served."""
    one: bool = False
    """Whether the nested path answers the parent's one row as an object
    (``/v2/users/:id/user_candidature``)."""
    read: Access | None = None
    """Who may call the nested routes; the resource's ``read`` when unset."""
    external: bool = False
    """The parent is not a resource of openintra (``/v2/issues/:issue_id/tags``): its path value is
    taken as an integer id as is (not looked up; not a number → 404)."""
    create: bool = False
    """``POST`` on the nested path (the resource's ``writes.create`` access)."""
    update: bool = False
    """``PATCH|PUT`` on the nested member path (or on the nested path itself when ``one``)."""
    destroy: bool = False
    sets: Callable[[int], dict[str, Any]] | None = None
    """The columns a nested create sets from the parent's id, when not ``{column or param: id}``
    (a polymorphic pair: `polymorphic`)."""
    link: tuple[Table, str, str] | None = None
    """``(table, column of this row, column of the parent)``: a created row is linked to the parent
    through this association (``campus_products``) instead of a column of its own."""

    @property
    def writes(self) -> bool:
        return self.create or self.update or self.destroy

    @property
    def reads(self) -> bool:
        """Whether a read route is served under this parent (its condition then decides membership)."""
        return self.index or self.show or self.one

    @property
    def resource(self) -> str:
        return self.segments[0][0]

    @property
    def param(self) -> str:
        return self.segments[0][1]


def parent(resource: str, param: str, column: str | None = None, **options: Any) -> Parent:
    """A one-segment parent matched on a column of this resource (``user_id`` by default)."""
    return Parent(segments=((resource, param),), column=column, **options)


def through(resource: str, param: str, assoc: Any, here: str, there: str, **options: Any) -> Parent:
    """A parent linked through an association: ``id IN (SELECT here FROM assoc WHERE there = :id)``."""

    def condition(table: Table, parent_id: int) -> ColumnElement[bool]:
        return table.c.id.in_(select(assoc.c[here]).where(assoc.c[there] == parent_id))

    return Parent(segments=((resource, param),), condition=condition, **options)


@dataclass(frozen=True)
class Need:
    """One way in: the app holds one of ``roles`` (if any), the token has a user (if ``owner``)
    and carries every one of ``scopes``."""

    roles: frozenset[str] = frozenset()
    owner: bool = False
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Access:
    """Who may call a route: any one of ``any_of`` (the catalog's ``auth`` grammar, DESIGN §4.6).

    ``Access.parse("owner or role:Notes manager,Advanced notes manager")``; ``public`` is any
    valid token; ``owner:<scope>`` a user token with that scope; ``A + B`` both.
    """

    any_of: tuple[Need, ...] = (Need(),)

    @staticmethod
    def public() -> Access:
        return Access()

    @staticmethod
    def role(*names: str) -> Access:
        return Access((Need(roles=frozenset(names)),))

    @staticmethod
    def parse(rule: str) -> Access:
        needs = []
        for alternative in rule.split(" or "):
            roles: set[str] = set()
            scopes: set[str] = set()
            owner = False
            for term in (part.strip() for part in alternative.split(" + ")):
                kind, _, value = term.partition(":")
                if kind == "public" and not value:
                    continue
                if kind == "owner":
                    owner = True
                    scopes.update(filter(None, [value.strip()]))
                elif kind == "role" and value:
                    roles.update(name.strip() for name in value.split(",") if name.strip())
                elif kind == "scope" and value:
                    scopes.add(value.strip())
                else:
                    raise ValueError(f"unknown access term {term!r} in {rule!r}")
            needs.append(Need(frozenset(roles), owner, frozenset(scopes)))
        return Access(tuple(needs))

    @property
    def roles(self) -> frozenset[str]:
        """Every role that opens some way in (empty when one way needs no role)."""
        if any(not need.roles for need in self.any_of):
            return frozenset()
        return frozenset().union(*(need.roles for need in self.any_of))


PUBLIC = Access.public()


@dataclass(frozen=True)
class Owner:
    """The path from a row to the user(s) who own it (DESIGN §4.6): a caller who gets in only through
    an ``owner`` way of a route's `Access` reads and writes only the rows its user owns (api.owner).

    ``Owner("user_id")``; several columns (any one names an owner); or ``build(table, user_id)`` for
    paths through other tables (a team's members). ``create`` / ``update``: a narrower path that a
    created row, or a row before and after an update, must satisfy (an evaluation is booked by its
    team, filled by its corrector); the row's path when unset. ``reads=False``: reads are not
    restricted, because 42 shows other users' rows with their owner hidden (slots, api-shapes §4.3).
    """

    columns: tuple[str, ...] = ()
    build: Callable[[Table, int], ColumnElement[bool]] | None = None
    create: Owner | None = None
    update: Owner | None = None
    reads: bool = True

    def __init__(
        self, *columns: str, build: Callable[[Table, int], ColumnElement[bool]] | None = None,
        create: Owner | None = None, update: Owner | None = None, reads: bool = True,
    ) -> None:  # fmt: skip
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "build", build)
        object.__setattr__(self, "create", create)
        object.__setattr__(self, "update", update)
        object.__setattr__(self, "reads", reads)


@dataclass(frozen=True)
class Graph:
    fields: tuple[str, ...] = ("created_at",)
    default_field: str = "created_at"
    read: Access | None = None
    """Who may call the graph routes; the resource's ``read`` when unset."""


MemberRun = Callable[..., Any]
"""``run(tx, ids, params) → api.call.Answer``: ``ids`` maps the path's placeholders to row ids and
``params`` are the request's Rails parameters (query string and body)."""


@dataclass(frozen=True)
class Member:
    """A route beyond index, show, create, update and destroy: a member action
    (``PATCH /v2/projects_users/{id}/retry``, ``GET /v2/users/{id}/locations_stats``) or a collection
    one (``POST /v2/search/users``).

    ``path`` is the whole route; each ``{name}`` placeholder is resolved by the lookups of the resource
    named by the segment before it (404 when unknown). ``access``: the resource's ``read`` when unset.
    ``transaction``: ``write`` runs ``run`` in one write transaction; ``none`` on a plain connection (it
    writes nothing, so it never waits for the database's write lock).
    """

    name: str
    methods: tuple[str, ...]
    path: str
    run: MemberRun
    access: Access | None = None
    transaction: Literal["none", "write"] = "write"


@dataclass(frozen=True)
class Listing:
    """Another path onto this resource's rows: ``/v2/<path>`` restricted by ``condition(table, user)``
    (``/v2/staff``, ``/v2/alumnized_users``; with ``me``, ``/v2/me/slots``: ``user`` is the token's user,
    and a token without one is refused). ``one``: the path answers the one matching row (its show
    view, ``/v2/me``), not a page."""

    path: str
    condition: Callable[..., ColumnElement[bool]]
    """``condition(table, user)``; ``user`` is the token's user id, or None for an app token."""
    read: Access | None = None
    """Who may call it; the resource's ``read`` when unset (a user token for ``me``: ``owner``)."""
    params: tuple[Param, ...] = ()
    """Top-level query parameters (``?campus_id=1``) that restrict the listing."""
    me: bool = False
    one: bool = False


def mine(path: str, condition: Callable[[Table, int], ColumnElement[bool]], **options: Any) -> Listing:
    """A ``/v2/me/<path>`` listing (``/v2/me`` itself when ``path`` is empty): the rows of the token's user."""
    return Listing("me" + (f"/{path}" if path else ""), condition, me=True, **options)


# --- visibility -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hidden:
    """A rendered field that some callers get as a placeholder (``"invisible"``) on some rows
    (DESIGN §4.3, §4.6): never sortable, filterable, rangeable nor searchable by them, since a query
    on it would tell what the placeholder hides. The resource's ``redact`` renders the placeholder.

    Hidden from user tokens, except the users for whom ``seen_by(user_id)`` holds (staff), and, with
    ``apps``, from app tokens as well.
    """

    key: str
    """The rendered key (``user``)."""
    names: tuple[str, ...]
    """The queryable names that reveal it: columns, aliases and special filters (``user_id``)."""
    placeholder: str = "invisible"
    seen_by: Callable[[int], ColumnElement[bool]] | None = None
    """``seen_by(user_id)`` → a SQL truth: this user sees the field on every row. None: no user does."""
    apps: bool = False
    """Whether app tokens (no user) are refused its names too (they never read the rows, but a graph
    counts them)."""


# --- writes ---------------------------------------------------------------------------------------


def polymorphic(name: str, kind: str) -> Callable[[int], dict[str, Any]]:
    """`Parent.sets` for a parent named by a polymorphic pair (``feedbackable_type``/``_id``)."""
    return lambda parent_id: {f"{name}_type": kind, f"{name}_id": parent_id}


def sets_nothing(_parent_id: int) -> dict[str, Any]:
    """`Parent.sets` when the parent sets no column: the created row must belong to it by the
    parent's condition."""
    return {}


@dataclass(frozen=True)
class Nested:
    """``<key>`` (``teams_users_attributes``): rows of ``target`` written with this one, their
    ``fk`` column set to its id (Rails' nested attributes; ``_destroy`` removes one on update)."""

    key: str
    target: str
    fk: str
    keys: tuple[str, ...]
    required: tuple[str, ...] = ()
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Ids:
    """``<key>`` (``cursus_ids``): ids of ``there`` rows linked through ``table``'s ``(here, there)``."""

    key: str
    table: Table
    here: str
    there: str
    target: str
    """The resource the ids name (their existence is checked)."""


WriteHook = Callable[..., Any]
"""A rule run inside the write's transaction (``rules/``): see `Hooks`."""


@dataclass(frozen=True)
class Hooks:
    """The school's rules around a plain write, each ``fn(tx, ...)`` in the write's transaction.

    ``create(tx, values)`` before the insert (may change ``values``; raises `Invalid`);
    ``created(tx, row_id, values)`` after it; ``update(tx, row_id, values, old)`` before an update;
    ``updated(tx, row_id, values, old)`` after it; ``destroy(tx, old)`` before a delete.
    A slot holds several hooks, run in order; a single function is taken as a one-hook slot.
    """

    create: tuple[WriteHook, ...] = ()
    created: tuple[WriteHook, ...] = ()
    update: tuple[WriteHook, ...] = ()
    updated: tuple[WriteHook, ...] = ()
    destroy: tuple[WriteHook, ...] = ()

    def __post_init__(self) -> None:
        for slot in ("create", "created", "update", "updated", "destroy"):
            value = getattr(self, slot)
            if value is None:
                object.__setattr__(self, slot, ())
            elif callable(value):
                object.__setattr__(self, slot, (value,))
            else:
                object.__setattr__(self, slot, tuple(value))


def hooks(
    *,
    create: WriteHook | Sequence[WriteHook] = (),
    created: WriteHook | Sequence[WriteHook] = (),
    update: WriteHook | Sequence[WriteHook] = (),
    updated: WriteHook | Sequence[WriteHook] = (),
    destroy: WriteHook | Sequence[WriteHook] = (),
) -> Hooks:
    """`Hooks` from single functions or sequences of them (``hooks(create=seats.EVENTS.create)``)."""

    def slot(value: WriteHook | Sequence[WriteHook]) -> tuple[WriteHook, ...]:
        return (value,) if callable(value) else tuple(value)

    return Hooks(slot(create), slot(created), slot(update), slot(updated), slot(destroy))


@dataclass(frozen=True)
class Writes:
    """A resource's write routes and validations (catalog ``write`` keys, DESIGN §4.7, §4.10).

    ``keys`` are the wrapper's attribute keys accepted on create (columns, unless ``columns`` maps
    them or they are ``ignored``: files, mail switches), ``update_keys`` on update (``keys`` when
    None). A missing or blank ``required`` key is ``can't be blank``; a value outside ``enums`` is
    ``is not included in the list``; types, lengths, references (``must exist``) and unique
    constraints (``has already been taken``) are checked from the table.
    """

    wrapper: str
    keys: tuple[str, ...]
    required: tuple[str, ...] = ()
    update_keys: tuple[str, ...] | None = None
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    serialized: tuple[str, ...] = ()
    """Keys kept as JSON text (Rails serialized columns): a hash, an array or a JSON string."""
    passed: tuple[str, ...] = ()
    """``ignored`` keys handed as given to the ``created`` / ``updated`` hooks (a users create's
    ``cursus_id``: no column, a rule's input)."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Values a create takes when not given or null (beyond the table's own defaults); `api.validate.NOW`:
    the write's time."""
    nested: tuple[Nested, ...] = ()
    ids: tuple[Ids, ...] = ()
    access: Access | None = None
    """Who may create, update and destroy, when the three say the same (DESIGN §4.7): sets each of
    ``create``, ``update`` and ``destroy`` that is not given."""
    create: Access | None = None
    update: Access | None = None
    destroy: Access | None = None
    hooks: Hooks = field(default_factory=Hooks)
    flat_create: bool = True
    """Whether ``POST /v2/<resource>`` is served (some resources are created only under a parent)."""
    flat_member: bool = True
    """Whether ``PATCH|PUT|DELETE /v2/<resource>/:id`` are served (else only under a parent)."""

    def __post_init__(self) -> None:
        if self.access is not None:
            for verb in ("create", "update", "destroy"):
                if getattr(self, verb) is None:
                    object.__setattr__(self, verb, self.access)


@dataclass(frozen=True)
class Resource:
    """One 42 resource, declared once."""

    name: str
    model: type[DeclarativeBase]
    views: Mapping[str, Sequence[Field]]
    """``index`` and ``show`` are served; other names are embed views used by other resources."""
    default_sort: tuple[str, ...] = ("-id",)
    lookups: tuple[str, ...] = ("id",)
    """How ``:id`` is understood: ``id`` plus ``login`` or ``slug`` where the catalog says so."""
    sorts: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    ranges: tuple[str, ...] = ()
    """Catalog names beyond the table's own columns (always accepted, DESIGN §4.3)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Catalog name → our column (``this_year_score`` lives in ``this_year_score``…)."""
    specials: tuple[Special, ...] = ()
    parents: tuple[Parent, ...] = ()
    members: tuple[Member, ...] = ()
    """Member and collection actions (`Member`), reads and writes."""
    listings: tuple[Listing, ...] = ()
    read: Access = PUBLIC
    graph: Graph | None = None
    flat: bool = True
    """Whether the flat ``/v2/<name>`` index is served."""
    show: bool = True
    visible: Callable[[Table, int | None], ColumnElement[bool]] | None = None
    """``visible(table, token's user id or None)`` → the rows this token may read at all (index,
    nested, graph and show; apps: the public ones and the user's own). None: every row."""
    params: tuple[Param, ...] = ()
    """Top-level query parameters the catalog lists for every index route (journals' ``begin_at``)."""
    check_params: Callable[[Mapping[str, Any]], None] | None = None
    """``check_params(values)`` raises a catalogue error for a combination of parsed `params` that is
    refused (a journal window longer than 124 days)."""
    redact: Callable[[dict[str, Any], int, str], None] | None = None
    """``redact(item, viewer_user_id, now)`` hides in place what a user token may not see yet
    (``"invisible"``); called only for user tokens to whom one of ``hidden`` applies, on the index and
    show items."""
    hidden: tuple[Hidden, ...] = ()
    """The fields ``redact`` may hide, and from whom: their names are not queryable by those callers."""
    writes: Writes | None = None
    """The write routes (create, update, destroy, member actions); None: read only."""
    owner: Owner | None = None
    """Who owns a row, for the routes whose access names ``owner`` (api.owner); None: no user owns
    one (such a route then only needs a user token)."""

    @property
    def table(self) -> Table:
        table = self.model.__table__
        assert isinstance(table, Table)
        return table


def cols(*names: str) -> tuple[Col, ...]:
    """Plain columns in output order; ``"validated?=validated"`` renames."""
    out = []
    for name in names:
        key, _, column = name.partition("=")
        out.append(Col(key, column or None))
    return tuple(out)


def view(*parts: Field | Sequence[Field]) -> tuple[Field, ...]:
    """Flatten fields and tuples of fields into one ordered view."""
    out: list[Field] = []
    for part in parts:
        if isinstance(part, (Col, Expr, Py, Const, One, Many)):
            out.append(part)
        else:
            out.extend(part)
    return tuple(out)


__all__ = [
    "PUBLIC",
    "Access",
    "Col",
    "Const",
    "Ctx",
    "Expr",
    "Field",
    "Graph",
    "Hidden",
    "Hooks",
    "Ids",
    "Listing",
    "Many",
    "Member",
    "Need",
    "Nested",
    "One",
    "Owner",
    "Param",
    "Parent",
    "Py",
    "Resource",
    "Special",
    "Writes",
    "cols",
    "hooks",
    "mine",
    "parent",
    "polymorphic",
    "sets_nothing",
    "through",
    "view",
]
