"""resources.economy: coalition points (pools, balances, scores, bloc deadlines, squads), the shop
(products, commands, transactions), closes, community services, anti-grav units, correction point
historics, certificates, journals and notes.

Shapes from api-shapes.md §3.15 and §5 and catalog.json's response examples; each GUESS is marked
where it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, or_, select

from openintra.api.spec import (
    Access,
    Col,
    Const,
    Graph,
    Many,
    Member,
    Nested,
    One,
    Owner,
    Param,
    Parent,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    hooks,
    parent,
    sets_nothing,
    view,
)
from openintra.core.clock import parse_ts, utc_now
from openintra.core.errors import BadRequest
from openintra.models.community import Coalition
from openintra.models.economy import (
    AntiGravUnit,
    AntiGravUnitsUser,
    Balance,
    BlocDeadline,
    Certificate,
    CertificatesUser,
    Close,
    Command,
    CommunityService,
    CorrectionPointHistoric,
    Journal,
    Note,
    Pool,
    Product,
    Score,
    Squad,
    SquadsUser,
    Transaction,
    campus_products,
)
from openintra.models.users import CampusUser, CursusUser
from openintra.resources import _render as r
from openintra.resources.projects import _is_set
from openintra.resources.users import _flag
from openintra.rules import points, service, wallets

TUTOR = Access.parse("role:Advanced tutor")
ADVANCED_STAFF = Access.parse("role:Advanced staff")


def _users_of_campus(column: str = "user_id") -> Any:
    """Special ``campus_id``: rows whose user belongs to one of the campus (campus_users)."""

    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        return table.c[column].in_(select(CampusUser.user_id).where(CampusUser.campus_id.in_(values)))

    return build


def _user_in_campus(table: Table, campus_id: int) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(CampusUser.user_id).where(CampusUser.campus_id == campus_id))


# --- pools and balances -------------------------------------------------------------------------

pools = Resource(
    "pools",
    Pool,
    views={"index": cols("id", "current_points", "max_points", "cursus_id", "campus_id")},
    default_sort=("-created_at", "-id"),
    read=TUTOR,
    writes=Writes(
        "pool",
        keys=(),
        flat_create=False,
        flat_member=False,
    ),
    members=(
        Member(
            "points_add",
            ("POST",),
            "/v2/pools/{id}/points/add",
            points.pool_points(remove=False),
            Access.parse("role:Advanced tutor"),
        ),
        Member(
            "points_remove",
            ("DELETE",),
            "/v2/pools/{id}/points/remove",
            points.pool_points(remove=True),
            Access.parse("role:Advanced tutor"),
        ),
    ),
)

balances = Resource(
    "balances",
    Balance,
    # api-shapes §5: the apidoc's "YYYY-MM-DD HH:MM:SS" form is dated; ISO-Z like everything else.
    views={"index": cols("id", "begin_at", "end_at", "pool_id")},
    default_sort=("-created_at", "-id"),
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(parent("pools", "pool_id", show=True, update=True),),
    read=TUTOR,
    writes=Writes(
        "balance",
        keys=(),
        update_keys=("begin_at", "end_at", "pool_id"),
        update=Access.parse("role:Advanced tutor"),
    ),
)

# --- the shop -----------------------------------------------------------------------------------


def product_image(_ctx: Any, product_id: int, name: str | None) -> dict[str, Any]:
    """``{url, thumb: {url}}`` with relative upload paths (api-shapes §5 products); nulls without a file."""
    if name is None:
        return {"url": None, "thumb": {"url": None}}
    base = f"/uploads/product/image/{product_id}"
    return {"url": f"{base}/{name}", "thumb": {"url": f"{base}/thumb_{name}"}}


def _in_campus(table: Table, campus_id: int) -> ColumnElement[bool]:
    return table.c.id.in_(
        select(campus_products.c.product_id).where(campus_products.c.campus_id == campus_id)
    )


products = Resource(
    "products",
    Product,
    views={
        "index": view(
            cols(
                "id",
                "name",
                "description",
                "price",
                "quantity",
                "begin_at",
                "end_at",
                "category_id",
                "created_at",
                "updated_at",
                "kind",
                "slug",
            ),
            Py("image", ("id", "image"), product_image, shows=("image",)),
            cols("is_uniq", "one_time_purchase"),
        )
    },
    default_sort=("-id",),
    lookups=("id", "slug"),
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(
        Parent(
            segments=(("campus", "campus_id"),),
            condition=_in_campus,
            show=True,
            create=True,
            update=True,
            destroy=True,
            link=(campus_products, "product_id", "campus_id"),
        ),
    ),
    writes=Writes(
        "product",
        keys=(
            "name",
            "description",
            "price",
            "quantity",
            "begin_at",
            "end_at",
            "category_id",
            "kind",
            "slug",
            "image",
            "is_uniq",
            "one_time_purchase",
            "campus_products_attributes",
        ),
        required=("name", "description", "price", "category_id", "kind", "image"),
        enums={"kind": ("user", "manager", "auto")},
        ignored=("campus_products_attributes",),
        access=Access.parse("role:Shop manager,Advanced tutor"),
    ),
)


def _campus_product_commands(table: Table, campus_id: int, product_id: int) -> ColumnElement[bool]:
    """The product's commands when the campus sells it (none otherwise)."""
    sold = select(campus_products.c.product_id).where(campus_products.c.campus_id == campus_id)
    return and_(table.c.product_id == product_id, table.c.product_id.in_(sold))


