"""resources._actions: the GET member actions that are not a list of rows (api-shapes §3.1, §3.9).

Each is a `openintra.api.spec.Member` run, ``run(tx, ids, params) → Answer``; a bad parameter is a
400 with ``{"error": "Bad Request", "message": …}``, never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, or_, select

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.clock import as_utc, parse_ts, utc_now
from openintra.core.errors import BadRequest
from openintra.models.campus import Campus
from openintra.models.projects import ProjectsUser, projects_cursus
from openintra.models.users import CampusUser, CursusUser, Location, User

Params = Mapping[str, Any]


def _last(params: Params, key: str) -> str | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a single value")
    return value


def _date_param(params: Params, key: str) -> dt.datetime | None:
    text = _last(params, key)
    if text is None:
        return None
    try:
        return parse_ts(text)
    except ValueError:
        raise BadRequest(f"{key} must be a date (YYYY-MM-DD or ISO 8601), got {text[:40]!r}") from None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(f"time_zone must be an IANA time zone (Europe/Paris), got {name[:64]!r}") from None


def format_duration(seconds: dt.timedelta) -> str:
    """``HH:MM:SS.ffffff``, as 42 renders a day's logged time."""
    micros = int(seconds / dt.timedelta(microseconds=1))
    whole, fraction = divmod(micros, 1_000_000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{fraction:06d}"


def split_by_local_day(
    begin: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> list[tuple[dt.date, dt.timedelta]]:
    """The parts of ``[begin, end)`` that fall on each local calendar day of ``zone``."""
    parts: list[tuple[dt.date, dt.timedelta]] = []
    cursor = begin
    while cursor < end:
        local = cursor.astimezone(zone)
        next_day = local.date() + dt.timedelta(days=1)
        midnight = dt.datetime(next_day.year, next_day.month, next_day.day, tzinfo=zone).astimezone(dt.UTC)
        stop = min(end, midnight)
        parts.append((local.date(), stop - cursor))
        cursor = stop
    return parts


def locations_stats(tx: Tx, ids: dict[str, int], params: Params) -> Answer:
    """``GET /v2/users/:id/locations_stats``: ``{"YYYY-MM-DD": "HH:MM:SS.ffffff"}``, newest day first.

    Optional ``begin_at``, ``end_at`` (clip the sessions) and ``time_zone`` (days are local days;
    default the user's primary campus zone, else UTC). A session still open counts up to now.
    Only days with presence appear. GUESS: without ``begin_at`` the whole history is counted.
    """
    conn, user_id = tx.conn, ids["id"]
    begin = _date_param(params, "begin_at")
    end = _date_param(params, "end_at")
    zone_name = _last(params, "time_zone")
    if zone_name is None:
        zone_name = conn.execute(
            select(Campus.time_zone).join(User, User.primary_campus_id == Campus.id).where(User.id == user_id)
        ).scalar()
    zone = _zone(zone_name or "UTC")
    now = utc_now()
    stop = min(end, now) if end is not None else now
    where = [Location.user_id == user_id, Location.begin_at <= stop]
    if begin is not None:
        where.append(or_(Location.end_at.is_(None), Location.end_at >= begin))
    totals: dict[dt.date, dt.timedelta] = defaultdict(dt.timedelta)
    for session_begin, session_end in conn.execute(select(Location.begin_at, Location.end_at).where(*where)):
        start = as_utc(session_begin) if begin is None else max(as_utc(session_begin), begin)
        finish = min(as_utc(session_end), stop) if session_end is not None else stop
        for day, spent in split_by_local_day(start, finish, zone):
            totals[day] += spent
    return Answer(
        200,
        {
            day.isoformat(): format_duration(totals[day])
            for day in sorted(totals, reverse=True)
            if totals[day]
        },
    )


def campus_stats(tx: Tx, ids: dict[str, int], _params: Params) -> Answer:
    """``GET /v2/campus/:campus_id/stats`` — GUESS: the reference knows no shape (api-shapes §10.4).

    openintra answers the campus's head counts, computed in one statement: users, active
    students (a running cursus), alumni, staff, people logged in now, and projects in progress.
    """
    conn, campus_id = tx.conn, ids["id"]
    now = utc_now()
    members = select(CampusUser.user_id).where(CampusUser.campus_id == campus_id)
    running = and_(CursusUser.begin_at <= now, or_(CursusUser.end_at.is_(None), CursusUser.end_at > now))

    def count(stmt: Any) -> Any:
        return stmt.scalar_subquery()

    row = conn.execute(
        select(
            count(select(func.count()).select_from(CampusUser).where(CampusUser.campus_id == campus_id)),
            count(select(func.count(func.distinct(CursusUser.user_id))).where(CursusUser.user_id.in_(members), running)),
            count(select(func.count()).select_from(User).where(User.id.in_(members), User.alumni.is_(True))),
            count(select(func.count()).select_from(User).where(User.id.in_(members), User.staff.is_(True))),
            count(select(func.count()).select_from(Location).where(Location.campus_id == campus_id,
                                                                   Location.end_at.is_(None))),
            count(select(func.count()).select_from(ProjectsUser).where(ProjectsUser.user_id.in_(members),
                                                                       ProjectsUser.status == "in_progress")),
        )
    ).one()  # fmt: skip
    keys = ("users_count", "active_users_count", "alumni_count", "staff_count", "active_locations_count",
            "projects_users_in_progress_count")  # fmt: skip
    return Answer(
        200, {"campus_id": campus_id, **{key: int(value) for key, value in zip(keys, row, strict=True)}}
    )


def registrable_projects(table: Any, user_id: int) -> Any:
    """``/v2/users/:user_id/projects_users/registration`` — projects the user may register to.

    GUESS (the reference shows no body): visible, top-level projects of a cursus the user follows,
    on which the user has no registration yet; rendered as the projects index.
    """
    followed = select(CursusUser.cursus_id).where(CursusUser.user_id == user_id)
    in_cursus = select(projects_cursus.c.project_id).where(projects_cursus.c.cursus_id.in_(followed))
    registered = select(ProjectsUser.project_id).where(ProjectsUser.user_id == user_id)
    return and_(
        table.c.visible.is_(True), table.c.parent_id.is_(None), table.c.id.in_(in_cursus),
        table.c.id.not_in(registered),
    )  # fmt: skip
