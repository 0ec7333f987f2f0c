"""resources.people: groups, roles, roles entities, expertises, languages users, accreditations, apps,
clusters and gitlab users (api-shapes §5; catalog.json)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, or_

from openintra.api.spec import (
    Access,
    Col,
    Ctx,
    Graph,
    One,
    Owner,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    parent,
    through,
    view,
)
from openintra.auth.roles import ROLES
from openintra.db.base import table_of
from openintra.models.people import (
    Accreditation,
    Cluster,
    Expertise,
    ExpertisesUser,
    GitlabUser,
    Group,
    GroupsUser,
    LanguagesUser,
    Role,
    RolesEntity,
    roles_users,
)
from openintra.models.platform import OAuthApp

ROLE_IDS = {name: position for position, (name, _meaning) in enumerate(ROLES, start=1)}
"""The ``roles`` table holds auth.roles.ROLES with these ids (demo.people seeds it so)."""

groups = Resource(
    "groups",
    Group,
    views={"index": cols("id", "name")},
    default_sort=("id",),  # the catalog gives none
    parents=(through("users", "user_id", table_of(GroupsUser), "group_id", "user_id"),),
    writes=Writes(
        "group",
        keys=("name", "color", "kind"),
        required=("name", "color"),
        enums={"kind": ("important", "normal", "hidden")},
        access=Access.parse("role:Advanced tutor"),
    ),
)

groups_users = Resource(
    "groups_users",
    GroupsUser,
    views={"index": cols("id", "user_id", "group_id", "created_at", "updated_at")},
    default_sort=("id",),  # the catalog gives none
    parents=(parent("groups", "group_id"), parent("users", "user_id")),
    writes=Writes(
        "groups_user",
        keys=("group_id", "user_id"),
        required=("group_id", "user_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

roles = Resource(
    "roles",
    Role,
    views={"index": cols("id", "name", "description"), "in_user": cols("id", "name")},
    default_sort=("-id",),
    parents=(through("users", "user_id", roles_users, "role_id", "user_id"),),
    writes=Writes(
        "role",
        keys=("name", "description"),
        required=("description",),
        create=Access.parse("role:Advanced tutor,Advanced staff"),
        update=Access.parse("role:Advanced tutor,Advanced staff"),
        destroy=Access.parse("role:Intrateam"),
    ),
)


def _expires(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """GUESS (the catalog has no description): ``true`` = the grant has an expiry date."""
    return or_(
        *(table.c.expires_at.is_not(None) if value else table.c.expires_at.is_(None) for value in values)
    )


roles_entities = Resource(
    "roles_entities",
    RolesEntity,
    views={
        "index": view(
            cols("id", "entity_id", "entity_type", "created_at", "expires_at"),
            One("entity", "apps", "embed", fk="entity_id"),
            One("role", "roles", "index", fk="role_id"),
        )
    },
    default_sort=("-id",),
    specials=(Special("expires", "bool", _expires),),
    parents=(parent("roles", "role_id"),),
    graph=Graph(fields=("created_at", "updated_at", "expires_at")),
    writes=Writes(
        "roles_entity",
        keys=("role_id", "entity_id", "expires_at", "entity_type"),
        required=("role_id", "entity_id"),
        enums={"entity_type": ("Doorkeeper::Application",)},
        access=Access.parse("role:Advanced tutor,Advanced staff"),
    ),
)


def expertise_url(ctx: Ctx, slug: str) -> str:
    return f"{ctx.api_url}/v2/expertises/{slug}"


def expertises_users_url(ctx: Ctx, slug: str) -> str:
    return f"{ctx.api_url}/v2/expertises/{slug}/expertises_users"


expertises = Resource(
    "expertises",
    Expertise,
    views={
        "index": view(
            cols("id", "name", "slug"),
            Py("url", ("slug",), expertise_url),
            cols("kind", "created_at"),
            Py("expertises_users_url", ("slug",), expertises_users_url),
        )
    },
    default_sort=("-created_at", "-id"),
    lookups=("id", "slug"),
    writes=Writes(
        "expertise",
        keys=("name", "slug", "kind"),
        required=("name", "slug", "kind"),
        enums={"kind": ("languages", "frameworks", "databases", "admin_sys", "other")},
        access=Access.parse("role:Advanced tutor"),
    ),
)

_EXPERTISES_USER = cols("id", "expertise_id", "interested", "value", "contact_me", "created_at", "user_id")

expertises_users = Resource(
    "expertises_users",
    ExpertisesUser,
    views={
        "index": view(
            _EXPERTISES_USER,
            One("expertise", "expertises", "index", fk="expertise_id"),
            One("user", "users", "micro", fk="user_id"),
        ),
        "in_user": _EXPERTISES_USER,
    },
    default_sort=("-id",),
    parents=(parent("expertises", "expertise_id", create=True), parent("users", "user_id", create=True)),
    writes=Writes(
        "expertises_user",
        keys=("expertise_id", "user_id", "interested", "value", "contact_me"),
        required=("expertise_id", "user_id", "value"),
        access=Access.parse("owner:profile or role:Advanced tutor"),
    ),
    owner=Owner("user_id"),
)

languages_users = Resource(
    "languages_users",
    LanguagesUser,
    views={"index": cols("id", "language_id", "user_id", "position", "created_at")},
    default_sort=("-id",),
    parents=(parent("users", "user_id", show=True, create=True, update=True, destroy=True),),
    graph=Graph(fields=("created_at", "updated_at")),
    writes=Writes(
        "languages_user",
        keys=("language_id", "user_id", "position"),
        required=("language_id",),
        access=Access.parse("role:Tutor"),
    ),
)

accreditations = Resource(
    "accreditations",
    Accreditation,
    # api-shapes §5: difficulty is rendered (live, SMATSU), after the 2017 example's keys.
    views={"index": cols("id", "name", "user_id", "cursus_id", "validated", "difficulty")},
    default_sort=("-id",),
    writes=Writes(
        "accreditation",
        keys=("name", "user_id", "cursus_id", "validated", "difficulty", "accreditations_skills_attributes"),
        required=("name", "user_id", "cursus_id", "difficulty"),
        ignored=("accreditations_skills_attributes",),
        access=Access.parse("role:Basic tutor,Basic staff"),
    ),
)


def _scopes(_ctx: Ctx, scopes: str) -> list[str]:
    return [scope for scope in scopes.replace(",", " ").split() if scope]


def _roles(_ctx: Ctx, names: str) -> list[dict[str, Any]]:
    """The roles the app holds (``oauth_apps.roles``: what the API enforces) as ``{id, name, description}``
    rows of the roles table (seeded with ROLE_IDS)."""
    meaning = dict(ROLES)
    out = []
    for name in (part.strip() for part in names.split(",")):
        if name in ROLE_IDS:
            out.append({"id": ROLE_IDS[name], "name": name, "description": meaning[name]})
    return out


def _visible_apps(table: Table, user_id: int | None) -> ColumnElement[bool]:
    """42 lists the public applications plus those the token's user owns (catalog notes)."""
    if user_id is None:
        return table.c.public.is_(True)
    return or_(table.c.public.is_(True), table.c.owner_id == user_id)


