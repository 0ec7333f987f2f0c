"""models.careers: companies, offers, internships, amendments, experiences, partnerships, patronages,
their reports, and user candidatures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps


class Company(Timestamps, Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    sector: Mapped[str | None] = mapped_column(String(40))
    other_sector: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(255))
    zip: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    website_url: Mapped[str | None] = mapped_column(String(255))
    owner_id: Mapped[int | None] = mapped_column(Integer)
    """Polymorphic with ``owner_type`` (a User or a Campus): no foreign key."""
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    siret: Mapped[str | None] = mapped_column(String(40))
    pro_id: Mapped[int | None] = mapped_column(Integer)
    owner_type: Mapped[str | None] = mapped_column(String(40))
    administrative_email: Mapped[str | None] = mapped_column(String(255))


companies_expertises = Table(
    "companies_expertises",
    Base.metadata,
    Column("company_id", ForeignKey("companies.id"), primary_key=True),
    Column("expertise_id", Integer, primary_key=True, index=True),
)
"""The expertises a company has (``filter[expertise_id]``); expertises are another domain's table."""


class CompaniesUser(Timestamps, Base):
    """A user's subscription to a company (``/v2/companies/:id/subscribed_users``)."""

    __tablename__ = "companies_users"
    __table_args__ = (UniqueConstraint("company_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Offer(Timestamps, Base):
    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    little_description: Mapped[str | None] = mapped_column(String(140))
    big_description: Mapped[str | None] = mapped_column(Text)
    salary: Mapped[str | None] = mapped_column(String(100))
    contract_type: Mapped[str | None] = mapped_column(String(40), index=True)
    email: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    valid_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    invalid_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    min_duration: Mapped[int | None] = mapped_column(Integer)
    max_duration: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    pro_id: Mapped[int | None] = mapped_column(Integer)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    target: Mapped[str | None] = mapped_column(String(40))
    reported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """When the offer was reported (``filter[reported]``); never rendered."""


offers_expertises = Table(
    "offers_expertises",
    Base.metadata,
    Column("offer_id", ForeignKey("offers.id"), primary_key=True),
    Column("expertise_id", Integer, primary_key=True, index=True),
)

offers_campus = Table(
    "offers_campus",
    Base.metadata,
    Column("offer_id", ForeignKey("offers.id"), primary_key=True),
    Column("campus_id", ForeignKey("campus.id"), primary_key=True, index=True),
)


class OffersUser(Timestamps, Base):
    __tablename__ = "offers_users"
    __table_args__ = (UniqueConstraint("offer_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Internship(Timestamps, Base):
    __tablename__ = "internships"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    administration_id: Mapped[int | None] = mapped_column(Integer)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"), index=True)
    language_id: Mapped[int | None] = mapped_column(ForeignKey("languages.id"), index=True)
    state: Mapped[str] = mapped_column(String(40), default="none")
    days: Mapped[str | None] = mapped_column(String(255))
    """A JSON-encoded list of week days, rendered as the string it is (api-shapes §9.6)."""
    user_address: Mapped[str | None] = mapped_column(String(255))
    user_postal: Mapped[str | None] = mapped_column(String(20))
    user_city: Mapped[str | None] = mapped_column(String(100))
    user_country: Mapped[str | None] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(255), index=True)
    company_boss_user_first_name: Mapped[str | None] = mapped_column(String(100))
    company_boss_user_last_name: Mapped[str | None] = mapped_column(String(100))
    company_boss_user_email: Mapped[str | None] = mapped_column(String(255))
    company_boss_user_phone: Mapped[str | None] = mapped_column(String(40))
    company_user_first_name: Mapped[str | None] = mapped_column(String(100))
    company_user_last_name: Mapped[str | None] = mapped_column(String(100))
    company_user_post: Mapped[str | None] = mapped_column(String(100))
    company_user_email: Mapped[str | None] = mapped_column(String(255))
    company_user_phone: Mapped[str | None] = mapped_column(String(40))
    company_address: Mapped[str | None] = mapped_column(String(255))
    company_postal: Mapped[str | None] = mapped_column(String(20))
    company_city: Mapped[str | None] = mapped_column(String(100))
    company_country: Mapped[str | None] = mapped_column(String(100))
    company_siret: Mapped[str | None] = mapped_column(String(40))
    internship_address: Mapped[str | None] = mapped_column(String(255))
    internship_postal: Mapped[str | None] = mapped_column(String(20))
    internship_city: Mapped[str | None] = mapped_column(String(100))
    internship_country: Mapped[str | None] = mapped_column(String(100))
    contract_type: Mapped[str | None] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(280))
    start_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    duration: Mapped[int | None] = mapped_column(Integer)
    nb_days: Mapped[int | None] = mapped_column(Integer)
    nb_hours: Mapped[int | None] = mapped_column(Integer)
    movement: Mapped[str | None] = mapped_column(String(255))
    salary: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(10))
    breach_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    convention: Mapped[str | None] = mapped_column(String(255))
    """The uploaded convention's path (``/uploads/internship/convention/…``)."""
    convention_uri: Mapped[str | None] = mapped_column(String(255))
    anti_grav_units_user_id: Mapped[int | None] = mapped_column(Integer)
    """An anti-grav units user (another domain's table): no foreign key here."""
    projects_user_id: Mapped[int | None] = mapped_column(ForeignKey("projects_users.id"), index=True)


class Amendment(Timestamps, Base):
    __tablename__ = "amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(ForeignKey("internships.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str | None] = mapped_column(String(40))
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    salary: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(10))
    old_end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    old_salary: Mapped[int | None] = mapped_column(Integer)
    old_currency: Mapped[str | None] = mapped_column(String(10))
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    convention: Mapped[str | None] = mapped_column(String(255))


