"""demo.careers: synthetic companies, offers, internships, amendments, experiences, partnerships,
patronages and their reports, and user candidatures.

Everything is invented (``example.org`` addresses, ``+00`` phones, made-up streets); the counts scale
with the number of users. Alumnized users are the core users' own ``alumni`` rows (no table here).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from openintra.core import jsonenc
from openintra.demo import catalogue as cat
from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.careers import (
    Amendment,
    CompaniesUser,
    Company,
    Experience,
    Internship,
    Offer,
    OffersUser,
    Partnership,
    PartnershipsSkill,
    PartnershipsUser,
    Patronage,
    PatronagesReport,
    Report,
    UserCandidature,
    companies_expertises,
    offers_campus,
    offers_expertises,
)
from openintra.models.projects import ProjectsUser
from openintra.models.users import User

DAY = dt.timedelta(days=1)
SECTORS = [
    "agro",
    "audit",
    "banque",
    "commerce",
    "comm",
    "edition",
    "industrie",
    "info",
    "luxe",
    "pharma",
    "services",
    "culture",
    "immobilier",
    "other",
]
SIZES = ["small", "medium", "large", "xlarge"]
STATES = ["need_validation", "invalidated", "generated", "uploaded", "ended", "broke", "canceled", "none"]
CONTRACTS = ["stage", "stage", "apprentice_ship", "cdi", "cdd", "freelance", "stage_partiel"]
CURRENCIES = ["eur", "eur", "eur", "gbp", "chf", "yen", "dol"]
WORDS = [
    "Data",
    "Cloud",
    "Pixel",
    "Nova",
    "Orbit",
    "Quantum",
    "Blue",
    "Green",
    "Iron",
    "Swift",
    "Delta",
    "Prime",
    "Atlas",
    "Echo",
    "Vertex",
    "Lumen",
    "Summit",
    "Harbor",
    "Cedar",
    "Falcon",
]
SUFFIXES = ["Labs", "Systems", "Works", "Studio", "Group", "Tech", "Solutions", "Partners"]
JOBS = [
    "Backend developer",
    "Frontend developer",
    "DevOps engineer",
    "Data engineer",
    "Security analyst",
    "Game developer",
    "Embedded developer",
    "Site reliability engineer",
]
PARTNERSHIPS = [
    ("Cloud Partner", 2, 3),
    ("Security Partner", 4, 5),
    ("Data Partner", 3, 4),
    ("Games Partner", 5, 6),
    ("Web Partner", 1, 2),
    ("Embedded Partner", 6, 7),
    ("AI Partner", 7, 7),
    ("Fintech Partner", 0, 1),
]
REPORTS = [
    (1, "Kickoff Meeting", 30),
    (2, "Midterm Review", 120),
    (3, "Final Debriefing", 210),
]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


class _Clock:
    """Millisecond timestamps drawn from the domain's own generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def ts(self, start: dt.datetime, days: float) -> dt.datetime:
        return draw_ts(self.rng, start, max(days, 0.01) * 86400)


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("careers")`` after the users exist."""
    rng = builder.rng_for("careers")
    clock = _Clock(rng)
    anchor = world.anchor
    conn = builder.conn
    users = [
        row._asdict()
        for row in conn.execute(
            select(
                User.id,
                User.login,
                User.first_name,
                User.last_name,
                User.primary_campus_id,
                User.created_at,
                User.kind,
            ).order_by(User.id)
        )
    ]
    if not users:
        return
    n = len(users)
    campus_ids = [campus[0] for campus in cat.CAMPUS]

    # --- companies and offers ---------------------------------------------------------------------
    companies, names = [], set()
    for _ in range(max(20, n // 25)):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)}"
        while name in names:
            name = f"{name} {len(names)}"
        names.add(name)
        cid = builder.ids.take("companies")
        created = clock.ts(anchor - 5 * 365 * DAY, 5 * 365 - 10)
        campus = rng.choice(cat.CAMPUS)
        sector = rng.choice(SECTORS)
        companies.append(
            {
                "id": cid,
                "name": name,
                "slug": _slug(name),
                "sector": sector,
                "other_sector": "Robotics" if sector == "other" else None,
                "size": rng.choice(SIZES),
                "phone": f"+00 0 00 00 {cid % 100:02d} {rng.randint(0, 99):02d}",
                "address": f"{rng.randint(1, 200)} Example Street",
                "zip": campus[7],
                "city": campus[6],
                "country": campus[5],
                "website_url": f"https://{_slug(name)}.example.org",
                "owner_id": rng.choice(users)["id"] if rng.random() < 0.7 else campus[0],
                "owner_type": None,
                "latitude": round(rng.uniform(-60, 60), 6),
                "longitude": round(rng.uniform(-150, 150), 6),
                "siret": f"{rng.randint(10**13, 10**14 - 1)}",
                "pro_id": rng.randint(1, 5) if rng.random() < 0.6 else None,
                "administrative_email": f"admin@{_slug(name)}.example.org",
                "created_at": created,
                "updated_at": clock.ts(created, 30),
            }
        )
        companies[-1]["owner_type"] = "User" if companies[-1]["owner_id"] not in campus_ids else "Campus"
    builder._insert(Company, companies)
    builder._insert(
        companies_expertises,
        [
            {"company_id": company["id"], "expertise_id": expertise}
            for company in companies
            for expertise in rng.sample(range(1, 13), rng.randint(0, 3))
        ],
    )

    offers = []
    for index in range(max(30, n // 10)):
        company = rng.choice(companies)
        oid = builder.ids.take("offers")
        job = rng.choice(JOBS)
        created = clock.ts(company["created_at"], max(1, (anchor - company["created_at"]).days))
        valid_at = clock.ts(created, 5) if rng.random() < 0.85 else None
        invalid_at = None
        if valid_at is not None and rng.random() < 0.5:
            invalid_at = valid_at + dt.timedelta(days=rng.randint(20, 400))
        low = rng.choice([2, 4, 6])
        offers.append(
            {
                "id": oid,
                "title": f"{job} at {company['name']}",
                "little_description": f"{job} ({rng.choice(CONTRACTS)})",
                "big_description": f"Join {company['name']} as a {job.lower()}. Synthetic offer.",
                "salary": f"{rng.randint(12, 60) * 100} EUR" if rng.random() < 0.7 else None,
                "contract_type": rng.choice(CONTRACTS),
                "email": f"jobs@{company['slug']}.example.org",
                "address": company["address"],
                "city": company["city"],
                "zip": company["zip"],
                "country": company["country"],
                "latitude": company["latitude"],
                "longitude": company["longitude"],
                "valid_at": valid_at,
                "invalid_at": invalid_at,
                "min_duration": low,
                "max_duration": low + rng.choice([0, 2, 6]),
                "document": f"/uploads/offer/document/{oid}/offer.pdf" if rng.random() < 0.4 else None,
                "slug": f"{_slug(job)}-{oid}",
                "pro_id": company["pro_id"],
                "company_id": company["id"] if index % 15 else None,
                "target": rng.choice(["student", "student_and_alumni"]),
                "reported_at": clock.ts(created, 30) if rng.random() < 0.15 else None,
                "created_at": created,
                "updated_at": clock.ts(created, 20),
            }
        )
    builder._insert(Offer, offers)
    builder._insert(
        offers_expertises,
        [
            {"offer_id": offer["id"], "expertise_id": expertise}
            for offer in offers
            for expertise in rng.sample(range(1, 13), rng.randint(0, 3))
        ],
    )
    builder._insert(
        offers_campus,
        [
            {"offer_id": offer["id"], "campus_id": campus}
            for offer in offers
            for campus in rng.sample(campus_ids, rng.randint(1, 3))
        ],
    )

    offers_users, companies_users = [], []
    for user in users:
        if user["kind"] != "student":
            continue
        for offer in rng.sample(offers, rng.choice([0, 0, 0, 1, 2])):
            created = clock.ts(max(offer["created_at"], user["created_at"]), 60)
            offers_users.append(
                {
                    "id": builder.ids.take("offers_users"),
                    "offer_id": offer["id"],
                    "user_id": user["id"],
                    "validated_at": clock.ts(created, 10) if rng.random() < 0.4 else None,
                    "created_at": created,
                    "updated_at": clock.ts(created, 10),
                }
            )
        for company in rng.sample(companies, rng.choice([0, 0, 0, 1, 2])):
            created = clock.ts(max(company["created_at"], user["created_at"]), 90)
            companies_users.append(
                {
                    "id": builder.ids.take("companies_users"),
                    "company_id": company["id"],
                    "user_id": user["id"],
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(OffersUser, offers_users)
    builder._insert(CompaniesUser, companies_users)

    # --- internships and amendments ---------------------------------------------------------------
    pus = [
        row._asdict()
        for row in conn.execute(
            select(
                ProjectsUser.id,
                ProjectsUser.user_id,
                ProjectsUser.project_id,
                ProjectsUser.final_mark,
                ProjectsUser.created_at,
            )
            .where(ProjectsUser.final_mark >= 50, ProjectsUser.id % 5 == 0)  # a fifth of the validated ones
            .order_by(ProjectsUser.id)
        )
    ]
    internships, amendments = [], []
    students = [user for user in users if user["kind"] == "student"]
    for user in students:
        if rng.random() > 0.3:
            continue
        company = rng.choice(companies)
        offer = (
            next((o for o in offers if o["company_id"] == company["id"]), None)
            if rng.random() < 0.5
            else None
        )
        iid = builder.ids.take("internships")
        start = clock.ts(max(user["created_at"], anchor - 3 * 365 * DAY), 3 * 365)
        months = rng.choice([4, 6, 6, 12])
        end = start + dt.timedelta(days=30 * months)
        breach = clock.ts(start, 30 * months) if rng.random() < 0.1 else None
        boss, tutor = (
            rng.choice(["Alex", "Sam", "Robin", "Charlie"]),
            rng.choice(["Jordan", "Casey", "Morgan", "Taylor"]),
        )
        created = start - dt.timedelta(days=rng.randint(10, 60))
        convention = (
            f"/uploads/internship/convention/{iid}/{user['login']}.zip" if rng.random() < 0.7 else None
        )
        internships.append(
            {
                "id": iid,
                "user_id": user["id"],
                "administration_id": rng.randint(1, 3),
                "offer_id": offer["id"] if offer else None,
                "language_id": rng.choice([1, 2]),
                "state": rng.choice(STATES),
                "days": jsonenc.dumps(DAYS[: rng.choice([1, 3, 4, 5, 5])]).decode(),
                "user_address": f"{rng.randint(1, 99)} Example Street",
                "user_postal": "00000",
                "user_city": company["city"],
                "user_country": company["country"],
                "company_name": company["name"],
                "company_boss_user_first_name": boss,
                "company_boss_user_last_name": "Example",
                "company_boss_user_email": f"boss@{company['slug']}.example.org",
                "company_boss_user_phone": "+00 0 00 00 00 00",
                "company_user_first_name": tutor,
                "company_user_last_name": "Sample",
                "company_user_post": rng.choice(JOBS),
                "company_user_email": f"tutor@{company['slug']}.example.org",
                "company_user_phone": "+00 0 00 00 00 01",
                "company_address": company["address"],
                "company_postal": company["zip"],
                "company_city": company["city"],
                "company_country": company["country"],
                "company_siret": company["siret"],
                "internship_address": company["address"],
                "internship_postal": company["zip"],
                "internship_city": company["city"],
                "internship_country": company["country"],
                "contract_type": rng.choice(CONTRACTS),
                "subject": f"Synthetic internship subject #{iid}",
                "start_at": start,
                "end_at": end,
                "duration": months,
                "nb_days": 5,
                "nb_hours": rng.choice([35, 35, 39]),
                "movement": rng.choice(["remote", "on site", "hybrid"]) if rng.random() < 0.3 else None,
                "salary": rng.randint(6, 25) * 100 if rng.random() < 0.9 else None,
                "currency": rng.choice(CURRENCIES),
                "breach_at": breach,
                "convention": convention,
                "convention_uri": f"https://cdn.intra.42.fr{convention}"
                if convention and rng.random() < 0.5
                else None,
                "anti_grav_units_user_id": rng.randint(1, 50) if rng.random() < 0.1 else None,
                "projects_user_id": None,
                "created_at": created,
                "updated_at": clock.ts(created, 30),
            }
        )
        if rng.random() < 0.4:
            kind = (
                "breach" if breach else rng.choice(["prolongation", "shortening", "salary_change", "other"])
            )
            when = clock.ts(start, 30 * months)
            amendments.append(
                {
                    "id": builder.ids.take("amendments"),
                    "internship_id": iid,
                    "kind": kind,
                    "origin": rng.choice(["company", "student", "school", None]),
                    "end_at": end + dt.timedelta(days=30) if kind == "prolongation" else None,
                    "salary": internships[-1]["salary"],
                    "currency": internships[-1]["currency"],
                    "old_end_at": end,
                    "old_salary": internships[-1]["salary"] if kind == "salary_change" else None,
                    "old_currency": internships[-1]["currency"] if kind == "salary_change" else None,
                    "effective_date": when.date(),
                    "convention": f"https://cdn.intra.42.fr/amendment/convention/{iid}/amendment.pdf",
                    "created_at": when,
                    "updated_at": when,
                }
            )
    user_pus = {}
    for pu in pus:
        user_pus.setdefault(pu["user_id"], pu["id"])
    for internship in internships[::4]:
        internship["projects_user_id"] = user_pus.get(internship["user_id"])
    builder._insert(Internship, internships)
    builder._insert(Amendment, amendments)

    # --- partnerships -----------------------------------------------------------------------------
    partnerships, partnerships_skills, partnerships_users = [], [], []
    base = anchor - 6 * 365 * DAY
    for name, difficulty, tier in PARTNERSHIPS:
        pid = builder.ids.take("partnerships")
        created = clock.ts(base, 365)
        partnerships.append(
            {
                "id": pid,
                "name": name,
                "slug": _slug(name),
                "description": f"The {name} programme (synthetic).",
                "difficulty": difficulty * 1000,
                "tier": tier,
                "file": f"/uploads/partnership/file/{pid}/subject.pdf",
                "cursus_id": cat.MAIN,
                "created_at": created,
                "updated_at": clock.ts(created, 30),
            }
        )
        for skill in rng.sample([skill[0] for skill in cat.SKILLS], rng.randint(1, 3)):
            partnerships_skills.append(
                {
                    "id": builder.ids.take("partnerships_skills"),
                    "partnership_id": pid,
                    "skill_id": skill,
                    "value": float(rng.choice([1050, 2100, 4200, 8400])),
                    "created_at": created,
                    "updated_at": created,
                }
            )
    for user in students:
        for partnership in rng.sample(partnerships, rng.choice([0, 0, 0, 0, 1, 2])):
            created = clock.ts(max(user["created_at"], partnership["created_at"]), 200)
            partnerships_users.append(
                {
                    "id": builder.ids.take("partnerships_users"),
                    "partnership_id": partnership["id"],
                    "user_id": user["id"],
                    "final_mark": rng.choice([None, 0, 75, 100, 125]),
                    "created_at": created,
                    "updated_at": clock.ts(created, 30),
                }
            )
    for user in users[-5:]:  # the highest ids (the users index's first page) show one each
        if not any(row["user_id"] == user["id"] for row in partnerships_users):
            partnership = rng.choice(partnerships)
            created = clock.ts(max(user["created_at"], partnership["created_at"]), 10)
            partnerships_users.append(
                {
                    "id": builder.ids.take("partnerships_users"),
                    "partnership_id": partnership["id"],
                    "user_id": user["id"],
                    "final_mark": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    builder._insert(Partnership, partnerships)
    builder._insert(PartnershipsSkill, partnerships_skills)
    builder._insert(PartnershipsUser, partnerships_users)

    # --- experiences ------------------------------------------------------------------------------
    cursus_of = {project["id"]: cursus for cursus, items in world.projects.items() for project in items}
    skills = [skill[0] for skill in cat.SKILLS]
    experiences = []
    for pu in pus:
        for skill in rng.sample(skills, rng.choice([1, 1, 2])):
            experiences.append(
                {
                    "id": builder.ids.take("experiences"),
                    "user_id": pu["user_id"],
                    "skill_id": skill,
                    "experiancable_id": pu["id"],
                    "experiancable_type": "ProjectsUser",
                    "experience": rng.choice([100, 250, 500, 1000, 2100]),
                    "created_at": clock.ts(pu["created_at"], 30),
                    "cursus_id": cursus_of.get(pu["project_id"], cat.MAIN),
                    "is_bonus": rng.random() < 0.1,
                }
            )
    skills_of = {}
    for row in partnerships_skills:
        skills_of.setdefault(row["partnership_id"], []).append(row["skill_id"])
    for pu in partnerships_users:
        if pu["final_mark"]:
            for skill in skills_of[pu["partnership_id"]][:1]:
                experiences.append(
                    {
                        "id": builder.ids.take("experiences"),
                        "user_id": pu["user_id"],
                        "skill_id": skill,
                        "experiancable_id": pu["id"],
                        "experiancable_type": "PartnershipsUser",
                        "experience": 4200,
                        "created_at": clock.ts(pu["created_at"], 30),
                        "cursus_id": cat.MAIN,
                        "is_bonus": False,
                    }
                )
    builder._insert(Experience, experiences)

    # --- patronages and their reports -------------------------------------------------------------
    reports = []
    for rid, name, delay in REPORTS:
        created = clock.ts(base, 30)
        reports.append(
            {
                "id": rid,
                "name": name,
                "comment": "",
                "introduction_md": "",
                "disclaimer_md": "",
                "guidelines_md": f"Synthetic guidelines for the {name.lower()}.",
                "slug": _slug(name),
                "delay_days": delay,
                "created_at": created,
                "updated_at": clock.ts(created, 2),
            }
        )
    builder._insert(Report, reports)
    patronages, patronages_reports = [], []
    by_campus: dict[Any, list[dict[str, Any]]] = {}
    for user in students:
        by_campus.setdefault(user["primary_campus_id"], []).append(user)
    for members in by_campus.values():
        older = sorted(members, key=lambda user: user["created_at"])
        for position, user in enumerate(older):
            if position < 3 or rng.random() > 0.3:
                continue
            godfather = rng.choice(older[:position])
            created = clock.ts(user["created_at"], 20)
            pid = builder.ids.take("patronages")
            patronages.append(
                {
                    "id": pid,
                    "user_id": user["id"],
                    "godfather_id": godfather["id"],
                    "ongoing": rng.random() < 0.7,
                    "created_at": created,
                    "updated_at": clock.ts(created, 5),
                }
            )
            for rid, _name, delay in REPORTS[: rng.choice([0, 1, 1, 2, 3])]:
                begin = created + dt.timedelta(days=delay)
                patronages_reports.append(
                    {
                        "id": builder.ids.take("patronages_reports"),
                        "user_id": godfather["id"],
                        "begin_at": begin,
                        "patronage_id": pid,
                        "report_id": rid,
                        "validated_at": clock.ts(begin, 10)
                        if begin < anchor and rng.random() < 0.6
                        else None,
                        "comment": None,
                        "created_at": created,
                        "updated_at": clock.ts(created, 2),
                    }
                )
    # the highest ids (the users index's first page) are patroned and patroning
    for godchild, godfather in zip(users[-5:], users[:5], strict=True):
        for child, father in ((godchild, godfather), (godfather, godchild)):
            created = clock.ts(max(child["created_at"], father["created_at"]), 10)
            patronages.append(
                {
                    "id": builder.ids.take("patronages"),
                    "user_id": child["id"],
                    "godfather_id": father["id"],
                    "ongoing": True,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    patronages.sort(key=lambda row: row["id"])
    builder._insert(Patronage, patronages)
    builder._insert(PatronagesReport, patronages_reports)

    # --- user candidatures ------------------------------------------------------------------------
    candidatures = []
    for user in users:
        if user["kind"] != "student" or rng.random() > 0.8:
            continue
        campus = next((c for c in cat.CAMPUS if c[0] == user["primary_campus_id"]), cat.CAMPUS[0])
        full = rng.random() < 0.6
        born = (user["created_at"] - dt.timedelta(days=rng.randint(18 * 365, 40 * 365))).date()
        candidatures.append(
            {
                "id": builder.ids.take("user_candidatures"),
                "user_id": user["id"],
                "birth_date": born,
                "gender": rng.choice(["male", "female", "other"]),
                "zip_code": campus[7],
                "country": campus[5],
                "birth_city": rng.choice([campus[6], "Example City"]),
                "birth_country": rng.choice([campus[5], "Exampleland"]),
                "postal_street": f"{rng.randint(1, 200)} Example Street",
                "postal_complement": "Building B" if full and rng.random() < 0.3 else None,
                "postal_city": campus[6] if full else None,
                "postal_zip_code": campus[7] if full else None,
                "postal_country": campus[5] if full else None,
                "contact_affiliation": rng.choice(["parent", "other"]) if full else None,
                "contact_last_name": user["last_name"] if full else None,
                "contact_first_name": "Pat" if full else None,
                "contact_phone1": "+00 0 00 00 00 02" if full else None,
                "contact_phone2": "+00 0 00 00 00 03" if full and rng.random() < 0.3 else None,
                "max_level_memory": rng.randint(1, 20) if full else None,
                "max_level_logic": rng.randint(1, 20) if full else None,
                "other_information": "Synthetic note." if full and rng.random() < 0.2 else None,
                "language": rng.choice(["fr", "en"]) if full else None,
                "meeting_date": clock.ts(user["created_at"] - 60 * DAY, 30) if full else None,
                "piscine_date": (user["created_at"] - dt.timedelta(days=rng.randint(20, 40))).date()
                if full
                else None,
                "phone": f"+00 6 00 00 {user['id'] % 100:02d} {rng.randint(0, 99):02d}" if full else None,
                "email": f"{user['login']}@mail.example.org",
                "pin": f"{rng.randint(0, 9999):04d}" if full else None,
                "phone_country_code": campus[5][:2].upper() if full else None,
                "hidden_phone": rng.random() < 0.2 if full else None,
                "created_at": user["created_at"] - dt.timedelta(days=90),
                "updated_at": user["created_at"] - dt.timedelta(days=90),
            }
        )
    builder._insert(UserCandidature, candidatures)
