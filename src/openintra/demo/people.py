"""demo.people: synthetic groups, roles, roles entities, expertises, languages users, accreditations, apps,
clusters and gitlab users."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random

from sqlalchemy import select

from openintra.auth.roles import ROLES
from openintra.demo import catalogue as cat
from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.people import (
    Accreditation,
    Cluster,
    Expertise,
    ExpertisesUser,
    GitlabUser,
    Group,
    GroupsUser,
    LanguagesUser,
    Role,
    RolesEntity,
    roles_users,
)
from openintra.models.platform import OAuthApp
from openintra.models.users import CursusUser, User

# name, kind, colour
GROUPS = [
    ("Tutors", "important", "#E5A83B"),
    ("Bocal", "important", "#D8636F"),
    ("Pedago", "normal", "#4180DB"),
    ("Ambassadors", "normal", "#33C47F"),
    ("gnomes", "hidden", "#A061D1"),
    ("Staff", "important", "#00BABC"),
    ("Hackathon team", "normal", "#F2C94C"),
    ("Alumni council", "hidden", "#828282"),
]

# name, slug, kind
EXPERTISES = [
    ("C", "c", "languages"),
    ("C++", "c-plus-plus", "languages"),
    ("Python", "python", "languages"),
    ("Ruby", "ruby", "languages"),
    ("Go", "go", "languages"),
    ("Rust", "rust", "languages"),
    ("JavaScript", "javascript", "languages"),
    ("Android", "android", "frameworks"),
    ("AngularJS", "angularjs", "frameworks"),
    ("React", "react", "frameworks"),
    ("Django", "django", "frameworks"),
    ("Ruby on Rails", "ruby-on-rails", "frameworks"),
    ("PostgreSQL", "postgresql", "databases"),
    ("MySQL", "mysql", "databases"),
    ("MongoDB", "mongodb", "databases"),
    ("Redis", "redis", "databases"),
    ("Docker", "docker", "admin_sys"),
    ("Kubernetes", "kubernetes", "admin_sys"),
    ("Linux", "linux", "admin_sys"),
    ("Git", "git", "other"),
    ("Machine learning", "machine-learning", "other"),
    ("Security", "security", "other"),
]

ACCREDITATIONS = [
    "Unix basics",
    "Network administration",
    "Web security",
    "Algorithms",
    "Databases",
    "Graphics",
]
APP_WORDS = [
    "planner",
    "tracker",
    "dashboard",
    "bot",
    "companion",
    "scheduler",
    "explorer",
    "stats",
    "board",
    "radar",
]
APP_ROLES = [
    ("",),
    ("Official App",),
    ("Basic staff", "Advanced staff"),
    ("Events manager",),
    ("",),
    ("Basic tutor",),
    ("Official App", "Basic staff", "Advanced staff", "Intrateam"),
    ("",),
]
USER_ROLES = ["Tutor", "Student tutor", "Basic tutor"]
BASE = dt.datetime(2014, 11, 2, 16, 43, 38, 466000, tzinfo=dt.UTC)


def _ts(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A millisecond instant between ``start`` and ``end`` (drawn from the domain's generator)."""
    span = max((end - start).total_seconds(), 1.0)
    return draw_ts(rng, start, span)


