"""resources.community: coalitions, blocs, achievements, titles, quests (api-shapes §3.15, §5)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, select

from openintra.api.spec import (
    Access,
    Col,
    Graph,
    Ids,
    Many,
    One,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    parent,
    through,
    view,
)
from openintra.db.base import table_of
from openintra.models.community import (
    Achievement,
    AchievementsUser,
    Bloc,
    Coalition,
    CoalitionsUser,
    Grade,
    Quest,
    QuestsUser,
    Title,
    TitlesUser,
    achievements_campus,
    achievements_cursus,
)
from openintra.models.users import User
from openintra.resources import _render as r
from openintra.resources.projects import _is_set
from openintra.resources.users import _flag

coalitions = Resource(
    "coalitions",
    Coalition,
    views={
        "index": view(
            cols("id", "name", "slug", "image_url=image", "cover_url=cover", "color", "score", "user_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    lookups=("id", "slug"),
    parents=(
        through("users", "user_id", table_of(CoalitionsUser), "coalition_id", "user_id"),
        parent("blocs", "bloc_id"),
    ),
    writes=Writes(
        "coalition",
        keys=("bloc_id", "user_id", "name", "image", "slug", "color", "cover"),
        required=("bloc_id", "user_id", "name", "image", "color"),
        create=Access.parse("role:Advanced tutor"),
        update=Access.parse("role:Advanced tutor"),
    ),
)

coalitions_users = Resource(
    "coalitions_users",
    CoalitionsUser,
    views={
        "index": cols(
            "id",
            "coalition_id",
            "user_id",
            "score=this_year_score",
            "rank",
            "created_at",
            "updated_at",
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("this_year_score_updated", "bool", _flag("this_year_score_updated_at", past=True)),),
    parents=(parent("coalitions", "coalition_id"), parent("users", "user_id")),
    writes=Writes(
        "coalitions_user",
        keys=("coalition_id", "user_id", "this_year_score", "this_year_score_updated_at"),
        required=("coalition_id", "user_id", "this_year_score"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

blocs = Resource(
    "blocs",
    Bloc,
    views={
        "index": view(
            cols("id", "campus_id", "cursus_id", "squad_size", "created_at", "updated_at"),
            Many("coalitions", "coalitions", "index", remote="bloc_id"),
        ),
        "brief": cols("id", "campus_id", "cursus_id", "squad_size", "created_at", "updated_at"),
    },
    default_sort=("-created_at", "-id"),
)

_ACHIEVEMENT_CORE = view(
    cols("id", "name", "description", "tier", "kind", "visible", "image", "nbr_of_success"),
    Py("users_url", ("id",), r.achievement_users_url),
)

achievements = Resource(
    "achievements",
    Achievement,
    views={
        "index": view(
            _ACHIEVEMENT_CORE,
            Many("achievements", "achievements", "core", remote="parent_id"),
            Many(
                "campus",
                "campus",
                "name",
                through=(achievements_campus, "achievement_id", "campus_id"),
                pluck="name",
            ),
            One("parent", "achievements", "core", fk="parent_id"),
            One("title", "titles", "index", fk="title_id"),
        ),
        "core": _ACHIEVEMENT_CORE,
    },
    default_sort=("id",),
    lookups=("id", "slug"),
    parents=(
        through("cursus", "cursus_id", achievements_cursus, "achievement_id", "cursus_id"),
        through("campus", "campus_id", achievements_campus, "achievement_id", "campus_id"),
        parent("titles", "title_id"),
    ),
    writes=Writes(
        "achievement",
        keys=(
            "name",
            "internal_name",
            "description",
            "pedago",
            "visible",
            "nbr_of_success",
            "parent_id",
            "image_cache",
            "image",
            "kind",
            "title_id",
            "tier",
            "lg",
            "position",
            "reward",
            "cursus_ids",
            "campus_ids",
            "community_services_attributes",
        ),
        required=("name", "internal_name", "description", "kind", "tier"),
        enums={
            "kind": ("project", "social", "scolarity", "pedagogy"),
            "tier": ("none", "easy", "medium", "hard", "challenge"),
        },
        ignored=("image_cache", "lg", "community_services_attributes"),
        ids=(
            Ids("cursus_ids", achievements_cursus, "achievement_id", "cursus_id", "cursus"),
            Ids("campus_ids", achievements_campus, "achievement_id", "campus_id", "campus"),
        ),
        access=Access.parse("role:Achievements manager"),
    ),
)

achievements_users = Resource(
    "achievements_users",
    AchievementsUser,
    views={
        "index": view(
            cols("id", "achievement_id", "user_id"),
            r.login_and_url("user_id")[0],
            Col("nbr_of_success"),
            r.login_and_url("user_id")[1],
            cols("created_at", "updated_at"),
        )
    },
    parents=(parent("achievements", "achievement_id"),),
    writes=Writes(
        "achievements_user",
        keys=("user_id", "achievement_id", "nbr_of_success", "rewarded"),
        required=("user_id", "achievement_id"),
        access=Access.parse("role:Achievements manager"),
    ),
)

titles = Resource(
    "titles",
    Title,
    views={"index": cols("id", "name")},
    default_sort=("id",),
    lookups=("id",),
    parents=(through("users", "user_id", table_of(TitlesUser), "title_id", "user_id"),),
    writes=Writes(
        "title",
        keys=("name",),
        required=("name",),
        access=Access.parse("role:Advanced tutor"),
    ),
)

titles_users = Resource(
    "titles_users",
    TitlesUser,
    views={"index": cols("id", "user_id", "title_id", "selected", "created_at", "updated_at")},
    default_sort=("id",),
    parents=(parent("titles", "title_id"), parent("users", "user_id")),
    writes=Writes(
        "titles_user",
        keys=("title_id", "user_id"),
        required=("title_id", "user_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

grades = Resource(
    "grades",
    Grade,
    views={
        "index": cols(
            "id", "name", "created_at", "updated_at", "cursus_id", "is_primary", "position", "description"
        )
    },
    flat=False,
    show=False,
)

_QUEST_CORE = cols(
    "id", "name", "slug", "kind", "internal_name", "description", "cursus_id", "campus_id", "created_at",
    "updated_at", "grade_id", "position",
)  # fmt: skip

quests = Resource(
    "quests",
    Quest,
    views={
        "index": view(
            _QUEST_CORE,
            One("grade", "grades", "index", fk="grade_id"),
            One("cursus", "cursus", "index", fk="cursus_id"),
            One("campus", "campus", "embed", fk="campus_id"),
        ),
        "core": _QUEST_CORE,
    },
    default_sort=("id",),
    lookups=("id", "slug"),
    read=Access.role("Advanced tutor"),
    parents=(
        parent("cursus", "cursus_id"),
        parent("campus", "campus_id"),
        through("users", "user_id", table_of(QuestsUser), "quest_id", "user_id"),
    ),
    writes=Writes(
        "quest",
        keys=(
            "name",
            "slug",
            "kind",
            "internal_name",
            "duration",
            "ancestry",
            "description",
            "guild_size",
            "guild_prct",
            "cursus_id",
            "campus_id",
            "certificate_id",
            "created_at",
            "updated_at",
            "grade_id",
            "position",
            "tries_number",
            "success_number",
            "close_on_fail",
            "mails_from",
            "parent_id",
        ),
        required=(
            "name",
            "kind",
            "duration",
            "description",
            "cursus_id",
            "tries_number",
            "success_number",
            "mails_from",
        ),
        enums={"kind": ("main", "optional", "mandatory", "repeatable", "cursus_version")},
        ignored=("parent_id",),
        access=Access.parse("role:Advanced tutor"),
    ),
)


def _primary_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(User.id).where(User.primary_campus_id.in_(values)))


quests_users = Resource(
    "quests_users",
    QuestsUser,
    views={
        "index": view(
            cols(
                "id", "end_at", "quest_id", "validated_at", "prct", "advancement", "created_at", "updated_at"
            ),
            One("user", "users", "lite", fk="user_id"),
            One("quest", "quests", "core", fk="quest_id"),
        )
    },
    specials=(
        Special("campus_id", "int", _primary_campus),
        Special("end", "bool", _flag("end_at", past=True)),
        Special("validated", "bool", _is_set("validated_at")),
    ),
    parents=(parent("quests", "quest_id"), parent("users", "user_id")),
    graph=Graph(fields=("created_at", "updated_at", "end_at", "validated_at")),
    writes=Writes(
        "quests_user",
        keys=("quest_id", "user_id", "end_at", "validated_at", "prct", "advancement"),
        required=("quest_id", "user_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

RESOURCES = (
    coalitions, coalitions_users, blocs, achievements, achievements_users, titles, titles_users, grades, quests,
    quests_users,
)  # fmt: skip
