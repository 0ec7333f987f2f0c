"""Careers: the special filters, parents and bodies of companies, offers, internships, experiences,
partnerships, patronages, alumnized users and user candidatures, against the seeded network."""

from __future__ import annotations

from typing import Any

from openintra.core.clock import parse_ts, utc_now
from tests.conftest import Network


def total(response: Any) -> int:
    assert response.status_code == 200, response.text
    return int(response.headers["X-Total"])


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json())


def aware(value: Any) -> Any:
    """A timestamp as read back (text on SQLite) → an aware datetime."""
    return parse_ts(value) if isinstance(value, str) else value


def column(network: Network, statement: str, **params: Any) -> list[Any]:
    return sorted(row[0] for row in network.sql(statement, **params))


# --- companies ---------------------------------------------------------------------------------


def test_companies_filter_by_offer_and_expertise(network: Network) -> None:
    offer_id, company_id = network.sql(
        "SELECT id, company_id FROM offers WHERE company_id IS NOT NULL ORDER BY id"
    )[0]
    assert ids(network.get("/v2/companies", "staff", **{"filter[offer_id]": offer_id})) == [company_id]
    expertise = network.sql(
        "SELECT expertise_id FROM companies_expertises GROUP BY expertise_id ORDER BY count(*) DESC"
    )
    expected = column(
        network, "SELECT company_id FROM companies_expertises WHERE expertise_id = :e", e=expertise[0][0]
    )
    got = ids(
        network.get("/v2/companies", "staff", per_page=100, **{"filter[expertise_id]": expertise[0][0]})
    )
    assert got == expected and 0 < len(got) < total(network.get("/v2/companies", "staff"))


def test_company_subscribed_and_internship_users(network: Network) -> None:
    company_id, slug = network.sql(
        "SELECT c.id, c.slug FROM companies c JOIN companies_users cu ON cu.company_id = c.id "
        "GROUP BY c.id, c.slug ORDER BY count(*) DESC"
    )[0]
    expected = column(network, "SELECT user_id FROM companies_users WHERE company_id = :c", c=company_id)
    for key in (company_id, slug):
        response = network.get(f"/v2/companies/{key}/subscribed_users", "staff", per_page=100)
        assert ids(response) == expected
        assert "login" in response.json()[0] and "cursus_users" not in response.json()[0]
    assert network.get(f"/v2/companies/{company_id}/subscribed_users", "public").status_code == 403
    name, company_id = network.sql(
        "SELECT company_name, c.id FROM internships i JOIN companies c ON c.name = i.company_name "
        "ORDER BY i.id"
    )[0]
    expected = column(
        network,
        "SELECT DISTINCT user_id FROM internships WHERE company_name = :n "
        "OR offer_id IN (SELECT id FROM offers WHERE company_id = :c)",
        n=name,
        c=company_id,
    )
    assert (
        ids(network.get(f"/v2/companies/{company_id}/internships_users", "staff", per_page=100)) == expected
    )
    assert network.get("/v2/companies/999999/internships_users", "staff").status_code == 404


# --- offers ------------------------------------------------------------------------------------


def _offers(network: Network, **filters: Any) -> list[int]:
    return ids(
        network.get("/v2/offers", "public", per_page=100, **{f"filter[{k}]": v for k, v in filters.items()})
    )


def test_offers_special_filters(network: Network) -> None:
    user_id = network.sql(
        "SELECT user_id FROM offers_users GROUP BY user_id ORDER BY count(*) DESC, user_id"
    )[0][0]
    assert _offers(network, user_id=user_id) == column(
        network, "SELECT offer_id FROM offers_users WHERE user_id = :u", u=user_id
    )
    assert _offers(network, campus_id=7) == column(
        network, "SELECT offer_id FROM offers_campus WHERE campus_id = 7"
    )
    assert _offers(network, expertise_id=3) == column(
        network, "SELECT offer_id FROM offers_expertises WHERE expertise_id = 3"
    )
    reported = column(network, "SELECT id FROM offers WHERE reported_at IS NOT NULL")
    assert _offers(network, reported="true") == reported and reported
    now = utc_now()
    offers = network.sql("SELECT id, valid_at, invalid_at FROM offers")

    valid = sorted(
        i for i, v, x in offers if v is not None and aware(v) <= now and (x is None or aware(x) > now)
    )
    invalid = sorted(i for i, _v, x in offers if x is not None and aware(x) <= now)
    assert _offers(network, valid="true") == valid and valid
    assert _offers(network, invalid="true") == invalid and invalid
    assert len(_offers(network, valid="false")) == len(offers) - len(valid)


