"""companies, internships, amendments, offers, experiences, partnerships, patronages, alumnized users and user candidatures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("other_sector", sa.String(length=255), nullable=True),
        sa.Column("size", sa.String(length=20), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("website_url", sa.String(length=255), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("siret", sa.String(length=40), nullable=True),
        sa.Column("pro_id", sa.Integer(), nullable=True),
        sa.Column("owner_type", sa.String(length=40), nullable=True),
        sa.Column("administrative_email", sa.String(length=255), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("name", name=op.f("uq_companies_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_companies_slug")),
    )
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_companies_created_at"), ["created_at"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("introduction_md", sa.Text(), nullable=True),
        sa.Column("disclaimer_md", sa.Text(), nullable=True),
        sa.Column("guidelines_md", sa.Text(), nullable=True),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("delay_days", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("slug", name=op.f("uq_reports_slug")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_created_at"), ["created_at"], unique=False)

    op.create_table(
        "companies_expertises",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("expertise_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_companies_expertises_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("company_id", "expertise_id", name=op.f("pk_companies_expertises")),
    )
    with op.batch_alter_table("companies_expertises", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_companies_expertises_expertise_id"), ["expertise_id"], unique=False
        )

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("little_description", sa.String(length=140), nullable=True),
        sa.Column("big_description", sa.Text(), nullable=True),
        sa.Column("salary", sa.String(length=100), nullable=True),
        sa.Column("contract_type", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("valid_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("invalid_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("min_duration", sa.Integer(), nullable=True),
        sa.Column("max_duration", sa.Integer(), nullable=True),
        sa.Column("document", sa.String(length=255), nullable=True),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("pro_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("reported_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_offers_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("slug", name=op.f("uq_offers_slug")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_contract_type"), ["contract_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_created_at"), ["created_at"], unique=False)

    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("difficulty", sa.Integer(), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=True),
        sa.Column("file", sa.String(length=255), nullable=True),
        sa.Column("cursus_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_partnerships_cursus_id_cursus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerships")),
        sa.UniqueConstraint("name", name=op.f("uq_partnerships_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_partnerships_slug")),
    )
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnerships_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnerships_cursus_id"), ["cursus_id"], unique=False)

    op.create_table(
        "offers_campus",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_offers_campus_campus_id_campus")),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_offers_campus_offer_id_offers")),
        sa.PrimaryKeyConstraint("offer_id", "campus_id", name=op.f("pk_offers_campus")),
    )
    with op.batch_alter_table("offers_campus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_campus_campus_id"), ["campus_id"], unique=False)

    op.create_table(
        "offers_expertises",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("expertise_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offers_expertises_offer_id_offers")
        ),
        sa.PrimaryKeyConstraint("offer_id", "expertise_id", name=op.f("pk_offers_expertises")),
    )
    with op.batch_alter_table("offers_expertises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_expertises_expertise_id"), ["expertise_id"], unique=False)

    op.create_table(
        "partnerships_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_partnerships_skills_partnership_id_partnerships"),
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_partnerships_skills_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerships_skills")),
    )
    with op.batch_alter_table("partnerships_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnerships_skills_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partnerships_skills_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partnerships_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "companies_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_companies_users_company_id_companies")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_companies_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies_users")),
        sa.UniqueConstraint("company_id", "user_id", name=op.f("uq_companies_users_company_id_user_id")),
    )
    with op.batch_alter_table("companies_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_companies_users_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_companies_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_companies_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "experiences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("experiancable_id", sa.Integer(), nullable=True),
        sa.Column("experiancable_type", sa.String(length=40), nullable=True),
        sa.Column("experience", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=True),
        sa.Column("is_bonus", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_experiences_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_experiences_skill_id_skills")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_experiences_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiences")),
    )
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experiences_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_experiences_cursus_id"), ["cursus_id"], unique=False)
        batch_op.create_index(
            "ix_experiences_experiancable", ["experiancable_type", "experiancable_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_experiences_skill_id"), ["skill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_experiences_user_id"), ["user_id"], unique=False)

    op.create_table(
        "offers_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("validated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_offers_users_offer_id_offers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_offers_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers_users")),
        sa.UniqueConstraint("offer_id", "user_id", name=op.f("uq_offers_users_offer_id_user_id")),
    )
    with op.batch_alter_table("offers_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_users_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "partnerships_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("final_mark", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_partnerships_users_partnership_id_partnerships"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_partnerships_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerships_users")),
        sa.UniqueConstraint(
            "partnership_id", "user_id", name=op.f("uq_partnerships_users_partnership_id_user_id")
        ),
    )
    with op.batch_alter_table("partnerships_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnerships_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partnerships_users_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partnerships_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "patronages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("godfather_id", sa.Integer(), nullable=False),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["godfather_id"], ["users.id"], name=op.f("fk_patronages_godfather_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_patronages_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patronages")),
    )
    with op.batch_alter_table("patronages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patronages_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_patronages_godfather_id"), ["godfather_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patronages_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_candidatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("zip_code", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("birth_city", sa.String(length=100), nullable=True),
        sa.Column("birth_country", sa.String(length=100), nullable=True),
        sa.Column("postal_street", sa.String(length=255), nullable=True),
        sa.Column("postal_complement", sa.String(length=255), nullable=True),
        sa.Column("postal_city", sa.String(length=100), nullable=True),
        sa.Column("postal_zip_code", sa.String(length=20), nullable=True),
        sa.Column("postal_country", sa.String(length=100), nullable=True),
        sa.Column("contact_affiliation", sa.String(length=40), nullable=True),
        sa.Column("contact_last_name", sa.String(length=100), nullable=True),
        sa.Column("contact_first_name", sa.String(length=100), nullable=True),
        sa.Column("contact_phone1", sa.String(length=40), nullable=True),
        sa.Column("contact_phone2", sa.String(length=40), nullable=True),
        sa.Column("max_level_memory", sa.Integer(), nullable=True),
        sa.Column("max_level_logic", sa.Integer(), nullable=True),
        sa.Column("other_information", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("meeting_date", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("piscine_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("pin", sa.String(length=20), nullable=True),
        sa.Column("phone_country_code", sa.String(length=4), nullable=True),
        sa.Column("hidden_phone", sa.Boolean(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_candidatures_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_candidatures")),
        sa.UniqueConstraint("user_id", name=op.f("uq_user_candidatures_user_id")),
    )
    with op.batch_alter_table("user_candidatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_candidatures_created_at"), ["created_at"], unique=False)

    op.create_table(
        "internships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=True),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("language_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("days", sa.String(length=255), nullable=True),
        sa.Column("user_address", sa.String(length=255), nullable=True),
        sa.Column("user_postal", sa.String(length=20), nullable=True),
        sa.Column("user_city", sa.String(length=100), nullable=True),
        sa.Column("user_country", sa.String(length=100), nullable=True),
        sa.Column("company_name", sa.String(length=255), nullable=True),
        sa.Column("company_boss_user_first_name", sa.String(length=100), nullable=True),
        sa.Column("company_boss_user_last_name", sa.String(length=100), nullable=True),
        sa.Column("company_boss_user_email", sa.String(length=255), nullable=True),
        sa.Column("company_boss_user_phone", sa.String(length=40), nullable=True),
        sa.Column("company_user_first_name", sa.String(length=100), nullable=True),
        sa.Column("company_user_last_name", sa.String(length=100), nullable=True),
        sa.Column("company_user_post", sa.String(length=100), nullable=True),
        sa.Column("company_user_email", sa.String(length=255), nullable=True),
        sa.Column("company_user_phone", sa.String(length=40), nullable=True),
        sa.Column("company_address", sa.String(length=255), nullable=True),
        sa.Column("company_postal", sa.String(length=20), nullable=True),
        sa.Column("company_city", sa.String(length=100), nullable=True),
        sa.Column("company_country", sa.String(length=100), nullable=True),
        sa.Column("company_siret", sa.String(length=40), nullable=True),
        sa.Column("internship_address", sa.String(length=255), nullable=True),
        sa.Column("internship_postal", sa.String(length=20), nullable=True),
        sa.Column("internship_city", sa.String(length=100), nullable=True),
        sa.Column("internship_country", sa.String(length=100), nullable=True),
        sa.Column("contract_type", sa.String(length=40), nullable=True),
        sa.Column("subject", sa.String(length=280), nullable=True),
        sa.Column("start_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=True),
        sa.Column("nb_days", sa.Integer(), nullable=True),
        sa.Column("nb_hours", sa.Integer(), nullable=True),
        sa.Column("movement", sa.String(length=255), nullable=True),
        sa.Column("salary", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=10), nullable=True),
        sa.Column("breach_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("convention", sa.String(length=255), nullable=True),
        sa.Column("convention_uri", sa.String(length=255), nullable=True),
        sa.Column("anti_grav_units_user_id", sa.Integer(), nullable=True),
        sa.Column("projects_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["language_id"], ["languages.id"], name=op.f("fk_internships_language_id_languages")
        ),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], name=op.f("fk_internships_offer_id_offers")),
        sa.ForeignKeyConstraint(
            ["projects_user_id"],
            ["projects_users.id"],
            name=op.f("fk_internships_projects_user_id_projects_users"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_internships_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internships")),
    )
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_internships_company_name"), ["company_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_internships_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_internships_language_id"), ["language_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_internships_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_internships_projects_user_id"), ["projects_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_internships_user_id"), ["user_id"], unique=False)

    op.create_table(
        "patronages_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("patronage_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("validated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patronage_id"], ["patronages.id"], name=op.f("fk_patronages_reports_patronage_id_patronages")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_patronages_reports_report_id_reports")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_patronages_reports_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patronages_reports")),
    )
    with op.batch_alter_table("patronages_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patronages_reports_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patronages_reports_patronage_id"), ["patronage_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_patronages_reports_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patronages_reports_user_id"), ["user_id"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("internship_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("origin", sa.String(length=40), nullable=True),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("salary", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=10), nullable=True),
        sa.Column("old_end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("old_salary", sa.Integer(), nullable=True),
        sa.Column("old_currency", sa.String(length=10), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("convention", sa.String(length=255), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["internship_id"], ["internships.id"], name=op.f("fk_amendments_internship_id_internships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendments_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_amendments_internship_id"), ["internship_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_internship_id"))
        batch_op.drop_index(batch_op.f("ix_amendments_created_at"))

    op.drop_table("amendments")
    with op.batch_alter_table("patronages_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patronages_reports_user_id"))
        batch_op.drop_index(batch_op.f("ix_patronages_reports_report_id"))
        batch_op.drop_index(batch_op.f("ix_patronages_reports_patronage_id"))
        batch_op.drop_index(batch_op.f("ix_patronages_reports_created_at"))

    op.drop_table("patronages_reports")
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_internships_user_id"))
        batch_op.drop_index(batch_op.f("ix_internships_projects_user_id"))
        batch_op.drop_index(batch_op.f("ix_internships_offer_id"))
        batch_op.drop_index(batch_op.f("ix_internships_language_id"))
        batch_op.drop_index(batch_op.f("ix_internships_created_at"))
        batch_op.drop_index(batch_op.f("ix_internships_company_name"))

    op.drop_table("internships")
    with op.batch_alter_table("user_candidatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_candidatures_created_at"))

    op.drop_table("user_candidatures")
    with op.batch_alter_table("patronages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patronages_user_id"))
        batch_op.drop_index(batch_op.f("ix_patronages_godfather_id"))
        batch_op.drop_index(batch_op.f("ix_patronages_created_at"))

    op.drop_table("patronages")
    with op.batch_alter_table("partnerships_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnerships_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_users_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_users_created_at"))

    op.drop_table("partnerships_users")
    with op.batch_alter_table("offers_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_offers_users_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offers_users_created_at"))

    op.drop_table("offers_users")
    with op.batch_alter_table("experiences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experiences_user_id"))
        batch_op.drop_index(batch_op.f("ix_experiences_skill_id"))
        batch_op.drop_index("ix_experiences_experiancable")
        batch_op.drop_index(batch_op.f("ix_experiences_cursus_id"))
        batch_op.drop_index(batch_op.f("ix_experiences_created_at"))

    op.drop_table("experiences")
    with op.batch_alter_table("companies_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_companies_users_created_at"))
        batch_op.drop_index(batch_op.f("ix_companies_users_company_id"))

    op.drop_table("companies_users")
    with op.batch_alter_table("partnerships_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnerships_skills_skill_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_skills_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_skills_created_at"))

    op.drop_table("partnerships_skills")
    with op.batch_alter_table("offers_expertises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_expertises_expertise_id"))

    op.drop_table("offers_expertises")
    with op.batch_alter_table("offers_campus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_campus_campus_id"))

    op.drop_table("offers_campus")
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnerships_cursus_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_created_at"))

    op.drop_table("partnerships")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_created_at"))
        batch_op.drop_index(batch_op.f("ix_offers_contract_type"))
        batch_op.drop_index(batch_op.f("ix_offers_company_id"))

    op.drop_table("offers")
    with op.batch_alter_table("companies_expertises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_expertises_expertise_id"))

    op.drop_table("companies_expertises")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_created_at"))

    op.drop_table("reports")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_created_at"))

    op.drop_table("companies")
