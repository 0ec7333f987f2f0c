"""resources.projects: projects, sessions, projects_users, teams, evaluations (api-shapes §3.3-3.8, §3.12-3.13)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, or_, select

from openintra.api.spec import (
    Access,
    Col,
    Const,
    Graph,
    Hidden,
    Ids,
    Many,
    Member,
    Nested,
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
    sets_nothing,
    through,
    view,
)
from openintra.db.base import table_of
from openintra.models.projects import (
    Feedback,
    Flag,
    Project,
    ProjectSession,
    ProjectsUser,
    Scale,
    ScaleTeam,
    Team,
    TeamsUser,
    projects_campus,
    projects_cursus,
    scales_flags,
    scales_languages,
)
from openintra.models.users import CampusUser, CursusUser, User
from openintra.resources import _actions
from openintra.resources import _render as r
from openintra.resources.users import _flag, staff_user
from openintra.rules import platform, points
from openintra.rules import projects as rules_projects


def _in(column: str, subquery: Any) -> Any:
    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        return table.c[column].in_(subquery(values))

    return build


def _users_in_cursus(values: list[Any]) -> Any:
    return select(CursusUser.user_id).where(CursusUser.cursus_id.in_(values))


def _users_in_campus(values: list[Any]) -> Any:
    return select(CampusUser.user_id).where(CampusUser.campus_id.in_(values))


def _users_with_primary_campus(values: list[Any]) -> Any:
    return select(User.id).where(User.primary_campus_id.in_(values))


def _is_set(column: str) -> Any:
    """``true`` = the column is not null; ``false`` = it is null."""

    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        return or_(
            *(table.c[column].is_not(None) if value else table.c[column].is_(None) for value in values)
        )

    return build


# --- projects ----------------------------------------------------------------------------------

_PROJECT_CORE = view(
    cols("id", "name", "slug", "difficulty"),
    One("parent", "projects", "link", fk="parent_id"),
    Many("children", "projects", "link", remote="parent_id"),
    Const("attachments", []),
    cols("created_at", "updated_at", "exam", "git_id", "repository"),
)

_SESSION_CORE = view(
    cols(
        "id", "solo", "begin_at", "end_at", "estimate_time", "difficulty", "objectives", "description",
        "duration_days", "terminating_after", "project_id", "campus_id", "cursus_id", "created_at", "updated_at",
        "max_people", "is_subscriptable",
    ),
    Many("scales", "scales", "in_session", remote="project_session_id"),
    Many("uploads", "uploads", "in_session", remote="project_session_id"),
    cols("team_behaviour", "commit"),
)  # fmt: skip


def _session_difficulty(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.id.in_(select(ProjectSession.project_id).where(ProjectSession.difficulty.in_(values)))


def _my_projects(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.id.in_(select(ProjectsUser.project_id).where(ProjectsUser.user_id == user_id))


projects = Resource(
    "projects",
    Project,
    views={
        "index": view(
            _PROJECT_CORE,
            Many("cursus", "cursus", "index", through=(projects_cursus, "project_id", "cursus_id")),
            Many("campus", "campus", "embed", through=(projects_campus, "project_id", "campus_id")),
            Const("videos", []),
            Many("project_sessions", "project_sessions", "in_project", remote="project_id"),
        ),
        "core": _PROJECT_CORE,
        "mini": cols("id", "name", "slug", "parent_id"),
        "link": view(Col("name"), Col("id"), Col("slug"), Py("url", ("slug",), r.project_url)),
    },
    default_sort=("position", "-id"),
    lookups=("id", "slug"),
    aliases={},
    specials=(),
    parents=(
        through("cursus", "cursus_id", projects_cursus, "project_id", "cursus_id"),
        parent("projects", "project_id", column="parent_id"),
        Parent(
            segments=(("users", "user_id"),),
            condition=_actions.registrable_projects,
            path="projects_users/registration",
            flat_param=False,
        ),
    ),
    listings=(mine("projects", _my_projects),),
    writes=Writes(
        "project",
        keys=(
            "name",
            "terminating_after",
            "exam",
            "has_mark",
            "repository",
            "git_id",
            "has_git",
            "is_subscriptable",
            "inherited_team",
            "minimum_mark",
            "parent_id",
            "max_people",
            "visible",
            "cursus_ids",
            "campus_ids",
            "authors_user_ids",
            "notion_ids",
            "project_sessions_attributes",
            "evaluations_attributes",
            "attachments_attributes",
            "projects_rules_attributes",
        ),
        required=("name", "repository"),
        ignored=(
            "terminating_after",
            "is_subscriptable",
            "minimum_mark",
            "max_people",
            "authors_user_ids",
            "notion_ids",
            "projects_rules_attributes",
            "evaluations_attributes",
            "attachments_attributes",
        ),
        ids=(
            Ids("cursus_ids", projects_cursus, "project_id", "cursus_id", "cursus"),
            Ids("campus_ids", projects_campus, "project_id", "campus_id", "campus"),
        ),
        nested=(
            Nested(
                "project_sessions_attributes",
                "project_sessions",
                "project_id",
                (
                    "campus_id",
                    "cursus_id",
                    "estimate_time",
                    "created_at",
                    "updated_at",
                    "begin_at",
                    "end_at",
                    "max_people",
                    "duration_days",
                    "terminating_after",
                    "solo",
                    "is_subscriptable",
                    "minimum_mark",
                    "team_behaviour",
                ),
                required=("minimum_mark", "team_behaviour"),
            ),
        ),
        access=Access.parse("role:Advanced tutor + scope:projects"),
    ),
    members=(
        Member(
            "retry",
            ("PATCH", "PUT"),
            "/v2/projects/{id}/retry",
            rules_projects.retry_project,
            Access.parse("owner:projects or role:Advanced tutor,Advanced staff"),
        ),
        Member(
            "search_projects",
            ("POST",),
            "/v2/search/projects",
            platform.PROJECTS_SEARCH.run,
            Access.parse("role:42network"),
            transaction="none",
        ),
    ),
)

project_sessions = Resource(
    "project_sessions",
    ProjectSession,
    views={
        "index": view(
            _SESSION_CORE,
            One("project", "projects", "core", fk="project_id"),
            One("campus", "campus", "embed", fk="campus_id"),
            One("cursus", "cursus", "index", fk="cursus_id"),
            Many("evaluations", "scales", "evaluation", remote="project_session_id"),
            Many(
                "project_sessions_rules",
                "project_sessions_rules",
                "in_session",
                remote="project_session_id",
                order_by=("position", "id"),
            ),
        ),
        "in_project": view(_SESSION_CORE, cols("minimum_mark")),
    },
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(parent("projects", "project_id", graph=True),),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "end_at")),
    # Written only as nested attributes of another resource (no route of its own).
    writes=Writes(
        "project_session",
        keys=(
            "campus_id",
            "cursus_id",
            "estimate_time",
            "created_at",
            "updated_at",
            "begin_at",
            "end_at",
            "max_people",
            "duration_days",
            "terminating_after",
            "solo",
            "is_subscriptable",
            "minimum_mark",
            "team_behaviour",
        ),
    ),
)

# --- projects_users ------------------------------------------------------------------------------

_PROJECTS_USER_CORE = view(
    cols("id", "occurrence", "final_mark", "status", "validated?=validated", "current_team_id"),
    One("project", "projects", "mini", fk="project_id"),
    Many(
        "cursus_ids", "cursus", "index", local="project_id", through=(projects_cursus, "project_id", "cursus_id"),
        pluck="id",
    ),
    cols("marked_at", "marked", "retriable_at", "created_at", "updated_at"),
)  # fmt: skip

projects_users = Resource(
    "projects_users",
    ProjectsUser,
    views={
        "index": view(
            _PROJECTS_USER_CORE,
            One("user", "users", "lite", fk="user_id"),
            Many("teams", "teams", "embed", through=(table_of(TeamsUser), "projects_user_id", "team_id")),
        ),
        "in_user": _PROJECTS_USER_CORE,
    },
    default_sort=("-id",),
    specials=(
        Special("cursus", "int", _in("user_id", _users_in_cursus)),
        Special("campus", "int", _in("user_id", _users_in_campus)),
        Special("retriable", "bool", _flag("retriable_at", past=True)),
        Special("marked", "bool", lambda table, values: table.c.marked.in_(values)),
    ),
    parents=(
        parent("projects", "project_id", graph=True, create=True),
        parent("users", "user_id", graph=True, create=True),
    ),
    graph=Graph(fields=("created_at", "updated_at", "marked_at", "retriable_at")),
    writes=Writes(
        "projects_user",
        keys=(
            "project_id",
            "user_id",
            "created_at",
            "updated_at",
            "occurrence",
            "final_mark",
            "retriable_at",
            "marked_at",
            "status",
            "skip_check_permission",
        ),
        required=("project_id", "user_id"),
        enums={
            "status": (
                "creating_group",
                "searching_a_group",
                "in_progress",
                "waiting_for_correction",
                "finished",
                "parent",
            ),
        },
        ignored=("skip_check_permission",),
        create=Access.parse("owner:projects or role:Advanced tutor,Advanced staff"),
        update=Access.parse("role:Advanced tutor,Advanced staff + scope:projects"),
        destroy=Access.parse("owner:projects or role:Advanced tutor,Advanced staff"),
        hooks=hooks(
            create=rules_projects.projects_user_create,
            created=rules_projects.projects_user_created,
            update=rules_projects.projects_user_update,
            destroy=rules_projects.projects_user_destroy,
        ),
    ),
    members=(
        Member(
            "register",
            ("POST",),
            "/v2/projects/{project_id}/register",
            rules_projects.register,
            Access.parse("owner:projects or role:Advanced tutor,Advanced staff"),
        ),
        Member(
            "retry",
            ("PATCH", "PUT"),
            "/v2/projects_users/{id}/retry",
            rules_projects.retry_projects_user,
            Access.parse("owner:projects or role:Advanced tutor,Advanced staff"),
        ),
        Member(
            "compile",
            ("PATCH", "PUT"),
            "/v2/projects_users/{id}/compile",
            rules_projects.compile_projects_user,
            Access.parse("owner:projects or role:Advanced tutor"),
        ),
        Member(
            "reset",
            ("DELETE",),
            "/v2/projects_users/reset",
            rules_projects.reset_projects_user,
            Access.parse("owner:projects or role:42network"),
        ),
        Member(
            "scale",
            ("PATCH",),
            "/v2/projects_users/scale",
            rules_projects.scale_projects_user,
            Access.parse("owner:projects or role:42network"),
        ),
        Member(
            "register_childs_and_scales",
            ("POST",),
            "/v2/projects_users/register_childs_and_scales",
            rules_projects.register_childs_and_scales,
            Access.parse("owner:projects or role:42network,Advanced tutor"),
        ),
    ),
    owner=Owner("user_id"),
)

# --- teams ---------------------------------------------------------------------------------------

_TEAM_CORE = view(
    cols("id", "name"),
    Py("url", ("id",), r.team_url),
    cols("final_mark", "project_id", "created_at", "updated_at", "status", "terminating_at"),
    Many("users", "teams_users", "member", remote="team_id"),
    cols(
        "locked?=locked", "validated?=validated", "closed?=closed", "repo_url", "repo_uuid", "locked_at",
        "closed_at", "project_session_id", "project_gitlab_path",
    ),
)  # fmt: skip


def _team_users(values_subquery: Any) -> Any:
    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        members = select(TeamsUser.team_id).where(TeamsUser.user_id.in_(values_subquery(values)))
        return table.c.id.in_(members)

    return build


def _teams_in_cursus(table: Table, cursus_id: int) -> ColumnElement[bool]:
    return table.c.project_id.in_(
        select(projects_cursus.c.project_id).where(projects_cursus.c.cursus_id == cursus_id)
    )


def _teams_of_user(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.id.in_(select(TeamsUser.team_id).where(TeamsUser.user_id == user_id))


def _teams_of_user_project(table: Table, user_id: int, project_id: int) -> ColumnElement[bool]:
    return and_(_teams_of_user(table, user_id), table.c.project_id == project_id)


teams = Resource(
    "teams",
    Team,
    views={
        "index": view(
            _TEAM_CORE,
            Many("scale_teams", "scale_teams", "in_team", remote="team_id"),
            Many("teams_uploads", "teams_uploads", "in_team", remote="team_id"),
        ),
        "embed": _TEAM_CORE,
    },
    default_sort=("id",),
    specials=(
        Special("cursus", "int", _team_users(_users_in_cursus)),
        Special("active_cursus", "int", _team_users(_users_in_cursus)),
        Special("campus", "int", _team_users(_users_in_campus)),
        Special("primary_campus", "int", _team_users(_users_with_primary_campus)),
        Special("locked", "bool", lambda table, values: table.c.locked.in_(values)),
        Special("closed", "bool", lambda table, values: table.c.closed.in_(values)),
        Special("deadline", "bool", _flag("deadline_at", past=True)),
        Special("terminating", "bool", _flag("terminating_at", past=True)),
        Special("with_mark", "bool", _is_set("final_mark")),
    ),
    parents=(
        Parent(segments=(("cursus", "cursus_id"),), condition=_teams_in_cursus, graph=True),
        Parent(segments=(("users", "user_id"),), condition=_teams_of_user, graph=True),
        Parent(
            segments=(("users", "user_id"), ("projects", "project_id")),
            condition=_teams_of_user_project,
            graph=True,
        ),
        parent("projects", "project_id", graph=True),
        parent("project_sessions", "project_session_id"),
    ),
    listings=(mine("teams", _teams_of_user),),
    graph=Graph(fields=("created_at", "updated_at", "locked_at", "closed_at", "terminating_at")),
    writes=Writes(
        "team",
        keys=(
            "project_id",
            "name",
            "created_at",
            "updated_at",
            "locked_at",
            "closed_at",
            "final_mark",
            "repo_url",
            "repo_uuid",
            "deadline_at",
            "terminating_at",
            "project_session_id",
            "teams_users_attributes",
        ),
        required=("project_id",),
        nested=(
            Nested(
                "teams_users_attributes",
                "teams_users",
                "team_id",
                ("user_id", "leader", "validated", "occurrence"),
                required=("user_id",),
            ),
        ),
        access=Access.parse("owner:projects or role:Advanced tutor"),
        hooks=hooks(
            create=rules_projects.team_create,
            update=rules_projects.team_update,
            updated=rules_projects.team_updated,
        ),
    ),
    members=(
        Member(
            "reset_team_uploads",
            ("POST",),
            "/v2/teams/{id}/reset_team_uploads",
            rules_projects.reset_team_uploads,
            Access.parse("owner:projects or role:Advanced tutor"),
        ),
    ),
    owner=Owner(build=_teams_of_user),
)
"""GUESS: a team is owned by its members; a user token creates a team only with itself among its
``teams_users_attributes``, and may not update itself out of it."""

teams_users = Resource(
    "teams_users",
    TeamsUser,
    views={
        "index": view(
            cols("id", "team_id", "user_id", "created_at", "validated", "leader", "occurrence"),
            One("team", "teams", "embed", fk="team_id"),
            One("user", "users", "lite", fk="user_id"),
        ),
        "member": view(
            Col("id", "user_id"),
            r.login_and_url("user_id"),
            cols("leader", "occurrence", "validated", "projects_user_id"),
        ),
    },
    parents=(parent("users", "user_id"), parent("teams", "team_id")),
    writes=Writes(
        "teams_user",
        keys=("team_id", "user_id", "leader", "validated", "occurrence"),
        required=("team_id", "user_id"),
        access=Access.parse("role:Tutor"),
        hooks=hooks(create=rules_projects.teams_user_create, update=rules_projects.teams_user_update),
    ),
)

# --- evaluations ---------------------------------------------------------------------------------

_SCALE_CORE = view(
    cols(
        "id", "evaluation_id", "name", "is_primary", "comment", "introduction_md", "disclaimer_md", "guidelines_md",
        "created_at", "correction_number", "duration", "manual_subscription",
    ),
    Many("languages", "languages", "embed", through=(scales_languages, "scale_id", "language_id")),
    Many("flags", "flags", "index", through=(scales_flags, "scale_id", "flag_id")),
    cols("free"),
)  # fmt: skip

flags = Resource(
    "flags",
    Flag,
    views={"index": cols("id", "name", "positive", "icon", "created_at", "updated_at")},
    default_sort=("name", "-id"),
    show=False,
)


def _scales_of_project(table: Table, project_id: int) -> ColumnElement[bool]:
    sessions = select(ProjectSession.id).where(ProjectSession.project_id == project_id)
    return table.c.project_session_id.in_(sessions)


def _scales_of_user(table: Table, user_id: int) -> ColumnElement[bool]:
    """GUESS: the scales of the evaluations the user took part in (as corrector or corrected)."""
    return table.c.id.in_(
        select(ScaleTeam.scale_id).where(_scale_teams_of_user(table_of(ScaleTeam), user_id))
    )


scales = Resource(
    "scales",
    Scale,
    views={
        "index": view(_SCALE_CORE, cols("sections"), Py("evaluation", ("evaluation_id",), r.evaluation)),
        "in_scale_team": _SCALE_CORE,
        "in_session": cols("id", "correction_number", "is_primary"),
        "evaluation": view(Col("id", "evaluation_id"), Const("kind", "scale")),
    },
    default_sort=("name", "-id"),
    read=Access.role("Advanced tutor"),
    parents=(
        parent("project_sessions", "project_session_id"),
        Parent(segments=(("projects", "project_id"),), condition=_scales_of_project),
        Parent(segments=(("users", "user_id"),), condition=_scales_of_user),
    ),
    writes=Writes(
        "scale",
        keys=(
            "name",
            "lg",
            "is_primary",
            "is_external",
            "manual_subscription",
            "comment",
            "introduction_md",
            "disclaimer_md",
            "guidelines_md",
            "correction_number",
            "duration",
            "free",
            "evaluation_id",
            "flag_ids",
            "attachments_attributes",
            "sections_attributes",
        ),
        required=("name", "guidelines_md", "correction_number", "duration"),
        ignored=("lg", "attachments_attributes", "sections_attributes"),
        ids=(Ids("flag_ids", scales_flags, "scale_id", "flag_id", "flags"),),
        access=Access.parse("role:Advanced tutor"),
    ),
)

feedbacks = Resource(
    "feedbacks",
    Feedback,
    views={
        "index": view(
            Col("id"),
            One("user", "users", "feedback", fk="user_id"),
            cols(
                "feedbackable_type", "feedbackable_id", "comment", "rating", "created_at", "feedback_details"
            ),
        )
    },
    default_sort=("created_at", "-id"),
    specials=(Special("campus_id", "int", _in("user_id", _users_with_primary_campus)),),
    parents=(
        Parent(
            segments=(("scale_teams", "scale_team_id"),),
            condition=lambda table, scale_team_id: and_(
                table.c.feedbackable_type == "ScaleTeam", table.c.feedbackable_id == scale_team_id
            ),
            show=True,
            create=True,
            update=True,
            destroy=True,
            sets=polymorphic("feedbackable", "ScaleTeam"),
        ),
        Parent(
            segments=(("events", "event_id"),),
            condition=lambda table, event_id: and_(
                table.c.feedbackable_type == "Event", table.c.feedbackable_id == event_id
            ),
            show=True,
            create=True,
            update=True,
            destroy=True,
            sets=polymorphic("feedbackable", "Event"),
        ),
    ),
    writes=Writes(
        "feedback",
        keys=(
            "comment",
            "feedbackable_type",
            "feedbackable_id",
            "rating",
            "user_id",
            "feedback_details_attributes",
        ),
        required=("comment",),
        ignored=("feedback_details_attributes",),
        access=Access.parse("owner:projects or role:Basic staff"),
    ),
    owner=Owner("user_id"),
)
"""GUESS: a feedback's owner is its author (``user_id``; the token's user when not given)."""


def _scale_teams_as_corrector(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.user_id == user_id


def _scale_teams_as_corrected(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.team_id.in_(select(TeamsUser.team_id).where(TeamsUser.user_id == user_id))


def _scale_teams_of_user(table: Table, user_id: int) -> ColumnElement[bool]:
    return or_(_scale_teams_as_corrector(table, user_id), _scale_teams_as_corrected(table, user_id))


def _scale_teams_of_project(table: Table, project_id: int) -> ColumnElement[bool]:
    return table.c.team_id.in_(select(Team.id).where(Team.project_id == project_id))


def _scale_teams_of_session(table: Table, session_id: int) -> ColumnElement[bool]:
    return table.c.team_id.in_(select(Team.id).where(Team.project_session_id == session_id))


def _scale_teams_in_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    members = select(TeamsUser.team_id).where(TeamsUser.user_id.in_(_users_with_primary_campus(values)))
    return table.c.team_id.in_(members)


def _scale_teams_in_cursus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    cursus_projects = select(projects_cursus.c.project_id).where(projects_cursus.c.cursus_id.in_(values))
    return table.c.team_id.in_(select(Team.id).where(Team.project_id.in_(cursus_projects)))


_SCALE_TEAM_CORE = view(
    cols("id", "scale_id", "comment", "created_at", "updated_at", "feedback", "final_mark"),
    One("flag", "flags", "index", fk="flag_id"),
    cols("begin_at"),
    Many(
        "correcteds", "users", "micro", local="team_id", through=(table_of(TeamsUser), "team_id", "user_id")
    ),
    One("corrector", "users", "micro", fk="user_id", empty={}),
    One("truant", "users", "micro", fk="truant_id", empty={}),
    cols("filled_at", "questions_with_answers"),
)


def _hide_the_other_party(item: dict[str, Any], viewer: int, now: str) -> None:
    """Until the defense begins, each party sees the other as ``"invisible"`` (api-shapes §3.6).

    The corrected see ``corrector: "invisible"``; the corrector sees ``correcteds: "invisible"``;
    anyone else (and an app token) sees both. Timestamps share one format, so they compare as text.
    """
    if not item["begin_at"] or item["begin_at"] <= now:
        return
    correcteds = item["correcteds"]
    if isinstance(correcteds, list) and any(user["id"] == viewer for user in correcteds):
        item["corrector"] = "invisible"
    elif isinstance(item["corrector"], dict) and item["corrector"].get("id") == viewer:
        item["correcteds"] = "invisible"


scale_teams = Resource(
    "scale_teams",
    ScaleTeam,
    views={
        "index": view(
            _SCALE_TEAM_CORE,
            One("scale", "scales", "in_scale_team", fk="scale_id"),
            One("team", "teams", "embed", fk="team_id"),
            Many(
                "feedbacks",
                "feedbacks",
                "index",
                remote="feedbackable_id",
                where=(("feedbackable_type", "ScaleTeam"),),
            ),
        ),
        "in_team": _SCALE_TEAM_CORE,
    },
    default_sort=("-begin_at", "-id"),
    specials=(
        Special("campus_id", "int", _scale_teams_in_campus),
        Special("cursus_id", "int", _scale_teams_in_cursus),
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("filled", "bool", _is_set("filled_at")),
    ),
    parents=(
        Parent(
            segments=(("project_sessions", "project_session_id"),),
            condition=_scale_teams_of_session,
            show=True,
            create=True,
            update=True,
            destroy=True,
            sets=sets_nothing,
        ),
        Parent(segments=(("projects", "project_id"),), condition=_scale_teams_of_project, graph=True),
        Parent(segments=(("users", "user_id"),), condition=_scale_teams_of_user, graph=True),
        Parent(
            segments=(("users", "user_id"),),
            condition=_scale_teams_as_corrector,
            suffix="as_corrector",
            flat_param=False,
        ),
        Parent(
            segments=(("users", "user_id"),),
            condition=_scale_teams_as_corrected,
            suffix="as_corrected",
            flat_param=False,
        ),
    ),
    listings=(
        mine("scale_teams", _scale_teams_of_user),
        mine("scale_teams/as_corrector", _scale_teams_as_corrector),
        mine("scale_teams/as_corrected", _scale_teams_as_corrected),
    ),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "filled_at")),
    redact=_hide_the_other_party,
    writes=Writes(
        "scale_team",
        keys=(
            "team_id",
            "user_id",
            "scale_id",
            "comment",
            "flag_id",
            "final_mark",
            "truant_id",
            "answers_attributes",
        ),
        required=("team_id", "scale_id", "comment"),
        ignored=("answers_attributes",),
        access=Access.parse("owner:projects or role:Advanced tutor"),
        hooks=hooks(
            create=points.scale_team_create,
            created=points.scale_team_created,
            update=points.scale_team_update,
            destroy=points.scale_team_destroy,
        ),
    ),
    members=(
        Member(
            "multiple_create",
            ("POST",),
            "/v2/scale_teams/multiple_create",
            points.scale_teams_multiple_create,
            Access.parse("role:Advanced tutor + scope:projects"),
        ),
    ),
    owner=Owner(
        "user_id",
        build=_scale_teams_as_corrected,
        create=Owner(build=_scale_teams_as_corrected),
        update=Owner("user_id"),
    ),
    hidden=(
        Hidden("corrector", names=("user_id",), seen_by=staff_user),
        Hidden("correcteds", names=("team_id", "campus_id"), seen_by=staff_user),
    ),
)
"""Owners: the corrector and the evaluated team's members (both read it). GUESS (the safe reading): a
user token books (creates) an evaluation only of a team it is in, and only the corrector updates
(fills) or destroys it — the evaluated side never writes its own mark.
GUESS: a user token that is not staff may be either party of some evaluation, so it may sort or
filter by neither party (``user_id``; ``team_id`` and the correcteds' ``campus_id``): app tokens and
staff may."""

RESOURCES = (
    projects,
    project_sessions,
    projects_users,
    teams,
    teams_users,
    flags,
    scales,
    feedbacks,
    scale_teams,
)
