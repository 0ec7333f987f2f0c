"""rules.projects: projects_users, teams and their members — register, retry, lock and close, marks.

A projects_user is one user's attempts at one project; each attempt (``occurrence``, 0-based) is a
team. What 42 shows, and the seed builds, is kept as the rule:

- One projects_user per user and project (``user_id: has already been taken``). Registering
  (``POST /v2/projects_users``, the nested creates, ``POST /v2/projects/:id/register``) makes the
  user's first team too: ``"<login>'s group"``, the user its leader, on the project's session for
  the user's campus (else its global session). A parent project without a session of its own
  (``CPP Modules`` in the seed) takes a projects_user without a team, status ``parent``; any other
  project without a session → 422 (GUESS). A team on a solo session is
  locked at once (``in_progress``), a group one starts ``creating_group`` (GUESS). The status the
  client sends on a create is the new team's (GUESS: the team decides); a ``final_mark`` given by
  staff closes and marks the team.
- A team's state follows its dates and mark: ``locked?`` = ``locked_at`` set, ``closed?`` =
  ``closed_at`` set, ``status`` creating_group → in_progress (locked) → waiting_for_correction
  (closed) → finished (marked). A closed team cannot be unlocked, an unlocked one cannot be closed,
  nor closed before it was locked, and only a closed team takes a mark (GUESS, 422).
- ``validated?`` is ``final_mark >= 50``, as in the seed (sessions carry ``minimum_mark`` 80, but
  every seeded mark from 50 validates; GUESS: 50 for every project).
- When a team's status or mark changes, the projects_users whose current team it is take them
  (``marked``, ``marked_at`` now, ``retriable_at`` a day later — GUESS, the seed's cooldown).
- One leader per team (``teams_users.leader``; a second one is ``leader: has already been taken``,
  GUESS). A member added to a team is linked to their projects_user of its project.
- Retry: ``occurrence`` + 1 and a new team (``"<login>'s group-<n>"``, the user alone as leader),
  only once the projects_user is ``finished`` and its ``retriable_at`` has passed; the projects_user
  is no longer marked. ``force=true`` skips both — staff only: from a token without the Advanced
  tutor/staff role it is refused 403 (GUESS). The old teams stay as they are (history).
- Destroying a projects_user (``DELETE /v2/projects_users/:id``, ``reset``) removes its
  memberships; its teams left without members and never evaluated go too, with their uploads
  (GUESS: evaluated teams stay, the evaluations' history).
- With a user token and no staff role, a user registers, retries, resets… only their own
  projects_user (403).

Concurrency: a registration locks the user's row, a retry the projects_user's, a team's update the
team's (then writes its projects_users); the occurrence moves by a conditional UPDATE, so of many
simultaneous retries exactly one succeeds and of many registrations exactly one is written. A reset
locks the projects_user, then its teams; should it meet a concurrent mark of the same team (team,
then projects_user) on PostgreSQL, the deadlock is retried by the engine.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, select, update

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.errors import Forbidden, Invalid, NotFound
from openintra.db.base import table_of
from openintra.models.pedagogy import TeamsUpload
from openintra.models.projects import Project, ProjectSession, ProjectsUser, Scale, ScaleTeam, Team, TeamsUser
from openintra.models.users import User
from openintra.rules import _params
from openintra.rules._params import boolean, identifier

USERS = table_of(User)
PROJECTS = table_of(Project)
SESSIONS = table_of(ProjectSession)
PU = table_of(ProjectsUser)
TEAMS = table_of(Team)
MEMBERS = table_of(TeamsUser)
UPLOADS = table_of(TeamsUpload)
SCALES = table_of(Scale)
SCALE_TEAMS = table_of(ScaleTeam)

PASS_MARK = 50
COOLDOWN = dt.timedelta(days=1)
TAKEN = "has already been taken"
STAFF = frozenset({"Advanced tutor", "Advanced staff"})
TUTOR = frozenset({"Advanced tutor"})
NETWORK = frozenset({"42network"})
NETWORK_TUTOR = frozenset({"42network", "Advanced tutor"})


# --- parameters and callers ----------------------------------------------------------------------


def existing(tx: Tx, table: Any, row_id: int, key: str) -> dict[str, Any]:
    row = tx.one(table, row_id)
    if row is None:
        raise Invalid.one(key.removesuffix("_id"), "must exist")  # the engine's key: ``user``
    return row


def own(tx: Tx, user_id: Any, roles: frozenset[str]) -> None:
    _params.own(tx, user_id, roles, "A user acts only on their own projects")


def is_staff(tx: Tx, roles: frozenset[str] = STAFF) -> bool:
    return bool(tx.principal.roles & roles)


def wrapped(params: Mapping[str, Any], wrapper: str) -> dict[str, Any]:
    inner = params.get(wrapper)
    if inner is None:
        return {k: v for k, v in params.items() if k not in (wrapper, "scales", "force")}
    if not isinstance(inner, dict):
        raise Invalid.one(wrapper, "is invalid")
    return dict(inner)


# --- teams ---------------------------------------------------------------------------------------


def team_state(team: Mapping[str, Any]) -> dict[str, Any]:
    """``locked``, ``closed``, ``status`` and ``validated`` of a team, from its dates and mark."""
    locked, closed, mark = (
        team.get("locked_at") is not None,
        team.get("closed_at") is not None,
        team.get("final_mark"),
    )
    status = (
        "finished" if mark is not None
        else "waiting_for_correction" if closed
        else "in_progress" if locked
        else "creating_group"
    )  # fmt: skip
    return {"locked": locked, "closed": closed, "status": status,
            "validated": None if mark is None else mark >= PASS_MARK}  # fmt: skip


def check_team(merged: Mapping[str, Any], old: Mapping[str, Any]) -> None:
    locked_at, closed_at = merged.get("locked_at"), merged.get("closed_at")
    if old.get("closed_at") is not None and closed_at is not None and locked_at is None:
        raise Invalid.one("locked_at", "cannot be removed from a closed team")
    if closed_at is not None and locked_at is None:
        raise Invalid.one("closed_at", "cannot be set on a team that is not locked")
    if closed_at is not None and locked_at is not None and closed_at < locked_at:
        raise Invalid.one("closed_at", "must be after locked_at")
    if merged.get("final_mark") is not None and closed_at is None:
        raise Invalid.one("final_mark", "cannot be given to a team that is not closed")


def team_create(tx: Tx, values: dict[str, Any]) -> None:
    check_team(values, {})
    values.update(team_state(values))


def team_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    merged = old | values
    check_team(merged, old)
    values.update(team_state(merged))


def team_updated(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    """The projects_users whose current team this is take its status and mark."""
    if all(values.get(key, old[key]) == old[key] for key in ("status", "final_mark")):
        return
    mark = values.get("final_mark", old["final_mark"])
    remarked = mark is not None and mark != old["final_mark"]
    changes: dict[str, Any] = {
        "status": values["status"], "final_mark": mark, "validated": values["validated"],
        "marked": mark is not None, "updated_at": tx.now,
    }  # fmt: skip
    if remarked:
        changes |= {"marked_at": tx.now, "retriable_at": tx.now + COOLDOWN}
    elif mark is None:
        changes |= {"marked_at": None, "retriable_at": None}
    followers = tx.conn.execute(
        update(PU).where(PU.c.current_team_id == row_id).values(**changes).returning(PU.c.id, PU.c.user_id)
    ).all()
    for follower in followers:
        tx.journal("ProjectsUser", follower.id, "update from its team", user_id=follower.user_id)


def session_for(tx: Tx, project_id: int, user_id: int) -> dict[str, Any] | None:
    """The project's session for the user's campus, else its global one (the lowest id)."""
    campus_id = tx.conn.execute(select(USERS.c.primary_campus_id).where(USERS.c.id == user_id)).scalar()
    row = tx.conn.execute(
        select(SESSIONS).where(
            SESSIONS.c.project_id == project_id,
            SESSIONS.c.campus_id.is_(None) | (SESSIONS.c.campus_id == campus_id),
        ).order_by(SESSIONS.c.campus_id.is_(None), SESSIONS.c.id).limit(1)
    ).mappings().first()  # fmt: skip
    return dict(row) if row is not None else None


def new_team(tx: Tx, pu: Mapping[str, Any], occurrence: int, mark: int | None = None) -> None:
    """The projects_user's team for ``occurrence``, its user the leader; the projects_user follows it."""
    session = session_for(tx, pu["project_id"], pu["user_id"])
    if session is None:
        raise Invalid.one("project_id", "has no session to register to")
    login = tx.conn.execute(select(USERS.c.login).where(USERS.c.id == pu["user_id"])).scalar_one()
    dates = {
        "locked_at": tx.now if session["solo"] or mark is not None else None,
        "closed_at": tx.now if mark is not None else None,
        "final_mark": mark,
    }
    state = team_state(dates)
    team_id = tx.insert(TEAMS, {
        "name": f"{login}'s group" + (f"-{occurrence}" if occurrence else ""), "project_id": pu["project_id"],
        "project_session_id": session["id"], "repo_uuid": "", "created_at": tx.now, "updated_at": tx.now,
        **dates, **state,
    })  # fmt: skip
    tx.conn.execute(
        update(TEAMS).where(TEAMS.c.id == team_id)
        .values(repo_uuid=f"intra-uuid-{uuid.uuid4()}-{team_id}-{login}")
    )  # fmt: skip
    tx.journal("Team", team_id, "create", user_id=pu["user_id"])
    member = tx.insert(MEMBERS, {
        "team_id": team_id, "user_id": pu["user_id"], "leader": True, "validated": True,
        "occurrence": occurrence, "projects_user_id": pu["id"], "created_at": tx.now, "updated_at": tx.now,
    })  # fmt: skip
    tx.journal("TeamsUser", member, "create", user_id=pu["user_id"])
    tx.conn.execute(
        update(PU).where(PU.c.id == pu["id"]).values(
            current_team_id=team_id, status=state["status"], final_mark=mark, validated=state["validated"],
            marked=mark is not None, marked_at=tx.now if mark is not None else None,
            retriable_at=tx.now + COOLDOWN if mark is not None else None, updated_at=tx.now,
        )
    )  # fmt: skip


