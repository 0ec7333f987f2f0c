"""resources.careers: companies, offers, internships, amendments, experiences, partnerships,
patronages and their reports, alumnized users and user candidatures.

Shapes: api-shapes.md §5 and catalog.json's response examples; every GUESS is said where it is made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, and_, or_, select

from openintra.api.spec import (
    Access,
    Col,
    Const,
    Ctx,
    Graph,
    Listing,
    Many,
    Nested,
    One,
    Param,
    Parent,
    Py,
    Resource,
    Special,
    Writes,
    cols,
    parent,
    view,
)
from openintra.core.clock import utc_now
from openintra.db.base import Base, table_of
from openintra.models.careers import (
    Amendment,
    Company,
    Experience,
    Internship,
    Offer,
    OffersUser,
    Partnership,
    PartnershipsSkill,
    PartnershipsUser,
    Patronage,
    PatronagesReport,
    Report,
    UserCandidature,
    companies_expertises,
    offers_campus,
    offers_expertises,
)
from openintra.models.projects import Project, ProjectsUser
from openintra.models.users import CampusUser, User
from openintra.resources.projects import _is_set
from openintra.resources.users import USER_LITE, _flag

COMPANIES_MANAGER = Access.parse("role:Companies manager")


def _in(column: str, subquery: Any) -> Any:
    """``filter[x]=…``: rows whose ``column`` is in ``subquery(values)``."""

    def build(table: Table, values: list[Any]) -> ColumnElement[bool]:
        return table.c[column].in_(subquery(values))

    return build


def _primary_campus(table: Table, values: list[Any]) -> ColumnElement[bool]:
    return table.c.user_id.in_(select(User.id).where(User.primary_campus_id.in_(values)))


# --- companies ---------------------------------------------------------------------------------

companies = Resource(
    "companies",
    Company,
    # GUESS: no example anywhere; the company[...] columns in the catalog's sort order (its column order).
    views={
        "index": cols(
            "id",
            "name",
            "slug",
            "sector",
            "other_sector",
            "size",
            "phone",
            "address",
            "zip",
            "city",
            "country",
            "website_url",
            "owner_id",
            "created_at",
            "updated_at",
            "latitude",
            "longitude",
            "siret",
            "pro_id",
            "owner_type",
            "administrative_email",
        )
    },
    default_sort=("-created_at", "-id"),
    lookups=("id", "slug"),
    specials=(
        Special(
            "offer_id", "int", _in("id", lambda values: select(Offer.company_id).where(Offer.id.in_(values)))
        ),
        Special(
            "expertise_id",
            "int",
            _in(
                "id",
                lambda values: select(companies_expertises.c.company_id).where(
                    companies_expertises.c.expertise_id.in_(values)
                ),
            ),
        ),
    ),
    read=COMPANIES_MANAGER,
)


# --- offers ------------------------------------------------------------------------------------


def _offer_expertise_names(table: Table, values: list[Any]) -> ColumnElement[bool]:
    expertises = Base.metadata.tables["expertises"]
    ids = select(expertises.c.id).where(expertises.c.name.in_(values))
    return table.c.id.in_(
        select(offers_expertises.c.offer_id).where(offers_expertises.c.expertise_id.in_(ids))
    )


def _valid(table: Table, values: list[Any]) -> ColumnElement[bool]:
    """GUESS: valid = published (``valid_at`` past) and not yet withdrawn (``invalid_at`` null or future)."""
    now = utc_now()
    cond = and_(
        table.c.valid_at.is_not(None),
        table.c.valid_at <= now,
        or_(table.c.invalid_at.is_(None), table.c.invalid_at > now),
    )
    return or_(*(cond if value else ~cond for value in values))


_OFFER_SPECIALS: tuple[Special, ...] = (
    Special(
        "expertise_id",
        "int",
        _in(
            "id",
            lambda values: select(offers_expertises.c.offer_id).where(
                offers_expertises.c.expertise_id.in_(values)
            ),
        ),
    ),
    Special(
        "campus_id",
        "int",
        _in(
            "id", lambda values: select(offers_campus.c.offer_id).where(offers_campus.c.campus_id.in_(values))
        ),
    ),
    Special("reported", "bool", _is_set("reported_at")),
    Special(
        "user_id",
        "int",
        _in("id", lambda values: select(OffersUser.offer_id).where(OffersUser.user_id.in_(values))),
    ),
    Special("valid", "bool", _valid),
    Special("invalid", "bool", _flag("invalid_at", past=True)),
)
if "expertises" in Base.metadata.tables:  # the expertises table is another domain's: by name once it exists
    _OFFER_SPECIALS += (Special("expertise", "str", _offer_expertise_names),)

offers = Resource(
    "offers",
    Offer,
    # GUESS (api-shapes §5 offers): the columns of the apidoc, in its order.
    views={
        "index": cols(
            "id",
            "title",
            "little_description",
            "big_description",
            "salary",
            "contract_type",
            "email",
            "address",
            "city",
            "zip",
            "country",
            "latitude",
            "longitude",
            "valid_at",
            "invalid_at",
            "min_duration",
            "max_duration",
            "document",
            "slug",
            "created_at",
            "updated_at",
            "pro_id",
            "company_id",
            "target",
        )
    },
    default_sort=("-created_at", "-id"),
    specials=_OFFER_SPECIALS,
    writes=Writes(
        "offer",
        keys=(
            "title",
            "little_description",
            "big_description",
            "salary",
            "contract_type",
            "email",
            "address",
            "city",
            "zip",
            "country",
            "latitude",
            "longitude",
            "valid_at",
            "invalid_at",
            "min_duration",
            "max_duration",
            "document",
            "slug",
            "pro_id",
            "company_id",
            "target",
        ),
        required=(
            "title",
            "little_description",
            "big_description",
            "contract_type",
            "email",
            "address",
            "city",
            "zip",
            "country",
            "valid_at",
            "invalid_at",
            "min_duration",
            "target",
        ),
        update_keys=(),
        enums={
            "contract_type": (
                "freelance",
                "apprentice_ship",
                "cdd",
                "cdi",
                "stage",
                "cdd_partiel",
                "cdi_partiel",
                "stage_partiel",
                "crea_startup",
            ),
            "country": ("values", "description"),
            "target": ("student", "student_and_alumni"),
        },
        create=Access.parse("role:Companies manager"),
    ),
)

offers_users = Resource(
    "offers_users",
    OffersUser,
    views={
        "index": cols("id", "offer_id", "user_id", "validated_at", "created_at", "updated_at")
    },  # GUESS: columns
    default_sort=("-created_at", "-id"),
    specials=(Special("validated", "bool", _is_set("validated_at")),),
    parents=(parent("offers", "offer_id"), parent("users", "user_id")),
    read=COMPANIES_MANAGER,
)


# --- internships and amendments ----------------------------------------------------------------


def convention(_ctx: Ctx, path: str | None) -> dict[str, Any]:
    """CarrierWave's upload object: ``{"convention": {"url": …}}`` (url null without a file)."""
    return {"convention": {"url": path}}