_APP = view(
    cols("id", "name", "description", "image", "website", "public"),
    Py("scopes", ("scopes",), _scopes),
    cols("created_at", "updated_at"),
    One("owner", "users", "micro", fk="owner_id", empty={}),
    Col("rate_limit", "rate_limit_hourly"),
)

apps = Resource(
    "apps",
    OAuthApp,
    # Never the uid's secret nor its digest: only the columns above are rendered.
    views={"index": view(_APP, Py("roles", ("roles",), _roles)), "embed": _APP},
    default_sort=("-id",),
    aliases={"user_id": "owner_id"},  # the catalog's sort names the owner user_id
    parents=(parent("users", "user_id", column="owner_id"),),
    visible=_visible_apps,
)

clusters = Resource(
    "clusters",
    Cluster,
    # GUESS: no reference example; the keys are the catalog's column list, in its order.
    views={"index": cols("id", "name", "campus_id", "created_at", "updated_at", "image")},
    default_sort=("-created_at", "-id"),
    read=Access.parse("role:Basic staff"),
)

gitlab_users = Resource(
    "gitlab_users",
    GitlabUser,
    # GUESS: no reference example; the keys are the catalog's column list, in its order.
    views={"index": cols("id", "user_id", "public_key", "created_at", "updated_at", "name", "fingerprint")},
    default_sort=("id",),
    parents=(parent("users", "user_id", flat_param=False),),
    read=Access.parse("role:Advanced tutor"),
    flat=False,
    show=False,
)

RESOURCES: tuple[Resource, ...] = (
    groups,
    groups_users,
    roles,
    roles_entities,
    expertises,
    expertises_users,
    languages_users,
    accreditations,
    apps,
    clusters,
    gitlab_users,
)
