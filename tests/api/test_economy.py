"""Economy resources against the seeded network: computed amounts, coherence with the core data,
nested routes, special filters, the anti-grav wrapper, the journals' window and the shapes of the
resources that have no flat index (which the reference-shape test cannot read)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from openintra.core import jsonenc
from openintra.core.clock import format_ts, utc_now
from tests.conftest import Network, insert_token

SHAPES = jsonenc.loads((Path(__file__).parent.parent / "reference" / "shapes_economy.json").read_bytes())[
    "shapes"
]
MICRO = ["id", "login", "url"]


def keys(name: str) -> list[str]:
    found: list[str] = SHAPES[name]["keys"]
    return found


def get(network: Network, path: str, token: str = "staff", **params: Any) -> Any:
    response = network.get(path, token, **params)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response.json()


def every(network: Network, path: str, token: str = "staff", **params: Any) -> list[Any]:
    """Every item of an index, page after page."""
    items: list[Any] = []
    page = 1
    while True:
        chunk = get(network, path, token, per_page=100, page=page, **params)
        items += chunk
        if len(chunk) < 100:
            return items
        page += 1


def now() -> str:
    return str(format_ts(utc_now()))


# --- pools, balances ------------------------------------------------------------------------------


def test_a_pools_current_points_are_its_max_minus_the_points_it_gave(network: Network) -> None:
    given: dict[int, int] = defaultdict(int)
    for pool_id, value in network.sql("SELECT scoreable_id, value FROM scores WHERE scoreable_type = 'Pool'"):
        given[pool_id] += value
    pools = every(network, "/v2/pools", "tutor")
    assert pools and any(given[pool["id"]] > 0 for pool in pools)
    for pool in pools:
        assert list(pool) == keys("Pool")
        assert pool["current_points"] == pool["max_points"] - given[pool["id"]], pool
        assert 0 <= pool["current_points"] <= pool["max_points"]


def test_balances_of_a_pool_and_their_filters(network: Network) -> None:
    pool_id = network.sql("SELECT pool_id FROM balances GROUP BY pool_id ORDER BY count(*) DESC LIMIT 1")[0][
        0
    ]
    mine = {row[0] for row in network.sql("SELECT id FROM balances WHERE pool_id = :p", p=pool_id)}
    nested = get(network, f"/v2/pools/{pool_id}/balances", "tutor", per_page=100)
    assert {item["pool_id"] for item in nested} == {pool_id} and {item["id"] for item in nested} == mine
    other = network.sql("SELECT id FROM balances WHERE pool_id <> :p LIMIT 1", p=pool_id)[0][0]
    assert network.get(f"/v2/pools/{pool_id}/balances/{other}", "tutor").status_code == 404
    assert get(network, f"/v2/pools/{pool_id}/balances/{min(mine)}", "tutor")["id"] == min(mine)
    future = every(network, "/v2/balances", "tutor", **{"filter[future]": "true"})
    rest = every(network, "/v2/balances", "tutor", **{"filter[future]": "false"})
    assert future and rest
    assert all(item["begin_at"] > now() for item in future) and all(
        item["begin_at"] <= now() for item in rest
    )
    ended = every(network, "/v2/balances", "tutor", **{"filter[end]": "true"})
    running = every(network, "/v2/balances", "tutor", **{"filter[end]": "false"})
    assert ended and running
    assert all(item["end_at"] is not None and item["end_at"] <= now() for item in ended)
    assert all(item["end_at"] is None or item["end_at"] > now() for item in running)


# --- the shop -------------------------------------------------------------------------------------


def test_products_of_a_campus_are_those_it_sells(network: Network) -> None:
    campus_id = network.sql(
        "SELECT campus_id FROM campus_products GROUP BY campus_id ORDER BY count(*) DESC"
    )[0][0]
    sold = {
        row[0]
        for row in network.sql("SELECT product_id FROM campus_products WHERE campus_id = :c", c=campus_id)
    }
    items = get(network, f"/v2/campus/{campus_id}/products", "public", per_page=100)
    assert {item["id"] for item in items} == sold
    total = network.sql("SELECT count(*) FROM products")[0][0]
    assert len(sold) < total, "the seed leaves some products out of this campus"
    unsold = network.sql(
        "SELECT id FROM products WHERE id NOT IN "
        "(SELECT product_id FROM campus_products WHERE campus_id = :c)",
        c=campus_id,
    )[0][0]
    assert network.get(f"/v2/campus/{campus_id}/products/{unsold}", "public").status_code == 404
    slug = network.sql("SELECT slug FROM products WHERE id = :p", p=min(sold))[0][0]
    assert get(network, f"/v2/products/{slug}", "public")["id"] == min(sold)


def test_a_products_image_is_a_relative_upload_with_its_thumb(network: Network) -> None:
    items = get(network, "/v2/products", "public", per_page=100)
    with_file = [item for item in items if item["image"]["url"] is not None]
    without = [item for item in items if item["image"]["url"] is None]
    assert with_file and without
    for item in with_file:
        base = f"/uploads/product/image/{item['id']}/"
        assert item["image"]["url"].startswith(base)
        assert item["image"]["thumb"]["url"] == base + "thumb_" + item["image"]["url"].removeprefix(base)
    assert all(item["image"] == {"url": None, "thumb": {"url": None}} for item in without)


def test_commands_of_a_product_also_under_a_campus_that_sells_it(network: Network) -> None:
    product_id, campus_id = network.sql(
        "SELECT c.product_id, cp.campus_id FROM commands c "
        "JOIN campus_products cp ON cp.product_id = c.product_id "
        "GROUP BY c.product_id, cp.campus_id ORDER BY count(*) DESC LIMIT 1"
    )[0]
    expected = [
        row[0]
        for row in network.sql("SELECT id FROM commands WHERE product_id = :p ORDER BY id DESC", p=product_id)
    ]
    flat = get(network, f"/v2/products/{product_id}/commands", "public", per_page=100)
    assert [item["id"] for item in flat] == expected[:100]
    assert all(list(item) == keys("Command") for item in flat)
    assert (
        get(network, f"/v2/campus/{campus_id}/products/{product_id}/commands", "public", per_page=100) == flat
    )
    elsewhere = network.sql(
        "SELECT id FROM campus WHERE id NOT IN (SELECT campus_id FROM campus_products WHERE product_id = :p)",
        p=product_id,
    )
    if elsewhere:
        assert get(network, f"/v2/campus/{elsewhere[0][0]}/products/{product_id}/commands", "public") == []
    missing = network.get(f"/v2/campus/{campus_id}/products/999999/commands", "public")
    assert (missing.status_code, missing.json()) == (404, {})
    validated = get(network, f"/v2/products/{product_id}/commands", "public", **{"filter[validated]": "true"})
    pending = get(network, f"/v2/products/{product_id}/commands", "public", **{"filter[validated]": "false"})
    assert all(item["validated_at"] is not None for item in validated)
    assert all(item["validated_at"] is None for item in pending)
    assert len(validated) + len(pending) == min(len(expected), 30)


def test_transactions_add_up_to_the_wallet_and_purchases_are_commands(network: Network) -> None:
    users = network.sql(
        "SELECT u.id, u.wallet FROM users u WHERE EXISTS (SELECT 1 FROM commands c WHERE c.user_id = u.id) "
        "ORDER BY u.id LIMIT 5"
    )
    assert users
    for user_id, wallet in users:
        items = every(network, f"/v2/users/{user_id}/transactions")
        assert all(list(item) == keys("Transaction") and item["user"]["id"] == user_id for item in items)
        assert sum(item["value"] for item in items) == wallet
        purchases = [item for item in items if item["transactable_type"] == "Command"]
        assert purchases
        for item in purchases:
            buyer, price, sold_here = network.sql(
                "SELECT c.user_id, p.price, EXISTS (SELECT 1 FROM campus_products cp JOIN users u "
                "ON u.primary_campus_id = cp.campus_id WHERE cp.product_id = p.id AND u.id = c.user_id) "
                "FROM commands c JOIN products p ON p.id = c.product_id WHERE c.id = :c",
                c=item["transactable_id"],
            )[0]
            assert (buyer, item["value"], bool(sold_here)) == (user_id, -price, True)
    assert network.get("/v2/transactions", "tutor").status_code == 403, "Transactions manager only"


# --- scores, squads -------------------------------------------------------------------------------


def test_scores_add_up_to_the_members_and_coalitions_scores(network: Network) -> None:
    member = network.sql(
        "SELECT coalitions_user_id FROM scores GROUP BY coalitions_user_id ORDER BY count(*) DESC LIMIT 1"
    )[0][0]
    scores = every(network, f"/v2/coalitions_users/{member}/scores", "tutor")
    assert len(scores) > 1 and all(list(item) == keys("Score") for item in scores)
    shown = get(network, "/v2/coalitions_users", "public", **{"filter[id]": member})[0]
    assert sum(item["value"] for item in scores) == shown["score"]
    sums = dict(network.sql("SELECT coalition_id, sum(value) FROM scores GROUP BY coalition_id"))
    for coalition in get(network, "/v2/coalitions", "public", per_page=100):
        assert coalition["score"] == sums.get(coalition["id"], 0), coalition
    bloc_id = network.sql("SELECT bloc_id FROM coalitions WHERE bloc_id IS NOT NULL LIMIT 1")[0][0]
    in_bloc = network.sql(
        "SELECT count(*) FROM scores WHERE coalition_id IN (SELECT id FROM coalitions WHERE bloc_id = :b)",
        b=bloc_id,
    )[0][0]
    response = network.get(f"/v2/blocs/{bloc_id}/scores", "tutor")
    assert int(response.headers["X-Total"]) == in_bloc > 0


def test_squads_of_a_bloc_and_their_members(network: Network) -> None:
    bloc_id = network.sql("SELECT bloc_id FROM squads GROUP BY bloc_id ORDER BY count(*) DESC LIMIT 1")[0][0]
    squads = every(network, f"/v2/blocs/{bloc_id}/squads", "tutor")
    assert squads
    logins = dict(network.sql("SELECT id, login FROM users"))
    for squad in squads:
        assert list(squad) == keys("Squad") and squad["bloc_id"] == bloc_id
        assert list(squad["bloc"]) == keys("BlocInSquad") and squad["bloc"]["id"] == bloc_id
        assert squad["squads_users"] and sum(member["leader"] for member in squad["squads_users"]) == 1
        for member in squad["squads_users"]:
            assert list(member) == keys("SquadsUser") and list(member["user"]) == keys("SquadUserIdLogin")
            assert member["user"]["login"] == logins[member["user"]["id"]]
    assert get(network, f"/v2/squads/{squads[0]['id']}", "tutor") == squads[0]
    assert get(network, f"/v2/blocs/{bloc_id}/squads/{squads[0]['id']}", "tutor") == squads[0]
    members = every(network, f"/v2/blocs/{bloc_id}/squads_users", "tutor")
    assert sorted(m["id"] for m in members) == sorted(m["id"] for s in squads for m in s["squads_users"])
    locked = every(network, f"/v2/blocs/{bloc_id}/squads", "tutor", **{"filter[locked]": "true"})
    assert all(item["locked_at"] is not None and item["locked_at"] <= now() for item in locked)


# --- anti-grav units -----------------------------------------------------------------------------


def test_anti_grav_units_users_are_wrapped_and_filtered(network: Network) -> None:
    items = every(network, "/v2/anti_grav_units_users")
    assert items and all(list(item) == ["anti_grav_units_user"] for item in items)
    for item in items:
        inner = item["anti_grav_units_user"]
        assert list(inner) == keys("AntiGravUnitsUser")
        assert dt.date.fromisoformat(inner["begin_date"]) <= dt.date.fromisoformat(inner["expected_end_date"])
    shown = get(network, f"/v2/anti_grav_units_users/{items[0]['anti_grav_units_user']['id']}")
    assert shown == items[0]
    today = utc_now().date().isoformat()
    active = every(network, "/v2/anti_grav_units_users", **{"filter[active]": "true"})
    assert active and len(active) < len(items)
    ends = network.sql("SELECT id, end_date FROM anti_grav_units_users")
    end_of = {row[0]: row[1] for row in ends}
    for item in active:
        inner = item["anti_grav_units_user"]
        end = end_of[inner["id"]]
        assert inner["begin_date"] <= today <= (str(end) if end else inner["expected_end_date"])
    campus_id = network.sql(
        "SELECT cu.campus_id FROM anti_grav_units_users a JOIN campus_users cu ON cu.user_id = a.user_id "
        "GROUP BY cu.campus_id ORDER BY count(*) DESC LIMIT 1"
    )[0][0]
    members = {
        row[0] for row in network.sql("SELECT user_id FROM campus_users WHERE campus_id = :c", c=campus_id)
    }
    in_campus = every(network, f"/v2/campus/{campus_id}/anti_grav_units_users")
    assert in_campus and all(item["anti_grav_units_user"]["user_id"] in members for item in in_campus)
    in_main = every(network, "/v2/anti_grav_units_users", **{"filter[cursus_id]": 21})
    students = {row[0] for row in network.sql("SELECT user_id FROM cursus_users WHERE cursus_id = 21")}
    assert in_main and all(item["anti_grav_units_user"]["user_id"] in students for item in in_main)
    assert network.get("/v2/anti_grav_units_users", "tutor").status_code == 403, "Advanced staff only"


# --- correction point historics -------------------------------------------------------------------


def test_correction_point_historics_carry_a_running_total_ending_at_the_users_points(
    network: Network,
) -> None:
    users = network.sql("SELECT id, correction_point FROM users ORDER BY id LIMIT 12")
    for user_id, points in users:
        rows = every(network, f"/v2/users/{user_id}/correction_point_historics", "public")
        assert len(rows) > 1 and all(list(row) == keys("CorrectionPointHistoric") for row in rows)
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
        total = 0
        for row in rows:
            total += row["sum"]
            assert row["total"] == total, row
        assert total == points
    with_evaluation = [
        row
        for row in every(network, f"/v2/users/{users[0][0]}/correction_point_historics", "public")
        if row["scale_team_id"] is not None
    ]
    assert all(row["sum"] in (1, -1) for row in with_evaluation)
    missing = network.get("/v2/users/999999/correction_point_historics", "public")
    assert (missing.status_code, missing.json()) == (404, {})


# --- closes and community services ---------------------------------------------------------------


def test_closes_embed_their_community_services(network: Network) -> None:
    close_id = network.sql(
        "SELECT close_id FROM community_services GROUP BY close_id ORDER BY count(*) DESC"
    )[0][0]
    close = get(network, f"/v2/closes/{close_id}")
    assert list(close) == keys("Close")
    expected = [
        row[0]
        for row in network.sql(
            "SELECT id FROM community_services WHERE close_id = :c ORDER BY id", c=close_id
        )
    ]
    assert [service["id"] for service in close["community_services"]] == expected
    assert all(list(service) == keys("CommunityServiceInClose") for service in close["community_services"])
    assert list(close["user"]) == MICRO
    services = get(network, f"/v2/closes/{close_id}/community_services")
    assert sorted(service["id"] for service in services) == expected
    assert all(
        service["close"] == {key: close[key] for key in keys("CloseInService")} for service in services
    )
    campus_id = network.sql(
        "SELECT primary_campus_id FROM users u JOIN closes c ON c.user_id = u.id WHERE c.id = :c", c=close_id
    )[0][0]
    in_campus = every(network, "/v2/closes", **{"filter[campus_id]": campus_id})
    assert close_id in {item["id"] for item in in_campus}
    members = {
        row[0] for row in network.sql("SELECT user_id FROM campus_users WHERE campus_id = :c", c=campus_id)
    }
    assert all(item["user"]["id"] in members for item in in_campus)


def test_community_services_need_the_tig_scope_but_their_graph_is_public(network: Network) -> None:
    assert network.get("/v2/community_services", "public").status_code == 403
    assert network.get("/v2/closes", "tutor").status_code == 403
    graph = get(network, "/v2/community_services/graph/on/schedule_at/by/day", "public")
    total = network.sql("SELECT count(*) FROM community_services WHERE schedule_at IS NOT NULL")[0][0]
    assert sum(graph.values()) == total > 0
    scheduled = every(network, "/v2/community_services", **{"filter[schedule]": "true"})
    assert scheduled and all(item["schedule_at"] > now() for item in scheduled)


# --- journals ------------------------------------------------------------------------------------


@pytest.fixture
def journal_campus(network: Network) -> int:
    campus_id: int = network.sql("SELECT campus_id FROM journals GROUP BY campus_id ORDER BY count(*) DESC")[
        0
    ][0]
    return campus_id


def test_journals_need_a_window_of_at_most_124_days(network: Network, journal_campus: int) -> None:
    path = f"/v2/campus/{journal_campus}/journals"
    for params in (
        {},
        {"begin_at": "2026-01-01"},
        {"end_at": "2026-01-01"},
        {"begin_at": "2026-03-01", "end_at": "2026-01-01"},
        {"begin_at": "2025-01-01", "end_at": "2026-01-01"},
        {"begin_at": "soon", "end_at": "2026-01-01"},
    ):
        response = network.get(path, "staff", **params)
        assert response.status_code == 400, params
        assert response.json()["error"] == "Bad Request"
    assert network.get(path, "tutor", begin_at="2026-07-01", end_at="2026-10-31").status_code == 403


def test_journals_of_a_campus_in_the_window(network: Network, journal_campus: int) -> None:
    begin, end = dt.date(2026, 7, 1), dt.date(2026, 10, 31)
    items = every(
        network, f"/v2/campus/{journal_campus}/journals", begin_at=begin.isoformat(), end_at=end.isoformat()
    )
    low = dt.datetime.combine(begin, dt.time(), tzinfo=dt.UTC)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    expected = network.sql(
        "SELECT count(*) FROM journals WHERE campus_id = :c AND event_at >= :lo AND event_at < :hi",
        c=journal_campus,
        lo=low,
        hi=high,
    )[0][0]
    assert len(items) == expected > 0
    assert all(list(item) == keys("Journal") and item["campus_id"] == journal_campus for item in items)
    assert [item["id"] for item in items] == sorted((item["id"] for item in items), reverse=True)
    kind = items[0]["item_type"]
    same = every(
        network,
        f"/v2/campus/{journal_campus}/journals",
        begin_at=begin.isoformat(),
        end_at=end.isoformat(),
        **{"filter[event]": kind},
    )
    assert same and all(item["item_type"] == kind for item in same) and len(same) <= len(items)


# --- notes, certificates ---------------------------------------------------------------------------


def test_notes_of_a_user_and_of_a_campus(network: Network) -> None:
    user_id = network.sql("SELECT user_id FROM notes GROUP BY user_id ORDER BY count(*) DESC LIMIT 1")[0][0]
    owner = insert_token(network, user_id=user_id)
    network.tokens["note-owner"] = owner
    notes = get(network, f"/v2/users/{user_id}/notes", "note-owner")
    assert notes and all(list(note) == keys("Note") and note["user"]["id"] == user_id for note in notes)
    assert all(list(note["from_user"]) == MICRO for note in notes)
    assert network.get(f"/v2/users/{user_id}/notes", "public").status_code == 403, (
        "a user token or a notes role"
    )
    campus_id = network.sql("SELECT primary_campus_id FROM users WHERE id = :u", u=user_id)[0][0]
    in_campus = every(network, f"/v2/campus/{campus_id}/notes")
    assert {note["id"] for note in notes} <= {note["id"] for note in in_campus}
    approved = every(network, "/v2/notes", **{"filter[approved]": "true"})
    ids = {row[0] for row in network.sql("SELECT id FROM notes WHERE approved_at IS NOT NULL")}
    assert approved and {note["id"] for note in approved} == ids


def test_certificates_users_of_a_certificate_and_of_a_user(network: Network) -> None:
    certificate_id, user_id = network.sql("SELECT certificate_id, user_id FROM certificates_users LIMIT 1")[0]
    by_certificate = every(network, f"/v2/certificates/{certificate_id}/certificates_users", "tutor")
    assert by_certificate and all(item["certificate_id"] == certificate_id for item in by_certificate)
    by_user = every(network, f"/v2/users/{user_id}/certificates_users", "tutor")
    assert by_user and all(item["user_id"] == user_id for item in by_user)
    total = get(network, f"/v2/certificates/{certificate_id}", "tutor")["total_certificate_number"]
    assert total == len(by_certificate)