# --- internships and amendments ----------------------------------------------------------------


def test_internship_body_and_user_routes(network: Network) -> None:
    internship_id, user_id = network.sql(
        "SELECT id, user_id FROM internships WHERE convention IS NOT NULL ORDER BY id"
    )[0]
    body = network.get(f"/v2/internships/{internship_id}", "staff").json()
    assert isinstance(body["days"], str) and body["days"].startswith('["')
    assert body["convention"]["convention"]["url"].startswith("/uploads/internship/convention/")
    assert body["user"]["id"] == user_id and "email" in body["user"]
    assert network.get(f"/v2/users/{user_id}/internships/{internship_id}", "staff").json() == body
    other = network.sql("SELECT id FROM users WHERE id <> :u ORDER BY id LIMIT 1", u=user_id)[0][0]
    assert network.get(f"/v2/users/{other}/internships/{internship_id}", "staff").status_code == 404
    assert network.get("/v2/internships", "tutor").status_code == 403


def test_internships_breach_filter(network: Network) -> None:
    now = utc_now()
    rows = network.sql("SELECT id, breach_at FROM internships WHERE breach_at IS NOT NULL")
    breached = [row[0] for row in rows if aware(row[1]) <= now]
    got = ids(network.get("/v2/internships", "staff", per_page=100, **{"filter[breach]": "true"}))
    assert got == sorted(breached) and got


def test_amendments_of_a_user_go_through_the_internships(network: Network) -> None:
    user_id = network.sql(
        "SELECT i.user_id FROM amendments a JOIN internships i ON i.id = a.internship_id ORDER BY a.id"
    )[0][0]
    expected = column(
        network,
        "SELECT a.id FROM amendments a JOIN internships i ON i.id = a.internship_id WHERE i.user_id = :u",
        u=user_id,
    )
    assert ids(network.get(f"/v2/users/{user_id}/amendments", "public")) == expected
    assert ids(network.get("/v2/amendments", "public", user_id=user_id)) == expected


# --- experiences -------------------------------------------------------------------------------


def test_experiences_under_their_experiancables(network: Network) -> None:
    pu_id, slug = network.sql(
        "SELECT e.experiancable_id, p.slug FROM experiences e "
        "JOIN projects_users pu ON pu.id = e.experiancable_id "
        "JOIN projects p ON p.id = pu.project_id WHERE e.experiancable_type = 'ProjectsUser' ORDER BY e.id"
    )[0]
    items = network.get(f"/v2/projects_users/{pu_id}/experiences", "staff").json()
    assert items and all(item["experiancable"]["project"]["slug"] == slug for item in items)
    assert all(item["experiancable_type"] == "ProjectsUser" for item in items)
    pa_id = network.sql(
        "SELECT experiancable_id FROM experiences WHERE experiancable_type = 'PartnershipsUser' ORDER BY id"
    )[0][0]
    expected = column(
        network,
        "SELECT id FROM experiences WHERE experiancable_type = 'PartnershipsUser' AND experiancable_id = :p",
        p=pa_id,
    )
    assert ids(network.get(f"/v2/partnerships_users/{pa_id}/experiences", "staff")) == expected
    campus = column(
        network,
        "SELECT e.id FROM experiences e JOIN users u ON u.id = e.user_id WHERE u.primary_campus_id = 7",
    )
    assert total(network.get("/v2/campus/7/experiences", "staff")) == len(campus) > 0
    assert total(network.get("/v2/experiences", "staff", **{"filter[campus_id]": 7})) == len(campus)


# --- partnerships and patronages ---------------------------------------------------------------


def test_partnerships_by_slug_and_their_users(network: Network) -> None:
    partnership_id, slug = network.sql(
        "SELECT p.id, p.slug FROM partnerships p "
        "JOIN partnerships_users pu ON pu.partnership_id = p.id ORDER BY p.id"
    )[0]
    body = network.get(f"/v2/partnerships/{slug}", "public").json()
    assert body["id"] == partnership_id and body["url"].endswith(f"/v2/partnerships/{slug}")
    assert body["partnerships_users_url"].endswith(f"/v2/partnerships/{slug}/partnerships_users")
    members = column(
        network, "SELECT user_id FROM partnerships_users WHERE partnership_id = :p", p=partnership_id
    )
    assert ids(network.get(f"/v2/partnerships/{slug}/users", "public", per_page=100)) == members


