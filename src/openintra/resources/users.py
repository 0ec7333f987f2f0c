"""resources.users: users, campus_users, cursus_users, locations (api-shapes §2.1, §3.1-3.2, §3.10, §3.14)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, exists, or_, select

from openintra.api.spec import (
    Access,
    Col,
    Expr,
    Graph,
    Listing,
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
    through,
    view,
)
from openintra.api.validate import NOW
from openintra.core.clock import utc_now
from openintra.db.base import table_of
from openintra.models.campus import Skill
from openintra.models.careers import CompaniesUser, Company, Internship, Offer, PartnershipsUser
from openintra.models.community import AchievementsUser, CoalitionsUser, QuestsUser, TitlesUser
from openintra.models.events import DashesUser, EventsUser
from openintra.models.people import Accreditation, ExpertisesUser, GroupsUser, roles_users
from openintra.models.projects import ProjectsUser, TeamsUser
from openintra.models.users import CampusUser, CursusUser, CursusUserSkill, Location, User
from openintra.resources import _actions
from openintra.resources import _render as r
from openintra.resources._exam_status import user_exam
from openintra.rules import people, platform, points, service


def _current_host(table: Table, _dialect: str) -> ColumnElement[Any]:
    return (
        select(Location.host)
        .where(Location.user_id == table.c.id, Location.end_at.is_(None))
        .order_by(Location.begin_at.desc())
        .limit(1)
        .correlate(table)
        .scalar_subquery()
    )


USER_MICRO = view(cols("id", "login"), Py("url", ("login",), r.user_url))

USER_LITE = view(
    cols("id", "email", "login", "first_name", "last_name"),
    Py("usual_full_name", ("first_name", "usual_first_name", "last_name"), r.full_name),
    cols("usual_first_name"),
    Py("url", ("login",), r.user_url),
    cols("phone"),
    Py("displayname", ("first_name", "last_name"), r.display_name),
    cols("kind"),
    Py("image", ("image",), r.user_image),
    cols("staff?=staff", "correction_point", "pool_month", "pool_year"),
    Expr("location", _current_host),
    cols("wallet"),
    Py("anonymize_date", ("anonymize_date",), r.campus_midnight, sql_inputs=(("tz", r.campus_time_zone),)),
    Py(
        "data_erasure_date",
        ("data_erasure_date",),
        r.campus_midnight,
        sql_inputs=(("tz", r.campus_time_zone),),
    ),
    cols("created_at", "updated_at", "alumnized_at", "alumni?=alumni", "active?=active"),
)

USER_FULL = view(
    USER_LITE,
    Many("groups", "groups", "index", through=(table_of(GroupsUser), "user_id", "group_id")),
    Many("cursus_users", "cursus_users", "index", remote="user_id"),
    Many("projects_users", "projects_users", "in_user", remote="user_id"),
    Many("languages_users", "languages_users", "index", remote="user_id", order_by=("position", "id")),
    Many(
        "achievements",
        "achievements",
        "core",
        through=(table_of(AchievementsUser), "user_id", "achievement_id"),
    ),
    Many("titles", "titles", "index", through=(table_of(TitlesUser), "user_id", "title_id")),
    Many("titles_users", "titles_users", "index", remote="user_id"),
    Many(
        "partnerships",
        "partnerships",
        "in_user",
        through=(table_of(PartnershipsUser), "user_id", "partnership_id"),
    ),
    Many("patroned", "patronages", "embed", remote="user_id"),
    Many("patroning", "patronages", "embed", remote="godfather_id"),
    Many("expertises_users", "expertises_users", "in_user", remote="user_id"),
    Many("roles", "roles", "in_user", through=(roles_users, "user_id", "role_id")),
    Many("campus", "campus", "embed", through=(table_of(CampusUser), "user_id", "campus_id")),
    Many("campus_users", "campus_users", "index", remote="user_id"),
)


def _internships_at(table: Table, company_id: int) -> ColumnElement[bool]:
    """GUESS: a user has an internship at a company through an offer of it, or under its name."""
    name = select(Company.name).where(Company.id == company_id).scalar_subquery()
    offers = select(Offer.id).where(Offer.company_id == company_id)
    at_company = or_(Internship.offer_id.in_(offers), Internship.company_name == name)
    return table.c.id.in_(select(Internship.user_id).where(at_company))


_COMPANIES_MANAGER = Access.parse("role:Companies manager")


def staff_user(user_id: int) -> ColumnElement[bool]:
    """The user is staff (``staff?``): a `Hidden` field's ``seen_by`` (staff see who opened which
    slots, and both parties of an evaluation before the defense — GUESS)."""
    return exists().where(User.id == user_id, User.staff.is_(True))


def _bool_column(column: str) -> Any:
    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        return table.c[column].in_(values)

    return build


users = Resource(
    "users",
    User,
    views={
        "index": USER_LITE,
        "show": USER_FULL,
        "lite": USER_LITE,
        "micro": USER_MICRO,
        "feedback": view(Col("login"), Col("id"), Py("url", ("login",), r.profile_url)),
    },
    default_sort=("-id",),
    lookups=("id", "login"),
    specials=(
        Special("alumni?", "bool", _bool_column("alumni")),
        Special("staff?", "bool", _bool_column("staff")),
    ),
    parents=(
        through("coalitions", "coalition_id", table_of(CoalitionsUser), "user_id", "coalition_id"),
        through("teams", "team_id", table_of(TeamsUser), "user_id", "team_id"),
        through("projects", "project_id", table_of(ProjectsUser), "user_id", "project_id"),
        through("cursus", "cursus_id", table_of(CursusUser), "user_id", "cursus_id"),
        through("campus", "campus_id", table_of(CampusUser), "user_id", "campus_id"),
        through("achievements", "achievement_id", table_of(AchievementsUser), "user_id", "achievement_id"),
        through("titles", "title_id", table_of(TitlesUser), "user_id", "title_id"),
        through("quests", "quest_id", table_of(QuestsUser), "user_id", "quest_id"),
        through("accreditations", "accreditation_id", table_of(Accreditation), "user_id", "id"),
        through("expertises", "expertise_id", table_of(ExpertisesUser), "user_id", "expertise_id"),
        through("groups", "group_id", table_of(GroupsUser), "user_id", "group_id"),
        through("events", "event_id", table_of(EventsUser), "user_id", "event_id"),
        through("dashes", "dash_id", table_of(DashesUser), "user_id", "dash_id"),
        through("partnerships", "partnership_id", table_of(PartnershipsUser), "user_id", "partnership_id"),
        through(
            "companies",
            "company_id",
            table_of(CompaniesUser),
            "user_id",
            "company_id",
            path="subscribed_users",
            flat_param=False,
            read=_COMPANIES_MANAGER,
        ),
        Parent(
            segments=(("companies", "company_id"),),
            condition=_internships_at,
            path="internships_users",
            flat_param=False,
            read=_COMPANIES_MANAGER,
        ),
    ),
    listings=(
        Listing("staff", lambda table, _user: table.c.staff.is_(True), read=Access.role("42network")),
        mine("", lambda table, user_id: table.c.id == user_id, one=True),
    ),
    graph=Graph(fields=("created_at", "updated_at")),
    writes=Writes(
        "user",
        keys=(
            "login",
            "email",
            "first_name",
            "last_name",
            "usual_first_name",
            "password",
            "pool_year",
            "pool_month",
            "kind",
            "status",
            "image",
            "campus_id",
            "cursus_id",
            "email_stop",
            "skip_welcome_mail",
            "user_candidature_attributes",
            "cursus_users_attributes",
            "languages_users_attributes",
        ),
        required=("email", "first_name", "last_name", "usual_first_name", "pool_year", "pool_month", "kind"),
        enums={"kind": ("admin", "student", "external")},
        columns={"campus_id": "primary_campus_id"},
        ignored=("password", "cursus_id", "skip_welcome_mail", "user_candidature_attributes"),
        passed=("cursus_id",),
        nested=(
            Nested(
                "cursus_users_attributes",
                "cursus_users",
                "user_id",
                ("cursus_id", "end_at", "begin_at"),
                required=("cursus_id", "begin_at"),
            ),
            Nested(
                "languages_users_attributes",
                "languages_users",
                "user_id",
                ("language_id", "position"),
                required=("language_id",),
            ),
        ),
        create=Access.parse("role:Advanced tutor"),
        update=Access.parse("role:Advanced tutor"),
        hooks=hooks(created=people.user_created, update=people.user_update, updated=people.user_updated),
    ),
    members=(
        Member(
            "locations_stats",
            ("GET",),
            "/v2/users/{id}/locations_stats",
            _actions.locations_stats,
            transaction="none",
        ),
        Member(
            "exam",
            ("GET",),
            "/v2/users/{id}/exam",
            user_exam,
            Access.role("Advanced tutor"),
            transaction="none",
        ),
        Member(
            "correction_points_add",
            ("POST",),
            "/v2/users/{id}/correction_points/add",
            points.correction_points(+1),
            Access.parse("role:Advanced tutor"),
        ),
        Member(
            "correction_points_remove",
            ("DELETE",),
            "/v2/users/{id}/correction_points/remove",
            points.correction_points(-1),
            Access.parse("role:Advanced tutor"),
        ),
        Member(
            "set_primary_campus",
            ("POST",),
            "/v2/users/{id}/set_primary_campus",
            people.set_primary_campus,
            Access.parse("role:42network"),
        ),
        Member(
            "alumnize",
            ("POST",),
            "/v2/users/{id}/alumnize",
            people.set_alumni(True),
            Access.parse("role:42network"),
        ),
        Member(
            "dealumnize",
            ("POST",),
            "/v2/users/{id}/dealumnize",
            people.set_alumni(False),
            Access.parse("role:42network"),
        ),
        Member(
            "otp_settings_remove",
            ("DELETE",),
            "/v2/users/{id}/otp_settings/remove",
            people.otp_remove,
            Access.parse("role:Advanced staff"),
        ),
        Member(
            "free_past_agu",
            ("POST",),
            "/v2/users/{id}/free_past_agu",
            service.free_past_agu,
            Access.parse("role:Advanced staff"),
        ),
        Member(
            "unfreeze",
            ("POST",),
            "/v2/users/{user_id}/unfreeze",
            service.unfreeze,
            Access.parse("role:Advanced staff"),
        ),
        Member(
            "search_users",
            ("POST",),
            "/v2/search/users",
            platform.USERS_SEARCH.run,
            Access.parse("role:42network"),
            transaction="none",
        ),
    ),
    owner=Owner("id"),
)

campus_users = Resource(
    "campus_users",
    CampusUser,
    views={"index": cols("id", "user_id", "campus_id", "is_primary", "created_at", "updated_at")},
    default_sort=("-created_at", "-id"),
    parents=(parent("users", "user_id", create=True),),
    writes=Writes(
        "campus_user",
        keys=("campus_id", "user_id", "is_primary"),
        required=("campus_id", "user_id"),
        update_keys=(),
        create=Access.parse("role:Advanced tutor"),
        hooks=hooks(create=people.campus_user_create, created=people.campus_user_created),
    ),
    members=(
        Member(
            "set_as_primary",
            ("POST",),
            "/v2/campus_users/{id}/set_as_primary",
            people.set_as_primary,
            Access.parse("role:42network"),
        ),
    ),
)


def _active_cursus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    now = utc_now()
    active = and_(table.c.begin_at <= now, or_(table.c.end_at.is_(None), table.c.end_at > now))
    return or_(*(active if value else ~active for value in values))


def _flag(column: str, *, past: bool) -> Any:
    """``true`` = the timestamp is set and in the past (or future); ``false`` = the opposite (GUESS)."""

    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        now = utc_now()
        hit = table.c[column] <= now if past else table.c[column] > now
        cond = and_(table.c[column].is_not(None), hit)
        return or_(*(cond if value else ~cond for value in values))

    return build


def _primary_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(User.id).where(User.primary_campus_id.in_(values)))


def _skill_name(table: Table, _dialect: str) -> ColumnElement[Any]:
    return select(Skill.name).where(Skill.id == table.c.skill_id).correlate(table).scalar_subquery()


cursus_users_skills = Resource(
    "cursus_users_skills",
    CursusUserSkill,
    views={"index": view(Col("id", "skill_id"), Expr("name", _skill_name), Col("level"))},
    flat=False,
    show=False,
)

cursus_users = Resource(
    "cursus_users",
    CursusUser,
    views={
        "index": view(
            cols("grade", "level"),
            Many(
                "skills", "cursus_users_skills", "index", remote="cursus_user_id", order_by=("-level", "id")
            ),
            cols(
                "blackholed_at",
                "id",
                "begin_at",
                "end_at",
                "cursus_id",
                "has_coalition",
                "created_at",
                "updated_at",
            ),
            One("user", "users", "lite", fk="user_id"),
            One("cursus", "cursus", "index", fk="cursus_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(
        Special("active", "bool", _active_cursus),
        Special("campus_id", "int", _primary_campus),
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
        Special("blackholed", "bool", _flag("blackholed_at", past=True)),
    ),
    parents=(parent("users", "user_id", create=True), parent("cursus", "cursus_id")),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "end_at", "blackholed_at")),
    writes=Writes(
        "cursus_user",
        keys=("cursus_id", "user_id", "end_at", "begin_at", "has_coalition", "skip_begin_validation"),
        required=("cursus_id", "user_id", "begin_at", "has_coalition"),
        ignored=("skip_begin_validation",),
        access=Access.parse("role:Advanced tutor"),
    ),
)


def _location_active(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return or_(*(table.c.end_at.is_(None) if value else table.c.end_at.is_not(None) for value in values))


def _location_inactive(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return _location_active(table, [not value for value in values])


locations = Resource(
    "locations",
    Location,
    views={
        "index": view(
            cols("id", "begin_at", "end_at", "primary", "host", "campus_id"),
            One("user", "users", "lite", fk="user_id"),
        )
    },
    default_sort=("-begin_at", "-id"),
    specials=(
        Special("active", "bool", _location_active),
        Special("inactive", "bool", _location_inactive),
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("end", "bool", _flag("end_at", past=True)),
    ),
    parents=(parent("users", "user_id", create=True, update=True), parent("campus", "campus_id")),
    graph=Graph(fields=("begin_at", "end_at"), default_field="begin_at"),
    writes=Writes(
        "location",
        keys=("user_id", "begin_at", "end_at", "primary", "host", "campus_id"),
        required=("user_id", "host", "campus_id"),
        defaults={"begin_at": NOW},  # catalog: begin_at defaults to now on create
        access=Access.parse("role:Basic staff"),
    ),
    members=(
        Member(
            "end_all",
            ("DELETE",),
            "/v2/campus/{campus_id}/locations/end_all",
            platform.end_all,
            Access.parse("role:Advanced staff"),
        ),
    ),
)

RESOURCES = (users, campus_users, cursus_users_skills, cursus_users, locations)