commands = Resource(
    "commands",
    Command,
    # GUESS (api-shapes §5: "commands: unknown shape"): the catalog's column list, in its order.
    views={
        "index": cols(
            "id",
            "product_id",
            "user_id",
            "owner_id",
            "used",
            "validator_id",
            "validated_at",
            "created_at",
            "updated_at",
        )
    },
    default_sort=("-id",),
    specials=(Special("validated", "bool", _is_set("validated_at")),),
    parents=(
        parent("products", "product_id"),
        Parent(
            segments=(("campus", "campus_id"), ("products", "product_id")), condition=_campus_product_commands
        ),
    ),
    flat=False,
    show=False,
)

transactions = Resource(
    "transactions",
    Transaction,
    views={
        "index": view(
            cols("id", "value", "user_id", "transactable_id", "transactable_type", "reason"),
            One("user", "users", "micro", fk="user_id"),
            # api-shapes §5 (LYON 2025): null or product options; openintra's products have none.
            Const("options", None),
        )
    },
    default_sort=("-created_at", "-id"),
    parents=(parent("users", "user_id"),),
    read=Access.parse("role:Transactions manager"),
    writes=Writes(
        "transaction",
        keys=("value", "user_id", "transactable_id", "transactable_type", "reason"),
        required=("value", "user_id", "transactable_type", "reason"),
        update_keys=(),
        create=Access.parse("role:Transactions manager"),
        destroy=Access.parse("role:Transactions manager"),
        hooks=hooks(create=wallets.transaction_create, destroy=wallets.transaction_destroy),
    ),
)

# --- coalition scores, squads, bloc deadlines -------------------------------------------------------


def _scores_of_bloc(table: Table, bloc_id: int) -> ColumnElement[bool]:
    return table.c.coalition_id.in_(select(Coalition.id).where(Coalition.bloc_id == bloc_id))


scores = Resource(
    "scores",
    Score,
    views={
        "index": cols(
            "id",
            "coalition_id",
            "scoreable_id",
            "scoreable_type",
            "coalitions_user_id",
            "calculation_id",
            "value",
            "reason",
            "created_at",
            "updated_at",
        )
    },
    default_sort=("-created_at", "-id"),
    parents=(
        parent("coalitions", "coalition_id", show=True, create=True, destroy=True),
        parent("coalitions_users", "coalitions_user_id", show=True),
        Parent(segments=(("blocs", "bloc_id"),), condition=_scores_of_bloc, show=True),
    ),
    read=TUTOR,
    writes=Writes(
        "score",
        # The catalog lists no body keys (known gap): the table's own columns, required as NOT NULL (GUESS).
        keys=("coalitions_user_id", "scoreable_id", "scoreable_type", "calculation_id", "value", "reason"),
        create=Access.parse("role:Advanced staff"),
        destroy=Access.parse("role:Advanced staff"),
        flat_create=False,
        flat_member=False,
    ),
)

bloc_deadlines = Resource(
    "bloc_deadlines",
    BlocDeadline,
    views={"index": cols("id", "bloc_id", "coalition_id", "begin_at", "end_at", "created_at", "updated_at")},
    default_sort=("-created_at", "-id"),
    parents=(parent("blocs", "bloc_id"),),
    read=TUTOR,
    writes=Writes(
        "bloc_deadline",
        keys=("bloc_id", "begin_at", "end_at", "coalition_id"),
        required=("bloc_id", "begin_at", "end_at"),
        create=Access.parse("role:Advanced tutor"),
        update=Access.parse("role:Advanced tutor"),
    ),
)


