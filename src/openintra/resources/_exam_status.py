"""resources._exam_status: ``GET /v2/users/:id/exam`` (a member action of users, catalog "exam").

Kept apart from ``resources.events`` so that ``resources.users`` can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from openintra.api.call import Answer
from openintra.api.tx import Tx
from openintra.core.clock import format_ts, utc_now
from openintra.core.errors import NotFound
from openintra.models.events import Exam, ExamsUser

EXAM_BRIEF_KEYS = (
    "id", "ip_range", "begin_at", "end_at", "location", "max_people", "nbr_subscribers", "name", "created_at",
    "updated_at",
)  # fmt: skip
"""The exam as ``exams_users.exam`` renders it (api-shapes §4.2)."""


def user_exam(tx: Tx, ids: dict[str, int], _params: Mapping[str, Any]) -> Answer:
    """The user's exam "status": the exam they are registered to that is running now, else the next one.

    GUESS: the catalog only says "Exam status of the user; no params listed" and shows no body. We
    answer that exam in the ``exams_users.exam`` form (api-shapes §4.2), or 404 ``{}`` when the user
    has no running or upcoming exam registration.
    """
    conn, user_id = tx.conn, ids["id"]
    now = utc_now()
    subscribers = (
        select(func.count()).select_from(ExamsUser).where(ExamsUser.exam_id == Exam.id)
        .correlate(Exam).scalar_subquery()
    )  # fmt: skip
    row = conn.execute(
        select(
            Exam.id, Exam.ip_range, Exam.begin_at, Exam.end_at, Exam.location, Exam.max_people, subscribers,
            Exam.name, Exam.created_at, Exam.updated_at,
        )
        .join(ExamsUser, ExamsUser.exam_id == Exam.id)
        .where(ExamsUser.user_id == user_id, Exam.end_at > now)
        .order_by(Exam.begin_at, Exam.id)
        .limit(1)
    ).first()  # fmt: skip
    if row is None:
        raise NotFound()
    values = list(row)
    for position in (2, 3, 8, 9):
        values[position] = format_ts(values[position])
    return Answer(200, dict(zip(EXAM_BRIEF_KEYS, values, strict=True)))
