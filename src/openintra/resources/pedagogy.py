"""resources.pedagogy: attachments, project data, rules, session rules and skills, skills,
levels, notions, subnotions, tags, teams uploads, evaluations and translations.

Shapes: api-shapes §3.5 (teams_uploads), §3.13 (project_sessions_rules, project_sessions_skills,
project_data), §5 (attachments, levels, notions, subnotions, rules, skills, tags, translations).
Where the reference gives no JSON (evaluations, levels, tags_users, project_sessions_rules and
params_project_sessions_rules standalone) the shape is a GUESS from the catalog's column lists and the
closest documented sibling, said so at each spec.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, or_, select

from openintra.api.spec import (
    Access,
    Col,
    Ctx,
    Ids,
    Many,
    Member,
    Nested,
    One,
    Parent,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    parent,
    polymorphic,
    through,
    view,
)
from openintra.core import jsonenc
from openintra.db.base import Base, table_of
from openintra.models.campus import Skill
from openintra.models.pedagogy import (
    Attachment,
    Evaluation,
    Level,
    Notion,
    Param,
    ParamsProjectSessionsRule,
    ProjectData,
    ProjectSessionsRule,
    ProjectSessionsSkill,
    Rule,
    Subnotion,
    Tag,
    TagsUser,
    TeamsUpload,
    Translation,
    TranslationsStructure,
    Upload,
    cursus_skills,
    issues_tags,
    notions_cursus,
    notions_tags,
    projects_tags,
    tags_subnotions,
)
from openintra.models.projects import ProjectSession, Scale, projects_cursus
from openintra.models.users import CursusUser
from openintra.rules import platform, projects

STAFF = Access.parse("role:Basic staff")
TUTOR = Access.parse("role:Advanced tutor")


def _document(_ctx: Ctx, text: str | None) -> Any:
    """A JSON document kept as text (project data's coordinates, translations' fields)."""
    return None if text is None else jsonenc.loads(text)


# --- evaluations, uploads, teams_uploads ----------------------------------------------------------


def _evaluations_in_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """``filter[campus_id]`` (the catalog has no description): GUESS — the evaluations (scales or
    uploads) of the project sessions held at those campus (a session without campus is not one)."""
    sessions = select(ProjectSession.id).where(ProjectSession.campus_id.in_(values))
    return or_(
        table.c.id.in_(select(Scale.evaluation_id).where(Scale.project_session_id.in_(sessions))),
        table.c.id.in_(select(Upload.evaluation_id).where(Upload.project_session_id.in_(sessions))),
    )


evaluations = Resource(
    "evaluations",
    Evaluation,
    # GUESS: no JSON was ever captured (api-shapes §0.1, §10); the catalog's columns, in its order.
    views={"index": cols("id", "kind", "position", "created_at", "updated_at")},
    specials=(Special("campus_id", "int", _evaluations_in_campus),),
    read=TUTOR,
    writes=Writes(
        "evaluation",
        keys=("kind",),
        enums={"kind": ("scale", "upload")},
        access=Access.parse("role:Advanced tutor"),
    ),
)

uploads = Resource(
    "uploads",
    Upload,
    views={
        "index": cols("id", "evaluation_id", "name", "description", "created_at", "updated_at"),
        "in_session": cols("id", "name"),
    },
    flat=False,
    show=False,
)
"""Embedded only (``project_sessions.uploads``, ``teams_uploads.upload``): 42 has no uploads route."""

_TEAMS_UPLOAD_CORE = cols("id", "final_mark", "comment", "created_at", "upload_id")

teams_uploads = Resource(
    "teams_uploads",
    TeamsUpload,
    views={
        "index": view(_TEAMS_UPLOAD_CORE, One("upload", "uploads", "index", fk="upload_id")),
        "in_team": _TEAMS_UPLOAD_CORE,
    },
    default_sort=("id",),
    parents=(parent("teams", "team_id"),),
    writes=Writes(
        "teams_upload",
        keys=("team_id", "upload_id", "final_mark", "comment"),
        required=("team_id", "upload_id"),
        access=Access.parse("role:Advanced tutor + scope:projects"),
    ),
    members=(
        Member(
            "multiple_create",
            ("POST",),
            "/v2/teams_uploads/multiple_create",
            projects.teams_uploads_multiple_create,
            Access.parse("role:Advanced tutor + scope:projects"),
        ),
    ),
)

# --- rules ------------------------------------------------------------------------------------------

_RULE_CORE = cols("id", "kind", "name", "description", "created_at", "updated_at", "slug", "internal_name")

params = Resource(
    "params",
    Param,
    views={"index": cols("id", "name", "default_value", "rule_id", "created_at", "updated_at", "data_type")},
    flat=False,
    show=False,
    # Written only as nested attributes of another resource (no route of its own).
    writes=Writes("param", keys=("name", "default_value", "rule_id", "data_type")),
)
"""Embedded only (``rules.params``)."""

rules = Resource(
    "rules",
    Rule,
    views={
        "index": view(
            _RULE_CORE,
            Many("params", "params", "index", remote="rule_id"),
            # GUESS: the reference only shows [] here; the rule's uses, in the standalone form without
            # the rule and its params (which the caller already holds).
            Many("project_sessions_rules", "project_sessions_rules", "in_rule", remote="rule_id"),
        ),
        "in_session_rule": _RULE_CORE,
    },
    default_sort=("-created_at", "-id"),
    read=STAFF,
    parents=(
        through(
            "project_sessions",
            "project_session_id",
            table_of(ProjectSessionsRule),
            "rule_id",
            "project_session_id",
            create=True,
            link=(Base.metadata.tables["project_sessions_rules"], "rule_id", "project_session_id"),
        ),
    ),
    writes=Writes(
        "rule",
        keys=(
            "kind",
            "name",
            "description",
            "created_at",
            "updated_at",
            "slug",
            "internal_name",
            "params_attributes",
        ),
        required=("kind", "name"),
        enums={
            "kind": (
                "inscription",
                "retry_inscription",
                "correction",
                "final_compilation",
                "eval_compilation",
                "retriable",
                "group_validation",
                "team_generation",
                "experience_modification",
            )
        },
        nested=(
            Nested(
                "params_attributes",
                "params",
                "rule_id",
                ("name", "default_value", "rule_id", "data_type"),
                required=("name", "data_type"),
            ),
        ),
        access=Access.parse("role:Advanced tutor"),
    ),
)

_PSR_CORE = cols("id", "required", "position")

project_sessions_rules = Resource(
    "project_sessions_rules",
    ProjectSessionsRule,
    views={
        # GUESS: the documented embedded form (api-shapes §3.13) with the row's own columns after
        # ``position``; no standalone body was ever captured.
        "index": view(
            _PSR_CORE,
            cols("project_session_id", "rule_id", "created_at", "updated_at"),
            Many("params", "params_project_sessions_rules", "index", remote="project_sessions_rule_id"),
            One("rule", "rules", "in_session_rule", fk="rule_id"),
        ),
        "in_session": view(
            _PSR_CORE,
            Many("params", "params_project_sessions_rules", "index", remote="project_sessions_rule_id"),
            One("rule", "rules", "in_session_rule", fk="rule_id"),
        ),
        "in_rule": view(_PSR_CORE, cols("project_session_id", "created_at", "updated_at")),
    },
    read=TUTOR,
    parents=(parent("project_sessions", "project_session_id", create=True),),
    writes=Writes(
        "project_sessions_rule",
        keys=("rule_id", "required", "project_session_id", "params_project_sessions_rules_attributes"),
        required=("rule_id", "project_session_id"),
        nested=(
            Nested(
                "params_project_sessions_rules_attributes",
                "params_project_sessions_rules",
                "project_sessions_rule_id",
                ("param_id", "value"),
                required=("param_id",),
            ),
        ),
        create=Access.parse("role:Advanced tutor + scope:projects"),
        update=Access.parse("role:Advanced tutor + scope:projects"),
    ),
)

params_project_sessions_rules = Resource(
    "params_project_sessions_rules",
    ParamsProjectSessionsRule,
    # GUESS for the standalone body: the documented embedded form (api-shapes §3.13 ``params``).
    views={"index": cols("id", "param_id", "project_sessions_rule_id", "value", "created_at", "updated_at")},
    read=TUTOR,
    parents=(parent("project_sessions_rules", "project_sessions_rule_id", create=True),),
    writes=Writes(
        "params_project_sessions_rule",
        keys=("param_id", "value", "project_sessions_rule_id"),
        required=("param_id",),
        create=Access.parse("role:Advanced tutor + scope:projects"),
        update=Access.parse("role:Advanced tutor + scope:projects"),
    ),
)

# --- skills and levels ---------------------------------------------------------------------------------

project_sessions_skills = Resource(
    "project_sessions_skills",
    ProjectSessionsSkill,
    views={"index": cols("id", "project_session_id", "skill_id", "value", "created_at", "updated_at")},
    parents=(parent("project_sessions", "project_session_id", show=True), parent("skills", "skill_id")),
)

skills = Resource(
    "skills",
    Skill,
    views={"index": cols("id", "slug", "name", "created_at")},
    default_sort=("name", "-id"),
    lookups=("id", "slug"),
    parents=(through("cursus", "cursus_id", cursus_skills, "skill_id", "cursus_id"),),
    writes=Writes(
        "skill",
        keys=("name",),
        required=("name",),
        access=Access.parse("role:Advanced tutor,42network"),
    ),
)

levels = Resource(
    "levels",
    Level,
    # GUESS (api-shapes §5): the catalog's columns, in its order.
    views={"index": cols("id", "lvl", "xp", "cursus_id", "created_at")},
    default_sort=("-created_at", "-id"),
    read=STAFF,
    parents=(parent("cursus", "cursus_id"),),
    show=False,
)

# --- notions, subnotions, tags ---------------------------------------------------------------------------

_NOTION_CORE = cols("id", "name", "slug", "created_at")
_SUBNOTION_CORE = cols("id", "name", "slug", "created_at", "notepad")

notions = Resource(
    "notions",
    Notion,
    views={
        "index": view(
            _NOTION_CORE,
            Many("subnotions", "subnotions", "in_notion", remote="notion_id", order_by=("position", "id")),
            Many("tags", "tags", "brief", through=(notions_tags, "notion_id", "tag_id")),
            Many("cursus", "cursus", "index", through=(notions_cursus, "notion_id", "cursus_id")),
        ),
        "core": _NOTION_CORE,
    },
    default_sort=("-created_at", "-id"),
    lookups=("id", "slug"),
    parents=(
        through("cursus", "cursus_id", notions_cursus, "notion_id", "cursus_id"),
        through("tags", "tag_id", notions_tags, "notion_id", "tag_id"),
    ),
    writes=Writes(
        "notion",
        keys=("name", "tag_ids", "cursus_ids", "subnotions_attributes"),
        required=("name",),
        ids=(
            Ids("tag_ids", notions_tags, "notion_id", "tag_id", "tags"),
            Ids("cursus_ids", notions_cursus, "notion_id", "cursus_id", "cursus"),
        ),
        nested=(Nested("subnotions_attributes", "subnotions", "notion_id", ("name",), required=("name",)),),
        access=Access.parse("role:Advanced tutor,Video manager"),
    ),
)

subnotions = Resource(
    "subnotions",
    Subnotion,
    views={
        "index": view(
            _SUBNOTION_CORE,
            Many(
                "attachments",
                "attachments",
                "index",
                remote="container_id",
                where=(("container_type", "Subnotion"),),
            ),
            One("notion", "notions", "core", fk="notion_id"),
        ),
        "in_notion": _SUBNOTION_CORE,
    },
    default_sort=("name", "-id"),
    parents=(parent("notions", "notion_id"),),
    writes=Writes(
        "subnotion",
        keys=("name", "notion_id", "attachments_attributes"),
        required=("name",),
        ignored=("attachments_attributes",),
        access=Access.parse("role:Advanced tutor,Video manager"),
    ),
)


def _tags_in_cursus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """GUESS: a tag belongs to a cursus through a project or a notion of that cursus."""
    projects = select(projects_cursus.c.project_id).where(projects_cursus.c.cursus_id.in_(values))
    notions_ = select(notions_cursus.c.notion_id).where(notions_cursus.c.cursus_id.in_(values))
    return or_(
        table.c.id.in_(select(projects_tags.c.tag_id).where(projects_tags.c.project_id.in_(projects))),
        table.c.id.in_(select(notions_tags.c.tag_id).where(notions_tags.c.notion_id.in_(notions_))),
    )


tags = Resource(
    "tags",
    Tag,
    views={
        "index": view(
            cols("id", "name", "kind"),
            # GUESS: api-shapes §5 shows ``users: []``; the tagged users as UserMicro.
            Many("users", "users", "micro", through=(table_of(TagsUser), "tag_id", "user_id")),
            Many(
                "subnotions", "subnotions", "in_notion", through=(tags_subnotions, "tag_id", "subnotion_id")
            ),
        ),
        "brief": cols("id", "name", "kind"),
    },
    default_sort=("name", "-id"),
    specials=(Special("cursus_id", "int", _tags_in_cursus),),
    parents=(
        through("projects", "project_id", projects_tags, "tag_id", "project_id"),
        through("issues", "issue_id", issues_tags, "tag_id", "issue_id", external=True),
        through("notions", "notion_id", notions_tags, "tag_id", "notion_id"),
        Parent(
            segments=(("cursus", "cursus_id"),),
            condition=lambda table, cursus_id: _tags_in_cursus(table, [cursus_id]),
        ),
        through("users", "user_id", table_of(TagsUser), "tag_id", "user_id"),
    ),
    writes=Writes(
        "tag",
        keys=("name", "tags_users_attributes", "cursus_ids"),
        required=("name",),
        ignored=("cursus_ids",),
        nested=(
            Nested("tags_users_attributes", "tags_users", "tag_id", ("user_id",), required=("user_id",)),
        ),
        access=Access.parse("role:Advanced tutor"),
    ),
)


def _users_in_cursus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """``filter[cursus_id]`` of tags_users: the tagged user follows that cursus."""
    return table.c.user_id.in_(select(CursusUser.user_id).where(CursusUser.cursus_id.in_(values)))


tags_users = Resource(
    "tags_users",
    TagsUser,
    # GUESS (api-shapes §5 guesses {id, tag_id, user_id, created_at, updated_at}): with campus_id, a
    # column of the catalog's lists, in the catalog's order.
    views={"index": cols("id", "tag_id", "user_id", "created_at", "updated_at", "campus_id")},
    default_sort=("id",),
    specials=(Special("cursus_id", "int", _users_in_cursus),),
    parents=(
        parent("users", "user_id"),
        Parent(
            segments=(("cursus", "cursus_id"),),
            condition=lambda table, cursus_id: _users_in_cursus(table, [cursus_id]),
        ),
        parent("campus", "campus_id"),
        parent("tags", "tag_id"),
    ),
    writes=Writes(
        "tags_user",
        # The catalog lists no body keys (known gap): the table's own columns, required as NOT NULL (GUESS).
        keys=("tag_id", "user_id", "campus_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

# --- attachments, project data, translations -----------------------------------------------------------


def _pdf(_ctx: Ctx, url: str | None, thumb: str | None) -> dict[str, Any]:
    """``{pdf: {url, thumb: {url}}}`` (the uploader's form); every key present, null without a file."""
    return {"pdf": {"url": url, "thumb": {"url": thumb}}}


def _attachments_of_session(table: Table, session_id: int) -> ColumnElement[bool]:
    return and_(table.c.container_type == "ProjectSession", table.c.container_id == session_id)


def _attachments_of_project(table: Table, project_id: int) -> ColumnElement[bool]:
    """GUESS: the project's own attachments and those of its sessions."""
    sessions = select(ProjectSession.id).where(ProjectSession.project_id == project_id)
    return or_(
        and_(table.c.container_type == "Project", table.c.container_id == project_id),
        and_(table.c.container_type == "ProjectSession", table.c.container_id.in_(sessions)),
    )


attachments = Resource(
    "attachments",
    Attachment,
    views={
        "index": view(
            cols("id", "name"),
            Py("pdf", ("pdf_url", "pdf_thumb_url"), _pdf, shows=("pdf_url", "pdf_thumb_url")),
            cols("page_count", "created_at", "pdf_processing", "slug", "url", "thumb_url", "base_id"),
            One("language", "languages", "index", fk="language_id"),
            Col("type", "attachable_type"),
        )
    },
    default_sort=("id",),
    parents=(
        Parent(
            segments=(("project_sessions", "project_session_id"),),
            condition=_attachments_of_session,
            show=True,
        ),
        Parent(
            segments=(("projects", "project_id"),),
            condition=_attachments_of_project,
            create=True,
            sets=polymorphic("container", "Project"),
        ),
    ),
    writes=Writes(
        "attachment",
        keys=("kind", "language_id", "untranslatable", "attachable_attributes"),
        required=("kind", "attachable_attributes"),
        enums={"kind": ("code", "pdf", "link", "document", "video")},
        ignored=("attachable_attributes",),
        access=Access.parse("role:Advanced tutor + scope:projects"),
        flat_create=False,
    ),
)

project_data = Resource(
    "project_data",
    ProjectData,
    views={
        "index": view(
            Col("id"),
            Py("coordinates", ("coordinates",), _document),
            Py("by", ("by",), _document),
            cols("kind", "project_session_id"),
        )
    },
    parents=(parent("project_sessions", "project_session_id"),),
    writes=Writes(
        "project_data",
        # The catalog lists no body keys (known gap): its update keys, required as NOT NULL (GUESS).
        keys=("coordinates", "kind", "project_session_id", "by"),
        update_keys=("coordinates", "kind", "project_session_id", "by"),
        enums={
            "kind": (
                "project",
                "rush",
                "exam",
                "first_internship",
                "second_internship",
                "big_project",
                "piscine",
                "part_time",
            )
        },
        serialized=("coordinates", "by"),
        access=Access.parse("role:Advanced tutor + scope:projects"),
    ),
)

translations_structures = Resource(
    "translations_structures",
    TranslationsStructure,
    views={
        "index": cols(
            "id",
            "searchable_by",
            "identified_by",
            "structures_kind",
            "up_to_date",
            "fields_organisation",
            "type_name",
            "created_at",
            "updated_at",
        )
    },
    flat=False,
    show=False,
)
"""Embedded only (``translations.translations_structure``)."""


def _fields_hold(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """``filter[fields]=…``: the document is that text, or one of its fields holds that value.

    42 filters the serialized column by equality, but a document's text always has commas, which the
    filter syntax reads as a list: GUESS — a value matches a translated field too (``filter[fields]=Unix``).
    """
    column = table.c.fields
    return or_(
        column.in_(values),
        *(column.like(f"%:{jsonenc.dumps(value).decode()}%") for value in values if isinstance(value, str)),
    )


translations = Resource(
    "translations",
    Translation,
    views={
        "index": view(
            cols("id", "translatable_id", "translatable_type", "language_id"),
            Py("fields", ("fields",), _document),
            cols("created_at", "updated_at", "user_id", "default", "up_to_date", "translations_structure_id"),
            One("translations_structure", "translations_structures", "index", fk="translations_structure_id"),
        )
    },
    specials=(Special("fields", "str", _fields_hold),),
    writes=Writes(
        "translation",
        keys=(
            "translatable_id",
            "translatable_type",
            "language_id",
            "fields",
            "created_at",
            "updated_at",
            "user_id",
            "default",
            "up_to_date",
            "translations_structure_id",
            "file",
        ),
        required=("translatable_id", "language_id", "fields"),
        ignored=("file",),
        serialized=("fields",),
        access=Access.parse("role:Translater"),
    ),
    members=(
        Member(
            "upload", ("POST",), "/v2/translations/upload", platform.upload, Access.parse("role:Translater")
        ),
    ),
)

RESOURCES: tuple[Resource, ...] = (
    evaluations,
    uploads,
    teams_uploads,
    params,
    rules,
    project_sessions_rules,
    params_project_sessions_rules,
    project_sessions_skills,
    skills,
    levels,
    notions,
    subnotions,
    tags,
    tags_users,
    attachments,
    project_data,
    translations_structures,
    translations,
)