_INTERNSHIP_FIELDS = (
    "administration_id",
    "offer_id",
    "language_id",
    "state",
    "days",
    "user_address",
    "user_postal",
    "user_city",
    "user_country",
    "company_name",
    "company_boss_user_first_name",
    "company_boss_user_last_name",
    "company_boss_user_email",
    "company_boss_user_phone",
    "company_user_first_name",
    "company_user_last_name",
    "company_user_post",
    "company_user_email",
    "company_user_phone",
    "company_address",
    "company_postal",
    "company_city",
    "company_country",
    "company_siret",
    "internship_address",
    "internship_postal",
    "internship_city",
    "internship_country",
    "contract_type",
    "subject",
    "start_at",
    "end_at",
    "duration",
    "nb_days",
    "nb_hours",
    "movement",
    "salary",
    "currency",
    "breach_at",
)
"""The internship columns a view renders and a write takes, in the catalog's order."""
_INTERNSHIP_COLUMNS = cols("id", *_INTERNSHIP_FIELDS)

internships = Resource(
    "internships",
    Internship,
    views={
        "index": view(
            _INTERNSHIP_COLUMNS,
            Py("convention", ("convention",), convention),
            Col("convention_uri"),
            One("user", "users", "lite", fk="user_id"),
            Col("projects_user", "projects_user_id"),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(
        Special("start", "bool", _flag("start_at", past=True)),
        Special("end", "bool", _flag("end_at", past=True)),
        Special("breach", "bool", _flag("breach_at", past=True)),
    ),
    parents=(parent("users", "user_id", show=True, update=True),),
    read=COMPANIES_MANAGER,
    writes=Writes(
        "internship",
        keys=("user_id", *_INTERNSHIP_FIELDS, "convention", "anti_grav_units_user_id"),
        required=(
            "administration_id",
            "language_id",
            "days",
            "user_address",
            "user_postal",
            "user_city",
            "user_country",
            "company_name",
            "company_boss_user_first_name",
            "company_boss_user_last_name",
            "company_boss_user_email",
            "company_boss_user_phone",
            "company_user_first_name",
            "company_user_last_name",
            "company_user_post",
            "company_user_email",
            "company_user_phone",
            "company_address",
            "company_postal",
            "company_city",
            "company_country",
            "company_siret",
            "internship_address",
            "internship_postal",
            "internship_city",
            "internship_country",
            "contract_type",
            "subject",
            "start_at",
            "end_at",
            "duration",
            "nb_hours",
            "salary",
            "currency",
        ),
        enums={
            "state": (
                "none",
                "need_validation",
                "invalidated",
                "generated",
                "uploaded",
                "ended",
                "broke",
                "canceled",
            ),
            "user_country": ("values", "description"),
            "company_country": ("values", "description"),
            "internship_country": ("values", "description"),
            "contract_type": (
                "freelance",
                "apprentice_ship",
                "cdd",
                "cdi",
                "stage",
                "cdd_partiel",
                "cdi_partiel",
                "stage_partiel",
                "crea_startup",
            ),
            "currency": (
                "eur",
                "aed",
                "dol",
                "chf",
                "rub",
                "zar",
                "gbp",
                "yen",
                "can",
                "mad",
                "krw",
                "thb",
                "try",
                "amd",
                "mur",
                "myr",
                "pln",
                "czk",
            ),
        },
        access=Access.parse("role:Companies manager"),
    ),
)


def _amendments_of_user(table: Table, user_id: int) -> ColumnElement[bool]:
    return table.c.internship_id.in_(select(Internship.id).where(Internship.user_id == user_id))


amendments = Resource(
    "amendments",
    Amendment,
    views={
        "index": cols(
            "id",
            "internship_id",
            "kind",
            "old_end_at",
            "old_salary",
            "old_currency",
            "effective_date",
            "convention_url=convention",
            "origin",
            "created_at",
        )
    },
    parents=(
        Parent(segments=(("users", "user_id"),), condition=_amendments_of_user),
        parent("internships", "internship_id"),
    ),
    writes=Writes(
        "amendment",
        keys=(
            "internship_id",
            "end_at",
            "kind",
            "origin",
            "convention",
            "salary",
            "currency",
            "effective_date",
        ),
        required=("internship_id", "kind", "effective_date"),
        update_keys=(),
        enums={
            "kind": ("prolongation", "shortening", "breach", "salary_change", "other"),
            "origin": ("company", "student", "school"),
        },
        create=Access.parse("role:Advanced tutor"),
        destroy=Access.parse("role:Advanced tutor"),
    ),
)


# --- experiences -------------------------------------------------------------------------------


def _experiancable(_ctx: Ctx, kind: str | None, project_id: int | None, project_slug: str | None) -> Any:
    """LYON: ``{project: {id, slug}}`` for a projects user.

    GUESS: null for a partnerships user (no shape is known).
    """
    if kind == "ProjectsUser" and project_id is not None:
        return {"project": {"id": project_id, "slug": project_slug}}
    return None


def _of(kind: str, model: Any, target: Any, fk: str, column: str) -> Any:
    def build(table: Table, _dialect: str) -> ColumnElement[Any]:
        return (
            select(target.c[column])
            .select_from(model.__table__.join(target, target.c.id == model.__table__.c[fk]))
            .where(model.__table__.c.id == table.c.experiancable_id, table.c.experiancable_type == kind)
            .correlate(table)
            .scalar_subquery()
        )

    return build


def _experiancable_is(kind: str) -> Any:
    def condition(table: Table, row_id: int) -> ColumnElement[bool]:
        return and_(table.c.experiancable_type == kind, table.c.experiancable_id == row_id)

    return condition


experiences = Resource(
    "experiences",
    Experience,
    # GUESS: LYON knows id, cursus_id and experiancable only; the other keys are the apidoc's columns.
    views={
        "index": view(
            cols(
                "id",
                "user_id",
                "skill_id",
                "experiancable_id",
                "experiancable_type",
                "experience",
                "created_at",
                "cursus_id",
                "is_bonus",
            ),
            Py(
                "experiancable",
                ("experiancable_type",),
                _experiancable,
                sql_inputs=(
                    ("project_id", _of("ProjectsUser", ProjectsUser, table_of(Project), "project_id", "id")),
                    (
                        "project_slug",
                        _of("ProjectsUser", ProjectsUser, table_of(Project), "project_id", "slug"),
                    ),
                ),
            ),
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("campus_id", "int", _primary_campus),),
    parents=(
        Parent(
            segments=(("campus", "campus_id"),),
            condition=lambda table, campus_id: _primary_campus(table, [campus_id]),
        ),
        Parent(
            segments=(("projects_users", "projects_user_id"),), condition=_experiancable_is("ProjectsUser")
        ),
        parent("users", "user_id"),
        parent("skills", "skill_id"),
        Parent(
            segments=(("partnerships_users", "partnerships_user_id"),),
            condition=_experiancable_is("PartnershipsUser"),
        ),
    ),
    read=Access.parse("role:Basic staff"),
    writes=Writes(
        "experience",
        keys=(
            "user_id",
            "skill_id",
            "experiancable_id",
            "experiancable_type",
            "experience",
            "created_at",
            "cursus_id",
        ),
        required=("user_id", "skill_id", "experiancable_id", "experience", "cursus_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)


# --- partnerships ------------------------------------------------------------------------------


def partnership_url(ctx: Ctx, slug: str) -> str:
    return f"{ctx.api_url}/v2/partnerships/{slug}"


def partnership_users_url(ctx: Ctx, slug: str) -> str:
    return f"{ctx.api_url}/v2/partnerships/{slug}/partnerships_users"


partnerships_skills = Resource(
    "partnerships_skills",
    PartnershipsSkill,
    views={"index": cols("id", "partnership_id", "skill_id", "value", "created_at", "updated_at")},
    flat=False,
    show=False,
    # Written only as nested attributes of another resource (no route of its own).
    writes=Writes("partnerships_skill", keys=("skill_id", "value")),
)

_PARTNERSHIP_URLS = (
    Py("url", ("slug",), partnership_url),
    Py("partnerships_users_url", ("slug",), partnership_users_url),
)

partnerships = Resource(
    "partnerships",
    Partnership,
    views={
        "index": view(cols("id", "name", "slug", "tier"), _PARTNERSHIP_URLS),
        "in_user": view(
            cols("id", "name", "slug", "difficulty"),
            _PARTNERSHIP_URLS,
            Many("partnerships_skills", "partnerships_skills", "index", remote="partnership_id"),
        ),
    },
    default_sort=("-created_at", "-id"),
    lookups=("id", "slug"),
    writes=Writes(
        "partnership",
        keys=(
            "name",
            "description",
            "difficulty",
            "file",
            "cursus_id",
            "user_ids",
            "partnerships_skills_attributes",
        ),
        required=("name", "description", "difficulty", "cursus_id"),
        ignored=("user_ids",),
        nested=(
            Nested(
                "partnerships_skills_attributes",
                "partnerships_skills",
                "partnership_id",
                ("skill_id", "value"),
                required=("skill_id", "value"),
            ),
        ),
        access=Access.parse("role:Student tutor,Advanced tutor,Advanced staff + scope:projects"),
    ),
)

partnerships_users = Resource(
    "partnerships_users",
    PartnershipsUser,
    views={
        "index": view(cols("id", "partnership_id", "final_mark"), One("user", "users", "micro", fk="user_id"))
    },
    default_sort=("-created_at", "-id"),
    parents=(parent("partnerships", "partnership_id", create=True),),
    writes=Writes(
        "partnerships_user",
        keys=("partnership_id", "user_id", "final_mark"),
        required=("partnership_id", "user_id"),
        access=Access.parse("role:Student tutor,Advanced tutor,Advanced staff + scope:projects"),
    ),
)

# --- patronages --------------------------------------------------------------------------------

_PATRONAGE_CORE = cols("id", "user_id", "godfather_id", "ongoing", "created_at", "updated_at")

patronages = Resource(
    "patronages",
    Patronage,
    views={
        "index": view(
            _PATRONAGE_CORE,
            One("user", "users", "micro", fk="user_id"),
            One("godfather", "users", "micro", fk="godfather_id"),
        ),
        "embed": _PATRONAGE_CORE,
    },
    default_sort=("-created_at", "-id"),
    parents=(parent("users", "user_id", create=True),),
    read=Access.parse("role:Advanced tutor"),
    writes=Writes(
        "patronage",
        keys=("user_id", "godfather_id", "ongoing"),
        required=("user_id", "godfather_id"),
        access=Access.parse("role:Advanced tutor"),
    ),
)

reports = Resource(
    "reports",
    Report,
    views={
        "index": cols(
            "id",
            "name",
            "comment",
            "introduction_md",
            "disclaimer_md",
            "guidelines_md",
            "created_at",
            "updated_at",
            "slug",
            "delay_days",
        )
    },
    flat=False,
    show=False,
)
"""Patronage report templates: no route of their own, the parent of ``/v2/reports/:id/patronages_reports``."""

patronages_reports = Resource(
    "patronages_reports",
    PatronagesReport,
    views={
        "index": view(
            cols(
                "id",
                "user_id",
                "begin_at",
                "created_at",
                "updated_at",
                "patronage_id",
                "report_id",
                "validated_at",
            ),
            One("patronage", "patronages", "embed", fk="patronage_id"),
            One("report", "reports", "index", fk="report_id"),
            One("user", "users", "micro", fk="user_id"),
            Const("answers", []),  # the reference shows [] and no answer shape
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(
        Special("future", "bool", _flag("begin_at", past=False)),
        Special("validated", "bool", _is_set("validated_at")),
    ),
    parents=(
        parent("users", "user_id", create=True),
        parent("patronages", "patronage_id", create=True),
        parent("reports", "report_id", create=True),
    ),
    read=Access.parse("role:Basic staff"),
    graph=Graph(fields=("created_at", "updated_at", "begin_at", "validated_at"), read=Access.public()),
    writes=Writes(
        "patronages_report",
        keys=(
            "user_id",
            "begin_at",
            "patronage_id",
            "report_id",
            "validated_at",
            "comment",
            "answers_attributes",
        ),
        required=("patronage_id", "report_id"),
        ignored=("answers_attributes",),
        access=Access.parse("role:Tutor"),
    ),
)


# --- alumnized users ---------------------------------------------------------------------------


def _on_campus(table: Table, campus_id: int) -> ColumnElement[bool]:
    return table.c.id.in_(select(CampusUser.user_id).where(CampusUser.campus_id == campus_id))


def _alumnized_since(table: Table, since: Any) -> ColumnElement[bool]:
    return table.c.alumnized_at >= since


alumnized_users = Resource(
    "alumnized_users",
    User,
    views={"index": USER_LITE},  # GUESS: no example; the users index shape of the users it lists
    lookups=("id",),
    flat=False,
    show=False,
    listings=(
        Listing(
            "alumnized_users",
            lambda table, _user: and_(table.c.alumni.is_(True), table.c.alumnized_at.is_not(None)),
            read=Access.parse("role:Advanced tutor"),
            params=(
                Param("campus_id", "int", _on_campus, required=True),
                Param("alumnized_since", "datetime", _alumnized_since),
            ),
        ),
    ),
    read=Access.parse("role:Advanced tutor"),
)


# --- user candidatures -------------------------------------------------------------------------

user_candidatures = Resource(
    "user_candidatures",
    UserCandidature,
    views={
        "index": cols(
            "id",
            "user_id",
            "birth_date",
            "gender",
            "zip_code",
            "country",
            "birth_city",
            "birth_country",
            "postal_street",
            "postal_complement",
            "postal_city",
            "postal_zip_code",
            "postal_country",
            "contact_affiliation",
            "contact_last_name",
            "contact_first_name",
            "contact_phone1",
            "contact_phone2",
            "max_level_memory",
            "max_level_logic",
            "other_information",
            "language",
            "meeting_date",
            "piscine_date",
            "created_at",
            "updated_at",
            "phone",
            "email",
            "pin",
            "phone_country_code",
            "hidden_phone",
        )
    },
    default_sort=("-created_at", "-id"),
    specials=(Special("campus_id", "int", _primary_campus),),
    parents=(
        parent(
            "users",
            "user_id",
            path="user_candidature",
            index=False,
            one=True,
            flat_param=False,
            create=True,
            update=True,
        ),
    ),
    read=Access.parse("role:Advanced staff"),
    writes=Writes(
        "user_candidature",
        keys=(
            "user_id",
            "birth_date",
            "gender",
            "zip_code",
            "country",
            "phone_country_code",
            "birth_city",
            "birth_country",
            "postal_street",
            "postal_complement",
            "postal_city",
            "postal_zip_code",
            "email",
            "postal_country",
            "contact_affiliation",
            "contact_last_name",
            "contact_first_name",
            "contact_phone1",
            "contact_phone2",
            "max_level_memory",
            "max_level_logic",
            "other_information",
            "language",
            "meeting_date",
            "piscine_date",
            "pin",
            "phone",
        ),
        enums={"gender": ("male", "female", "other"), "phone_country_code": ("values", "description")},
        create=Access.parse("role:Advanced staff,Advanced tutor"),
        update=Access.parse("role:Advanced staff,Advanced tutor"),
    ),
)

RESOURCES: tuple[Resource, ...] = (
    companies,
    offers,
    offers_users,
    internships,
    amendments,
    experiences,
    partnerships_skills,
    partnerships,
    partnerships_users,
    patronages,
    reports,
    patronages_reports,
    alumnized_users,
    user_candidatures,
)