def _id_and_login(_ctx: Any, user_id: int, login: str) -> dict[str, Any]:
    return {"id": user_id, "login": login}


_SQUADS_USER = view(
    cols("id", "squad_id", "leader", "validated", "created_at", "updated_at"),
    # api-shapes §3.15: the squad member's user has only id and login.
    Py("user", ("user_id",), _id_and_login, sql_inputs=(("login", r.user_login("user_id")),)),
)


def _squads_users_of_bloc(table: Table, bloc_id: int) -> ColumnElement[bool]:
    return table.c.squad_id.in_(select(Squad.id).where(Squad.bloc_id == bloc_id))


squads_users = Resource(
    "squads_users",
    SquadsUser,
    # GUESS (no example): the item embedded in squads (api-shapes §3.15).
    views={"index": _SQUADS_USER},
    default_sort=("-created_at", "-id"),
    parents=(
        Parent(
            segments=(("blocs", "bloc_id"),),
            condition=_squads_users_of_bloc,
            create=True,
            destroy=True,
            sets=sets_nothing,
        ),
    ),
    read=TUTOR,
    flat=False,
    show=False,
    writes=Writes(
        "squads_user",
        # The catalog lists no body keys (known gap): the table's own columns, required as NOT NULL (GUESS).
        keys=("squad_id", "user_id", "leader", "validated"),
        access=Access.parse("role:Advanced tutor"),
        flat_create=False,
    ),
)