def _stamped(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dict[str, dt.datetime]:
    created = _ts(rng, start, end)
    return {"created_at": created, "updated_at": _ts(rng, created, end)}


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("people")`` after the users exist."""
    rng = builder.rng_for("people")
    anchor = world.anchor
    conn = builder.conn
    users = conn.execute(
        select(User.id, User.login, User.primary_campus_id, User.staff, User.created_at).order_by(User.id)
    ).all()
    if not users:
        return
    language_of = {campus[0]: campus[4] for campus in cat.CAMPUS}
    cursus_of: dict[int, list[int]] = {}
    for user_id, cursus_id in conn.execute(select(CursusUser.user_id, CursusUser.cursus_id)).all():
        cursus_of.setdefault(user_id, []).append(cursus_id)
    last = users[-1].id
    # The newest user (first on /v2/users) gets one of everything, so that its full form shows each array.

    def since(created: dt.datetime) -> dict[str, dt.datetime]:
        return _stamped(rng, created, anchor)

    # --- groups -------------------------------------------------------------------------------
    group_ids = [builder.ids.take("groups") for _ in GROUPS]
    builder._insert(
        Group,
        [
            {
                "id": gid,
                "name": name,
                "kind": kind,
                "color": color,
                **_stamped(rng, BASE, BASE + dt.timedelta(days=900)),
            }
            for gid, (name, kind, color) in zip(group_ids, GROUPS, strict=True)
        ],
    )
    staff_group = group_ids[5]
    member_rows = []
    for user in users:
        chosen: set[int] = {staff_group} if user.staff else set()
        if rng.random() < 0.25 or user.id == last:
            chosen.update(rng.sample(group_ids, rng.choice((1, 1, 2))))
        for gid in sorted(chosen):
            member_rows.append(
                {
                    "id": builder.ids.take("groups_users"),
                    "user_id": user.id,
                    "group_id": gid,
                    **since(user.created_at),
                }
            )
    for gid in group_ids:  # every group has members
        if not any(row["group_id"] == gid for row in member_rows):
            user = users[rng.randrange(len(users))]
            if not any(row["group_id"] == gid and row["user_id"] == user.id for row in member_rows):
                member_rows.append(
                    {
                        "id": builder.ids.take("groups_users"),
                        "user_id": user.id,
                        "group_id": gid,
                        **since(user.created_at),
                    }
                )
    builder._insert(GroupsUser, member_rows)

    # --- roles (ids = positions in auth.roles.ROLES, as resources.people.ROLE_IDS says) --------
    role_id = {name: position for position, (name, _meaning) in enumerate(ROLES, start=1)}
    builder._insert(
        Role,
        [
            {
                "id": role_id[name],
                "name": name,
                "description": meaning,
                "created_at": BASE,
                "updated_at": BASE,
            }
            for name, meaning in ROLES
        ],
    )
    builder.ids.next["roles"] = len(ROLES) + 1
    holders = []
    for user in users:
        names = {"Basic staff"} if user.staff else set()
        if user.staff and rng.random() < 0.3:
            names.add("Advanced staff")
        if rng.random() < 0.08 or user.id == last:
            names.add(rng.choice(USER_ROLES))
        holders += [{"user_id": user.id, "role_id": role_id[name]} for name in sorted(names)]
    builder._insert(roles_users, holders)

    # --- apps (oauth_apps; never usable: their secrets are random and thrown away) ------------
    app_rows, grant_rows = [], []
    for index in range(max(12, len(users) // 12)):
        owner = users[rng.randrange(len(users))] if index % 5 else None
        word = APP_WORDS[index % len(APP_WORDS)]
        name = f"{owner.login if owner else 'campus'} {word}" + (
            f" {index}" if index >= len(APP_WORDS) else ""
        )
        slug = name.replace(" ", "-")
        created = _ts(rng, owner.created_at if owner else BASE, anchor)
        roles_held = [name for name in APP_ROLES[index % len(APP_ROLES)] if name]
        aid = builder.ids.take("oauth_apps")
        app_rows.append(
            {
                "id": aid,
                "name": name,
                "uid": f"{rng.getrandbits(256):064x}",
                "secret_digest": hashlib.sha256(rng.randbytes(32)).hexdigest(),
                "secret_valid_until": anchor + dt.timedelta(days=rng.randint(1, 60)),
                "scopes": "public projects" if index % 3 == 0 else "public",
                "roles": ",".join(roles_held),
                "redirect_uris": f"https://{slug}.example.org/callback",
                "description": None
                if index % 4 == 0
                else f"The {word} of {owner.login if owner else 'the campus'}.",
                "website": f"https://{slug}.example.org",
                "image": None if index % 2 else f"/uploads/doorkeeper/application/image/{aid}/logo.png",
                "public": True,
                "rate_limit_secondly": 2,
                "rate_limit_hourly": (1200, 1800, 3600)[index % 3],
                "owner_id": owner.id if owner else None,
                "created_at": created,
                "updated_at": _ts(rng, created, anchor),
            }
        )
        for held in roles_held:
            granted = _ts(rng, created, anchor)
            expires = granted + dt.timedelta(days=rng.randint(30, 400)) if len(grant_rows) % 3 == 1 else None
            grant_rows.append(
                {
                    "id": builder.ids.take("roles_entities"),
                    "role_id": role_id[held],
                    "entity_id": aid,
                    "entity_type": "Doorkeeper::Application",
                    "expires_at": expires,
                    "created_at": granted,
                    "updated_at": _ts(rng, granted, anchor),
                }
            )
    builder._insert(OAuthApp, app_rows)
    builder._insert(RolesEntity, grant_rows)

    # --- expertises ---------------------------------------------------------------------------
    expertise_ids = [builder.ids.take("expertises") for _ in EXPERTISES]
    builder._insert(
        Expertise,
        [
            {
                "id": eid,
                "name": name,
                "slug": slug,
                "kind": kind,
                **_stamped(rng, BASE, BASE + dt.timedelta(days=1200)),
            }
            for eid, (name, slug, kind) in zip(expertise_ids, EXPERTISES, strict=True)
        ],
    )
    expertise_rows = []
    for user in users:
        if rng.random() < 0.3 or user.id == last:
            for eid in sorted(rng.sample(expertise_ids, rng.randint(1, 3))):
                expertise_rows.append(
                    {
                        "id": builder.ids.take("expertises_users"),
                        "expertise_id": eid,
                        "user_id": user.id,
                        "interested": rng.random() < 0.4,
                        "value": rng.randint(1, 5),
                        "contact_me": rng.random() < 0.2,
                        **since(user.created_at),
                    }
                )
    builder._insert(ExpertisesUser, expertise_rows)

    # --- languages users: the campus language first, then others ------------------------------
    language_ids = [language[0] for language in cat.LANGUAGES]
    spoken_rows = []
    for user in users:
        spoken = [language_of.get(user.primary_campus_id or 0, 2)]
        if rng.random() < 0.5:
            spoken.append(2 if spoken[0] != 2 else rng.choice(language_ids))
        if rng.random() < 0.1:
            spoken.append(rng.choice(language_ids))
        for position, language_id in enumerate(dict.fromkeys(spoken), start=1):
            spoken_rows.append(
                {
                    "id": builder.ids.take("languages_users"),
                    "language_id": language_id,
                    "user_id": user.id,
                    "position": position,
                    **since(user.created_at),
                }
            )
    builder._insert(LanguagesUser, spoken_rows)

    # --- accreditations -----------------------------------------------------------------------
    accreditation_rows = []
    for user in users:
        if user.id in cursus_of and rng.random() < 0.15:
            accreditation_rows.append(
                {
                    "id": builder.ids.take("accreditations"),
                    "name": rng.choice(ACCREDITATIONS),
                    "user_id": user.id,
                    "cursus_id": rng.choice(cursus_of[user.id]),
                    "difficulty": rng.choice((500, 1000, 2000, 4200)),
                    "validated": rng.random() < 0.6,
                    **since(user.created_at),
                }
            )
    builder._insert(Accreditation, accreditation_rows)

    # --- clusters -----------------------------------------------------------------------------
    cluster_rows = []
    for campus in cat.CAMPUS:
        for floor in range(1, 2 + campus[0] % 3 + 1):
            cid = builder.ids.take("clusters")
            cluster_rows.append(
                {
                    "id": cid,
                    "name": f"e{floor}",
                    "campus_id": campus[0],
                    "image": None if floor % 3 == 0 else f"/uploads/cluster/image/{cid}/e{floor}.svg",
                    **_stamped(rng, BASE, anchor),
                }
            )
    builder._insert(Cluster, cluster_rows)

    # --- gitlab users (SSH keys) --------------------------------------------------------------
    key_rows = []
    for user in users:
        if rng.random() < 0.3 or user.id == users[0].id:
            for machine in rng.sample(("laptop", "desktop", "cluster", "home"), rng.choice((1, 1, 2))):
                material = rng.randbytes(32)
                key_rows.append(
                    {
                        "id": builder.ids.take("gitlab_users"),
                        "user_id": user.id,
                        "name": f"{user.login}@{machine}",
                        "public_key": "ssh-ed25519 "
                        + base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + material).decode()
                        + f" {user.login}@{machine}",
                        "fingerprint": "SHA256:"
                        + base64.b64encode(hashlib.sha256(material).digest()).decode().rstrip("="),
                        **since(user.created_at),
                    }
                )
    builder._insert(GitlabUser, key_rows)
