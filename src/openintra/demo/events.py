"""demo.events: synthetic events, exams, waitlists, dashes, slots and the other resources of the domain.

Everything is drawn from ``builder.rng_for("events")`` and built on the rows the core generator
wrote (users, campus, cursus, projects, evaluations): subscribers belong to the event's campus,
exam candidates follow the exam's cursus, booked slots are the correctors' slots of real
evaluations. Counts scale with the number of users.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from openintra.core import jsonenc
from openintra.demo import catalogue as cat
from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.campus import Skill
from openintra.models.events import (
    Announcement,
    Broadcast,
    Dash,
    DashesUser,
    Event,
    EventsUser,
    Exam,
    ExamsUser,
    Flash,
    FlashUser,
    Mailing,
    Slot,
    Theme,
    Waitlist,
    events_campus,
    events_cursus,
    events_themes,
    exams_cursus,
    exams_projects,
)
from openintra.models.projects import Feedback, Project, ScaleTeam
from openintra.models.users import CursusUser, User

THEMES = ["AI", "Entrepreneurship", "Security", "Web", "Games", "Careers", "Open source", "Wellbeing"]
EVENT_KINDS = [
    "pedago",
    "rush",
    "piscine",
    "partnership",
    "meet",
    "conference",
    "meet_up",
    "event",
    "association",
    "speed_working",
    "hackathon",
    "workshop",
    "challenge",
    "other",
    "extern",
]
EVENT_TOPICS = [
    "Intro to functional programming",
    "Git beyond the basics",
    "Meet the alumni",
    "Capture the flag",
    "Code review workshop",
    "Game jam",
    "Careers in security",
    "Shell scripting night",
    "Open source sprint",
    "Company visit",
    "Docker from scratch",
    "Board games evening",
]
ROOMS = ["Auditorium", "Cluster 1", "Cluster 2", "Kitchen", "Room 42", None]
QUARTER = dt.timedelta(minutes=15)


class _Clock:
    """Millisecond timestamps drawn from the domain's own generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def ts(self, start: dt.datetime, days: float) -> dt.datetime:
        return draw_ts(self.rng, start, days * 86400)


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("events")`` after the users exist."""
    conn = builder.conn
    rng = builder.rng_for("events")
    clock = _Clock(rng)
    anchor = world.anchor
    users = [
        dict(row._mapping)
        for row in conn.execute(
            select(User.id, User.login, User.email, User.kind, User.primary_campus_id).order_by(User.id)
        )
    ]
    if not users:
        return
    by_campus: dict[int, list[int]] = defaultdict(list)
    for user in users:
        by_campus[user["primary_campus_id"]].append(user["id"])
    in_cursus: dict[int, set[int]] = defaultdict(set)
    for user_id, cursus_id in conn.execute(select(CursusUser.user_id, CursusUser.cursus_id)):
        in_cursus[cursus_id].add(user_id)
    staff = [user["id"] for user in users if user["kind"] == "admin"] or [users[0]["id"]]
    campus_ids = [cid for cid, _ in world.campus_weights]
    weights = [weight for _, weight in world.campus_weights]
    scale = max(1, len(users))

    theme_ids = _themes(builder)
    event_ids = _events(builder, clock, rng, anchor, by_campus, campus_ids, weights, theme_ids, scale)
    _exams(builder, clock, rng, anchor, by_campus, in_cursus, staff, campus_ids, weights, scale)
    _dashes(builder, clock, rng, anchor, by_campus, campus_ids, weights, scale)
    _slots(builder, clock, rng, anchor, users)
    _announcements(builder, clock, rng, anchor)
    _broadcasts(builder, clock, rng, anchor, campus_ids)
    _flashes(builder, clock, rng, anchor, users)
    _mailings(builder, clock, rng, anchor, users, event_ids)


def _themes(builder: NetworkBuilder) -> list[int]:
    created = dt.datetime(2019, 1, 9, 17, 18, 54, 779000, tzinfo=dt.UTC)
    rows = [
        {
            "id": builder.ids.take("themes"),
            "name": name,
            "created_at": created + dt.timedelta(milliseconds=40 * i),
            "updated_at": created + dt.timedelta(milliseconds=40 * i),
        }
        for i, name in enumerate(THEMES)
    ]
    builder._insert(Theme, rows)
    return [row["id"] for row in rows]


def _events(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    by_campus: dict[int, list[int]],
    campus_ids: list[int],
    weights: list[int],
    theme_ids: list[int],
    scale: int,
) -> list[int]:
    rows, campus_links, cursus_links, theme_links, subscribers, waitlists, feedbacks = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for index in range(max(40, scale // 10)):
        event_id = builder.ids.take("events")
        campus = rng.choices(campus_ids, weights)[0]
        campus_set = [campus] + (
            [rng.choice([c for c in campus_ids if c != campus])] if index % 9 == 4 else []
        )
        cursus_set = [cat.MAIN] if index % 5 else [cat.MAIN, cat.PISCINE]
        if index % 11 == 7:
            cursus_set = [cat.PISCINE]
        begin = clock.ts(anchor - dt.timedelta(days=700), 850).replace(minute=0, second=0, microsecond=0)
        if index % 8 == 5:  # some far ahead, so that the network keeps future events for a while
            begin = clock.ts(anchor + dt.timedelta(days=400), 700).replace(minute=0, second=0, microsecond=0)
        created = clock.ts(begin - dt.timedelta(days=30), 27)
        pool = [user for c in campus_set for user in by_campus.get(c, [])]
        full = index % 6 == 2 and len(pool) >= 3
        roll = rng.random()
        max_people = (
            rng.randint(3, min(12, len(pool))) if full else (None if roll < 0.3 else rng.randint(10, 80))
        )
        if full:
            count = max_people
        else:
            limit = min(len(pool), (max_people - 1) if max_people else 25)
            count = rng.randint(0, max(0, limit))
        topic = EVENT_TOPICS[index % len(EVENT_TOPICS)]
        rows.append(
            {
                "id": event_id,
                "name": f"{topic} #{index + 1}",
                "description": f"{topic}: bring your laptop and your questions."
                if index % 3
                else f"All about {topic.lower()}.",
                "location": rng.choice(ROOMS),
                "kind": EVENT_KINDS[index % len(EVENT_KINDS)],
                "max_people": max_people,
                "begin_at": begin,
                "end_at": begin + dt.timedelta(minutes=rng.choice([60, 90, 120, 180, 240])),
                "prohibition_of_cancellation": rng.choice([None, None, 2, 10, 15, 24]),
                "difficulty": rng.choice([None, 1, 2, 3]),
                "remote": rng.random() < 0.2,
                "created_at": created,
                "updated_at": clock.ts(created, 2),
            }
        )
        campus_links += [{"event_id": event_id, "campus_id": c} for c in campus_set]
        cursus_links += [{"event_id": event_id, "cursus_id": c} for c in cursus_set]
        theme_links += [
            {"event_id": event_id, "theme_id": t} for t in rng.sample(theme_ids, rng.randint(0, 3))
        ]
        members = rng.sample(pool, count)
        registered, waitlist = _registrations(
            builder, clock, "Event", event_id, members, created, begin, full
        )
        subscribers += registered
        waitlists += waitlist
        if begin < anchor:
            for user_id in members[: max(1, count // 3)] if members else []:
                fid = builder.ids.take("feedbacks")
                when = clock.ts(begin + dt.timedelta(hours=4), 3)
                feedbacks.append(
                    {
                        "id": fid,
                        "user_id": user_id,
                        "feedbackable_type": "Event",
                        "feedbackable_id": event_id,
                        "comment": rng.choice(
                            ["Great talk, thanks!", "Very interesting.", "Too short but useful."]
                        ),
                        "rating": rng.randint(1, 5),
                        "created_at": when,
                        "updated_at": when,
                        "feedback_details": [
                            {"id": fid * 4 + k, "rate": rng.randint(1, 5), "kind": kind}
                            for k, kind in enumerate(("interested", "nice", "useful"))
                        ],
                    }
                )
    builder._insert(Event, rows)
    builder._insert(events_campus, campus_links)
    builder._insert(events_cursus, cursus_links)
    builder._insert(events_themes, theme_links)
    builder._insert(EventsUser, subscribers)
    builder._insert(Waitlist, waitlists)
    builder._insert(Feedback, feedbacks)
    return [row["id"] for row in rows]


def _exams(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    by_campus: dict[int, list[int]],
    in_cursus: dict[int, set[int]],
    staff: list[int],
    campus_ids: list[int],
    weights: list[int],
    scale: int,
) -> None:
    exam_projects = [
        (pid, name)
        for pid, name in builder.conn.execute(
            select(Project.id, Project.name).where(Project.exam.is_(True)).order_by(Project.id)
        )
    ]
    if not exam_projects:
        return
    rows, cursus_links, project_links, candidates, waitlists = [], [], [], [], []
    for index in range(max(12, scale // 40)):
        exam_id = builder.ids.take("exams")
        project_id, project_name = exam_projects[index % len(exam_projects)]
        piscine = "Piscine" in project_name
        cursus_id = cat.PISCINE if piscine else cat.MAIN
        campus = rng.choices(campus_ids, weights)[0]
        begin = clock.ts(anchor - dt.timedelta(days=500), 560).replace(minute=0, second=0, microsecond=0)
        if index % 6 == 1:
            begin = clock.ts(anchor + dt.timedelta(days=400), 700).replace(minute=0, second=0, microsecond=0)
        created = clock.ts(begin - dt.timedelta(days=20), 15)
        pool = [user for user in by_campus.get(campus, []) if user in in_cursus[cursus_id]]
        full = index % 5 == 3 and len(pool) >= 2
        max_people = rng.randint(2, min(8, len(pool))) if full else rng.choice([None, 40, 80, 120])
        count = max_people if full else rng.randint(0, min(len(pool), (max_people or 30) - 1))
        past = begin < anchor
        rows.append(
            {
                "id": exam_id,
                "name": f"{project_name}",
                "begin_at": begin,
                "end_at": begin + dt.timedelta(hours=rng.choice([3, 4])),
                "location": rng.choice(["e1", "e1,e2", "e1,e2,e3"]),
                "ip_range": rng.choice(["10.11.0.0/16", "10.11.0.0/16,10.12.0.0/16"]),
                "max_people": max_people,
                "visible": index % 7 != 6,
                "campus_id": campus,
                "validated_at": clock.ts(begin - dt.timedelta(days=3), 2) if past and index % 3 else None,
                "validator_id": rng.choice(staff) if past and index % 3 else None,
                "prohibition_of_cancellation": rng.choice([None, 2, 24]),
                "created_at": created,
                "updated_at": clock.ts(created, 2),
            }
        )
        cursus_links.append({"exam_id": exam_id, "cursus_id": cursus_id})
        project_links.append({"exam_id": exam_id, "project_id": project_id})
        members = rng.sample(pool, count)
        registered, waitlist = _registrations(builder, clock, "Exam", exam_id, members, created, begin, full)
        candidates += registered
        waitlists += waitlist
    builder._insert(Exam, rows)
    builder._insert(exams_cursus, cursus_links)
    builder._insert(exams_projects, project_links)
    builder._insert(ExamsUser, candidates)
    builder._insert(Waitlist, waitlists)


def _registrations(
    builder: NetworkBuilder, clock: _Clock, kind: str, parent_id: int, members: list[int],
    created: dt.datetime, begin: dt.datetime, full: bool,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """An event's or exam's registrations (``kind`` ``Event`` or ``Exam``), and its waitlist when full."""
    table, column = ("events_users", "event_id") if kind == "Event" else ("exams_users", "exam_id")
    rows = []
    for user_id in members:
        when = clock.ts(created, max(1, (begin - created).days))
        rows.append({"id": builder.ids.take(table), column: parent_id, "user_id": user_id,
                     "created_at": when, "updated_at": when})  # fmt: skip
    waitlist = []
    if full:
        when = clock.ts(created, 1)
        waitlist.append({"id": builder.ids.take("waitlists"), "waitlistable_type": kind,
                         "waitlistable_id": parent_id, "created_at": when, "updated_at": when})  # fmt: skip
    return rows, waitlist


def _dashes(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    by_campus: dict[int, list[int]],
    campus_ids: list[int],
    weights: list[int],
    scale: int,
) -> None:
    skills = [row[0] for row in builder.conn.execute(select(Skill.id).order_by(Skill.id))]
    rows, members = [], []
    for index in range(max(8, scale // 50)):
        dash_id = builder.ids.take("dashes")
        campus = rng.choices(campus_ids, weights)[0]
        begin = clock.ts(anchor - dt.timedelta(days=400), 460).replace(second=0, microsecond=0)
        if index % 4 == 2:
            begin = clock.ts(anchor + dt.timedelta(days=400), 700).replace(second=0, microsecond=0)
        created = clock.ts(begin - dt.timedelta(days=10), 8)
        topic = THEMES[index % len(THEMES)]
        rows.append(
            {
                "id": dash_id,
                "name": f"Dash {index + 1}: {topic}",
                "description": f"A short {topic.lower()} challenge.",
                "slug": f"dash-{index + 1}-{topic.lower().replace(' ', '-')}",
                "cursus_id": cat.MAIN,
                "campus_id": campus,
                "skill_id": rng.choice(skills) if skills and index % 4 else None,
                "nbr_xp": rng.choice([20, 40, 50, 100]),
                "begin_at": begin,
                "duration": rng.choice([20, 30, 60, 120]),
                "created_at": created,
                "updated_at": created,
            }
        )
        pool = by_campus.get(campus, [])
        for user_id in rng.sample(pool, min(len(pool), rng.randint(2, 8))):
            member_id = builder.ids.take("dashes_users")
            started = begin < anchor
            members.append(
                {
                    "id": member_id,
                    "dash_id": dash_id,
                    "user_id": user_id,
                    "repo_url": f"git@vogsphere.example.org:vogsphere/dash-{dash_id}-{member_id}"
                    if started
                    else None,
                    "repo_uuid": f"dash-{dash_id}-{member_id}" if started else None,
                    "final_mark": rng.choice([0, 50, 80, 100]) if started and rng.random() < 0.8 else None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(Dash, rows)
    builder._insert(DashesUser, members)


def _quarter(value: dt.datetime) -> dt.datetime:
    return value.replace(minute=value.minute // 15 * 15, second=0, microsecond=0)


def _slots(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    users: list[dict[str, Any]],
) -> None:
    """Booked slots: the corrector's 15-minute granules at evaluations (about 3,000 of them, and every
    one of the first user's); free ones: availabilities of about 1,500 students around now."""
    rows = []
    evaluations = builder.conn.execute(
        select(ScaleTeam.id, ScaleTeam.user_id, ScaleTeam.begin_at)
        .where(ScaleTeam.user_id.is_not(None))
        .order_by(ScaleTeam.id)
    ).all()
    first = users[0]["id"]
    step = max(1, len(evaluations) // 3000)
    for index, (scale_team_id, corrector, begin_at) in enumerate(evaluations):
        if index % step and corrector != first:
            continue
        start = _quarter(begin_at)
        created = start - dt.timedelta(hours=rng.randint(3, 48))
        for granule in range(rng.choice([1, 2, 2])):
            rows.append(
                {
                    "id": builder.ids.take("slots"),
                    "user_id": corrector,
                    "scale_team_id": scale_team_id,
                    "begin_at": start + granule * QUARTER,
                    "end_at": start + (granule + 1) * QUARTER,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    students = [user["id"] for user in users if user["kind"] == "student"]
    for index, user_id in enumerate(students[:: max(1, len(students) // 1500)]):
        for _ in range(1 + (index % 3 == 0)):
            start = _quarter(clock.ts(anchor - dt.timedelta(days=5), 40))
            created = start - dt.timedelta(hours=rng.randint(2, 72))
            for granule in range(rng.randint(1, 4)):
                rows.append(
                    {
                        "id": builder.ids.take("slots"),
                        "user_id": user_id,
                        "scale_team_id": None,
                        "begin_at": start + granule * QUARTER,
                        "end_at": start + (granule + 1) * QUARTER,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
    builder._insert(Slot, rows)


def _announcements(builder: NetworkBuilder, clock: _Clock, rng: random.Random, anchor: dt.datetime) -> None:
    rows = []
    for index in range(14):
        created = clock.ts(anchor - dt.timedelta(days=400), 400)
        rows.append(
            {
                "id": builder.ids.take("announcements"),
                "author": rng.choice(["Pedago team", "Bocal", "Student office"]),
                "title": rng.choice(
                    ["Maintenance tonight", "New exam dates", "Cluster closed", "Welcome to the new pool"]
                ),
                "text": "The clusters close at 22:00 for maintenance."
                if index % 2
                else "See the intranet for details.",
                "kind": rng.choice(["global", "global", "campus"]),
                "image": None,
                "link": f"https://intra.example.org/news/{index}" if index % 4 == 1 else None,
                "expire_at": created
                + dt.timedelta(days=rng.randint(3, 120) if index % 3 else rng.randint(800, 1500)),
                "notificable_id": None,
                "notificable_type": None,
                "created_at": created,
                "updated_at": created,
            }
        )
    builder._insert(Announcement, rows)


def _broadcasts(
    builder: NetworkBuilder, clock: _Clock, rng: random.Random, anchor: dt.datetime, campus_ids: list[int]
) -> None:
    rows = []
    for campus_id in campus_ids:
        for position in range(rng.randint(3, 5)):
            created = clock.ts(anchor - dt.timedelta(days=90), 90)
            text = rng.choice(["The coffee machine is fixed", "Exam room change", "Piscine starts on Monday"])
            rows.append(
                {
                    "id": builder.ids.take("broadcasts"),
                    "campus_id": campus_id,
                    "tag_id": rng.choice([None, 1, 2, 3]),
                    "content": text,
                    "content_html": f"<p>{text}</p>",
                    "pinned_until": created + dt.timedelta(days=7) if position == 0 else None,
                    "hidden_at": clock.ts(created, 20) if position % 3 == 2 else None,
                    "url": f"https://intra.example.org/broadcasts/{campus_id}/{position}"
                    if position % 2
                    else None,
                    "position": position,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(Broadcast, rows)


def _flashes(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    users: list[dict[str, Any]],
) -> None:
    rows, seen_by = [], []
    for index in range(10):
        flash_id = builder.ids.take("flashes")
        created = clock.ts(anchor - dt.timedelta(days=600), 590)
        rows.append(
            {
                "id": flash_id,
                "title": "Achievement unlocked !" if index % 2 else "New feature",
                "content": f"<div class='achievement-modal'>Flash number {index + 1}</div>",
                "selector": "" if index % 3 else ".profile-header",
                "identifier": f"flash-{flash_id}",
                "url": f"https://intra.example.org/flashes/{flash_id}" if index % 4 == 0 else None,
                "duration": rng.choice([60, 1440, 4320]),
                "created_at": created,
                "updated_at": created,
            }
        )
        for user in rng.sample(users, min(len(users), max(3, len(users) // 20))):
            when = clock.ts(created, 30)
            end = rng.choice(
                [None, when + dt.timedelta(days=3), anchor + dt.timedelta(days=rng.randint(30, 400))]
            )
            seen_by.append(
                {
                    "id": builder.ids.take("flash_users"),
                    "user_id": user["id"],
                    "flash_id": flash_id,
                    "seen": rng.random() < 0.6,
                    "end_at": end,
                    "created_at": when,
                    "updated_at": when,
                }
            )
    builder._insert(Flash, rows)
    builder._insert(FlashUser, seen_by)


MAILS = [
    ("imminent_correction_correctors", "Evaluation imminent"),
    ("event_subscription", "You are subscribed to an event"),
    ("exam_subscription", "Exam registration"),
    ("welcome", "Welcome"),
]


def _mailings(
    builder: NetworkBuilder,
    clock: _Clock,
    rng: random.Random,
    anchor: dt.datetime,
    users: list[dict[str, Any]],
    event_ids: list[int],
) -> None:
    rows = []
    for index in range(max(20, len(users) // 3)):
        user = rng.choice(users)
        identifier, subject = MAILS[index % len(MAILS)]
        created = clock.ts(anchor - dt.timedelta(days=300), 300)
        other = rng.choice(users)["login"]
        meta: dict[str, Any] = (
            {}
            if index % 4 == 3
            else {
                "id": rng.choice(event_ids),
                "date": created.isoformat(),
                "name": subject,
                "user": user["login"],
                "other_user": other,
            }
        )
        content = f"Hello {user['login']}\nThis is an automatic message." if index % 3 else f"Hi,\n{subject}."
        rows.append(
            {
                "id": builder.ids.take("mailings"),
                "user_id": user["id"],
                "subject": subject,
                "identifier": identifier,
                "meta": jsonenc.dumps(meta).decode(),
                "title": subject,
                "subtitle": "Automatic message" if index % 5 == 0 else None,
                "attachment": f"/uploads/mailing/attachment/{index}/summary.pdf" if index % 6 == 0 else None,
                "from": "noreply@intra.example.org" if index % 4 else "Pedago <pedago@intra.example.org>",
                "to": f'["{user["email"]}"]',
                "cc": "[]" if index % 2 else None,
                "bcc": "[]" if index % 3 else None,
                "content": content,
                "html_content": "<p>" + content.replace("\n", "<br>") + "</p>\n",
                "attachments": "[]" if index % 4 == 1 else None,
                "created_at": created,
                "updated_at": created,
            }
        )
    builder._insert(Mailing, rows)
