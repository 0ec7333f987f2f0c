"""resources.events: events, exams, waitlists, dashes, slots, announcements, broadcasts, flashes and mailings.

Shapes: api-shapes §4.1 (events, events_users), §4.2 (exams, exams_users), §4.3 (slots), §5
(announcements, dashes, dashes_users, flashes, flash_users, mailings, waitlists); broadcasts and
the exam status action have no reference body (GUESS, said where they are declared).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, String, Table, and_, cast, func, or_, select

from openintra.api.call import Answer
from openintra.api.spec import (
    PUBLIC,
    Access,
    Ctx,
    Expr,
    Graph,
    Hidden,
    Ids,
    Many,
    Member,
    One,
    Owner,
    Parent,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    hooks,
    mine,
    parent,
    polymorphic,
    through,
    view,
)
from openintra.api.tx import Tx
from openintra.core import jsonenc
from openintra.core.clock import format_ts, parse_ts
from openintra.core.errors import NotFound
from openintra.db.base import table_of
from openintra.db.types import wire_ts
from openintra.models.events import (
    Announcement,
    Broadcast,
    Dash,
    DashesUser,
    Event,
    EventsUser,
    Exam,
    ExamsUser,
    Flash,
    FlashUser,
    Mailing,
    Slot,
    Theme,
    Waitlist,
    events_campus,
    events_cursus,
    events_themes,
    exams_cursus,
    exams_projects,
)
from openintra.models.projects import ProjectsUser, ScaleTeam, Team
from openintra.models.users import CampusUser, User
from openintra.resources.projects import _hide_the_other_party, _is_set
from openintra.resources.users import _flag, staff_user
from openintra.rules import seats

STAFF_OR_EVENTS = Access.parse("role:Advanced staff,Events manager")

# --- shared builders ------------------------------------------------------------------------------


def _count_of(child: Table, column: str) -> Any:
    """SQL: how many ``child`` rows point at this row (``nbr_subscribers``)."""

    def build(table: Table, _dialect: str) -> ColumnElement[Any]:
        return (
            select(func.count()).select_from(child).where(child.c[column] == table.c.id)
            .correlate(table).scalar_subquery()
        )  # fmt: skip

    return build


def _id_list(assoc: Table, here: str, there: str) -> Any:
    """SQL: the ids linked through ``assoc``, as one comma-separated text (parsed by `_ids`)."""

    def build(table: Table, dialect: str) -> ColumnElement[Any]:
        column = assoc.c[there]
        if dialect == "postgresql":
            joined = func.string_agg(cast(column, String()), ",")
        else:
            joined = func.group_concat(column)
        return select(joined).where(assoc.c[here] == table.c.id).correlate(table).scalar_subquery()

    return build


def _ids(_ctx: Ctx, text: Any) -> list[int]:
    return sorted(int(part) for part in str(text).split(",")) if text else []


def _id_list_field(key: str, assoc: Table, here: str, there: str) -> Py:
    return Py(key, (), _ids, sql_inputs=((key, _id_list(assoc, here, there)),))


def _in_assoc(assoc: Table, here: str, there: str) -> Any:
    def condition(table: Table, parent_id: int) -> ColumnElement[bool]:
        return table.c.id.in_(select(assoc.c[here]).where(assoc.c[there] == parent_id))

    return condition


def _users_with_primary_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(User.id).where(User.primary_campus_id.in_(values)))


def _document(_ctx: Ctx, text: str | None) -> Any:
    """A JSON-text column (Rails serialized attribute) rendered as the document it holds."""
    return None if text is None else jsonenc.loads(text)


# --- waitlists --------------------------------------------------------------------------------------

_WAITLIST_KEYS = ("created_at", "id", "updated_at", "waitlistable_id", "waitlistable_type")
WAITLIST = cols(*_WAITLIST_KEYS)
"""api-shapes §5: the dated example's alphabetical order, with ``updated_at`` (emitted, §5)."""

