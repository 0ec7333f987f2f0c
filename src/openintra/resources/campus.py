"""resources.campus: campus, cursus and the reference data they embed (api-shapes §2.1, §3.9, §3.11)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from openintra.api.spec import Action, Expr, One, Resource, cols, view
from openintra.models.campus import Campus, Cursus, Endpoint, Language
from openintra.models.users import CampusUser
from openintra.resources import _actions


def _users_count(table: Table, _dialect: str) -> ColumnElement[Any]:
    return (
        select(func.count()).select_from(CampusUser).where(CampusUser.campus_id == table.c.id).correlate(table).scalar_subquery()
    )


languages = Resource(
    "languages",
    Language,
    views={
        "index": cols("id", "name", "identifier", "created_at", "updated_at"),
        "brief": cols("id", "name", "identifier"),
    },
    flat=False,
    show=False,
)

endpoints = Resource(
    "endpoints",
    Endpoint,
    views={"index": cols("id", "url", "description", "created_at", "updated_at")},
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
            One("language", "languages", "brief", fk="language_id"),
            Expr("users_count", _users_count),
            _CAMPUS_TAIL,
            One("endpoint", "endpoints", "index", fk="endpoint_id"),
        ),
        "embed": view(
            cols("id", "name", "time_zone"),
            One("language", "languages", "index", fk="language_id"),
            Expr("users_count", _users_count),
            _CAMPUS_TAIL,
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

RESOURCES = (languages, endpoints, campus, cursus)
