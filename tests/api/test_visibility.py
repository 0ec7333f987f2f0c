"""Queries as oracles, tried as an attacker would (both dialects): a column no view renders, and a
field rendered ``"invisible"`` to the caller, can be neither sorted, filtered, ranged nor searched
(DESIGN §4.3); and whoever may see a field sees it (staff see who opened which slots).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Network, insert_token

TITLES = {"sort": "Sort Error", "filter": "Filter Error", "range": "Range Error", "search": "Search Error"}


def _token(network: Network, name: str, user_id: int | None = None) -> str:
    if name not in network.tokens:
        network.tokens[name] = insert_token(network, user_id=user_id, scopes="public projects profile")
    return name


def student(network: Network) -> str:
    """A user's token (not staff) that opened slots and took part in evaluations."""
    user_id = network.sql(
        "SELECT u.id FROM users u WHERE NOT u.staff "
        "AND EXISTS (SELECT 1 FROM slots s WHERE s.user_id = u.id) ORDER BY u.id LIMIT 1"
    )[0][0]  # fmt: skip
    return _token(network, "visibility-student", user_id)


def staff(network: Network) -> str:
    """A staff user's token (``users.staff``), with the same app and scopes as `student`'s."""
    user_id = network.sql("SELECT id FROM users WHERE staff ORDER BY id LIMIT 1")[0][0]
    return _token(network, "visibility-staff", user_id)


def attempts(name: str, value: str = "a") -> dict[str, dict[str, str]]:
    """One query of each kind on ``name``."""
    return {
        "sort": {"sort": name},
        "filter": {f"filter[{name}]": value},
        "range": {f"range[{name}]": f"{value},"},
        "search": {f"search[{name}]": value},
    }


def assert_refused(network: Network, path: str, token: str, name: str, kinds: Any = TITLES) -> None:
    for kind, params in attempts(name).items():
        if kind not in kinds:
            continue
        response = network.get(path, token, **params)
        assert response.status_code == 400, (path, params, response.status_code, response.text[:200])
        body = response.json()
        assert body["error"] == TITLES[kind] and name in body["message"], (params, body)
        assert "X-Total" not in response.headers


@pytest.mark.parametrize(
    "path,name",
    [
        ("/v2/users", "encrypted_password"),
        ("/v2/users", "otp_secret_key"),
        ("/v2/users", "reset_password_token"),
        ("/v2/users", "otp_backup_passwords"),
        ("/v2/users", "encrypted_single_usage_password"),
        ("/v2/scale_teams", "ip"),
        ("/v2/scale_teams", "token"),
        ("/v2/apps", "secret_digest"),
    ],
)
def test_secret_columns_are_no_oracle(network: Network, path: str, name: str) -> None:
    """The catalog lists most of these as sortable and filterable; answering would recover a password
    hash prefix by prefix (``range[encrypted_password]=$2a$10$A,$2a$10$B``) or count by a secret."""
    assert_refused(network, path, "public", name)
    assert_refused(network, path, "staff", name)


def test_a_hash_prefix_cannot_be_ranged(network: Network) -> None:
    network.sql("SELECT 1")  # the network is seeded
    for bounds in ("$2a$,$2b$", ",", "a,z"):
        response = network.get("/v2/users", "staff", **{"range[encrypted_password]": bounds})
        assert response.status_code == 400 and response.json()["error"] == "Range Error"


def test_a_student_cannot_query_slot_owners_or_bookings(network: Network) -> None:
    token = student(network)
    for name in ("user_id", "scale_team_id"):
        assert_refused(network, "/v2/slots", token, name, kinds=("sort", "filter", "range"))
    assert_refused(network, "/v2/me/slots", token, "user_id", kinds=("sort", "filter"))
    # GUESS: the owner's primary campus counts hidden owners too.
    response = network.get("/v2/slots", token, **{"filter[campus_id]": "1"})
    assert response.status_code == 400 and response.json()["error"] == "Filter Error"
    # What the student sees stays queryable.
    for params in ({"sort": "-begin_at"}, {"filter[future]": "true"}, {"range[end_at]": "2020-01-01,"}):
        assert network.get("/v2/slots", token, **params).status_code == 200, params


def test_the_public_slot_graph_counts_by_no_owner(network: Network) -> None:
    """Apps read no slot, but the graph is public: it must not count one owner's slots."""
    user_id = network.sql("SELECT user_id FROM slots ORDER BY id LIMIT 1")[0][0]
    for params in ({"filter[user_id]": str(user_id)}, {"range[user_id]": f"{user_id},{user_id}"}):
        response = network.get("/v2/slots/graph", "public", **params)
        assert response.status_code == 400, (params, response.text[:200])
    assert network.get("/v2/slots/graph", "public", **{"filter[future]": "false"}).status_code == 200