waitlists = Resource(
    "waitlists",
    Waitlist,
    views={"index": WAITLIST},
    default_sort=("created_at", "-id"),
    read=STAFF_OR_EVENTS,
    writes=Writes(
        "waitlist",
        keys=(),
        destroy=Access.parse("role:Advanced staff,Events manager"),
        hooks=hooks(destroy=seats.waitlist_destroy),
    ),
)


def _waitlist_part(kind: str, column: str) -> Any:
    def build(table: Table, dialect: str) -> ColumnElement[Any]:
        value = (
            select(table_of(Waitlist).c[column])
            .where(Waitlist.waitlistable_type == kind, Waitlist.waitlistable_id == table.c.id)
            .correlate(table).scalar_subquery()
        )  # fmt: skip
        return value if column == "id" else wire_ts(value, dialect)

    return build


def _waitlist_field(kind: str) -> Py:
    """``waitlist``: null without one; else ``{id, waitlistable_id, waitlistable_type, created_at,
    updated_at}`` (api-shapes §4.1, the 2020 capture's order)."""

    def render(_ctx: Ctx, owner_id: int, waitlist_id: int | None, created: str, updated: str) -> Any:
        if waitlist_id is None:
            return None
        return {"id": waitlist_id, "waitlistable_id": owner_id, "waitlistable_type": kind,
                "created_at": created, "updated_at": updated}  # fmt: skip

    names = ("id", "created_at", "updated_at")
    parts = tuple((f"waitlist_{name}", _waitlist_part(kind, name)) for name in names)
    return Py("waitlist", ("id",), render, sql_inputs=parts)


def _waitlist_of(kind: str) -> Any:
    """``GET /v2/events/:event_id/waitlist`` (and exams): the single waitlist object, else 404 ``{}``."""

    def run(tx: Tx, ids: dict[str, int], _params: Mapping[str, Any]) -> Answer:
        table = table_of(Waitlist)
        owner_id = ids["id"]
        row = tx.conn.execute(
            select(*(table.c[key] for key in _WAITLIST_KEYS))
            .where(table.c.waitlistable_type == kind, table.c.waitlistable_id == owner_id)
        ).first()  # fmt: skip
        if row is None:
            raise NotFound()
        body = dict(zip(_WAITLIST_KEYS, row, strict=True))
        body["created_at"], body["updated_at"] = format_ts(body["created_at"]), format_ts(body["updated_at"])
        return Answer(200, body)

    return run


# --- events -----------------------------------------------------------------------------------------

themes = Resource(
    "themes",
    Theme,
    views={"index": cols("created_at", "id", "name", "updated_at")},
    flat=False,
    show=False,
)
"""Event themes: embedded only (alphabetical keys in every example, api-shapes §4.1)."""

_EVENT = view(
    cols("id", "name", "description", "location", "kind", "max_people"),
    Expr("nbr_subscribers", _count_of(table_of(EventsUser), "event_id")),
    cols("begin_at", "end_at"),
    _id_list_field("campus_ids", events_campus, "event_id", "campus_id"),
    _id_list_field("cursus_ids", events_cursus, "event_id", "cursus_id"),
    cols("created_at", "updated_at", "prohibition_of_cancellation"),
    _waitlist_field("Event"),
    Many("themes", "themes", "index", through=(events_themes, "event_id", "theme_id")),
)
"""api-shapes §4.1 in the 2020 live order (the 2019 example puts themes and waitlist before
prohibition_of_cancellation and the timestamps)."""


def _events_in_campus_and_cursus(table: Table, campus_id: int, cursus_id: int) -> ColumnElement[bool]:
    return and_(
        _in_assoc(events_campus, "event_id", "campus_id")(table, campus_id),
        _in_assoc(events_cursus, "event_id", "cursus_id")(table, cursus_id),
    )


def _exams_in_campus_and_cursus(table: Table, campus_id: int, cursus_id: int) -> ColumnElement[bool]:
    in_cursus = _in_assoc(exams_cursus, "exam_id", "cursus_id")(table, cursus_id)
    return and_(table.c.campus_id == campus_id, in_cursus)


