"""demo.factories: a coherent synthetic 42 network from a seed (DESIGN §6), shared by demo and tests.

The same ``seed`` and ``anchor`` (the network's "now") give the same rows. Rows are generated per
chunk of users and written with bulk inserts, so memory stays flat and 5,000 users take seconds.
Everything is invented: names come from Faker's generic locales, addresses and hosts are made up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from faker import Faker
from sqlalchemy import Connection, Table, func, insert, inspect, select, text

from openintra.core.clock import utc_now
from openintra.demo import catalogue as cat
from openintra.models.campus import Campus, Cursus, Endpoint, Language, Skill
from openintra.models.community import (
    Achievement,
    AchievementsUser,
    Bloc,
    Coalition,
    CoalitionsUser,
    Grade,
    Quest,
    QuestsUser,
    Title,
    TitlesUser,
    achievements_campus,
    achievements_cursus,
)
from openintra.models.projects import (
    Feedback,
    Flag,
    Project,
    ProjectSession,
    ProjectsUser,
    Scale,
    ScaleTeam,
    Team,
    TeamsUser,
    projects_campus,
    projects_cursus,
    scales_flags,
    scales_languages,
)
from openintra.models.users import CampusUser, CursusUser, CursusUserSkill, Location, User

Progress = Callable[[int], None]
DAY = dt.timedelta(days=1)
CHUNK = 500


def draw_ts(rng: random.Random, start: dt.datetime, seconds: float) -> dt.datetime:
    """``start`` plus up to ``seconds`` drawn from ``rng``, to the millisecond (the API's precision).

    Every domain draws its timestamps with it, from its own generator (``NetworkBuilder.rng_for``).
    """
    value = start + dt.timedelta(seconds=rng.uniform(0, seconds))
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _t(table: Any) -> Table:
    return table if isinstance(table, Table) else table.__table__


@dataclass
class Ids:
    """Next id per table (explicit ids keep bulk inserts and foreign keys simple)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


@dataclass
class World:
    """The reference data the per-user generator draws from."""

    anchor: dt.datetime
    projects: dict[int, list[dict[str, Any]]]
    """Cursus id → its projects in curriculum order (with ``session_id``, ``scale_id``)."""
    campus_weights: list[tuple[int, int]]
    coalitions: dict[int, list[int]]
    achievements: list[int]
    titles: list[int]
    quests: list[int]
    logins: set[str] = field(default_factory=set)


class NetworkBuilder:
    def __init__(self, conn: Connection, *, seed: int, anchor: dt.datetime, projects_per_user: int) -> None:
        self.conn = conn
        self.seed = seed
        self.rng = random.Random(seed)
        self.faker = Faker(["en_US", "fr_FR", "es_ES", "de_DE", "pt_PT"])
        self.faker.seed_instance(seed)
        self.anchor = anchor
        self.projects_per_user = projects_per_user
        self.ids = Ids()
        self._written: set[Table] = set()
        """Tables given explicit ids, whose PostgreSQL sequences `finish` moves past them."""
        self._first = [self.faker.first_name() for _ in range(600)]
        self._last = [self.faker.last_name() for _ in range(1200)]

    # --- helpers ---------------------------------------------------------------------------------

    def rng_for(self, domain: str) -> random.Random:
        """A generator of the domain's own (same seed → same rows, whatever the other domains draw)."""
        return random.Random(f"{self.seed}:{domain}")

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(_t(table)), rows)
            self._written.add(_t(table))

    def _ts(self, start: dt.datetime, days: float) -> dt.datetime:
        return draw_ts(self.rng, start, days * 86400)

    # --- reference data --------------------------------------------------------------------------

    def reference(self) -> World:
        rng, anchor = self.rng, self.anchor
        base = dt.datetime(2014, 11, 2, 16, 43, 38, 466000, tzinfo=dt.UTC)
        stamp = {"created_at": base, "updated_at": base}
        self._insert(Language, [{"id": i, "name": n, "identifier": c, **stamp} for i, n, c in cat.LANGUAGES])
        self._insert(
            Endpoint,
            [{"id": i + 1, "url": f"https://endpoint.{slug}.example.org", "description": "Endpoint",
              "secret": hashlib.sha256(f"endpoint:{slug}".encode()).hexdigest()[:32], "active": i % 4 == 0, **stamp}
             for i, (_, _, slug, *_rest) in enumerate(cat.CAMPUS) if i % 2 == 0],
        )  # fmt: skip
        campus_rows = []
        for i, (cid, name, slug, tz, lang, country, city, zip_code, _w) in enumerate(cat.CAMPUS):
            campus_rows.append({
                "id": cid, "name": name, "slug": slug, "time_zone": tz, "language_id": lang, "vogsphere_id": cid,
                "country": country, "address": f"{10 + i} Example Street", "zip": zip_code, "city": city,
                "website": f"https://{slug}.example.org", "facebook": "", "twitter": "", "active": True,
                "public": True, "email_extension": f"{slug}.example.org", "default_hidden_phone": i % 3 == 0,
                "endpoint_id": i + 1 if i % 2 == 0 else None, "display_name": name,
                "main_email": f"hello@{slug}.example.org", "content_email": f"pedago@{slug}.example.org",
                "companies_mail": f"companies@{slug}.example.org", "tig_email": f"tig@{slug}.example.org",
                "help_url": f"https://help.{slug}.example.org", "logo": f"/uploads/campus/logo/{cid}/logo.png",
                "time_of_community_service_started": "08:00", "minimum_slot_duration": 15 * (1 + i % 2), **stamp,
            })  # fmt: skip
        self._insert(Campus, campus_rows)
        self._insert(
            Cursus, [{"id": i, "name": n, "slug": s, "kind": k, **stamp} for i, n, s, k in cat.CURSUS]
        )
        self._insert(Skill, [{"id": i, "slug": s, "name": n, **stamp} for i, s, n in cat.SKILLS])
        self._insert(
            Flag, [{"id": i, "name": n, "positive": p, "icon": c, **stamp} for i, n, p, c in cat.FLAGS]
        )
        self._insert(Grade, [{"id": i, "name": n, "cursus_id": cat.MAIN, "position": p, "is_primary": p == 1,
                              "description": f"{n} of the common core", **stamp} for i, n, p in cat.GRADES])  # fmt: skip

        projects: dict[int, list[dict[str, Any]]] = {cat.PISCINE: [], cat.MAIN: []}
        project_rows, session_rows, scale_rows = [], [], []
        link_cursus, link_campus, link_flags, link_langs = [], [], [], []
        cpp_parent = self.ids.take("projects")
        project_rows.append(self._project_row(cpp_parent, cat.CPP_PARENT, 0, False, None, 0))
        link_cursus.append({"project_id": cpp_parent, "cursus_id": cat.MAIN})
        for position, (name, cursus_id, xp, exam, size, days) in enumerate(cat.PROJECTS, start=1):
            pid = self.ids.take("projects")
            parent = cpp_parent if name.startswith("CPP Module") else None
            project_rows.append(self._project_row(pid, name, xp, exam, parent, position))
            link_cursus.append({"project_id": pid, "cursus_id": cursus_id})
            for campus in cat.CAMPUS:
                link_campus.append({"project_id": pid, "campus_id": campus[0]})
            sid = self.ids.take("project_sessions")
            session_rows.append({
                "id": sid, "project_id": pid, "campus_id": None, "cursus_id": cursus_id, "solo": size == 1,
                "begin_at": None, "end_at": None, "estimate_time": f"{days} day{'s' if days > 1 else ''}",
                "difficulty": xp, "objectives": ["Unix", "C", "Rigor"][: 1 + position % 3],
                "description": f"The {name} project.", "duration_days": None, "terminating_after": None,
                "max_people": size if size > 1 else None, "is_subscriptable": True, "team_behaviour": "user",
                "commit": None, "minimum_mark": 50 if exam else 80, **stamp,
            })  # fmt: skip
            if position % 4 == 0:  # a campus-specific, dated session beside the global one
                begin = dt.datetime(2024, 1 + position % 12, 1, 8, tzinfo=dt.UTC)
                session_rows.append({
                    **session_rows[-1], "id": self.ids.take("project_sessions"), "campus_id": cat.CAMPUS[0][0],
                    "begin_at": begin, "end_at": begin + dt.timedelta(days=days), "duration_days": days,
                    "terminating_after": days + 7, "is_subscriptable": False,
                })  # fmt: skip
            scale_id = self.ids.take("scales")
            scale_rows.append({
                "id": scale_id, "evaluation_id": 1000 + scale_id, "project_session_id": sid,
                "name": f"scale {1 + position % 4}", "is_primary": True, "comment": "",
                "introduction_md": "Please respect the following rules: be polite and be honest.",
                "disclaimer_md": "", "guidelines_md": "- Only grade the work in the repository.",
                "correction_number": 1 if exam else 2 + position % 2, "duration": 900 * (1 + position % 2),
                "manual_subscription": True, "free": False, "sections": self._sections(scale_id, name), **stamp,
            })  # fmt: skip
            link_flags += [{"scale_id": scale_id, "flag_id": flag[0]} for flag in cat.FLAGS]
            link_langs += [{"scale_id": scale_id, "language_id": lang} for lang in (2, 1)]
            projects[cursus_id].append(
                {"id": pid, "name": name, "xp": xp, "exam": exam, "size": size, "days": days,
                 "session_id": sid, "scale_id": scale_id, "slug": project_rows[-1]["slug"]}
            )  # fmt: skip
        self._insert(Project, project_rows)
        self._insert(projects_cursus, link_cursus)
        self._insert(projects_campus, link_campus)
        self._insert(ProjectSession, session_rows)
        self._insert(Scale, scale_rows)
        self._insert(scales_flags, link_flags)
        self._insert(scales_languages, link_langs)

        title_ids = [self.ids.take("titles") for _ in cat.TITLES]
        self._insert(
            Title, [{"id": i, "name": n, **stamp} for i, n in zip(title_ids, cat.TITLES, strict=True)]
        )
        achievement_rows, ach_campus, ach_cursus, achievement_ids = [], [], [], []
        for index, (name, kind, tier, description) in enumerate(cat.ACHIEVEMENTS):
            aid = self.ids.take("achievements")
            achievement_ids.append(aid)
            achievement_rows.append({
                "id": aid, "name": name, "slug": name.lower().replace(" ", "-").replace("!", "").replace(",", "")
                .replace("'", "") + f"-{aid}", "internal_name": name, "description": description, "tier": tier,
                "kind": kind, "visible": True, "image": f"/uploads/achievement/image/{aid}/{kind[:3].upper()}{aid:03d}.svg",
                "nbr_of_success": 10 * (1 + index % 3) if index % 4 == 1 else None,
                "parent_id": achievement_ids[index - 1] if index in (2, 7, 10) else None,
                "title_id": title_ids[index % len(title_ids)] if index % 5 == 4 else None, "position": index,
                "reward": 5 * (index % 4) if index % 2 else None, **stamp,
            })  # fmt: skip
            for campus in cat.CAMPUS[: 2 + index % 5]:
                ach_campus.append({"achievement_id": aid, "campus_id": campus[0]})
            ach_cursus.append({"achievement_id": aid, "cursus_id": cat.PISCINE if index == 0 else cat.MAIN})
        self._insert(Achievement, achievement_rows)
        self._insert(achievements_campus, ach_campus)
        self._insert(achievements_cursus, ach_cursus)

        coalitions: dict[int, list[int]] = {}
        bloc_rows, coalition_rows = [], []
        for campus in cat.CAMPUS:
            bloc_id = self.ids.take("blocs")
            bloc_rows.append(
                {
                    "id": bloc_id,
                    "campus_id": campus[0],
                    "cursus_id": cat.MAIN,
                    "squad_size": 4,
                    "coalition_delay": 15 * (1 + bloc_id % 2),
                    "repeat_deadline_delay": 7 * bloc_id,
                    **stamp,
                }
            )
            coalitions[campus[0]] = []
            for name, color in cat.COALITIONS:
                coalition_id = self.ids.take("coalitions")
                coalitions[campus[0]].append(coalition_id)
                slug = f"{campus[2]}-{name.lower().replace(' ', '-')}"
                coalition_rows.append({
                    "id": coalition_id, "bloc_id": bloc_id, "user_id": None, "name": name, "slug": slug,
                    "image": f"https://cdn.intra.42.fr/coalition/image/{coalition_id}/logo.svg",
                    "cover": f"https://cdn.intra.42.fr/coalition/cover/{coalition_id}/cover.png" if coalition_id % 3 else None,
                    "color": color, "score": 0, **stamp,
                })  # fmt: skip
        self._insert(Bloc, bloc_rows)
        self._insert(Coalition, coalition_rows)

        quest_ids = []
        quest_rows = []
        for name, kind, position, quest_campus in cat.QUESTS:
            qid = self.ids.take("quests")
            quest_ids.append(qid)
            quest_rows.append({
                "id": qid, "name": name, "slug": name.lower().replace(" ", "-"), "kind": kind,
                "internal_name": name.lower().replace(" ", "_"),
                "description": f"Reach the end of the {name.lower()}.", "cursus_id": cat.MAIN, "campus_id": quest_campus,
                "grade_id": 1 + position % 2, "position": position, **stamp,
            })  # fmt: skip
        self._insert(Quest, quest_rows)
        weights = [(campus[0], campus[8]) for campus in cat.CAMPUS]
        return World(anchor, projects, weights, coalitions, achievement_ids, title_ids, quest_ids)

    def _project_row(
        self, pid: int, name: str, xp: int, exam: bool, parent: int | None, position: int
    ) -> dict[str, Any]:
        slug = name.lower().replace(" ", "-").replace("_", "-")
        created = dt.datetime(2019, 7, 29, 9, 0, tzinfo=dt.UTC) + dt.timedelta(hours=pid)
        return {
            "id": pid, "name": name, "slug": slug, "difficulty": xp, "parent_id": parent, "exam": exam,
            "git_id": None if exam else 4000 + pid, "repository": None if exam else f"vogsphere/{slug}",
            "visible": True, "position": position, "has_git": not exam,
            "description": f"{name}: a project of the curriculum.", "created_at": created, "updated_at": created,
        }  # fmt: skip

    @staticmethod
    def _sections(scale_id: int, name: str) -> list[dict[str, Any]]:
        created = "2024-01-11T16:25:33.451Z"
        questions = []
        for q, title in enumerate(("Compilation", "Error management", "Code review"), start=1):
            qid = scale_id * 100 + q
            skill = cat.SKILLS[(scale_id + q) % len(cat.SKILLS)][0]
            questions.append({
                "id": qid, "name": title, "guidelines": "Check it carefully.", "rating": "bool",
                "kind": "standard",
                "questions_skills": [{"id": qid * 10 + 1, "question_id": qid, "skill_id": skill,
                                      "percentage": 25 * q, "created_at": created, "updated_at": created}],
                "position": q, "created_at": created, "updated_at": created,
            })  # fmt: skip
        description = f"The mandatory part of {name}."
        return [{"id": scale_id * 10, "name": "Mandatory part", "description": description,
                 "questions": questions}]  # fmt: skip

    def _answers(self, project: dict[str, Any], mark: int | None) -> list[dict[str, Any]]:
        """``questions_with_answers`` of a filled evaluation: the scale's questions, each answered."""
        questions = self._sections(project["scale_id"], project["name"])[0]["questions"]
        return [{
            "id": question["id"], "name": question["name"], "guidelines": question["guidelines"],
            "rating": question["rating"], "kind": question["kind"], "position": question["position"],
            "answers": [{"id": self.ids.take("answers"), "value": 1 if mark else 0, "answer": None}],
        } for question in questions]  # fmt: skip

    # --- users -----------------------------------------------------------------------------------

    def users(self, count: int, world: World, progress: Progress | None = None) -> None:
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            tables = self._user_chunk(size, world)
            for table, rows in tables:
                self._insert(table, rows)
            done += size
            if progress is not None:
                progress(size)

    def _login(self, first: str, last: str, world: World) -> str:
        ascii_name = unicodedata.normalize("NFKD", first[0] + last).encode("ascii", "ignore").decode()
        base = "".join(ch for ch in ascii_name.lower() if ch.isalpha())[:8]
        base = base if len(base) > 2 else f"user{base}"
        login, n = base, 1
        while login in world.logins:
            n += 1
            login = f"{base}{n}"
        world.logins.add(login)
        return login

    def _user_chunk(self, size: int, world: World) -> list[tuple[Any, list[dict[str, Any]]]]:
        rng = self.rng
        out: dict[str, list[dict[str, Any]]] = {name: [] for name in (
            "users", "campus_users", "cursus_users", "skills", "locations", "projects_users", "teams",
            "teams_users", "scale_teams", "feedbacks", "coalitions_users", "achievements_users",
            "titles_users", "quests_users",
        )}  # fmt: skip
        campus_ids = [cid for cid, _ in world.campus_weights]
        weights = [weight for _, weight in world.campus_weights]
        anchor = world.anchor
        for _ in range(size):
            uid = self.ids.take("users")
            first, last = rng.choice(self._first), rng.choice(self._last)
            login = self._login(first, last, world)
            campus_id = rng.choices(campus_ids, weights)[0]
            campus = next(c for c in cat.CAMPUS if c[0] == campus_id)
            created = self._ts(anchor - dt.timedelta(days=6 * 365), 6 * 365 - 30)
            roll = rng.random()
            kind = "admin" if roll < 0.03 else "external" if roll < 0.05 else "student"
            in_main = kind == "student" and rng.random() < 0.62 and created < anchor - dt.timedelta(days=60)
            alumni = in_main and created < anchor - dt.timedelta(days=4 * 365) and rng.random() < 0.3
            keep_until = (created + dt.timedelta(days=365 * 5)).date()
            has_photo = rng.random() < 0.9
            out["users"].append({
                "id": uid, "login": login, "email": f"{login}@student.{campus[2]}.example.org",
                "first_name": first, "last_name": last,
                "usual_first_name": rng.choice(self._first) if rng.random() < 0.05 else None,
                "phone": "hidden" if rng.random() < 0.8 else None, "kind": kind,
                "status": "frozen" if rng.random() < 0.03 else None, "image": f"https://cdn.intra.42.fr/users/{uuid.UUID(int=rng.getrandbits(128)).hex[:8]}/{login}.jpg" if has_photo else None,
                "staff": kind == "admin", "correction_point": rng.randint(0, 12), "pool_month": cat.MONTHS[created.month - 1],
                "pool_year": str(created.year), "wallet": rng.randint(0, 400) if in_main else 0,
                "anonymize_date": keep_until, "data_erasure_date": keep_until,
                "alumnized_at": self._ts(created + dt.timedelta(days=3 * 365), 300) if alumni else None,
                "alumni": alumni, "active": rng.random() < 0.97, "primary_campus_id": campus_id,
                "created_at": created, "updated_at": self._ts(created, (anchor - created).days),
                "last_seen_at": self._ts(anchor - dt.timedelta(days=30), 30),
            })  # fmt: skip
            out["campus_users"].append({"id": self.ids.take("campus_users"), "user_id": uid, "campus_id": campus_id,
                                        "is_primary": True, "created_at": created, "updated_at": created})  # fmt: skip
            self._locations(out, uid, campus_id, anchor)
            if kind != "student":
                continue
            piscine_begin = created + dt.timedelta(days=rng.randint(3, 20))
            cursus_plan = [(cat.PISCINE, piscine_begin, piscine_begin + dt.timedelta(days=26))]
            if in_main:
                main_begin = piscine_begin + dt.timedelta(days=rng.randint(40, 90))
                cursus_plan.append((cat.MAIN, main_begin, None))
            for cursus_id, begin, end in cursus_plan:
                self._cursus_user(out, uid, cursus_id, begin, end, anchor)
                self._projects(
                    out, uid, login, world.projects[cursus_id], begin, anchor, cursus_id == cat.MAIN
                )
            if in_main:
                coalition = rng.choice(world.coalitions[campus_id])
                out["coalitions_users"].append({
                    "id": self.ids.take("coalitions_users"), "coalition_id": coalition, "user_id": uid,
                    "this_year_score": rng.randint(0, 3000), "rank": rng.randint(1, 400),
                    "this_year_score_updated_at": self._ts(anchor - dt.timedelta(days=90), 90),
                    "created_at": cursus_plan[1][1], "updated_at": cursus_plan[1][1],
                })  # fmt: skip
                for qid in world.quests[: rng.randint(1, len(world.quests))]:
                    done = rng.random() < 0.5
                    out["quests_users"].append({
                        "id": self.ids.take("quests_users"), "quest_id": qid, "user_id": uid,
                        "end_at": anchor + dt.timedelta(days=rng.randint(30, 300)) if not done else None,
                        "validated_at": self._ts(cursus_plan[1][1], 300) if done else None,
                        "prct": 100 if done else rng.randint(0, 99),
                        "advancement": "validated" if done else rng.choice(["started", "half way", None]),
                        "created_at": cursus_plan[1][1], "updated_at": cursus_plan[1][1],
                    })  # fmt: skip
            for aid in rng.sample(world.achievements, rng.randint(1, 4)):
                when = self._ts(created, max(1, (anchor - created).days))
                out["achievements_users"].append({"id": self.ids.take("achievements_users"), "achievement_id": aid,
                                                  "user_id": uid, "nbr_of_success": rng.choice([None, 1, 2, 5]),
                                                  "created_at": when,
                                                  "updated_at": when})  # fmt: skip
            if rng.random() < 0.15:
                when = self._ts(created, max(1, (anchor - created).days))
                out["titles_users"].append({"id": self.ids.take("titles_users"), "user_id": uid,
                                            "title_id": rng.choice(world.titles), "selected": rng.random() < 0.5,
                                            "created_at": when, "updated_at": when})  # fmt: skip
        self._correctors(out)
        return [
            (User, out["users"]), (CampusUser, out["campus_users"]), (CursusUser, out["cursus_users"]),
            (CursusUserSkill, out["skills"]), (Location, out["locations"]), (Team, out["teams"]),
            (ProjectsUser, out["projects_users"]), (TeamsUser, out["teams_users"]), (ScaleTeam, out["scale_teams"]),
            (Feedback, out["feedbacks"]), (CoalitionsUser, out["coalitions_users"]),
            (AchievementsUser, out["achievements_users"]), (TitlesUser, out["titles_users"]),
            (QuestsUser, out["quests_users"]),
        ]  # fmt: skip

    def _locations(
        self, out: dict[str, list[dict[str, Any]]], uid: int, campus_id: int, anchor: dt.datetime
    ) -> None:
        rng = self.rng
        begin = anchor - dt.timedelta(days=rng.randint(2, 20))
        for index in range(rng.randint(1, 4)):
            start = self._ts(begin + dt.timedelta(days=index * 2), 1)
            current = index == 0 and rng.random() < 0.08
            out["locations"].append({
                "id": self.ids.take("locations"), "user_id": uid, "campus_id": campus_id,
                "host": f"c{rng.randint(1, 4)}r{rng.randint(1, 12)}s{rng.randint(1, 8)}", "primary": True,
                "begin_at": anchor - dt.timedelta(minutes=rng.randint(5, 300)) if current else start,
                "end_at": None if current else start + dt.timedelta(minutes=rng.randint(20, 600)),
            })  # fmt: skip

    def _cursus_user(
        self, out: dict[str, list[dict[str, Any]]], uid: int, cursus_id: int, begin: dt.datetime,
        end: dt.datetime | None, anchor: dt.datetime,
    ) -> None:  # fmt: skip
        rng = self.rng
        cuid = self.ids.take("cursus_users")
        main = cursus_id == cat.MAIN
        level = round(rng.uniform(0, 16 if main else 12), 2)
        out["cursus_users"].append({
            "id": cuid, "user_id": uid, "cursus_id": cursus_id,
            "grade": ("Member" if level > 9 else "Learner") if main else None, "level": level,
            "begin_at": begin, "end_at": end,
            "blackholed_at": self._ts(anchor - dt.timedelta(days=60), 400) if main else None,
            "has_coalition": main, "created_at": begin - dt.timedelta(days=7), "updated_at": begin,
        })  # fmt: skip
        for skill in rng.sample(cat.SKILLS, rng.randint(2, 6) if level > 0.5 else 0):
            out["skills"].append({"id": self.ids.take("cursus_users_skills"), "cursus_user_id": cuid,
                                  "skill_id": skill[0], "level": round(rng.uniform(0, level), 2)})  # fmt: skip

    def _projects(
        self, out: dict[str, list[dict[str, Any]]], uid: int, login: str, projects: list[dict[str, Any]],
        begin: dt.datetime, anchor: dt.datetime, main: bool,
    ) -> None:  # fmt: skip
        rng = self.rng
        count = min(len(projects), max(1, self.projects_per_user // (1 if main else 2)))
        count = rng.randint(max(1, count // 2), count)
        when = begin
        for index, project in enumerate(projects[:count]):
            last = index == count - 1
            occurrences = 1 + (rng.random() < 0.2)
            pu_id = self.ids.take("projects_users")
            teams = []
            started = when
            for occurrence in range(occurrences):
                team_id = self.ids.take("teams")
                finished = not last or rng.random() < 0.4
                mark = rng.choice([0, 42, 65, 80, 90, 100, 100, 100, 115, 125]) if finished else None
                if occurrence < occurrences - 1 and mark is not None:
                    mark = rng.choice([0, 20, 45])
                created = self._ts(when, 1)
                closed = created + dt.timedelta(days=rng.uniform(0.5, project["days"]))
                repo_uuid = f"intra-uuid-{uuid.UUID(int=rng.getrandbits(128))}-{team_id}-{login}"
                teams.append((team_id, mark, closed))
                out["teams"].append({
                    "id": team_id, "name": f"{login}'s group" + (f"-{occurrence}" if occurrence else ""),
                    "project_id": project["id"], "project_session_id": project["session_id"], "final_mark": mark,
                    "status": "finished" if finished else "in_progress",
                    "terminating_at": closed + DAY if finished else None,
                    "deadline_at": created + dt.timedelta(days=project["days"] * 2),
                    "locked": True, "locked_at": created, "closed": finished, "closed_at": closed if finished else None,
                    "validated": (mark >= 50) if mark is not None else None,
                    "repo_url": f"git@vogsphere.example.org:vogsphere/{repo_uuid}", "repo_uuid": repo_uuid,
                    "project_gitlab_path": f"pedago_world/{'42-cursus' if main else 'c-piscine'}/{project['slug']}",
                    "created_at": created, "updated_at": closed,
                })  # fmt: skip
                out["teams_users"].append({
                    "id": self.ids.take("teams_users"), "team_id": team_id, "user_id": uid, "leader": True,
                    "validated": True, "occurrence": occurrence, "projects_user_id": pu_id,
                    "created_at": created, "updated_at": created,
                })  # fmt: skip
                if finished:
                    out["scale_teams"].append({
                        "id": self.ids.take("scale_teams"), "scale_id": project["scale_id"], "team_id": team_id,
                        "user_id": None, "flag_id": 9 if mark == 125 else 1 if mark else 2,
                        "comment": "Clean work, well explained." if mark else "The repository was empty.",
                        "feedback": None, "final_mark": mark, "begin_at": closed + dt.timedelta(hours=2),
                        "truant_id": uid if mark == 0 and rng.random() < 0.3 else None,
                        "old_feedback": "Good job" if mark and rng.random() < 0.1 else None,
                        "feedback_rating": rng.randint(1, 5) if rng.random() < 0.1 else None,
                        "token": uuid.UUID(int=rng.getrandbits(128)).hex if rng.random() < 0.2 else None,
                        "ip": f"10.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(1, 9)}" if rng.random() < 0.2 else None,
                        "internship_id": None if rng.random() < 0.98 else rng.randint(1, 20),
                        "filled_at": closed + dt.timedelta(hours=2, minutes=30),
                        "questions_with_answers": self._answers(project, mark),
                        "created_at": closed, "updated_at": closed + dt.timedelta(hours=2, minutes=30),
                        "_corrected": uid,
                    })  # fmt: skip
                when = closed + DAY
            team_id, mark, closed = teams[-1]
            out["projects_users"].append({
                "id": pu_id, "project_id": project["id"], "user_id": uid, "occurrence": occurrences - 1,
                "final_mark": mark, "status": "finished" if mark is not None else "in_progress",
                "validated": (mark >= 50) if mark is not None else None, "current_team_id": team_id,
                "marked": mark is not None, "marked_at": closed if mark is not None else None,
                "retriable_at": closed + dt.timedelta(days=1) if mark is not None else None,
                "created_at": started, "updated_at": closed,
            })  # fmt: skip
            if when > anchor:
                break

    def _correctors(self, out: dict[str, list[dict[str, Any]]]) -> None:
        """Pick each evaluation's corrector among the chunk's other users; half leave a feedback."""
        rng = self.rng
        users = [row["id"] for row in out["users"]]
        for row in out["scale_teams"]:
            corrected = row.pop("_corrected")
            candidates = [u for u in rng.sample(users, min(3, len(users))) if u != corrected]
            row["user_id"] = candidates[0] if candidates else None
            if rng.random() < 0.5:
                fid = self.ids.take("feedbacks")
                out["feedbacks"].append({
                    "id": fid, "user_id": corrected, "feedbackable_type": "ScaleTeam", "feedbackable_id": row["id"],
                    "comment": rng.choice(["Very thorough evaluation, thanks!", "Nice and fair.", "Helpful advice."]),
                    "rating": rng.randint(3, 5), "created_at": row["filled_at"], "updated_at": row["filled_at"],
                    "feedback_details": [{"id": fid * 4 + k, "rate": rng.randint(2, 4), "kind": kind}
                                         for k, kind in enumerate(("nice", "rigorous", "interested", "punctuality"))],
                })  # fmt: skip

    # --- finishing -------------------------------------------------------------------------------

    def finish(self, world: World) -> None:
        """Derived values (coalition scores, achievements' successes) and PostgreSQL sequences."""
        scores = select(func.coalesce(func.sum(CoalitionsUser.this_year_score), 0)).where(
            CoalitionsUser.coalition_id == Coalition.id
        )
        self.conn.execute(Coalition.__table__.update().values(score=scores.scalar_subquery()))
        self.conn.execute(text("ANALYZE"))  # planner statistics: filter + sort picks the right index
        if self.conn.dialect.name == "postgresql":
            for table in sorted(self._written, key=lambda table: table.name):
                if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
                    self.conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                             f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)")
                    )  # fmt: skip


def default_anchor() -> dt.datetime:
    now = utc_now()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def build_network(
    conn: Connection,
    *,
    users: int,
    seed: int = 42,
    anchor: dt.datetime | None = None,
    projects_per_user: int = 10,
    progress: Progress | None = None,
) -> World:
    """Fill an empty database with a synthetic network of ``users`` users (in ``conn``'s transaction)."""
    builder = NetworkBuilder(
        conn, seed=seed, anchor=anchor or default_anchor(), projects_per_user=projects_per_user
    )
    world = builder.reference()
    builder.users(users, world, progress)
    from openintra.demo import (  # the domains build on the users
        careers,
        economy,
        events,
        forum,
        pedagogy,
        people,
    )

    for domain in (events, economy, pedagogy, careers, people, forum):
        if _has_tables(conn, domain.__name__.rpartition(".")[2]):
            domain.seed(builder, world)
    builder.finish(world)
    return world


def _has_tables(conn: Connection, domain: str) -> bool:
    """Whether the schema has every table of ``models.<domain>`` (an older revision lacks a domain's)."""
    from openintra.db.base import Base

    names = [
        mapper.local_table.name for mapper in Base.registry.mappers
        if mapper.class_.__module__ == f"openintra.models.{domain}"
    ]  # fmt: skip
    existing = set(inspect(conn).get_table_names())
    return all(name in existing for name in names)


def is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(User)).scalar_one() == 0
