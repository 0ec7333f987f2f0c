"""demo.forum: synthetic forum topics (tagged, for cursus), their messages, replies and votes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.campus import Cursus, Language
from openintra.models.forum import Message, Topic, Vote, topics_cursus, topics_tags
from openintra.models.pedagogy import Tag
from openintra.models.users import User

SUBJECTS = [
    "Norminette refuses my header",
    "ft_printf: how to test %p?",
    "Exam rank 02 tips",
    "Segfault only on the school's machines",
    "Looking for a team for ft_transcendence",
    "Valgrind on macOS",
    "Where do I find the subject PDF?",
    "Minishell: heredoc and signals",
    "Evaluation slots on Sunday night",
    "Philosophers: data races with mutexes",
    "Cub3D textures look stretched",
    "Born2beroot: partitions question",
]
LINES = [
    "Same problem here, any idea?",
    "Read the subject again, it is in the last section.",
    "Try compiling with -fsanitize=address.",
    "It works on my side with the latest version.",
    "Ask the staff at the bocal, they fixed it last week.",
    "Thanks, that solved it!",
    "Did you check the norm for the header?",
    "I wrote a small tester, link in my profile.",
]
KINDS = ("upvote", "upvote", "upvote", "downvote", "trollface", "problem")


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("forum")`` after the users exist."""
    rng = builder.rng_for("forum")
    conn = builder.conn
    users = [row[0] for row in conn.execute(select(User.id).order_by(User.id)).all()]
    if not users:
        return
    tags = [row[0] for row in conn.execute(select(Tag.id).order_by(Tag.id)).all()]
    cursus = [row[0] for row in conn.execute(select(Cursus.id).order_by(Cursus.id)).all()]
    languages = [row[0] for row in conn.execute(select(Language.id).order_by(Language.id)).all()]
    start = world.anchor - dt.timedelta(days=400)
    topics: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []  # in id order: a reply follows what it answers
    votes: list[dict[str, Any]] = []
    tagged: list[dict[str, Any]] = []
    for_cursus: list[dict[str, Any]] = []
    for number in range(min(len(users), 2 * len(SUBJECTS))):
        topic_id = builder.ids.take("topics")
        created = draw_ts(rng, start, 380 * 86400)
        written = created
        posted: list[tuple[int, int, dt.datetime]] = []
        for _ in range(rng.randint(1, 6)):
            message_id = builder.ids.take("messages")
            at = draw_ts(rng, written, 3 * 86400) if posted else created
            written = at
            answers = rng.choice(posted)[0] if posted and rng.random() < 0.4 else None
            author = rng.choice(users)
            posted.append((message_id, author, at))
            messages.append({
                "id": message_id, "topic_id": topic_id, "parent_id": answers, "author_id": author,
                "content": SUBJECTS[number % len(SUBJECTS)] if len(posted) == 1 else rng.choice(LINES),
                "created_at": at, "updated_at": at,
            })  # fmt: skip
            voters = rng.sample(users, k=min(len(users), rng.randint(0, 3)))
            for voter in voters:
                votes.append({
                    "id": builder.ids.take("votes"), "user_id": voter, "message_id": message_id,
                    "kind": rng.choice(KINDS), "created_at": at, "updated_at": at,
                })  # fmt: skip
        topics.append({
            "id": topic_id, "name": SUBJECTS[number % len(SUBJECTS)], "kind": "normal",
            "language_id": rng.choice(languages) if languages else None, "author_id": posted[0][1],
            "write_at": written, "pinned_at": created if number == 0 else None, "locked_at": None,
            "created_at": created, "updated_at": written,
        })  # fmt: skip
        tagged += [{"topic_id": topic_id, "tag_id": tag} for tag in rng.sample(tags, k=min(len(tags), 2))]
        for_cursus += [
            {"topic_id": topic_id, "cursus_id": c} for c in rng.sample(cursus, k=min(len(cursus), 1))
        ]
    builder._insert(Topic, topics)
    builder._insert(Message, messages)
    builder._insert(Vote, votes)
    builder._insert(topics_tags, tagged)
    builder._insert(topics_cursus, for_cursus)