# --- projects_users ------------------------------------------------------------------------------


def _counted(values: Mapping[str, Any]) -> None:
    if isinstance(values.get("occurrence"), int) and values["occurrence"] < 0:
        raise Invalid.one("occurrence", "must be greater than or equal to 0")


def projects_user_create(tx: Tx, values: dict[str, Any]) -> None:
    _counted(values)
    user_id, project_id = values.get("user_id"), values.get("project_id")
    if not isinstance(user_id, int) or not isinstance(project_id, int):
        return
    own(tx, user_id, STAFF)
    if tx.lock(USERS, user_id) is None or tx.one(PROJECTS, project_id) is None:
        return  # the engine answers ``must exist``
    taken = tx.conn.execute(
        select(PU.c.id).where(PU.c.user_id == user_id, PU.c.project_id == project_id)
    ).first()
    if taken is not None:
        raise Invalid.one("user_id", TAKEN)
    if session_for(tx, project_id, user_id) is None and not has_children(tx, project_id):
        raise Invalid.one("project_id", "has no session to register to")


def has_children(tx: Tx, project_id: int) -> bool:
    return tx.conn.execute(select(exists().where(PROJECTS.c.parent_id == project_id))).scalar() is True


def projects_user_created(tx: Tx, row_id: int, values: dict[str, Any]) -> None:
    pu = tx.row(PU, row_id)
    if session_for(tx, pu["project_id"], pu["user_id"]) is None:  # a parent project: no team of its own
        tx.conn.execute(update(PU).where(PU.c.id == row_id).values(status="parent"))
        return
    new_team(tx, pu, int(values.get("occurrence") or 0), values.get("final_mark"))


