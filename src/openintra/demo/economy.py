"""demo.economy: synthetic coalition points (pools, balances, scores, bloc deadlines, squads), the shop
(products, commands, transactions), closes, community services, anti-grav units, correction point
historics, certificates, journals and notes.

Coherence kept with the core data:

- the scores of a coalitions_user add up to its ``score`` (``this_year_score``), so a coalition's
  ``score`` (the sum of its members', set by ``finish``) is also the sum of its scores;
- a pool's ``current_points`` is its ``max_points`` minus the points it gave, i.e. minus the scores
  whose ``scoreable_type`` is ``"Pool"`` and ``scoreable_id`` the pool;
- a user's transactions add up to their ``wallet``; each purchase (``transactable_type``
  ``"Command"``) is a command of a product the user's campus sells, for minus its price;
- a user's correction point historics, in id order, carry a running ``total`` (each row's total is
  the previous total plus its ``sum``) that ends at the user's ``correction_point``; the moves are
  the user's evaluations (+1 as corrector, -1 as corrected).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from openintra.demo import catalogue as cat
from openintra.demo.factories import NetworkBuilder, World, draw_ts
from openintra.models.campus import Campus
from openintra.models.community import Bloc, Coalition, CoalitionsUser
from openintra.models.economy import (
    AntiGravUnit,
    AntiGravUnitsUser,
    Balance,
    BlocDeadline,
    Certificate,
    CertificatesUser,
    Close,
    Command,
    CommunityService,
    CorrectionPointHistoric,
    Journal,
    Note,
    Pool,
    Product,
    Score,
    Squad,
    SquadsUser,
    Transaction,
    campus_products,
)
from openintra.models.projects import ScaleTeam, TeamsUser
from openintra.models.users import CursusUser, User

PRODUCTS = [
    ("Coffee voucher", 5),
    ("Sticker pack", 10),
    ("Extra evaluation point", 30),
    ("Hoodie", 250),
    ("T-shirt", 120),
    ("Mug", 60),
    ("Cap", 80),
    ("Tote bag", 40),
    ("Name on the wall", 500),
    ("Parking spot for a week", 200),
    ("Lunch with the staff", 300),
    ("Notebook", 25),
]
SCORE_SOURCES = [
    ("Location", "Logged time on campus"),
    ("ScaleTeam", "Evaluation done"),
    ("Event", "Event attended"),
]
AGU_REASONS = ["I secured a job/internship", "Medical reasons", "Personal reasons", "Exam preparation"]
CLOSE_KINDS = [
    "agu",
    "other",
    "deserter",
    "black_hole",
    "serious_misconduct",
    "social_security",
    "non_admitted",
    "pace_unknown",
]
OCCUPATIONS = ["Cleaning the kitchen", "Helping at the front desk", "Tidying the clusters", "Event setup"]
JOURNAL_ITEMS = [
    ("User", "Account created"),
    ("ScaleTeam", "Evaluation done"),
    ("Internship", "Currently doing internship"),
    ("User", "Black hole absorbed"),
    ("Close", "Account closed"),
]


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("economy")`` after the users exist."""
    Seeder(builder, world).run()