class Partnership(Timestamps, Base):
    __tablename__ = "partnerships"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[int | None] = mapped_column(Integer)
    file: Mapped[str | None] = mapped_column(String(255))
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)


class PartnershipsSkill(Timestamps, Base):
    __tablename__ = "partnerships_skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)


class PartnershipsUser(Timestamps, Base):
    __tablename__ = "partnerships_users"
    __table_args__ = (UniqueConstraint("partnership_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    final_mark: Mapped[int | None] = mapped_column(Integer)


class Experience(Base):
    __tablename__ = "experiences"
    __table_args__ = (Index("ix_experiences_experiancable", "experiancable_type", "experiancable_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    experiancable_id: Mapped[int | None] = mapped_column(Integer)
    """A ProjectsUser or a PartnershipsUser (``experiancable_type``): polymorphic, no foreign key."""
    experiancable_type: Mapped[str | None] = mapped_column(String(40))
    experience: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)
    is_bonus: Mapped[bool] = mapped_column(Boolean, default=False)


class Patronage(Timestamps, Base):
    __tablename__ = "patronages"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    """The godchild."""
    godfather_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=True)


class Report(Timestamps, Base):
    """A patronage report template (``/v2/reports/:report_id/patronages_reports``)."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    comment: Mapped[str | None] = mapped_column(Text)
    introduction_md: Mapped[str | None] = mapped_column(Text)
    disclaimer_md: Mapped[str | None] = mapped_column(Text)
    guidelines_md: Mapped[str | None] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    delay_days: Mapped[int | None] = mapped_column(Integer)


class PatronagesReport(Timestamps, Base):
    __tablename__ = "patronages_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    begin_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    patronage_id: Mapped[int] = mapped_column(ForeignKey("patronages.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(Text)


class UserCandidature(Timestamps, Base):
    __tablename__ = "user_candidatures"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(20))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(100))
    birth_city: Mapped[str | None] = mapped_column(String(100))
    birth_country: Mapped[str | None] = mapped_column(String(100))
    postal_street: Mapped[str | None] = mapped_column(String(255))
    postal_complement: Mapped[str | None] = mapped_column(String(255))
    postal_city: Mapped[str | None] = mapped_column(String(100))
    postal_zip_code: Mapped[str | None] = mapped_column(String(20))
    postal_country: Mapped[str | None] = mapped_column(String(100))
    contact_affiliation: Mapped[str | None] = mapped_column(String(40))
    contact_last_name: Mapped[str | None] = mapped_column(String(100))
    contact_first_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone1: Mapped[str | None] = mapped_column(String(40))
    contact_phone2: Mapped[str | None] = mapped_column(String(40))
    max_level_memory: Mapped[int | None] = mapped_column(Integer)
    max_level_logic: Mapped[int | None] = mapped_column(Integer)
    other_information: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    meeting_date: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    piscine_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(255))
    pin: Mapped[str | None] = mapped_column(String(20))
    phone_country_code: Mapped[str | None] = mapped_column(String(4))
    hidden_phone: Mapped[bool | None] = mapped_column(Boolean)