events = Resource(
    "events",
    Event,
    views={"index": _EVENT},
    default_sort=("-begin_at", "-id"),
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(
        through("cursus", "cursus_id", events_cursus, "event_id", "cursus_id"),
        through("campus", "campus_id", events_campus, "event_id", "campus_id"),
        Parent(
            segments=(("campus", "campus_id"), ("cursus", "cursus_id")),
            condition=_events_in_campus_and_cursus,
        ),
        through("users", "user_id", table_of(EventsUser), "event_id", "user_id"),
    ),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "end_at")),
    writes=Writes(
        "event",
        keys=(
            "name",
            "begin_at",
            "end_at",
            "description",
            "location",
            "kind",
            "max_people",
            "prohibition_of_cancellation",
            "activate_waitlist",
            "events_themes_attributes",
            "cursus_ids",
            "campus_ids",
        ),
        required=("name", "begin_at", "end_at", "description", "kind"),
        enums={
            "kind": (
                "pedago",
                "rush",
                "piscine",
                "partnership",
                "meet",
                "conference",
                "meet_up",
                "event",
                "association",
                "speed_working",
                "hackathon",
                "workshop",
                "challenge",
                "other",
                "extern",
            )
        },
        ignored=("activate_waitlist", "events_themes_attributes"),
        ids=(
            Ids("cursus_ids", events_cursus, "event_id", "cursus_id", "cursus"),
            Ids("campus_ids", events_campus, "event_id", "campus_id", "campus"),
        ),
        access=Access.parse("role:Advanced staff,Events manager"),
    ),
    members=(
        Member(
            "waitlist",
            ("GET",),
            "/v2/events/{id}/waitlist",
            _waitlist_of("Event"),
            STAFF_OR_EVENTS,
            transaction="none",
        ),
    ),
)

events_users = Resource(
    "events_users",
    EventsUser,
    views={
        "index": view(
            cols("id", "event_id", "user_id"),
            One("user", "users", "micro", fk="user_id"),
            One("event", "events", "index", fk="event_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("campus_id", "int", _users_with_primary_campus),),
    parents=(parent("users", "user_id"), parent("events", "event_id")),
    writes=Writes(
        "events_user",
        keys=("event_id", "user_id"),
        required=("event_id", "user_id"),
        access=Access.parse("owner:profile or role:Advanced staff,Events manager"),
        hooks=hooks(create=seats.EVENTS.create, destroy=seats.EVENTS.destroy),
    ),
    owner=Owner("user_id"),
)
"""api-shapes §4.1 (typed models): ``created_at``/``updated_at`` are filterable but not emitted (GUESS there);
``user`` is UserMicro (api-shapes §10 #2 leaves UserMicro vs UserLite open). GUESS: ``filter[campus_id]``
is the subscriber's primary campus, as for the other join resources."""

# --- exams ------------------------------------------------------------------------------------------

_EXAM_BRIEF = view(
    cols("id", "ip_range", "begin_at", "end_at", "location", "max_people"),
    Expr("nbr_subscribers", _count_of(table_of(ExamsUser), "exam_id")),
    cols("name", "created_at", "updated_at"),
)

exams = Resource(
    "exams",
    Exam,
    views={
        "index": view(
            _EXAM_BRIEF,
            One("campus", "campus", "embed", fk="campus_id"),
            Many("cursus", "cursus", "index", through=(exams_cursus, "exam_id", "cursus_id")),
            Many("projects", "projects", "core", through=(exams_projects, "exam_id", "project_id")),
        ),
        "brief": _EXAM_BRIEF,
    },
    default_sort=("-begin_at", "-id"),
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
        Special("validated", "bool", _is_set("validated_at")),
    ),
    parents=(
        through("cursus", "cursus_id", exams_cursus, "exam_id", "cursus_id"),
        parent("campus", "campus_id"),
        Parent(
            segments=(("campus", "campus_id"), ("cursus", "cursus_id")), condition=_exams_in_campus_and_cursus
        ),
        through("users", "user_id", table_of(ExamsUser), "exam_id", "user_id"),
        through("projects", "project_id", exams_projects, "exam_id", "project_id"),
    ),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "end_at")),
    writes=Writes(
        "exam",
        keys=(
            "name",
            "begin_at",
            "end_at",
            "location",
            "ip_range",
            "visible",
            "max_people",
            "campus_id",
            "activate_waitlist",
            "prohibition_of_cancellation",
            "project_ids",
        ),
        required=("name", "begin_at", "end_at", "location", "ip_range", "campus_id"),
        ignored=("activate_waitlist",),
        ids=(Ids("project_ids", exams_projects, "exam_id", "project_id", "projects"),),
        access=Access.parse("role:Advanced tutor"),
    ),
    members=(
        Member(
            "waitlist",
            ("GET",),
            "/v2/exams/{id}/waitlist",
            _waitlist_of("Exam"),
            STAFF_OR_EVENTS,
            transaction="none",
        ),
    ),
)
"""api-shapes §4.2. The catalog says the index "returns additional fields when called with owner or
role:Basic staff" without naming them: openintra renders the documented shape to every caller."""