class Seeder:
    def __init__(self, builder: NetworkBuilder, world: World) -> None:
        self.b = builder
        self.conn = builder.conn
        self.rng = builder.rng_for("economy")
        self.anchor = world.anchor
        self.world = world
        self.users = list(
            self.conn.execute(
                select(
                    User.id,
                    User.login,
                    User.staff,
                    User.wallet,
                    User.correction_point,
                    User.primary_campus_id,
                    User.created_at,
                    User.alumni,
                    User.active,
                ).order_by(User.id)
            ).all()
        )
        self.staff = [u.id for u in self.users if u.staff] or [self.users[0].id]
        self.campus = [row[0] for row in self.conn.execute(select(Campus.id).order_by(Campus.id))]
        self.main_users = {
            row[0]: row[1]
            for row in self.conn.execute(
                select(CursusUser.user_id, CursusUser.begin_at).where(CursusUser.cursus_id == cat.MAIN)
            )
        }

    def ts(self, start: dt.datetime, days: float) -> dt.datetime:
        """A millisecond timestamp in ``[start, start + days]``, drawn from the domain's generator."""
        return draw_ts(self.rng, start, max(days, 0) * 86400)

    def before_anchor(self, start: dt.datetime) -> dt.datetime:
        start = min(start, self.anchor - dt.timedelta(days=1))
        return self.ts(start, (self.anchor - start).total_seconds() / 86400)

    def staffer(self) -> int:
        return self.rng.choice(self.staff)

    def stamp(self, when: dt.datetime) -> dict[str, Any]:
        return {"created_at": when, "updated_at": when}

    def run(self) -> None:
        self.coalitions()
        self.shop()
        self.closes()
        self.correction_points()
        self.certificates()
        self.journals()
        self.notes()

    # --- pools, balances, scores, bloc deadlines, squads -------------------------------------------

    def coalitions(self) -> None:
        rng, anchor, ids = self.rng, self.anchor, self.b.ids
        blocs = list(
            self.conn.execute(
                select(Bloc.id, Bloc.campus_id, Bloc.cursus_id, Bloc.squad_size, Bloc.created_at)
            )
        )
        coalitions = list(self.conn.execute(select(Coalition.id, Coalition.bloc_id)))
        bloc_of = {row.id: row.bloc_id for row in coalitions}
        members = list(
            self.conn.execute(
                select(
                    CoalitionsUser.id,
                    CoalitionsUser.coalition_id,
                    CoalitionsUser.user_id,
                    CoalitionsUser.this_year_score,
                    CoalitionsUser.created_at,
                ).order_by(CoalitionsUser.id)
            )
        )
        pools: list[dict[str, Any]] = []
        pool_of_bloc: dict[int, int] = {}
        for bloc in blocs:
            pid = ids.take("pools")
            pool_of_bloc[bloc.id] = pid
            pools.append(
                {
                    "id": pid,
                    "cursus_id": bloc.cursus_id,
                    "campus_id": bloc.campus_id,
                    **self.stamp(self.before_anchor(bloc.created_at)),
                }
            )
        for campus_id in self.campus[::2]:  # pools of the piscine, whose blocs openintra does not hold
            pools.append(
                {
                    "id": ids.take("pools"),
                    "cursus_id": cat.PISCINE,
                    "campus_id": campus_id,
                    **self.stamp(self.before_anchor(anchor - dt.timedelta(days=500))),
                }
            )
        given: dict[int, int] = defaultdict(int)
        scores = []
        for member in members:
            total = member.this_year_score or 0
            if total <= 0:
                continue
            k = min(rng.randint(1, 4), total)
            cuts = sorted(rng.sample(range(1, total), k - 1)) if k > 1 else []
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
            if len(parts) > 1 and rng.random() < 0.25:  # a penalty, made up for by a larger part
                penalty = rng.randint(1, 20)
                parts[0] += penalty
                parts.append(-penalty)
            pool_id = pool_of_bloc.get(bloc_of.get(member.coalition_id, -1))
            for n, value in enumerate(parts):
                when = self.before_anchor(member.created_at)
                if value < 0:
                    kind, scoreable, reason = None, None, "Penalty: unsolicited noise in the clusters"
                elif n == 0 and pool_id is not None and rng.random() < 0.5:
                    kind, scoreable, reason = "Pool", pool_id, "Points from the coalition pool"
                    given[pool_id] += value
                else:
                    kind, reason = rng.choice(SCORE_SOURCES)
                    scoreable = rng.randint(1, 50_000)
                scores.append(
                    {
                        "id": ids.take("scores"),
                        "coalition_id": member.coalition_id,
                        "coalitions_user_id": member.id,
                        "scoreable_id": scoreable,
                        "scoreable_type": kind,
                        "calculation_id": rng.randint(1, 40) if rng.random() < 0.6 else None,
                        "value": value,
                        "reason": reason,
                        **self.stamp(when),
                    }
                )
        for pool in pools:
            pool["max_points"] = given[pool["id"]] + rng.choice([0, 100, 200, 400])
            pool["current_points"] = pool["max_points"] - given[pool["id"]]
        balances = []
        for pool in pools:
            begin = anchor - dt.timedelta(days=rng.randint(150, 300))
            periods = [
                begin + dt.timedelta(days=50 * n + rng.randint(0, 10)) for n in range(rng.randint(2, 4))
            ]
            if rng.random() < 0.5:  # the next period, announced
                periods.append(anchor + dt.timedelta(days=rng.randint(90, 150)))
            for n, start in enumerate(periods):
                last_past = n == len(periods) - 1 or periods[n + 1] > anchor
                open_ended = last_past and start < anchor and rng.random() < 0.4
                balances.append(
                    {
                        "id": ids.take("balances"),
                        "pool_id": pool["id"],
                        "begin_at": self.ts(start, 1),
                        "end_at": None
                        if open_ended
                        else self.ts(start + dt.timedelta(days=rng.randint(10, 40)), 1),
                        **self.stamp(self.ts(min(start, anchor) - dt.timedelta(days=5), 4)),
                    }
                )
        by_bloc: dict[int, list[int]] = defaultdict(list)
        for cid, bloc_id in coalitions:
            if bloc_id is not None:
                by_bloc[bloc_id].append(cid)
        deadlines = []
        for bloc in blocs:
            begin = anchor - dt.timedelta(days=3 * 365)
            for year in range(4):
                end = begin + dt.timedelta(days=365)
                winner = rng.choice(by_bloc[bloc.id]) if by_bloc[bloc.id] and end < anchor else None
                deadlines.append(
                    {
                        "id": ids.take("bloc_deadlines"),
                        "bloc_id": bloc.id,
                        "coalition_id": winner,
                        "begin_at": begin,
                        "end_at": end,
                        **self.stamp(self.ts(begin - dt.timedelta(days=10), 5 + year)),
                    }
                )
                begin = end
        squads, squads_users = [], []
        users_of_bloc: dict[int, list[int]] = defaultdict(list)
        for member in members:
            bloc_id = bloc_of.get(member.coalition_id)
            if bloc_id is not None:
                users_of_bloc[bloc_id].append(member.user_id)
        size_of = {bloc.id: bloc.squad_size or 4 for bloc in blocs}
        for bloc_id, users in users_of_bloc.items():
            users = users[: len(users) * 2 // 3]
            rng.shuffle(users)
            size = size_of[bloc_id]
            for start in range(0, len(users) - size + 1, size):
                sid = ids.take("squads")
                created = self.before_anchor(anchor - dt.timedelta(days=300))
                locked = rng.random()
                locked_at = (
                    self.ts(created, 20)
                    if locked < 0.5
                    else (anchor + dt.timedelta(days=90) if locked < 0.6 else None)
                )
                squads.append({"id": sid, "bloc_id": bloc_id, "locked_at": locked_at, **self.stamp(created)})
                for n, uid in enumerate(users[start : start + size]):
                    squads_users.append(
                        {
                            "id": ids.take("squads_users"),
                            "squad_id": sid,
                            "user_id": uid,
                            "leader": n == 0,
                            "validated": rng.random() < 0.6,
                            **self.stamp(created),
                        }
                    )
        self.b._insert(Pool, pools)
        self.b._insert(Balance, balances)
        self.b._insert(Score, scores)
        self.b._insert(BlocDeadline, deadlines)
        self.b._insert(Squad, squads)
        self.b._insert(SquadsUser, squads_users)

    # --- products, commands, transactions -------------------------------------------------------

    def shop(self) -> None:
        rng, anchor, ids = self.rng, self.anchor, self.b.ids
        products, sold = [], []
        campus_of_product: dict[int, set[int]] = {}
        for n, (name, price) in enumerate(PRODUCTS):
            pid = ids.take("products")
            created = self.ts(anchor - dt.timedelta(days=900), 600)
            when = n % 4  # always on sale, a past sale, a future sale, an ongoing sale
            begin = (
                None
                if when == 0
                else {
                    1: anchor - dt.timedelta(days=200),
                    2: anchor + dt.timedelta(days=90),
                    3: anchor - dt.timedelta(days=30),
                }[when]
            )
            end = None if when in (0, 3) else begin + dt.timedelta(days=60)  # type: ignore[operator]
            slug = name.lower().replace(" ", "-")
            products.append(
                {
                    "id": pid,
                    "name": name,
                    "slug": slug,
                    "description": f"{name} from the campus shop",
                    "price": price,
                    "quantity": None if n % 3 == 0 else rng.randint(5, 200),
                    "begin_at": begin,
                    "end_at": end,
                    "category_id": 1 + n % 4,
                    "kind": ("user", "manager", "auto")[n % 3],
                    "image": None if n % 5 == 4 else f"{slug}.png",
                    "is_uniq": n % 2 == 0,
                    "one_time_purchase": n % 3 == 1,
                    **self.stamp(created),
                }
            )
            chosen = set(rng.sample(self.campus, rng.randint(1, max(1, len(self.campus) - 1))))
            campus_of_product[pid] = chosen
            sold += [{"product_id": pid, "campus_id": cid} for cid in sorted(chosen)]
        on_sale: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for product in products:
            for cid in campus_of_product[product["id"]]:
                on_sale[cid].append(product)
        commands, transactions = [], []
        for user in self.users:
            moves: list[dict[str, Any]] = []
            joined = user.created_at
            if not user.staff and on_sale[user.primary_campus_id] and rng.random() < 0.35:
                for product in rng.sample(on_sale[user.primary_campus_id], min(2, rng.randint(1, 3))):
                    cid = ids.take("commands")
                    when = self.before_anchor(joined)
                    validated = rng.random() < 0.6
                    commands.append(
                        {
                            "id": cid,
                            "product_id": product["id"],
                            "user_id": user.id,
                            "owner_id": user.id if rng.random() < 0.9 else rng.choice(self.users).id,
                            "used": validated and rng.random() < 0.5,
                            "validator_id": self.staffer() if validated else None,
                            "validated_at": self.ts(when, 3) if validated else None,
                            **self.stamp(when),
                        }
                    )
                    moves.append(
                        {
                            "value": -product["price"],
                            "transactable_id": cid,
                            "transactable_type": "Command",
                            "reason": f"Purchase of {product['name']}",
                            "created_at": when,
                        }
                    )
            earned = rng.sample(self.world.achievements, min(len(self.world.achievements), rng.randint(0, 2)))
            for achievement_id in earned:
                moves.append(
                    {
                        "value": rng.choice([5, 10, 20, 50]),
                        "transactable_id": achievement_id,
                        "transactable_type": "Achievement",
                        "reason": "Achievement unlocked",
                        "created_at": self.before_anchor(joined),
                    }
                )
            rest = (user.wallet or 0) - sum(move["value"] for move in moves)
            if rest:
                moves.append(
                    {
                        "value": rest,
                        "transactable_id": None,
                        "transactable_type": "Tuteur api" if rest > 0 else "Event",
                        "reason": "Evaluation points bought back" if rest > 0 else "Wallet adjustment",
                        "created_at": self.before_anchor(joined),
                    }
                )
            for move in sorted(moves, key=lambda m: m["created_at"]):
                transactions.append(
                    {
                        "id": ids.take("transactions"),
                        "user_id": user.id,
                        **move,
                        "updated_at": move["created_at"],
                    }
                )
        self.b._insert(Product, products)
        self.b._insert(campus_products, sold)
        self.b._insert(Command, commands)
        self.b._insert(Transaction, transactions)

    # --- closes, community services, anti-grav units -------------------------------------------

    def closes(self) -> None:
        rng, anchor, ids = self.rng, self.anchor, self.b.ids
        units = [
            {
                "id": ids.take("anti_grav_units"),
                "name": name,
                "description": text,
                **self.stamp(dt.datetime(2019, 11, 4, 9, 30, tzinfo=dt.UTC) + dt.timedelta(minutes=k)),
            }
            for k, (name, text) in enumerate(
                [
                    ("Standard", "A freeze of the black hole counted against the user's allowance"),
                    ("Medical", "A freeze for medical reasons, with a certificate"),
                    ("Professional", "A freeze while the user works or does an internship"),
                ]
            )
        ]
        closes, services, agus = [], [], []
        for user in self.users:
            if user.staff:
                continue
            roll = rng.random()
            close_id = None
            if roll < 0.12 or not user.active:
                close_id = ids.take("closes")
                created = self.before_anchor(user.created_at)
                state = "unclose" if rng.random() < 0.4 else "close"
                kind = "agu" if roll < 0.04 else rng.choice(CLOSE_KINDS)
                closes.append(
                    {
                        "id": close_id,
                        "user_id": user.id,
                        "closer_id": self.staffer() if rng.random() < 0.9 else None,
                        "reason": rng.choice(
                            [
                                "Inactive for too long",
                                "Absorbed by the black hole",
                                "Left the school",
                                "Misconduct in the clusters",
                            ]
                        ),
                        "state": state,
                        "kind": kind,
                        "end_at": self.ts(created, 30) if state == "unclose" else None,
                        "jid": f"{rng.getrandbits(48):012x}" if rng.random() < 0.5 else None,
                        "created_at": created,
                        "updated_at": self.ts(created, 10),
                    }
                )
                for _ in range(rng.randint(0, 2) if state == "close" else rng.randint(1, 2)):
                    future = rng.random() < 0.4
                    when = (
                        anchor + dt.timedelta(days=rng.randint(40, 90), hours=rng.randint(8, 17))
                        if future
                        else self.ts(created, 20)
                    )
                    services.append(
                        {
                            "id": ids.take("community_services"),
                            "close_id": close_id,
                            "tiger_id": self.staffer() if rng.random() < 0.7 else None,
                            "duration": rng.choice([7200, 14400, 28800]),
                            "schedule_at": when.replace(minute=0, second=0, microsecond=0),
                            "occupation": rng.choice(OCCUPATIONS),
                            "token": f"{rng.getrandbits(64):016x}",
                            "state": "schedule"
                            if future
                            else rng.choice(["validated", "invalidated", "schedule"]),
                            **self.stamp(self.ts(created, 2)),
                        }
                    )
            if roll < 0.04 or 0.9 < roll < 0.97:
                begin = (
                    self.before_anchor(user.created_at)
                    if rng.random() < 0.7
                    else anchor - dt.timedelta(days=rng.randint(0, 20))
                ).date()
                expected = begin + dt.timedelta(days=rng.choice([30, 60, 90]))
                ended = rng.random() < 0.5 and expected < anchor.date()
                created = dt.datetime.combine(begin, dt.time(9, 12), tzinfo=dt.UTC) + dt.timedelta(
                    milliseconds=rng.randint(0, 10**7)
                )
                agus.append(
                    {
                        "id": ids.take("anti_grav_units_users"),
                        "user_id": user.id,
                        "anti_grav_unit_id": rng.choice(units)["id"],
                        "close_id": close_id if roll < 0.04 else None,
                        "internship_id": rng.randint(1, 3000) if rng.random() < 0.3 else None,
                        "is_free": rng.random() < 0.3,
                        "reason": rng.choice(AGU_REASONS),
                        "begin_date": begin,
                        "expected_end_date": expected,
                        "end_date": expected - dt.timedelta(days=rng.randint(0, 10)) if ended else None,
                        **self.stamp(created),
                    }
                )
        self.b._insert(AntiGravUnit, units)
        self.b._insert(Close, closes)
        self.b._insert(CommunityService, services)
        self.b._insert(AntiGravUnitsUser, agus)

    # --- correction point historics -------------------------------------------------------------

    def correction_points(self) -> None:
        rng, ids = self.rng, self.b.ids
        moves: dict[int, list[tuple[dt.datetime, int, int | None, str]]] = defaultdict(list)
        members: dict[int, list[int]] = defaultdict(list)
        for team_id, member in self.conn.execute(select(TeamsUser.team_id, TeamsUser.user_id)):
            members[team_id].append(member)
        past = select(ScaleTeam.id, ScaleTeam.user_id, ScaleTeam.team_id, ScaleTeam.begin_at).where(
            ScaleTeam.begin_at < self.anchor
        )
        for sid, corrector, team_id, begin_at in self.conn.execute(past):
            if corrector is not None:
                moves[corrector].append(
                    (begin_at + dt.timedelta(minutes=45), 1, sid, "Earning after defense")
                )
            for member in members[team_id]:
                moves[member].append((begin_at - dt.timedelta(hours=2), -1, sid, "Defense plannification"))
        rows = []
        for user in self.users:
            mine = sorted(moves.get(user.id, []), key=lambda move: (move[0], move[2] or 0))[-2:]
            start = (user.correction_point or 0) - sum(move[1] for move in mine)
            first = min([user.created_at, *(move[0] for move in mine)])
            total = 0
            for when, amount, sid, reason in [
                (first, start, None, "Provided points at account creation"),
                *mine,
            ]:
                total += amount
                rows.append(
                    {
                        "id": ids.take("correction_point_historics"),
                        "user_id": user.id,
                        "user_data_id": user.id if rng.random() < 0.5 else None,
                        "scale_team_id": sid,
                        "reason": reason,
                        "sum": amount,
                        "total": total,
                        **self.stamp(when),
                    }
                )
        self.b._insert(CorrectionPointHistoric, rows)

    # --- certificates ---------------------------------------------------------------------------

    def certificates(self) -> None:
        rng, ids = self.rng, self.b.ids
        made = dt.datetime(2020, 2, 3, 10, 0, tzinfo=dt.UTC)
        certificates = [
            {
                "id": ids.take("certificates"),
                "name": name,
                "content": text,
                "total_certificate_number": 0,
                "image": f"{name.lower().replace(' ', '_')}.png",
                "cursus_id": cursus,
                **self.stamp(made + dt.timedelta(days=k)),
            }
            for k, (name, text, cursus) in enumerate(
                [
                    ("Common core certificate", "Awarded at the end of the common core.", cat.MAIN),
                    ("Piscine certificate", "Awarded for a completed piscine.", cat.PISCINE),
                    ("Professional certificate", "Awarded with the professional title.", None),
                ]
            )
        ]
        rows = []
        for user in self.users:
            if user.id in self.main_users and rng.random() < 0.3:
                for certificate in rng.sample(certificates, rng.randint(1, 2)):
                    certificate["total_certificate_number"] += 1
                    number = certificate["total_certificate_number"]
                    when = self.before_anchor(self.main_users[user.id])
                    rows.append(
                        {
                            "id": ids.take("certificates_users"),
                            "certificate_id": certificate["id"],
                            "user_id": user.id,
                            "certificate_number": f"{certificate['id']:02d}-{number:05d}",
                            "certified_at": when if rng.random() < 0.8 else None,
                            **self.stamp(when),
                        }
                    )
        self.b._insert(Certificate, certificates)
        self.b._insert(CertificatesUser, rows)

    # --- journals and notes ---------------------------------------------------------------------

    def journals(self) -> None:
        rng, ids = self.rng, self.b.ids
        rows = []
        for user in self.users:
            if user.primary_campus_id is None:
                continue
            for _ in range((rng.random() < 0.8) + (rng.random() < 0.15)):
                item_type, reason = rng.choice(JOURNAL_ITEMS)
                event_at = self.before_anchor(user.created_at)
                created = min(event_at + dt.timedelta(hours=rng.randint(1, 30)), self.anchor)
                rows.append(
                    {
                        "id": ids.take("journals"),
                        "user_id": user.id,
                        "cursus_id": cat.MAIN if user.id in self.main_users else None,
                        "campus_id": user.primary_campus_id,
                        "item_type": item_type,
                        "item_id": user.id if item_type == "User" else rng.randint(1, 90_000),
                        "reason": reason,
                        "event_at": event_at,
                        "alumni": bool(user.alumni),
                        "closed": not user.active,
                        **self.stamp(created),
                    }
                )
        self.b._insert(Journal, rows)

    def notes(self) -> None:
        rng, ids = self.rng, self.b.ids
        logins = {user.id: user.login for user in self.users}
        rows = []
        for user in self.users:
            if rng.random() >= 0.15:
                continue
            for _ in range(rng.randint(1, 2)):
                author = self.staffer()
                when = self.before_anchor(user.created_at)
                approved = rng.random() < 0.4
                rows.append(
                    {
                        "id": ids.take("notes"),
                        "user_id": user.id,
                        "from_user_id": author,
                        "from": logins[author],
                        "subject": rng.choice(
                            ["Meeting", "Black hole", "Attendance", "Internship follow-up"]
                        ),
                        "content": rng.choice(
                            [
                                "Met the student about their progress.",
                                "Warned about the black hole date.",
                                "Discussed the internship search.",
                                "Reminder about the cluster rules.",
                            ]
                        ),
                        "kind": rng.choice(["manual", "black_hole", "school_record"]),
                        "approved_at": self.ts(when, 5) if approved else None,
                        "approver_id": self.staffer() if approved else None,
                        **self.stamp(when),
                    }
                )
        self.b._insert(Note, rows)