def projects_user_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    """Staff set a mark directly: ``validated?`` and ``marked`` follow it (GUESS)."""
    _counted(values)
    if "final_mark" in values and values["final_mark"] != old["final_mark"]:
        mark = values["final_mark"]
        values |= {"validated": None if mark is None else mark >= PASS_MARK, "marked": mark is not None}
        if mark is not None:
            values.setdefault("marked_at", tx.now)


def projects_user_destroy(tx: Tx, old: dict[str, Any]) -> None:
    tx.conn.execute(update(PU).where(PU.c.id == old["id"]).values(current_team_id=None))
    memberships = tx.conn.execute(
        select(MEMBERS.c.id, MEMBERS.c.team_id)
        .where(MEMBERS.c.projects_user_id == old["id"])
        .order_by(MEMBERS.c.id)
    ).all()
    for membership in memberships:
        tx.destroy("teams_users", membership.id)
    for team_id in sorted({membership.team_id for membership in memberships}):
        kept = tx.conn.execute(
            select(
                exists().where(MEMBERS.c.team_id == team_id)
                | exists().where(SCALE_TEAMS.c.team_id == team_id)
                | exists().where(PU.c.current_team_id == team_id)
            )
        ).scalar()  # fmt: skip
        if kept:
            continue
        for upload in (
            tx.conn.execute(select(UPLOADS.c.id).where(UPLOADS.c.team_id == team_id)).scalars().all()
        ):
            tx.destroy("teams_uploads", upload)
        tx.destroy("teams", team_id)


