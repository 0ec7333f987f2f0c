"""models.forum: the legacy forum — topics, their messages (a message may answer a message) and votes.

42 removed the forum from its apidoc; its routes survive in old clients (api-routes §2.3). The columns
are GUESS from the routes' parameters: ``topic[name, kind, language_id, messages_attributes[content],
tag_ids, cursus_ids]``, ``message[author_id, content]``, ``vote[user_id, message_id, kind]``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps

topics_tags = Table(
    "topics_tags",
    Base.metadata,
    Column("topic_id", ForeignKey("topics.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True, index=True),
)

topics_cursus = Table(
    "topics_cursus",
    Base.metadata,
    Column("topic_id", ForeignKey("topics.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)


class Topic(Timestamps, Base):
    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), default="normal")
    language_id: Mapped[int | None] = mapped_column(ForeignKey("languages.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    """Set by the write rules (the token's user); nullable so that they may set it after the checks."""
    write_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    """When its last message was written (``sort=-write_at``)."""
    pinned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Message(Timestamps, Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), index=True)
    """A reply takes its parent's topic (the write rules set it); never null once written."""
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    content: Mapped[str] = mapped_column(Text)


class Vote(Timestamps, Base):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("message_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="upvote")
