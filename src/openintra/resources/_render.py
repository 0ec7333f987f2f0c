"""resources._render: small Python renderers shared by the specs (URLs, images, dates)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Table, select

from openintra.api.spec import Ctx, Expr, Py
from openintra.core.clock import local_midnight
from openintra.models.campus import Campus
from openintra.models.users import User


def user_url(ctx: Ctx, login: str) -> str:
    return f"{ctx.api_url}/v2/users/{login}"


def profile_url(_ctx: Ctx, login: str) -> str:
    return f"https://profile.intra.42.fr/users/{login}"


def team_url(ctx: Ctx, team_id: int) -> str:
    return f"{ctx.api_url}/v2/teams/{team_id}"


def achievement_users_url(ctx: Ctx, achievement_id: int) -> str:
    return f"{ctx.api_url}/v2/achievements/{achievement_id}/users"


def project_url(_ctx: Ctx, slug: str) -> str:
    return f"https://projects.intra.42.fr/{slug}/mine"


_VERSIONS = ("large", "medium", "small", "micro")


def user_image(_ctx: Ctx, link: str | None) -> dict[str, Any]:
    """``{link, versions: {large, medium, small, micro}}``; every key present, null without photo."""
    if link is None:
        return {"link": None, "versions": dict.fromkeys(_VERSIONS)}
    head, _, name = link.rpartition("/")
    return {"link": link, "versions": {size: f"{head}/{size}_{name}" for size in _VERSIONS}}


def campus_midnight(_ctx: Ctx, day: str | None, time_zone: str | None) -> str | None:
    """Users' ``anonymize_date``/``data_erasure_date``: local midnight with the campus offset."""
    if day is None:
        return None
    return _midnight(day, time_zone or "UTC")


@lru_cache(maxsize=8192)
def _midnight(day: str, time_zone: str) -> str:
    """Days and campus zones repeat across a page of users: each pair is computed once."""
    return local_midnight(dt.date.fromisoformat(day), time_zone)


def full_name(_ctx: Ctx, first: str, usual_first: str | None, last: str) -> str:
    return f"{usual_first or first} {last}"


def display_name(_ctx: Ctx, first: str, last: str) -> str:
    return f"{first} {last}"


def evaluation(_ctx: Ctx, evaluation_id: int | None) -> dict[str, Any] | None:
    return None if evaluation_id is None else {"id": evaluation_id, "kind": "scale"}


def user_login(column: str) -> Any:
    """SQL: the login of the user whose id is in ``column``."""

    def build(table: Table, _dialect: str) -> ColumnElement[Any]:
        return select(User.login).where(User.id == table.c[column]).correlate(table).scalar_subquery()

    return build


def campus_time_zone(table: Table, _dialect: str) -> ColumnElement[Any]:
    return (
        select(Campus.time_zone)
        .where(Campus.id == table.c.primary_campus_id)
        .correlate(table)
        .scalar_subquery()
    )


def login_and_url(user_column: str = "user_id", *, first: str = "login") -> tuple[Any, ...]:
    """``login`` then ``url`` of the user in ``user_column`` (flattened user, as 42 renders it)."""
    login = user_login(user_column)
    fields: tuple[Any, ...] = (
        Expr("login", login),
        Py("url", (), user_url, sql_inputs=(("login", login),)),
    )
    return fields if first == "login" else fields[::-1]