squads = Resource(
    "squads",
    Squad,
    views={
        "index": view(
            cols("id", "bloc_id", "locked_at"),
            Many("squads_users", "squads_users", "index", remote="squad_id"),
            cols("created_at", "updated_at"),
            One("bloc", "blocs", "brief", fk="bloc_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("locked", "bool", _flag("locked_at", past=True)),),
    parents=(parent("blocs", "bloc_id", show=True, create=True, destroy=True),),
    read=TUTOR,
    flat=False,
    writes=Writes(
        "squad",
        keys=("bloc_id", "locked_at", "squads_users_attributes"),
        required=("bloc_id",),
        update_keys=(),
        ignored=("squads_users_attributes",),
        access=Access.parse("role:Advanced tutor"),
        flat_create=False,
    ),
)

# --- anti-grav units (freezes) ------------------------------------------------------------------

anti_grav_units = Resource(
    "anti_grav_units",
    AntiGravUnit,
    # GUESS (api-shapes §5, low): no example and no documented column.
    views={"index": cols("id", "name", "description", "created_at", "updated_at")},
    default_sort=("id",),
    read=ADVANCED_STAFF,
)

_AGU_KEYS = (
    "id",
    "expected_end_date",
    "begin_date",
    "user_id",
    "is_free",
    "created_at",
    "updated_at",
    "anti_grav_unit_id",
    "reason",
    "close_id",
)


def _wrapped_agu(_ctx: Any, *values: Any) -> dict[str, Any]:
    return dict(zip(_AGU_KEYS, values, strict=True))


def _agu_active(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """GUESS: a freeze is active from its begin date until its end date (the expected one while open)."""
    today = utc_now().date()
    active = and_(
        table.c.begin_date <= today, func.coalesce(table.c.end_date, table.c.expected_end_date) >= today
    )
    return or_(*(active if value else ~active for value in values))


def _users_in_cursus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(CursusUser.user_id).where(CursusUser.cursus_id.in_(values)))


anti_grav_units_users = Resource(
    "anti_grav_units_users",
    AntiGravUnitsUser,
    # api-shapes §5 and §9.10: each item (and the show body) is wrapped in a root key.
    views={"index": (Py("anti_grav_units_user", _AGU_KEYS, _wrapped_agu, shows=_AGU_KEYS),)},
    default_sort=("-id",),
    specials=(Special("cursus_id", "int", _users_in_cursus), Special("active", "bool", _agu_active)),
    parents=(
        parent("users", "user_id"),
        Parent(segments=(("campus", "campus_id"),), condition=_user_in_campus),
    ),
    read=ADVANCED_STAFF,
    writes=Writes(
        "anti_grav_units_user",
        keys=("user_id", "anti_grav_unit_id", "begin_date", "expected_end_date", "reason", "is_free"),
        required=("user_id", "expected_end_date"),
        create=Access.parse("role:Advanced staff"),
        update=Access.parse("role:Advanced staff"),
        hooks=hooks(
            create=service.freeze_create,
            created=service.freeze_created,
            update=service.freeze_update,
            updated=service.freeze_updated,
        ),
    ),
)

# --- closes and community services ----------------------------------------------------------------

_CLOSE_CORE = cols("id", "reason", "state", "created_at", "updated_at")
_SERVICE_CORE = cols("id", "duration", "schedule_at", "occupation", "state", "created_at", "updated_at")
TIG = Access.parse("role:Basic staff + scope:tig")

closes = Resource(
    "closes",
    Close,
    views={
        "index": view(
            _CLOSE_CORE,
            Col("end_at"),
            Many("community_services", "community_services", "core", remote="close_id"),
            One("user", "users", "micro", fk="user_id"),
            One("closer", "users", "micro", fk="closer_id"),
        ),
        "core": _CLOSE_CORE,
    },
    default_sort=("-created_at", "-id"),
    specials=(
        Special("campus_id", "int", _users_of_campus()),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(parent("users", "user_id", create=True),),
    read=TIG,
    writes=Writes(
        "close",
        keys=("user_id", "closer_id", "kind", "reason", "end_at", "community_services_attributes"),
        required=("user_id", "closer_id", "kind", "reason"),
        enums={
            "kind": (
                "agu",
                "other",
                "deserter",
                "black_hole",
                "serious_misconduct",
                "social_security",
                "non_admitted",
                "pace_unknown",
            )
        },
        nested=(
            Nested(
                "community_services_attributes",
                "community_services",
                "close_id",
                ("duration", "occupation"),
                required=("duration",),
            ),
        ),
        create=Access.parse("role:Basic staff + scope:tig"),
        update=Access.parse("role:Basic staff + scope:tig"),
        destroy=Access.parse("role:Advanced staff + scope:tig"),
        hooks=hooks(
            created=service.close_created, updated=service.close_updated, destroy=service.close_destroy
        ),
    ),
    members=(
        Member(
            "close",
            ("PATCH", "PUT"),
            "/v2/closes/{id}/close",
            service.close_action("close"),
            Access.parse("role:Basic staff + scope:tig"),
        ),
        Member(
            "unclose",
            ("PATCH", "PUT"),
            "/v2/closes/{id}/unclose",
            service.close_action("unclose"),
            Access.parse("role:Basic staff + scope:tig"),
        ),
    ),
)


def _services_of_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    users = select(CampusUser.user_id).where(CampusUser.campus_id.in_(values))
    return table.c.close_id.in_(select(Close.id).where(Close.user_id.in_(users)))


community_services = Resource(
    "community_services",
    CommunityService,
    views={
        "index": view(_SERVICE_CORE, One("close", "closes", "core", fk="close_id")),
        "core": _SERVICE_CORE,
    },
    default_sort=("-created_at", "-id"),
    specials=(
        Special("campus_id", "int", _services_of_campus),
        # GUESS (no description): scheduled services are those whose date is still to come.
        Special("schedule", "bool", _flag("schedule_at", past=False)),
    ),
    parents=(parent("closes", "close_id"),),
    read=Access.parse("scope:tig"),
    # The catalog's graph page carries no auth note: public, unlike the index.
    graph=Graph(fields=("created_at", "updated_at", "schedule_at"), read=Access.parse("public")),
    writes=Writes(
        "community_service",
        keys=("duration", "occupation", "schedule_at", "close_id", "tiger_id"),
        required=("duration",),
        create=Access.parse("role:Basic staff + scope:tig"),
        update=Access.parse("role:Basic staff + scope:tig"),
        destroy=Access.parse("role:Advanced staff + scope:tig"),
    ),
    members=(
        Member(
            "validate",
            ("PATCH", "PUT"),
            "/v2/community_services/{id}/validate",
            service.service_action("validated"),
            Access.parse("role:Basic staff + scope:tig"),
        ),
        Member(
            "invalidate",
            ("PATCH", "PUT"),
            "/v2/community_services/{id}/invalidate",
            service.service_action("invalidated"),
            Access.parse("role:Basic staff + scope:tig"),
        ),
    ),
)

# --- correction point historics -----------------------------------------------------------------

correction_point_historics = Resource(
    "correction_point_historics",
    CorrectionPointHistoric,
    # api-shapes §5: user_data_id exists as a column but is not serialized (GUESS there).
    views={"index": cols("id", "scale_team_id", "reason", "sum", "total", "created_at", "updated_at")},
    default_sort=("id",),
    parents=(parent("users", "user_id"),),
    flat=False,
    show=False,
)

# --- certificates ------------------------------------------------------------------------------

certificates = Resource(
    "certificates",
    Certificate,
    # GUESS (no example): the certificate[...] keys the catalog's pages list, plus id and timestamps.
    views={
        "index": cols(
            "id", "name", "content", "total_certificate_number", "cursus_id", "created_at", "updated_at"
        )
    },
    default_sort=("id",),
    read=TUTOR,
)

certificates_users = Resource(
    "certificates_users",
    CertificatesUser,
    # GUESS (no example): the certificates_user[...] keys the catalog's pages list (files left out).
    views={
        "index": cols(
            "id",
            "certificate_id",
            "user_id",
            "certificate_number",
            "certified_at",
            "created_at",
            "updated_at",
        )
    },
    default_sort=("id",),
    parents=(parent("certificates", "certificate_id"), parent("users", "user_id")),
    read=TUTOR,
    writes=Writes(
        "certificates_user",
        keys=(),
        destroy=Access.parse("role:Advanced tutor"),
    ),
)

# --- journals and notes -------------------------------------------------------------------------

JOURNAL_WINDOW_DAYS = 124


def _end_of(text: str) -> dt.datetime:
    """An ``end_at``: a bare date includes that whole day."""
    value = parse_ts(text)
    return value + dt.timedelta(days=1, milliseconds=-1) if len(text) == 10 else value


def _journal_window(values: Mapping[str, Any]) -> None:
    """``begin_at <= end_at``, at most 124 days apart."""
    begin, end = values["begin_at"], values["end_at"]
    if begin > end:
        raise BadRequest("begin_at must be before end_at")
    if end - begin > dt.timedelta(days=JOURNAL_WINDOW_DAYS):
        raise BadRequest(f"The period between begin_at and end_at may not exceed {JOURNAL_WINDOW_DAYS} days")


JOURNAL_PARAMS = (
    # The window applies to ``event_at`` (GUESS: the moment the entry is about); both are required.
    Param(
        "begin_at", "datetime", lambda table, begin: table.c.event_at >= begin, required=True, parse=parse_ts
    ),
    Param("end_at", "datetime", lambda table, end: table.c.event_at <= end, required=True, parse=_end_of),
)


journals = Resource(
    "journals",
    Journal,
    views={
        "index": cols(
            "id",
            "user_id",
            "cursus_id",
            "campus_id",
            "item_type",
            "item_id",
            "reason",
            "created_at",
            "updated_at",
            "event_at",
            "alumni",
            "closed",
        )
    },
    default_sort=("-id",),
    # GUESS (no description): ``event`` names the kind of item the entry is about (its item_type).
    specials=(Special("event", "str", lambda table, values: table.c.item_type.in_(values)),),
    parents=(parent("campus", "campus_id"),),
    params=JOURNAL_PARAMS,
    check_params=_journal_window,
    read=ADVANCED_STAFF,
    flat=False,
    show=False,
)

notes = Resource(
    "notes",
    Note,
    views={
        "index": view(
            Col("id"),
            One("from_user", "users", "micro", fk="from_user_id"),
            cols("subject", "content", "created_at"),
            One("user", "users", "micro", fk="user_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("approved", "bool", _is_set("approved_at")),),
    parents=(
        parent("users", "user_id"),
        Parent(segments=(("campus", "campus_id"),), condition=_user_in_campus),
    ),
    read=Access.parse("owner or role:Notes manager,Advanced notes manager"),
    writes=Writes(
        "note",
        keys=("user_id", "subject", "content", "kind", "approved_at", "approver_id"),
        required=("user_id",),
        enums={"kind": ("manual", "black_hole", "school_record")},
        access=Access.parse("owner or role:Notes manager,Advanced notes manager"),
    ),
    owner=Owner("from_user_id"),
)
"""GUESS (the safe reading of ``owner``): a note belongs to its author, ``from_user_id`` (not a write
key: the token's user on a user token's create); a user token reads only the notes it wrote, never
the staff's notes about it."""

RESOURCES = (
    pools,
    balances,
    products,
    commands,
    transactions,
    scores,
    bloc_deadlines,
    squads_users,
    squads,
    anti_grav_units,
    anti_grav_units_users,
    closes,
    community_services,
    correction_point_historics,
    certificates,
    certificates_users,
    journals,
    notes,
)
