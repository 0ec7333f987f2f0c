"""resources.campus: campus, cursus and the reference data they embed (api-shapes §2.1, §3.9, §3.11)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from openintra.api.spec import (
    Access,
    Expr,
    Graph,
    Ids,
    Many,
    Member,
    One,
    Resource,
    Writes,
    cols,
    view,
)
from openintra.models.campus import Campus, Cursus, Endpoint, Language
from openintra.models.pedagogy import cursus_skills
from openintra.models.platform import WebhookRegistery
from openintra.models.users import CampusUser
from openintra.resources import _actions
from openintra.rules import platform


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
    writes=Writes(
        "language",
        keys=("name", "identifier"),
        access=Access.parse("role:Advanced tutor"),
    ),
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
    writes=Writes(
        "endpoint",
        keys=("url", "secret", "description", "created_at", "updated_at"),
        required=("url",),
        create=Access.parse("role:Basic staff"),
        update=Access.parse("role:Advanced staff"),
        destroy=Access.parse("role:Advanced staff"),
    ),
    members=(
        Member(
            "callback",
            ("POST",),
            "/v2/endpoints/{id}/callback",
            platform.callback,
            Access.parse("role:42network"),
        ),
    ),
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
    writes=Writes(
        "webhook_registerie",
        keys=(),
        flat_create=False,
        flat_member=False,
    ),
    members=(
        Member(
            "deactivate",
            ("POST",),
            "/v2/webhook_registeries/{id}/deactivate",
            platform.deactivate,
            Access.parse("role:Network"),
        ),
    ),
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
    writes=Writes(
        "campus",
        keys=(
            "name",
            "time_zone",
            "language_id",
            "main_email",
            "endpoint_id",
            "vogsphere_id",
            "content_email",
            "tig_email",
            "time_of_community_service_started",
            "companies_mail",
            "address",
            "zip",
            "city",
            "country",
            "pro_needs_validation",
            "open_to_job_offers",
            "logo",
            "website",
            "facebook",
            "twitter",
            "display_name",
            "email_extension",
            "help_url",
            "logo_cache",
            "default_hidden_phone",
            "minimum_slot_duration",
            "manual_alumnization_before_first_internship",
            "public",
        ),
        required=(
            "name",
            "time_zone",
            "language_id",
            "content_email",
            "tig_email",
            "time_of_community_service_started",
            "address",
            "zip",
            "city",
            "country",
            "website",
            "display_name",
        ),
        enums={"time_zone": ("values", "description"), "country": ("values", "description")},
        ignored=("logo_cache",),
        create=Access.parse("role:Advanced tutor"),
        update=Access.parse("role:Advanced tutor"),
    ),
    members=(Member("stats", ("GET",), "/v2/campus/{id}/stats", _actions.campus_stats, transaction="none"),),
)

cursus = Resource(
    "cursus",
    Cursus,
    views={"index": cols("id", "created_at", "name", "slug", "kind")},
    lookups=("id", "slug"),
    writes=Writes(
        "cursus",
        keys=("name", "kind", "skill_ids"),
        required=("name",),
        enums={
            "kind": (
                "main",
                "main_deprecated",
                "piscine",
                "piscine_deprecated",
                "piscine_community",
                "test",
                "external",
                "external_deprecated",
                "professional_training",
                "professional_training_deprecated",
            )
        },
        ids=(Ids("skill_ids", cursus_skills, "cursus_id", "skill_id", "skills"),),
        access=Access.parse("role:Advanced tutor"),
    ),
)

RESOURCES = (languages, endpoints, campus, cursus, webhook_registeries)