def test_staff_see_who_opened_which_slots(network: Network) -> None:
    token = staff(network)
    items = network.get("/v2/slots", token, per_page=100, **{"filter[future]": "false"}).json()
    assert items and all(isinstance(item["user"], dict) for item in items), "no slot owner is hidden"
    assert all(item["scale_team"] != "invisible" for item in items)
    own = {row[0] for row in network.sql("SELECT id FROM users WHERE staff")}
    assert any(item["user"]["id"] not in own for item in items), "others' slots among them"
    slot_id, owner = network.sql("SELECT id, user_id FROM slots WHERE user_id NOT IN "
                                 "(SELECT id FROM users WHERE staff) ORDER BY id LIMIT 1")[0]  # fmt: skip
    shown = network.get(f"/v2/slots/{slot_id}", token).json()
    assert shown["user"]["id"] == owner
    # And they may query what they see.
    sorted_ = network.get("/v2/slots", token, sort="user_id,id", per_page=100).json()
    owners = [item["user"]["id"] for item in sorted_]
    assert owners == sorted(owners)
    response = network.get("/v2/slots", token, **{"filter[user_id]": str(owner)})
    assert response.status_code == 200
    expected = network.sql("SELECT count(*) FROM slots WHERE user_id = :u", u=owner)[0][0]
    assert int(response.headers["X-Total"]) == expected
    assert network.get("/v2/slots", student(network)).json(), "a student still reads slots"


def test_a_student_cannot_query_the_parties_of_evaluations(network: Network) -> None:
    """GUESS: any evaluation may be one whose parties are hidden from this student until the defense."""
    token = student(network)
    for name in ("user_id", "team_id"):
        assert_refused(network, "/v2/scale_teams", token, name, kinds=("sort", "filter", "range"))
        assert_refused(network, "/v2/me/scale_teams", token, name, kinds=("filter",))
    for token in ("public", staff(network)):  # apps and staff see both parties, and query them
        corrector = network.sql("SELECT user_id FROM scale_teams WHERE user_id IS NOT NULL LIMIT 1")[0][0]
        response = network.get("/v2/scale_teams", token, **{"filter[user_id]": str(corrector)})
        assert response.status_code == 200 and int(response.headers["X-Total"]) > 0
        assert network.get("/v2/scale_teams", token, sort="team_id").status_code == 200
    assert network.get("/v2/scale_teams", student(network), sort="-begin_at").status_code == 200


def test_a_student_cannot_count_another_users_slots_through_a_parent(network: Network) -> None:
    """``/v2/users/:user_id/slots``, its graph and ``?user_id=`` filter by the hidden owner: refused to a
    student but for its own user (and to apps on the public graph); staff may."""
    token = student(network)
    mine = _user_of(network, token)
    other = network.sql("SELECT user_id FROM slots WHERE user_id <> :u ORDER BY id LIMIT 1", u=mine)[0][0]
    login = network.sql("SELECT login FROM users WHERE id = :u", u=other)[0][0]
    for path, params in (
        (f"/v2/users/{other}/slots", {}),
        (f"/v2/users/{login}/slots", {}),
        ("/v2/slots", {"user_id": str(other)}),
        (f"/v2/users/{other}/slots/graph", {}),
    ):
        refused = network.get(path, token, **params)
        assert refused.status_code == 400, (path, params, refused.text[:200])
        assert refused.json() == {"error": "Filter Error", "message": "The user_id field is not filterable"}
        assert network.get(path, staff(network), **params).status_code == 200, (path, params)
    assert network.get(f"/v2/users/{other}/slots/graph", "public").status_code == 400
    expected = network.sql("SELECT count(*) FROM slots WHERE user_id = :u", u=mine)[0][0]
    for path, params in ((f"/v2/users/{mine}/slots", {}), ("/v2/slots", {"user_id": str(mine)})):
        response = network.get(path, token, **params)
        assert response.status_code == 200 and int(response.headers["X-Total"]) == expected, path


def _user_of(network: Network, token: str) -> int:
    user_id: int = network.get("/v2/me", token).json()["id"]
    return user_id


def test_a_student_cannot_find_the_parties_of_evaluations_through_a_user(network: Network) -> None:
    """``/v2/users/:user_id/scale_teams[/as_corrector|/as_corrected]`` and ``?user_id=`` select by a party:
    refused to a student for another user (a count would name its hidden corrector), allowed for its own
    user; apps and staff may."""
    token = student(network)
    mine = _user_of(network, token)
    other = network.sql("SELECT user_id FROM scale_teams WHERE user_id <> :u ORDER BY id LIMIT 1", u=mine)[0][
        0
    ]
    for path, params in (
        (f"/v2/users/{other}/scale_teams", {}),
        (f"/v2/users/{other}/scale_teams/as_corrector", {"filter[future]": "true"}),
        (f"/v2/users/{other}/scale_teams/as_corrected", {}),
        ("/v2/scale_teams", {"user_id": str(other)}),
    ):
        refused = network.get(path, token, **params)
        assert refused.status_code == 400, (path, refused.text[:200])
        assert refused.json() == {"error": "Filter Error", "message": "The user_id field is not filterable"}
        for allowed in ("public", staff(network)):
            assert network.get(path, allowed, **params).status_code == 200, (path, allowed)
    for path in (f"/v2/users/{mine}/scale_teams", f"/v2/users/{mine}/scale_teams/as_corrector"):
        assert network.get(path, token).status_code == 200, path