def retry(tx: Tx, pu_id: int, params: Mapping[str, Any]) -> Answer:
    force = boolean(params, "force")
    pu = tx.lock(PU, pu_id)
    if pu is None:
        raise NotFound()
    if force and not is_staff(tx):
        raise Forbidden("force=true needs the Advanced tutor or Advanced staff role")
    if not force:
        if pu["status"] != "finished":
            raise Invalid.one("status", "must be finished to retry")
        if pu["retriable_at"] is not None and pu["retriable_at"] > tx.now:
            raise Invalid.one("retriable_at", "has not passed yet")
    moved = tx.conn.execute(
        update(PU).where(PU.c.id == pu_id, PU.c.occurrence == pu["occurrence"])
        .values(occurrence=PU.c.occurrence + 1, updated_at=tx.now)
    )  # fmt: skip
    if moved.rowcount != 1:
        raise Invalid.one("occurrence", "has changed; retry again")
    new_team(tx, pu, pu["occurrence"] + 1)
    tx.journal("ProjectsUser", pu_id, "retry" + (" (forced)" if force else ""), user_id=pu["user_id"])
    return Answer(200, tx.show("projects_users", pu_id))


def retry_projects_user(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    return retry(tx, ids["id"], params)


def retry_project(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """The token's user's projects_user of the project (an app token names one: ``user_id``, GUESS)."""
    user_id = tx.principal.user_id
    if user_id is None:
        user_id = identifier(params, "user_id")
        existing(tx, USERS, user_id, "user_id")
    found = tx.conn.execute(
        select(PU.c.id).where(PU.c.project_id == ids["id"], PU.c.user_id == user_id)
    ).scalar()
    if found is None:
        raise NotFound()
    return retry(tx, int(found), params)


def register(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """``POST /v2/projects/:project_id/register``: the create, the user being the token's by default."""
    attributes = wrapped(params, "projects_user")
    if attributes.get("user_id") in (None, "") and tx.principal.user_id is not None:
        attributes["user_id"] = tx.principal.user_id
    attributes.pop("project_id", None)
    row_id = tx.create("projects_users", attributes, {"project_id": ids["project_id"]})
    return Answer(201, tx.show("projects_users", row_id))


def compile_projects_user(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """GUESS: openintra compiles nothing; the projects_user is recomputed from its current team
    (status, mark, ``validated?``). ``project_users_id`` must name the same projects_user."""
    given = identifier(params, "project_users_id")
    if given != ids["id"]:
        raise Invalid.one("project_users_id", "does not match the projects user")
    pu = tx.lock(PU, ids["id"])
    if pu is None:
        raise NotFound()
    team = tx.one(TEAMS, pu["current_team_id"]) if pu["current_team_id"] is not None else None
    if team is not None:
        mark = team["final_mark"]
        tx.conn.execute(
            update(PU).where(PU.c.id == pu["id"]).values(
                status=team["status"], final_mark=mark, validated=team["validated"], marked=mark is not None,
                marked_at=pu["marked_at"] or (tx.now if mark is not None else None), updated_at=tx.now,
            )
        )  # fmt: skip
    tx.journal("ProjectsUser", pu["id"], "compile", user_id=pu["user_id"])
    return Answer(200, tx.show("projects_users", pu["id"]))


def _projects_user_of(tx: Tx, params: Mapping[str, Any], roles: frozenset[str]) -> dict[str, Any]:
    """The projects_user named by ``user_id`` and ``project_id`` (both required); not locked here
    (its destroy locks it; ``scale`` writes only the team)."""
    errors: dict[str, list[str]] = {}
    parsed: dict[str, int] = {}
    for key, table in (("user_id", USERS), ("project_id", PROJECTS)):
        try:
            parsed[key] = identifier(params, key)  # type: ignore[assignment]
            existing(tx, table, parsed[key], key)
        except Invalid as invalid:
            errors |= invalid.errors
    if errors:
        raise Invalid(errors)
    own(tx, parsed["user_id"], roles)
    found = tx.conn.execute(
        select(PU.c.id).where(PU.c.user_id == parsed["user_id"], PU.c.project_id == parsed["project_id"])
    ).scalar()
    pu = tx.one(PU, int(found)) if found is not None else None
    if pu is None:
        raise NotFound()
    return pu


def reset_projects_user(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """GUESS: the user's projects_user of the project is destroyed (its memberships, and its teams
    nobody else holds and nobody evaluated); the user may register again, occurrence 0."""
    pu = _projects_user_of(tx, params, NETWORK)
    tx.destroy("projects_users", pu["id"])
    return Answer(200, ["Success"])


def apply_scale(tx: Tx, pu: Mapping[str, Any], scale_id: int, key: str = "scale") -> None:
    """The projects_user's current team is moved to the session that ``scale_id`` grades."""
    scale = existing(tx, SCALES, scale_id, key)
    session = (
        tx.one(SESSIONS, scale["project_session_id"]) if scale["project_session_id"] is not None else None
    )
    if session is None or session["project_id"] != pu["project_id"]:
        raise Invalid.one(key, "does not grade this project")
    if pu["current_team_id"] is None:
        raise Invalid.one("base", "the projects user has no team")
    tx.update("teams", pu["current_team_id"], {"project_session_id": session["id"]})


def scale_projects_user(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """GUESS: the scale (an id) is applied to the user's current team of the project: the team moves
    to the project session that scale grades (its evaluations use it). 422 when it grades another
    project."""
    try:
        scale_id = identifier(params, "scale")
    except Invalid as invalid:
        try:
            _projects_user_of(tx, params, NETWORK)
        except Invalid as more:
            raise Invalid(invalid.errors | more.errors) from None
        raise
    pu = _projects_user_of(tx, params, NETWORK)
    apply_scale(tx, pu, scale_id)  # type: ignore[arg-type]
    tx.journal("ProjectsUser", pu["id"], "scale", user_id=pu["user_id"])
    return Answer(200, {})


def register_childs_and_scales(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """GUESS: the user is registered to the project (kept if already) and to each of its child
    projects not yet registered; the parent's projects_user takes the status ``parent``. ``scales``
    maps child project ids to the scale applied to that child's team (as ``scale`` does). 200 with
    the parent's projects_user (42 answers 200 here)."""
    attributes = wrapped(params, "projects_user")
    if attributes.get("user_id") in (None, "") and tx.principal.user_id is not None:
        attributes["user_id"] = tx.principal.user_id
    user_id = identifier(attributes, "user_id")
    project_id = identifier(attributes, "project_id")
    existing(tx, USERS, user_id, "user_id")  # type: ignore[arg-type]
    existing(tx, PROJECTS, project_id, "project_id")  # type: ignore[arg-type]
    own(tx, user_id, NETWORK_TUTOR)
    children = list(
        tx.conn.execute(
            select(PROJECTS.c.id).where(PROJECTS.c.parent_id == project_id).order_by(PROJECTS.c.id)
        ).scalars()
    )
    scales = params.get("scales") or {}
    if not isinstance(scales, dict):
        raise Invalid.one("scales", "is invalid")
    chosen: dict[int, int] = {}
    for child, scale in scales.items():
        child_id = identifier({"scales": child}, "scales")
        if child_id not in children:
            raise Invalid.one("scales", f"names {child}, not a child project of the project")
        chosen[child_id] = identifier({f"scales[{child}]": scale}, f"scales[{child}]")  # type: ignore[assignment]

    def registered(pid: int) -> dict[str, Any]:
        found = tx.conn.execute(
            select(PU.c.id).where(PU.c.user_id == user_id, PU.c.project_id == pid)
        ).scalar()
        if found is None:
            found = tx.create("projects_users", {"user_id": user_id, "project_id": pid})
        return tx.row(PU, int(found), lock=True)

    parent = registered(project_id)  # type: ignore[arg-type]
    for child_id in children:
        pu = registered(child_id)
        if child_id in chosen:
            apply_scale(tx, pu, chosen[child_id], f"scales[{child_id}]")
    if children and parent["status"] != "parent":
        tx.conn.execute(update(PU).where(PU.c.id == parent["id"]).values(status="parent", updated_at=tx.now))
    tx.journal("ProjectsUser", parent["id"], "register_childs_and_scales", user_id=user_id)
    return Answer(200, tx.show("projects_users", parent["id"]))


# --- members and uploads -------------------------------------------------------------------------


def _one_leader(tx: Tx, team_id: Any, leader: Any, own_id: int | None = None) -> None:
    if not leader or not isinstance(team_id, int) or tx.lock(TEAMS, team_id) is None:
        return
    stmt = select(MEMBERS.c.id).where(MEMBERS.c.team_id == team_id, MEMBERS.c.leader.is_(True))
    if own_id is not None:
        stmt = stmt.where(MEMBERS.c.id != own_id)
    if tx.conn.execute(stmt.limit(1)).first() is not None:
        raise Invalid.one("leader", TAKEN)


def teams_user_create(tx: Tx, values: dict[str, Any]) -> None:
    team_id, user_id = values.get("team_id"), values.get("user_id")
    _one_leader(tx, team_id, values.get("leader"))
    if values.get("projects_user_id") is None and isinstance(team_id, int) and isinstance(user_id, int):
        project_id = tx.conn.execute(select(TEAMS.c.project_id).where(TEAMS.c.id == team_id)).scalar()
        values["projects_user_id"] = tx.conn.execute(
            select(PU.c.id).where(PU.c.user_id == user_id, PU.c.project_id == project_id)
        ).scalar()


def teams_user_update(tx: Tx, row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
    _one_leader(tx, values.get("team_id", old["team_id"]), values.get("leader", old["leader"]), row_id)


def reset_team_uploads(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """GUESS: the team's automated results (teams_uploads) are destroyed; 200 with the team."""
    team = tx.lock(TEAMS, ids["id"])
    if team is None:
        raise NotFound()
    for upload in (
        tx.conn.execute(select(UPLOADS.c.id).where(UPLOADS.c.team_id == team["id"])).scalars().all()
    ):
        tx.destroy("teams_uploads", upload)
    tx.journal("Team", team["id"], "reset_team_uploads")
    return Answer(200, tx.show("teams", team["id"]))


MAX_BATCH = 100


def teams_uploads_multiple_create(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    """Each item a validated teams_upload create, all or none; 201 with the list (errors keyed
    ``teams_uploads[<index>].<key>``; at most 100 items, GUESS)."""
    items = params.get("teams_uploads")
    if isinstance(items, dict) and items and all(str(k).isdigit() for k in items):
        items = [items[k] for k in sorted(items, key=int)]
    if items in (None, "", [], {}):
        raise Invalid.one("teams_uploads", "can't be blank")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise Invalid.one("teams_uploads", "is invalid")
    if len(items) > MAX_BATCH:
        raise Invalid.one("teams_uploads", f"is too long (maximum is {MAX_BATCH} items)")
    created = []
    for index, item in enumerate(items):
        try:
            created.append(tx.create("teams_uploads", wrapped(item, "teams_upload")))
        except Invalid as invalid:
            raise Invalid({f"teams_uploads[{index}].{k}": v for k, v in invalid.errors.items()}) from None
    return Answer(201, [tx.show("teams_uploads", row_id) for row_id in created])