def test_user_show_embeds_partnerships_and_patronages(network: Network) -> None:
    user_id = network.sql(
        "SELECT pu.user_id FROM partnerships_users pu JOIN patronages p ON p.user_id = pu.user_id "
        "JOIN patronages g ON g.godfather_id = pu.user_id ORDER BY pu.user_id DESC"
    )[0][0]
    body = network.get(f"/v2/users/{user_id}", "public").json()
    assert sorted(p["id"] for p in body["partnerships"]) == column(
        network, "SELECT partnership_id FROM partnerships_users WHERE user_id = :u", u=user_id
    )
    assert all(
        isinstance(skill["value"], float) for p in body["partnerships"] for skill in p["partnerships_skills"]
    )
    assert all(item["user_id"] == user_id for item in body["patroned"]) and body["patroned"]
    assert all(item["godfather_id"] == user_id for item in body["patroning"]) and body["patroning"]


def test_patronages_reports_under_reports_and_the_public_graph(network: Network) -> None:
    expected = column(network, "SELECT id FROM patronages_reports WHERE report_id = 3")
    assert (
        ids(network.get("/v2/reports/3/patronages_reports", "staff", per_page=100)) == expected and expected
    )
    assert network.get("/v2/reports/999999/patronages_reports", "staff").status_code == 404
    assert network.get("/v2/patronages_reports", "public").status_code == 403
    graph = network.get("/v2/patronages_reports/graph/on/begin_at/by/year", "public")
    assert graph.status_code == 200
    assert sum(graph.json().values()) == network.sql("SELECT count(*) FROM patronages_reports")[0][0]
    item = network.get(f"/v2/patronages_reports/{expected[0]}", "staff").json()
    assert item["report"]["id"] == 3 and item["answers"] == [] and set(item["patronage"]) >= {"godfather_id"}


# --- alumnized users ---------------------------------------------------------------------------


def test_alumnized_users_need_a_campus_and_list_its_alumni(network: Network) -> None:
    missing = network.get("/v2/alumnized_users", "tutor")
    assert missing.status_code == 400 and "campus_id" in missing.json()["message"]
    assert network.get("/v2/alumnized_users", "public", campus_id=1).status_code == 403
    campus_id, count = network.sql(
        "SELECT cu.campus_id, count(*) FROM users u JOIN campus_users cu ON cu.user_id = u.id "
        "WHERE u.alumni AND u.alumnized_at IS NOT NULL GROUP BY cu.campus_id ORDER BY count(*) DESC"
    )[0]
    expected = column(
        network,
        "SELECT u.id FROM users u JOIN campus_users cu ON cu.user_id = u.id "
        "WHERE u.alumni AND u.alumnized_at IS NOT NULL AND cu.campus_id = :c",
        c=campus_id,
    )
    response = network.get("/v2/alumnized_users", "tutor", campus_id=campus_id, per_page=100)
    assert ids(response) == expected and len(expected) == count
    assert all(item["alumni?"] for item in response.json())
    dates = sorted(item["alumnized_at"] for item in response.json())
    later = network.get(
        "/v2/alumnized_users", "tutor", campus_id=campus_id, alumnized_since=dates[-1], per_page=100
    )
    assert [item["alumnized_at"] for item in later.json()] == [dates[-1]]
    assert network.get("/v2/alumnized_users", "tutor", campus_id="x").status_code == 400


# --- user candidatures -------------------------------------------------------------------------


def test_a_users_candidature_is_one_object(network: Network) -> None:
    candidature_id, user_id = network.sql("SELECT id, user_id FROM user_candidatures ORDER BY id")[0]
    body = network.get(f"/v2/users/{user_id}/user_candidature", "staff").json()
    assert isinstance(body, dict) and body["id"] == candidature_id
    assert network.get(f"/v2/user_candidatures/{candidature_id}", "staff").json() == body
    without = network.sql(
        "SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM user_candidatures) ORDER BY id LIMIT 1"
    )[0][0]
    response = network.get(f"/v2/users/{without}/user_candidature", "staff")
    assert (response.status_code, response.json()) == (404, {})
    assert network.get(f"/v2/users/{user_id}/user_candidature", "tutor").status_code == 403


def test_candidatures_filter_by_primary_campus(network: Network) -> None:
    expected = column(
        network,
        "SELECT c.id FROM user_candidatures c JOIN users u ON u.id = c.user_id WHERE u.primary_campus_id = 1",
    )
    got = ids(network.get("/v2/user_candidatures", "staff", per_page=100, **{"filter[campus_id]": 1}))
    assert got == expected and got
