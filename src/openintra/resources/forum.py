"""resources.forum: the legacy forum — topics, messages and votes (api-routes §2.3; shapes GUESS).

42 removed the forum from its apidoc; its routes survive in the 2015-2016 official examples and in
old clients, and the seeds' own 403 example is ``POST /v2/topics/4242/messages`` without ``forum``.
Every shape here is GUESS from the routes' parameters (``topic[name, kind, language_id,
messages_attributes[content], tag_ids, cursus_ids]``, ``message[author_id, content]``,
``vote[user_id, message_id, kind]``). Reads are public (GUESS); writes need a user token with the
``forum`` scope, or an app with the ``Moderator`` role (GUESS: 42's historical forum moderation role).
A user token writes as itself: it creates rows whose author (a vote's user) is the token's user, and
updates or destroys only its own rows; a ``Moderator`` app keeps every power (GUESS, the safe reading).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, func, or_, select, update

from openintra.api.call import Answer
from openintra.api.spec import (
    Access,
    Ctx,
    Ids,
    Listing,
    Many,
    Member,
    Nested,
    One,
    Py,
    Resource,
    Writes,
    cols,
    hooks,
    parent,
    through,
    view,
)
from openintra.api.tx import Tx
from openintra.api.validate import NOW
from openintra.core.errors import Forbidden, Invalid
from openintra.models.forum import Message, Topic, Vote, topics_cursus, topics_tags

_TOPICS = cast(Table, Topic.__table__)
_MESSAGES = cast(Table, Message.__table__)
_VOTES = cast(Table, Vote.__table__)

MODERATOR = "Moderator"
WRITE = Access.parse(f"owner:forum or role:{MODERATOR}")
"""GUESS: the ``forum`` scope on a user token (42's own 403 example), or a moderating app."""
NOT_YOURS = "You can only write the forum as yourself"
"""GUESS: 42's text for a forum write on another user's behalf is not known."""
VOTE_KINDS = ("upvote", "downvote", "trollface", "problem")
"""GUESS: the kinds of the old intra's message votes (their counts per kind in ``votes_count``)."""


# --- rules: who writes -----------------------------------------------------------------------------


def _moderates(tx: Tx) -> bool:
    return MODERATOR in tx.principal.roles


def _as_the_user(column: str) -> Callable[[Tx, dict[str, Any]], None]:
    """A create hook: the row's ``column`` (author, voter) is the token's user; a user token that names
    another user is refused (403), a moderating app names the user itself (else ``can't be blank``)."""

    def create(tx: Tx, values: dict[str, Any]) -> None:
        user, given = tx.principal.user_id, values.get(column)
        if given is not None and given != user and not _moderates(tx):
            raise Forbidden(NOT_YOURS)
        if given is None:
            if user is None:
                raise Invalid.one(column, "can't be blank")
            values[column] = user

    return create


def _own(column: str) -> tuple[Callable[..., None], Callable[..., None]]:
    """The update and destroy hooks: a user token changes only its own rows, and may not give them away."""

    def check(tx: Tx, old: dict[str, Any]) -> None:
        if not _moderates(tx) and old[column] != tx.principal.user_id:
            raise Forbidden(NOT_YOURS)

    def on_update(tx: Tx, _row_id: int, values: dict[str, Any], old: dict[str, Any]) -> None:
        check(tx, old)
        if column in values and values[column] != old[column] and not _moderates(tx):
            raise Forbidden(NOT_YOURS)

    return on_update, check


def _message_in_topic(tx: Tx, values: dict[str, Any]) -> None:
    """A reply (``POST /v2/messages/:id/messages``) is written in its parent's topic."""
    parent_id = values.get("parent_id")
    if parent_id is not None:
        parent_row = tx.one(_MESSAGES, parent_id)
        if parent_row is None:
            raise Invalid.one("parent", "must exist")
        if values.get("topic_id") not in (None, parent_row["topic_id"]):
            raise Invalid.one("parent_id", "is invalid")
        values["topic_id"] = parent_row["topic_id"]
    if values.get("topic_id") is None:
        raise Invalid.one("topic_id", "can't be blank")


def _topic_written(tx: Tx, _row_id: int, values: dict[str, Any]) -> None:
    """A new message moves its topic's ``write_at`` (``GET /v2/topics?sort=-write_at``)."""
    tx.conn.execute(update(_TOPICS).where(_TOPICS.c.id == values["topic_id"]).values(write_at=tx.now))


def _drop_votes(tx: Tx, old: dict[str, Any]) -> None:
    """A destroyed message takes its votes with it (GUESS: Rails' ``dependent: :destroy``); its
    replies still refuse the delete (422)."""
    tx.conn.execute(_VOTES.delete().where(_VOTES.c.message_id == old["id"]))


# --- reads ----------------------------------------------------------------------------------------


def _messages_url(ctx: Ctx, topic_id: int) -> str:
    return f"{ctx.api_url}/v2/topics/{topic_id}/messages"


def _content_html(_ctx: Ctx, content: str | None) -> str:
    """GUESS: the old intra rendered Markdown; openintra escapes the text into one paragraph."""
    return f"<p>{html.escape(content or '')}</p>"


def _is_root(_ctx: Ctx, parent_id: int | None) -> bool:
    return parent_id is None


def _votes_of(kind: str) -> Callable[[Table, str], ColumnElement[Any]]:
    votes = _VOTES

    def build(table: Table, _dialect: str) -> ColumnElement[Any]:
        return (
            select(func.count())
            .where(votes.c.message_id == table.c.id, votes.c.kind == kind)
            .scalar_subquery()
        )

    return build


def _votes_count(_ctx: Ctx, *counts: int) -> dict[str, int]:
    return dict(zip(VOTE_KINDS, counts, strict=True))


def _unread(table: Table, user: int | None) -> ColumnElement[bool]:
    """GUESS (openintra keeps no visits): a topic is unread when someone else wrote in it after the
    user's own last message there — every topic with another's message where the user never wrote."""
    messages = _MESSAGES
    own = messages.alias("own")
    last_own = (
        select(func.coalesce(func.max(own.c.id), 0))
        .where(own.c.topic_id == messages.c.topic_id, own.c.author_id == user)
        .scalar_subquery()
    )
    newer = select(messages.c.id).where(
        messages.c.topic_id == table.c.id,
        or_(messages.c.author_id != user, messages.c.author_id.is_(None)),
        messages.c.id > last_own,
    )
    return newer.exists()


def _my_votes_in_topic(tx: Tx, ids: dict[str, int], _params: Any) -> Answer:
    """``GET /v2/me/topics/:id/votes``: the token user's votes on the topic's messages, oldest first
    (GUESS: one unpaginated list — a `Listing` takes no path parameter, so this is a `Member`)."""
    votes, messages = _VOTES, _MESSAGES
    rows = tx.conn.execute(
        select(votes.c.id)
        .where(
            and_(
                votes.c.user_id == tx.principal.user_id,
                votes.c.message_id.in_(select(messages.c.id).where(messages.c.topic_id == ids["id"])),
            )
        )
        .order_by(votes.c.id)
    ).all()
    return Answer(200, [tx.show("votes", row[0]) for row in rows])


_MESSAGE_CORE = view(
    cols("id"),
    One("author", "users", "micro", fk="author_id"),
    cols("content"),
    Py("content_html", ("content",), _content_html),
    cols("topic_id", "parent_id"),
    Py("is_root", ("parent_id",), _is_root),
    Py("votes_count", (), _votes_count, sql_inputs=tuple((kind, _votes_of(kind)) for kind in VOTE_KINDS)),
    cols("created_at", "updated_at"),
)

topics = Resource(
    "topics",
    Topic,
    views={
        "index": view(
            cols("id", "name"),
            One("author", "users", "micro", fk="author_id"),
            cols("kind", "created_at", "updated_at", "write_at", "pinned_at", "locked_at"),
            One("language", "languages", "index", fk="language_id"),
            Py("messages_url", ("id",), _messages_url),
            Many("tags", "tags", "brief", through=(topics_tags, "topic_id", "tag_id")),
            Many(
                "cursus_ids", "cursus", "index", through=(topics_cursus, "topic_id", "cursus_id"), pluck="id"
            ),
        ),
    },
    default_sort=("-write_at", "-id"),
    sorts=("write_at", "created_at", "updated_at", "name", "id"),
    parents=(
        through("cursus", "cursus_id", topics_cursus, "topic_id", "cursus_id"),
        through("tags", "tag_id", topics_tags, "topic_id", "tag_id"),
        parent("users", "user_id", "author_id"),
    ),
    listings=(Listing("topics/unread", _unread, read=Access.parse("owner")),),
    members=(
        Member(
            "my_votes",
            ("GET",),
            "/v2/me/topics/{id}/votes",
            _my_votes_in_topic,
            access=Access.parse("owner"),
            transaction="none",
        ),
    ),
    writes=Writes(
        "topic",
        keys=("name", "kind", "language_id", "author_id"),
        update_keys=("name", "kind", "language_id"),
        required=("name",),
        defaults={"kind": "normal", "write_at": NOW},
        nested=(
            Nested(
                "messages_attributes",
                "messages",
                "topic_id",
                keys=("content", "author_id"),
                required=("content",),
            ),
        ),
        ids=(
            Ids("tag_ids", topics_tags, "topic_id", "tag_id", "tags"),
            Ids("cursus_ids", topics_cursus, "topic_id", "cursus_id", "cursus"),
        ),
        create=WRITE,
        update=WRITE,
        hooks=hooks(create=_as_the_user("author_id"), update=_own("author_id")[0]),
    ),
)

messages = Resource(
    "messages",
    Message,
    views={
        "index": view(_MESSAGE_CORE, Many("replies", "messages", "reply", remote="parent_id")),
        "reply": _MESSAGE_CORE,
    },
    default_sort=("-created_at", "-id"),
    parents=(
        parent("topics", "topic_id", create=True),
        parent("messages", "message_id", "parent_id", create=True),
        parent("users", "user_id", "author_id", index=False),
    ),
    writes=Writes(
        "message",
        keys=("author_id", "content"),
        update_keys=("content",),
        required=("content",),
        access=WRITE,
        flat_create=False,
        hooks=hooks(
            create=(_as_the_user("author_id"), _message_in_topic),
            created=_topic_written,
            update=_own("author_id")[0],
            destroy=(_own("author_id")[1], _drop_votes),
        ),
    ),
)

votes = Resource(
    "votes",
    Vote,
    views={
        "index": view(
            cols("id"),
            One("user", "users", "micro", fk="user_id"),
            cols("message_id", "kind", "created_at", "updated_at"),
        )
    },
    parents=(parent("messages", "message_id", index=False),),
    writes=Writes(
        "vote",
        keys=("user_id", "message_id", "kind"),
        required=("message_id", "kind"),
        enums={"kind": VOTE_KINDS},
        create=WRITE,
        destroy=WRITE,
        hooks=hooks(create=_as_the_user("user_id"), destroy=_own("user_id")[1]),
    ),
)

RESOURCES = (topics, messages, votes)
