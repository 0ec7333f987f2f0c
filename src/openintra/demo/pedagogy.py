"""demo.pedagogy: synthetic attachments, project data, rules, session rules and skills, skills,
levels, notions, subnotions, tags, teams uploads, evaluations and translations.

Built on the core rows (project sessions, scales, teams, users, cursus), read back with SELECTs.
Every draw comes from ``builder.rng_for("pedagogy")``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from openintra.core import jsonenc
from openintra.demo import catalogue as cat
from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.campus import Skill
from openintra.models.pedagogy import (
    Attachment,
    Evaluation,
    Level,
    Notion,
    Param,
    ParamsProjectSessionsRule,
    ProjectData,
    ProjectSessionsRule,
    ProjectSessionsSkill,
    Rule,
    Subnotion,
    Tag,
    TagsUser,
    TeamsUpload,
    Translation,
    TranslationsStructure,
    Upload,
    cursus_skills,
    issues_tags,
    notions_cursus,
    notions_tags,
    projects_tags,
    tags_subnotions,
)
from openintra.models.projects import Project, ProjectSession, Scale, Team, projects_cursus
from openintra.models.users import User

BASE = dt.datetime(2017, 11, 22, 13, 40, 59, 444000, tzinfo=dt.UTC)

# kind, name, description, params (name, default, data type)
RULES = [
    (
        "inscription",
        "Cursus subscription",
        "The user must follow the #{cursus} cursus",
        [("cursus", "21", "integer")],
    ),
    ("inscription", "Minimum level", "The user must be at least level #{level}", [("level", "0", "float")]),
    (
        "inscription",
        "Project validated",
        "The user must have validated #{project}",
        [("project", "", "integer")],
    ),
    ("inscription", "Not already validated", "The user must not have validated this project yet", []),
    ("correction", "Correctors from the campus", "Correctors must belong to the campus of the corrected", []),
    (
        "correction",
        "Enough correction points",
        "The team needs #{points} correction points per member",
        [("points", "1", "integer")],
    ),
    ("retry", "Retry delay", "A new try opens #{days} days after the last mark", [("days", "1", "integer")]),
    (
        "group",
        "Group size",
        "Teams have between #{min} and #{max} members",
        [("min", "1", "integer"), ("max", "4", "integer")],
    ),
    (
        "inscription",
        "Example letter rule",
        "Synthetic rule text using the #{letter} parameter",
        [("letter", "", "string")],
    ),
]

NOTIONS = [
    ("Piscine C - Shell", cat.PISCINE, ["Files and directories", "Permissions", "Pipes"]),
    ("Piscine C - Pointers", cat.PISCINE, ["Addresses", "Arrays", "Strings"]),
    ("Piscine C - Memory", cat.PISCINE, ["malloc", "free"]),
    ("Libft - Linked lists", cat.MAIN, ["Nodes", "Iteration", "Deletion", "Mapping"]),
    ("Printf - Variadic functions", cat.MAIN, ["va_list", "Conversions"]),
    ("Processes", cat.MAIN, ["fork", "execve", "Signals"]),
    ("Threads", cat.MAIN, ["Mutexes", "Deadlocks"]),
    ("Networking", cat.MAIN, ["Subnets", "Routing", "Sockets"]),
    ("Object-oriented C++", cat.MAIN, ["Classes", "Inheritance", "Polymorphism", "Templates"]),
    ("Graphics - Raycasting", cat.MAIN, ["Julia", "Textures"]),
    ("Containers", cat.MAIN, []),
    ("Web - HTTP", cat.MAIN, ["Requests", "CGI"]),
]

# name, kind, description
TAGS = [
    ("Unix", "project", "Shell and system projects"),
    ("C", "project", "Projects in C"),
    ("Algorithms", "project", None),
    ("Graphics", "project", "Graphical projects"),
    ("Network", "project", None),
    ("C++", "project", "Object-oriented projects"),
    ("Web", "project", None),
    ("Rush", "project", "Weekend group projects"),
    ("Exam", "project", None),
    ("Tutor", "general", "Student tutors of the campus"),
    ("Ambassador", "general", None),
    ("Bocal", "general", "Pedagogy team"),
    ("Piscine 2019", "archived", None),
    ("Jour 13", "archived", None),
    ("Open source", "general", "Contributors to open source projects"),
]

MOULINETTE = {
    "C Piscine Shell 00", "C Piscine C 00", "C Piscine C 03", "C Piscine C 07", "Libft", "get_next_line",
    "ft_printf",
}  # fmt: skip
"""Projects whose sessions have automated tests (with the exams)."""

LEVELS = {cat.PISCINE: 16, cat.MAIN: 30, 1: 21, 66: 10}
"""Cursus id → its highest level."""

FRENCH_SKILLS = {
    1: "Algorithmique & IA",
    2: "Programmation impérative",
    3: "Rigueur",
    4: "Unix",
    5: "Graphisme",
    6: "Web",
    7: "Relationnel & groupe",
    10: "Administration réseau & système",
    11: "Sécurité",
    12: "BDD & données",
    14: "Adaptation & créativité",
    15: "Intégration de technologies",
    16: "Expérience en entreprise",
    17: "Programmation orientée objet",
}


def _ts(rng: random.Random, start: dt.datetime, days: float) -> dt.datetime:
    return draw_ts(rng, start, days * 86400)


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("pedagogy")`` after the users exist."""
    rng = builder.rng_for("pedagogy")
    conn, ids = builder.conn, builder.ids
    stamp = {"created_at": BASE, "updated_at": BASE}
    sessions = conn.execute(
        select(
            ProjectSession.id,
            ProjectSession.project_id,
            ProjectSession.campus_id,
            ProjectSession.cursus_id,
            Project.name,
            Project.exam,
        )
        .join(Project, Project.id == ProjectSession.project_id)
        .order_by(ProjectSession.id)
    ).all()
    projects = conn.execute(select(Project.id, Project.name).order_by(Project.id)).all()
    project_cursus = dict(
        conn.execute(select(projects_cursus.c.project_id, projects_cursus.c.cursus_id)).all()
    )
    users = conn.execute(select(User.id, User.primary_campus_id).order_by(User.id)).all()

    # evaluations: one per scale (its evaluation_id), one per upload
    scales = conn.execute(
        select(Scale.evaluation_id, Scale.created_at)
        .where(Scale.evaluation_id.is_not(None))
        .order_by(Scale.evaluation_id)
    ).all()
    evaluation_rows = [
        {"id": eid, "kind": "scale", "position": 1, "created_at": at, "updated_at": at} for eid, at in scales
    ]
    next_eval = max((row["id"] for row in evaluation_rows), default=0) + 1
    upload_rows: list[dict[str, Any]] = []
    uploads_of: dict[int, int] = {}
    for index, (sid, _pid, _campus, _cursus, name, exam) in enumerate(sessions):
        if not exam and name not in MOULINETTE:
            continue  # evaluated by peers only
        eid = next_eval
        next_eval += 1
        created = _ts(rng, BASE, 400)
        evaluation_rows.append(
            {"id": eid, "kind": "upload", "position": 2, "created_at": created, "updated_at": created}
        )
        uid = ids.take("uploads")
        upload_rows.append(
            {
                "id": uid,
                "evaluation_id": eid,
                "project_session_id": sid,
                "name": "Exam checker" if exam else "Moulinette",
                "description": "" if index % 3 else f"Automated tests of {name}.",
                "created_at": created,
                "updated_at": _ts(rng, created, 300),
            }
        )
        uploads_of[sid] = uid
    builder._insert(Evaluation, evaluation_rows)
    builder._insert(Upload, upload_rows)

    teams = conn.execute(
        select(Team.id, Team.project_session_id, Team.final_mark, Team.closed_at)
        .where(
            Team.project_session_id.in_(list(uploads_of)),
            Team.final_mark.is_not(None),
            Team.closed_at.is_not(None),
        )
        .order_by(Team.id)
    ).all()
    teams_upload_rows = []
    for team_id, sid, mark, closed in teams:
        upload_id = uploads_of.get(sid)
        if upload_id is None or rng.random() < 0.15:
            continue
        got = max(0, min(125, mark + rng.choice((-10, 0, 0, 0, 5)))) if rng.random() < 0.9 else None
        at = closed + dt.timedelta(minutes=rng.randint(1, 50))
        teams_upload_rows.append(
            {
                "id": ids.take("teams_uploads"),
                "team_id": team_id,
                "upload_id": upload_id,
                "final_mark": got,
                "comment": None
                if got is None
                else (
                    "moulinette: all tests OK"
                    if got >= 100
                    else f"moulinette: {max(1, (100 - got) // 10)} tests failed"
                ),
                "created_at": at,
                "updated_at": at,
            }
        )
    builder._insert(TeamsUpload, teams_upload_rows)

    # rules, their params, the rules of each session and their values
    rule_rows, param_rows, params_of = [], [], {}
    for index, (kind, name, description, rule_params) in enumerate(RULES):
        rid = ids.take("rules")
        created = BASE - dt.timedelta(days=500 - 37 * index, seconds=index * 11.5)
        rule_rows.append(
            {
                "id": rid,
                "kind": kind,
                "name": name,
                "description": description,
                "slug": f"{kind}-{_slug(name)}",
                "internal_name": name.title().replace(" ", "").replace("-", ""),
                "created_at": created,
                "updated_at": created,
            }
        )
        params_of[rid] = []
        for pname, default, data_type in rule_params:
            pid = ids.take("params")
            params_of[rid].append((pid, pname, default))
            param_rows.append(
                {
                    "id": pid,
                    "rule_id": rid,
                    "name": pname,
                    "default_value": default,
                    "data_type": data_type,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(Rule, rule_rows)
    builder._insert(Param, param_rows)
    used_rules = [row["id"] for row in rule_rows[:-1]]  # the last rule is used by no session
    psr_rows, ppsr_rows = [], []
    for sid, _pid, _campus, cursus_id, _name, _exam in sessions:
        chosen = rng.sample(used_rules, rng.randint(1, 3))
        for position, rid in enumerate(chosen, start=1):
            created = _ts(rng, BASE, 600)
            psr_id = ids.take("project_sessions_rules")
            psr_rows.append(
                {
                    "id": psr_id,
                    "rule_id": rid,
                    "project_session_id": sid,
                    "required": rng.random() < 0.8,
                    "position": position,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for param_id, pname, default in params_of[rid]:
                value = (
                    str(cursus_id) if pname == "cursus" else default if default else str(rng.randint(1, 9))
                )
                ppsr_rows.append(
                    {
                        "id": ids.take("params_project_sessions_rules"),
                        "param_id": param_id,
                        "project_sessions_rule_id": psr_id,
                        "value": value,
                        "created_at": created,
                        "updated_at": _ts(rng, created, 30),
                    }
                )
    builder._insert(ProjectSessionsRule, psr_rows)
    builder._insert(ParamsProjectSessionsRule, ppsr_rows)

    # skills of sessions and cursus, levels of cursus
    skill_ids = [skill[0] for skill in cat.SKILLS]
    pss_rows, cursus_skill = [], set()
    for sid, _pid, _campus, cursus_id, _name, _exam in sessions:
        for skill_id in sorted(rng.sample(skill_ids, rng.randint(1, 3))):
            created = _ts(rng, BASE, 700)
            pss_rows.append(
                {
                    "id": ids.take("project_sessions_skills"),
                    "project_session_id": sid,
                    "skill_id": skill_id,
                    "value": rng.choice((5, 10, 15, 20, 25, 30, 35, 40, 50)),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            if cursus_id is not None:
                cursus_skill.add((cursus_id, skill_id))
    builder._insert(ProjectSessionsSkill, pss_rows)
    builder._insert(cursus_skills, [{"cursus_id": c, "skill_id": s} for c, s in sorted(cursus_skill)])
    level_rows = []
    for position, (cursus_id, top) in enumerate(sorted(LEVELS.items())):
        created = BASE + dt.timedelta(days=position, milliseconds=123 * position)
        xp = 0
        for lvl in range(top + 1):
            level_rows.append(
                {
                    "id": ids.take("levels"),
                    "lvl": lvl,
                    "xp": xp,
                    "cursus_id": cursus_id,
                    "created_at": created + dt.timedelta(seconds=lvl),
                    "updated_at": created,
                }
            )
            xp += 462 + 200 * lvl + (lvl * lvl * 11)
    builder._insert(Level, level_rows)

    # tags, notions and subnotions
    tag_rows, tag_ids = [], {}
    for name, kind, description in TAGS:
        tid = ids.take("tags")
        tag_ids[name] = tid
        created = _ts(rng, BASE, 200)
        tag_rows.append(
            {
                "id": tid,
                "name": name,
                "kind": kind,
                "description": description,
                "pinner_id": users[tid % len(users)][0] if kind == "general" and users else None,
                "created_at": created,
                "updated_at": created,
            }
        )
    builder._insert(Tag, tag_rows)
    project_tags = [t for t in tag_ids.values() if t <= tag_ids["Exam"]]
    link_projects = []
    for pid, name in projects:
        chosen = {tag_ids["Exam"]} if "Exam" in name else {tag_ids["Rush"]} if "Rush" in name else set()
        chosen |= set(rng.sample(project_tags[:7], 1 + pid % 2))
        link_projects += [{"project_id": pid, "tag_id": t} for t in sorted(chosen)]
    builder._insert(projects_tags, link_projects)

    notion_rows, subnotion_rows, link_notion_cursus, link_notion_tags, link_tag_subnotions = (
        [],
        [],
        [],
        [],
        [],
    )
    for index, (name, cursus_id, subs) in enumerate(NOTIONS):
        nid = ids.take("notions")
        created = _ts(rng, BASE, 300)
        notion_rows.append(
            {"id": nid, "name": name, "slug": _slug(name), "created_at": created, "updated_at": created}
        )
        link_notion_cursus.append({"notion_id": nid, "cursus_id": cursus_id})
        if index % 4 == 0:
            link_notion_cursus.append({"notion_id": nid, "cursus_id": 1})
        notion_tags = sorted(rng.sample(project_tags, 1 + index % 2)) if index % 5 != 4 else []
        link_notion_tags += [{"notion_id": nid, "tag_id": t} for t in notion_tags]
        for position, sub in enumerate(subs, start=1):
            snid = ids.take("subnotions")
            subnotion_rows.append(
                {
                    "id": snid,
                    "notion_id": nid,
                    "name": sub,
                    "slug": f"{_slug(name)}-{_slug(sub)}",
                    "position": position,
                    "notepad": None if position % 3 else f"Read the manual of {sub.lower()} first.",
                    "created_at": _ts(rng, created, 10),
                    "updated_at": created,
                }
            )
            link_tag_subnotions += [{"tag_id": t, "subnotion_id": snid} for t in notion_tags[:1]]
    for sub in ("Draft: norms", "Draft: debugging"):  # subnotions not filed under a notion yet
        snid = ids.take("subnotions")
        subnotion_rows.append(
            {
                "id": snid,
                "notion_id": None,
                "name": sub,
                "slug": _slug(sub),
                "position": 0,
                "notepad": None,
                "created_at": _ts(rng, BASE, 300),
                "updated_at": BASE,
            }
        )
    linked = {row["tag_id"] for row in link_tag_subnotions}
    for tid in project_tags:  # every project tag files at least one subnotion
        if tid not in linked:
            link_tag_subnotions.append({"tag_id": tid, "subnotion_id": rng.choice(subnotion_rows)["id"]})
    builder._insert(Notion, notion_rows)
    builder._insert(notions_cursus, link_notion_cursus)
    builder._insert(notions_tags, link_notion_tags)
    builder._insert(Subnotion, subnotion_rows)
    builder._insert(
        tags_subnotions, sorted(link_tag_subnotions, key=lambda row: (row["tag_id"], row["subnotion_id"]))
    )
    builder._insert(
        issues_tags,
        [
            {"issue_id": issue, "tag_id": t}
            for issue in range(1, 31)
            for t in sorted(rng.sample(list(tag_ids.values()), 1 + issue % 3))
        ],
    )

    general = [tag_ids[name] for name, kind, _ in TAGS if kind != "project"]
    tags_user_rows, seen = [], set()
    for user_id, campus_id in users:
        if rng.random() >= 0.25:
            continue
        for tid in rng.sample(general, 1 + (user_id % 4 == 0)):
            if (tid, user_id) in seen:
                continue
            seen.add((tid, user_id))
            created = _ts(rng, BASE, 2000)
            tags_user_rows.append(
                {
                    "id": ids.take("tags_users"),
                    "tag_id": tid,
                    "user_id": user_id,
                    "campus_id": campus_id if rng.random() < 0.9 else None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(TagsUser, tags_user_rows)

    # attachments: subjects of projects and sessions, documents of subnotions (English, then translations)
    containers = [("Project", pid, name) for pid, name in projects]
    containers += [
        ("ProjectSession", sid, name) for sid, _p, campus, _c, name, _e in sessions if campus is not None
    ]
    containers += [("Subnotion", row["id"], row["name"]) for row in subnotion_rows[::2]]
    attachment_rows, translated = [], []
    for container_type, container_id, name in containers:
        kind = "video" if container_type == "Subnotion" and container_id % 3 == 0 else "pdf"
        aid = ids.take("attachments")
        created = _ts(rng, BASE, 500)
        row = _attachment(aid, kind, container_type, container_id, name, 2, aid, created, rng)
        attachment_rows.append(row)
        if kind == "pdf" and container_id % 2 == 0:
            for language_id in (1, 3)[: 1 + container_id % 4 // 2]:
                tid = ids.take("attachments")
                translation = _attachment(
                    tid,
                    kind,
                    container_type,
                    container_id,
                    name,
                    language_id,
                    aid,
                    _ts(rng, created, 30),
                    rng,
                )
                translation["user_id"] = users[tid % len(users)][0] if users else None  # the translator
                translated.append(translation)
    builder._insert(Attachment, attachment_rows + translated)

    # project data: the holy graph
    data_rows = []
    for index, (sid, pid, _campus, _cursus, name, exam) in enumerate(sessions):
        placed = index % 7 != 6
        x, y = float(index % 8 * 3 + 2), float(index // 8 * 4 + 2)
        links = [[sessions[index - 1][1], x - 3, y, x, y]] if index and placed and index % 3 else []
        kind = (
            "exam"
            if exam
            else "rush"
            if "Rush" in name
            else "piscine"
            if project_cursus.get(pid) == cat.PISCINE
            else "project"
        )
        created = _ts(rng, BASE, 400)
        data_rows.append(
            {
                "id": ids.take("project_data"),
                "project_session_id": sid,
                "kind": kind,
                "coordinates": jsonenc.dumps([x, y]).decode() if placed else "[]",
                "by": jsonenc.dumps(links).decode(),
                "created_at": created,
                "updated_at": created,
            }
        )
    builder._insert(ProjectData, data_rows)

    # translations of tags and skills
    structures = [
        {
            "id": 1,
            "type_name": "Tag",
            "fields_organisation": {"name": "string", "description": "text"},
            "searchable_by": ["name"],
            "identified_by": ["name"],
        },
        {
            "id": 2,
            "type_name": "Skill",
            "fields_organisation": {"name": "string", "description": "text"},
            "searchable_by": ["name"],
            "identified_by": ["name"],
        },
    ]
    builder._insert(
        TranslationsStructure,
        [{**row, "structures_kind": "simple", "up_to_date": True, **stamp} for row in structures],
    )
    translation_rows = []

    def translate(
        structure: int, type_name: str, item_id: int, language_id: int, fields: dict[str, Any], default: bool
    ) -> None:
        created = _ts(rng, BASE, 100)
        translation_rows.append(
            {
                "id": ids.take("translations"),
                "translatable_id": item_id,
                "translatable_type": type_name,
                "language_id": language_id,
                "fields": jsonenc.dumps(fields).decode(),
                "user_id": None if default else users[item_id % len(users)][0],
                "default": default,
                "up_to_date": default or item_id % 4 != 0,
                "translations_structure_id": structure,
                "created_at": created,
                "updated_at": _ts(rng, created, 5),
            }
        )

    for name, _kind, description in TAGS:
        translate(1, "Tag", tag_ids[name], 2, {"name": name, "description": description}, True)
    skill_names = dict(conn.execute(select(Skill.id, Skill.name)).all())
    for skill_id, name in sorted(skill_names.items()):
        translate(2, "Skill", skill_id, 2, {"name": name, "description": None}, True)
        if skill_id in FRENCH_SKILLS:
            translate(2, "Skill", skill_id, 1, {"name": FRENCH_SKILLS[skill_id], "description": None}, False)
    builder._insert(Translation, translation_rows)


def _attachment(
    aid: int,
    kind: str,
    container_type: str,
    container_id: int,
    name: str,
    language_id: int,
    base_id: int,
    created: dt.datetime,
    rng: random.Random,
) -> dict[str, Any]:
    pdf = kind == "pdf"
    processed = rng.random() < 0.9
    suffix = {1: "fr", 2: "en", 3: "es"}.get(language_id, "en")
    title = f"{name} - subject" if container_type != "Subnotion" else name
    return {
        "id": aid,
        "name": title,
        "slug": f"{_slug(title)}-{aid}",
        "kind": kind,
        "attachable_type": "Pdf" if pdf else "Video",
        "attachable_id": 100 + aid,
        "container_type": container_type,
        "container_id": container_id,
        "language_id": language_id,
        "user_id": None,
        "default": language_id == 2,
        "up_to_date": aid % 5 != 0,
        "base_id": base_id,
        "untranslatable": not pdf,
        "attachments_structure_id": 1 if pdf else 2,
        "page_count": rng.randint(3, 24) if pdf and processed else None,
        "pdf_processing": pdf and not processed,
        "pdf_url": f"/uploads/document/document/{aid}/{suffix}.subject.pdf" if pdf and processed else None,
        "pdf_thumb_url": f"/uploads/document/document/{aid}/thumb_{suffix}.subject.png"
        if pdf and processed
        else None,
        "url": None if pdf else f"https://elearning.example.org/videos/{aid}",
        "thumb_url": None if pdf else f"https://elearning.example.org/videos/{aid}/thumb.jpg",
        "created_at": created,
        "updated_at": created,
    }