exams_users = Resource(
    "exams_users",
    ExamsUser,
    views={
        "index": view(
            cols("id", "exam_id", "user_id", "created_at", "updated_at"),
            One("user", "users", "micro", fk="user_id"),
            One("exam", "exams", "brief", fk="exam_id"),
        )
    },
    default_sort=("-id",),
    read=Access.parse("role:Basic staff"),
    parents=(parent("exams", "exam_id", create=True, destroy=True),),
    flat=False,
    show=False,
    writes=Writes(
        "exams_user",
        # The catalog lists no body keys (known gap): the table's own columns, required as NOT NULL (GUESS).
        keys=("user_id",),
        create=Access.parse("role:Advanced tutor"),
        destroy=Access.parse("role:Advanced tutor"),
        flat_create=False,
        flat_member=False,
        hooks=hooks(create=seats.EXAMS.create, destroy=seats.EXAMS.destroy),
    ),
)
"""api-shapes §4.2 (typed model only); GUESS: ``user`` is UserMicro, as in events_users."""

# --- dashes -----------------------------------------------------------------------------------------


def _as_text(_ctx: Ctx, value: Any) -> str | None:
    return None if value is None else str(value)


def _plus_minutes(_ctx: Ctx, begin_at: str | None, minutes: int | None) -> str | None:
    if begin_at is None or minutes is None:
        return None
    import datetime as dt

    return format_ts(parse_ts(begin_at) + dt.timedelta(minutes=minutes))


dashes = Resource(
    "dashes",
    Dash,
    views={
        "index": view(
            cols("id", "name", "description", "slug", "cursus_id", "campus_id", "skill_id"),
            Py("nbr_xp", ("nbr_xp",), _as_text),
            cols("begin_at"),
            Py("end_at", ("begin_at", "duration"), _plus_minutes),
        )
    },
    default_sort=("-id",),
    lookups=("id", "slug"),
    specials=(Special("future", "bool", _flag("begin_at", past=False)),),
    read=Access.role("Advanced tutor"),
    graph=Graph(fields=("created_at", "updated_at"), read=PUBLIC),
    writes=Writes(
        "dash",
        keys=(
            "name",
            "description",
            "slug",
            "cursus_id",
            "campus_id",
            "skill_id",
            "nbr_xp",
            "begin_at",
            "duration",
        ),
        required=(
            "name",
            "description",
            "cursus_id",
            "campus_id",
            "skill_id",
            "nbr_xp",
            "begin_at",
            "duration",
        ),
        access=Access.parse("role:Advanced tutor"),
    ),
)
"""api-shapes §5 (dated): ``nbr_xp`` is a string ("20"), ``end_at`` = ``begin_at`` + ``duration`` minutes."""

