"""resources.campus: campus, cursus and the reference data they embed (api-shapes §2.1, §3.9, §3.11)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from openintra.api.spec import Access, Action, Expr, Graph, Many, One, Resource, cols, view
from openintra.models.campus import Campus, Cursus, Endpoint, Language
from openintra.models.platform import WebhookRegistery
from openintra.models.users import CampusUser
from openintra.resources import _actions


def _users_count(table: Table, _dialect: str) -> ColumnElement[Any]:
    return (
        select(func.count())
        .select_from(CampusUser)
        .where(CampusUser.campus_id == table.c.id)
        .correlate(table)
        .scalar_subquery()
    )


languages = Resource(
    "languages",
    Language,
    views={
        "index": cols("id", "name", "identifier"),  # api-shapes §5: {id, name, identifier} on index and show
        "embed": cols(
            "id", "name", "identifier", "created_at", "updated_at"
        ),  # embedded with timestamps (§2.1)
    },
    graph=Graph(fields=("created_at", "updated_at")),
)

endpoints = Resource(
    "endpoints",
    Endpoint,
    views={
        # api-shapes §5 (dated): the campus that use the endpoint, in a short campus form.
        "index": view(
            cols("id", "url", "description", "created_at", "updated_at"),
            Many("campus", "campus", "endpoint", remote="endpoint_id"),
        ),
        "embed": cols("id", "url", "description", "created_at", "updated_at"),  # campus.endpoint (§3.9)
    },
    default_sort=("-created_at", "-id"),
    read=Access.parse("role:Basic staff"),
)

webhook_registeries = Resource(
    "webhook_registeries",
    WebhookRegistery,
    # 42 documents no read route of webhook registrations, only ``deactivate`` (api-routes §7); the
    # view is what that action's journal and the webhooks feature read.
    views={
        "index": cols(
            "id", "campus_id", "url", "model", "event", "active", "deactivated_at", "created_at", "updated_at"
        )
    },  # fmt: skip
    read=Access.parse("role:Network"),
    flat=False,
    show=False,
)

_CAMPUS_TAIL = cols(
    "vogsphere_id", "country", "address", "zip", "city", "website", "facebook", "twitter", "active", "public",
    "email_extension", "default_hidden_phone",
)  # fmt: skip

campus = Resource(
    "campus",
    Campus,
    views={
        "index": view(
            cols("id", "name", "time_zone"),
            One("language", "languages", "index", fk="language_id"),
            Expr("users_count", _users_count),
            _CAMPUS_TAIL,
            One("endpoint", "endpoints", "embed", fk="endpoint_id"),
        ),
        "embed": view(
            cols("id", "name", "time_zone"),
            One("language", "languages", "embed", fk="language_id"),
            Expr("users_count", _users_count),
            _CAMPUS_TAIL,
        ),
        "endpoint": view(
            cols("id", "name", "time_zone"),
            One("language", "languages", "embed", fk="language_id"),
            Expr("users_count", _users_count),
        ),
        "name": cols("name"),
    },
    lookups=("id", "slug"),
    actions=(Action("stats", _actions.campus_stats),),
)

cursus = Resource(
    "cursus",
    Cursus,
    views={"index": cols("id", "created_at", "name", "slug", "kind")},
    lookups=("id", "slug"),
)

RESOURCES = (languages, endpoints, campus, cursus, webhook_registeries)
