"""models.economy: coalition points (pools, balances, scores, bloc deadlines, squads), the shop (products,
commands, transactions), closes, community services, anti-grav units, correction point historics,
certificates, journals and notes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps

# --- coalition points: pools and their balances, scores -----------------------------------------


class Pool(Timestamps, Base):
    """A coalition point pool of one campus and one cursus.

    ``current_points`` is a column kept coherent by the seed (and, later, by the points add/remove
    writes): ``max_points`` minus the points the pool has given, i.e. minus the sum of the scores
    whose ``scoreable_type`` is ``"Pool"`` and ``scoreable_id`` this pool.
    """

    __tablename__ = "pools"
    id: Mapped[int] = mapped_column(primary_key=True)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    current_points: Mapped[int] = mapped_column(Integer, default=0)
    max_points: Mapped[int] = mapped_column(Integer, default=0)


class Balance(Timestamps, Base):
    """A period during which a pool's points are distributed."""

    __tablename__ = "balances"
    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("pools.id"), index=True)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Score(Timestamps, Base):
    __tablename__ = "scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    coalitions_user_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions_users.id"), index=True)
    scoreable_id: Mapped[int | None] = mapped_column(Integer)
    scoreable_type: Mapped[str | None] = mapped_column(String(40))
    calculation_id: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(255), default="")


class BlocDeadline(Timestamps, Base):
    __tablename__ = "bloc_deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id"), index=True)
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"), index=True)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Squad(Timestamps, Base):
    __tablename__ = "squads"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int] = mapped_column(ForeignKey("blocs.id"), index=True)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SquadsUser(Timestamps, Base):
    __tablename__ = "squads_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    leader: Mapped[bool] = mapped_column(Boolean, default=False)
    validated: Mapped[bool] = mapped_column(Boolean, default=False)


# --- the shop: products, the campus that sell them, commands; wallet transactions --------------

campus_products = Table(
    "campus_products",
    Base.metadata,
    Column("product_id", ForeignKey("products.id"), primary_key=True),
    Column("campus_id", ForeignKey("campus.id"), primary_key=True, index=True),
)


class Product(Timestamps, Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[int] = mapped_column(Integer, default=0)
    quantity: Mapped[int | None] = mapped_column(Integer)
    begin_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    category_id: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20), default="user")
    image: Mapped[str | None] = mapped_column(String(255))
    """The uploaded file's name (rendered as ``{url, thumb: {url}}``)."""
    is_uniq: Mapped[bool] = mapped_column(Boolean, default=False)
    one_time_purchase: Mapped[bool] = mapped_column(Boolean, default=False)


class Command(Timestamps, Base):
    """A shop order: ``user_id`` bought ``product_id`` (for ``owner_id``); a staff ``validator`` hands
    it over."""

    __tablename__ = "commands"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    validator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Transaction(Timestamps, Base):
    """A move of a user's wallet (Altarian dollars); a purchase is ``transactable_type = "Command"``."""

    __tablename__ = "transactions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    transactable_id: Mapped[int | None] = mapped_column(Integer)
    transactable_type: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(255), default="")


# --- freezes, closes and community services ------------------------------------------------------


class AntiGravUnit(Timestamps, Base):
    __tablename__ = "anti_grav_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)


class Close(Timestamps, Base):
    __tablename__ = "closes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    closer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(255), default="")
    state: Mapped[str] = mapped_column(String(20), default="close")
    kind: Mapped[str] = mapped_column(String(40), default="other")
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    jid: Mapped[str | None] = mapped_column(String(64))


class CommunityService(Timestamps, Base):
    __tablename__ = "community_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("closes.id"), index=True)
    tiger_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    duration: Mapped[int] = mapped_column(Integer)
    schedule_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    occupation: Mapped[str | None] = mapped_column(String(255))
    token: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default="schedule")


class AntiGravUnitsUser(Timestamps, Base):
    __tablename__ = "anti_grav_units_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    anti_grav_unit_id: Mapped[int] = mapped_column(ForeignKey("anti_grav_units.id"), index=True)
    close_id: Mapped[int | None] = mapped_column(ForeignKey("closes.id"), index=True)
    internship_id: Mapped[int | None] = mapped_column(Integer)
    is_free: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(255), default="")
    begin_date: Mapped[dt.date] = mapped_column(Date)
    expected_end_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)


# --- evaluation points, certificates, the staff's journal and notes --------------------------------


class CorrectionPointHistoric(Timestamps, Base):
    """One move of a user's correction points; ``total`` is the balance after it."""

    __tablename__ = "correction_point_historics"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    user_data_id: Mapped[int | None] = mapped_column(Integer)
    scale_team_id: Mapped[int | None] = mapped_column(ForeignKey("scale_teams.id"), index=True)
    reason: Mapped[str] = mapped_column(String(255), default="")
    sum: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)


class Certificate(Timestamps, Base):
    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    content: Mapped[str | None] = mapped_column(Text)
    total_certificate_number: Mapped[int] = mapped_column(Integer, default=0)
    image: Mapped[str | None] = mapped_column(String(255))
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)


class CertificatesUser(Timestamps, Base):
    __tablename__ = "certificates_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    certificate_number: Mapped[str | None] = mapped_column(String(64))
    certified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Journal(Timestamps, Base):
    __tablename__ = "journals"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)
    app_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The application that wrote (not a foreign key: the log outlives a deleted app)."""
    item_type: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(255), default="")
    event_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    alumni: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class Note(Timestamps, Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    from_: Mapped[str | None] = mapped_column("from", String(100))
    subject: Mapped[str | None] = mapped_column(String(255))
    content: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="manual")
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