dashes_users = Resource(
    "dashes_users",
    DashesUser,
    views={"index": cols("id", "dash_id", "user_id", "repo_url", "repo_uuid", "final_mark")},
    default_sort=("-id",),
    parents=(parent("dashes", "dash_id", graph=False),),
    graph=Graph(fields=("created_at", "updated_at")),
    writes=Writes(
        "dashes_user",
        keys=("dash_id", "user_id", "repo_url", "repo_uuid", "final_mark"),
        required=("dash_id", "user_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

# --- slots ------------------------------------------------------------------------------------------


def _slots_of_project(table: Table, project_id: int) -> ColumnElement[bool]:
    """GUESS (slots have no project column): the slots booked for this project's evaluations, and the
    free slots of users who validated it (those who may evaluate it)."""
    booked = (
        select(ScaleTeam.id).join(Team, Team.id == ScaleTeam.team_id).where(Team.project_id == project_id)
    )
    evaluators = select(ProjectsUser.user_id).where(
        ProjectsUser.project_id == project_id, ProjectsUser.validated.is_(True)
    )
    free = and_(table.c.scale_team_id.is_(None), table.c.user_id.in_(evaluators))
    return or_(table.c.scale_team_id.in_(booked), free)


def _my_slots(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.user_id == user_id


def _hide_other_peoples_slots(item: dict[str, Any], viewer: int, now: str) -> None:
    """api-shapes §4.3, §9 #2: a user sees other people's slots with ``user: "invisible"``, and their
    booked evaluation as ``scale_team: "invisible"`` unless the viewer is one of its correcteds; the
    evaluation inside follows the scale_teams rule (each party hidden from the other before the
    defense). Slots are read with a user token only (``owner:projects``)."""
    user, team = item["user"], item["scale_team"]
    if isinstance(user, dict) and user["id"] == viewer:
        if isinstance(team, dict):
            _hide_the_other_party(team, viewer, now)
        return
    item["user"] = "invisible"
    if isinstance(team, dict):
        correcteds = team["correcteds"]
        if isinstance(correcteds, list) and any(member["id"] == viewer for member in correcteds):
            _hide_the_other_party(team, viewer, now)
        else:
            item["scale_team"] = "invisible"


slots = Resource(
    "slots",
    Slot,
    views={
        "index": view(
            cols("id", "begin_at", "end_at"),
            One("scale_team", "scale_teams", "in_team", fk="scale_team_id"),
            One("user", "users", "micro", fk="user_id"),
        )
    },
    default_sort=("-id",),
    specials=(
        Special("campus_id", "int", _users_with_primary_campus),
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(
        Parent(segments=(("projects", "project_id"),), condition=_slots_of_project, graph=True),
        parent("users", "user_id", graph=True),
    ),
    listings=(mine("slots", _my_slots, read=Access.parse("owner:projects")),),
    read=Access.parse("owner:projects"),
    graph=Graph(fields=("created_at", "begin_at", "end_at"), read=PUBLIC),
    redact=_hide_other_peoples_slots,
    writes=Writes(
        "slot",
        keys=("user_id", "begin_at", "end_at", "scale_team_id"),
        required=("user_id", "begin_at", "end_at"),
        access=Access.parse("owner:projects or role:Advanced tutor"),
    ),
    owner=Owner("user_id", reads=False),
    hidden=(
        Hidden("user", names=("user_id", "campus_id"), seen_by=staff_user, apps=True),
        Hidden("scale_team", names=("scale_team_id",), seen_by=staff_user, apps=True),
    ),
)
"""Only staff see who opened which slots: any other token may not sort or filter by the owner
(``user_id``, and GUESS the owner's ``campus_id``) nor by the booked evaluation (``scale_team_id``) —
app tokens neither, through the public graph."""

# --- announcements, broadcasts, flashes, mailings ---------------------------------------------------

announcements = Resource(
    "announcements",
    Announcement,
    views={
        "index": cols(
            "id",
            "author",
            "title",
            "text",
            "kind",
            "link",
            "created_at",
            "updated_at",
            "expire_at",
        ),
    },
    default_sort=("-expire_at", "-id"),
    specials=(Special("expire", "bool", _flag("expire_at", past=True)),),
    graph=Graph(fields=("created_at", "updated_at", "expire_at")),
    flat=False,
    parents=(
        parent(
            "cursus",
            "cursus_id",
            index=False,
            flat_param=False,
            create=True,
            sets=polymorphic("notificable", "Cursus"),
        ),
    ),
    writes=Writes(
        "announcement",
        keys=("cursus_ids", "campus_ids", "author", "title", "text", "kind", "expire_at", "image"),
        required=("author", "title", "text", "expire_at"),
        ignored=("cursus_ids", "campus_ids"),
        access=Access.parse("role:Community manager"),
    ),
)
"""api-shapes §5 (high-dated). Only show and the graph are served (the catalog lists no index).
GUESS: ``filter[expire]=true`` keeps the expired announcements."""


def _broadcasts_of_users_campus(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.campus_id.in_(select(CampusUser.campus_id).where(CampusUser.user_id == user_id))


broadcasts = Resource(
    "broadcasts",
    Broadcast,
    views={
        "index": cols(
            "id",
            "campus_id",
            "tag_id",
            "content",
            "pinned_until",
            "hidden_at",
            "url",
            "created_at",
            "updated_at",
            "content_html",
            "position",
        ),
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("hidden", "bool", _flag("hidden_at", past=True)),),
    parents=(parent("campus", "campus_id"),),
    read=Access.parse("owner"),
    flat=False,
    show=False,
    owner=Owner(build=_broadcasts_of_users_campus),
)
"""GUESS: no example anywhere (api-shapes §10 #4); the keys are the catalog's column list in its order.
``filter[hidden]=true`` keeps the broadcasts hidden by now. GUESS (the safe reading of ``owner``): a
user token reads the broadcasts of the campuses it belongs to (campus_users)."""

flashes = Resource(
    "flashes",
    Flash,
    views={"index": cols("id", "title", "content", "identifier", "duration", "selector")},
    default_sort=("created_at", "-id"),
    read=Access.role("Advanced tutor"),
    writes=Writes(
        "flash",
        keys=("content", "selector", "identifier", "title", "url", "duration"),
        required=("content", "identifier", "title", "duration"),
        update_keys=(),
        create=Access.parse("role:Advanced tutor"),
    ),
)

flash_users = Resource(
    "flash_users",
    FlashUser,
    views={
        "index": view(cols("id", "flash_id", "seen", "end_at"), One("user", "users", "micro", fk="user_id")),
    },
    default_sort=("created_at", "-id"),
    specials=(Special("end", "bool", _flag("end_at", past=True)),),
    parents=(parent("flashes", "flash_id", show=True, create=True),),
    read=Access.role("Advanced tutor"),
    writes=Writes(
        "flash_user",
        keys=("user_id", "flash_id", "seen", "end_at"),
        required=("user_id", "flash_id"),
        update_keys=(),
        create=Access.parse("role:Advanced tutor"),
    ),
)
"""api-shapes §5 (dated). GUESS: ``filter[end]=true`` keeps the flash_users whose ``end_at`` is past."""

mailings = Resource(
    "mailings",
    Mailing,
    views={
        "index": view(
            cols("id", "subject", "created_at", "updated_at", "identifier"),
            Py("meta", ("meta",), _document),
            cols("title", "subtitle", "attachment", "from"),
            Py("to", ("to",), _document),
            Py("cc", ("cc",), _document),
            Py("bcc", ("bcc",), _document),
            cols("content", "html_content"),
            Py("attachments", ("attachments",), _document),
        )
    },
    default_sort=("-created_at", "-id"),
    parents=(parent("users", "user_id"),),
    read=Access.parse("role:Advanced staff,Advanced tutor"),
    writes=Writes(
        "mailing",
        keys=("subject", "content", "from", "to", "cc", "bcc", "title", "subtitle", "identifier", "meta"),
        required=("subject", "content", "from"),
        serialized=("meta", "to", "cc", "bcc", "attachments"),
        access=Access.parse("role:Advanced staff,Advanced tutor"),
    ),
)
"""api-shapes §5 (dated). ``meta``, ``to``, ``cc``, ``bcc``, ``attachments`` are stored as JSON text."""

RESOURCES: tuple[Resource, ...] = (
    themes, waitlists, events, events_users, exams, exams_users, dashes, dashes_users, slots, announcements,
    broadcasts, flashes, flash_users, mailings,
)  # fmt: skip
