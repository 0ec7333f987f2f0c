"""The people domain's special behaviours against the seeded network (api-shapes §5, catalog notes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, insert

from openintra.auth.roles import ROLES
from openintra.core.clock import utc_now
from openintra.models.platform import OAuthApp
from tests.conftest import Network, insert_token


def get(network: Network, path: str, token: str = "public", **params: Any) -> Any:
    """``token``: a name of ``network.tokens`` or a raw token (``insert_token``'s user tokens)."""
    value = network.tokens.get(token, token)
    return network.client.get(path, params=params or None, headers={"Authorization": f"Bearer {value}"})


# --- apps ---------------------------------------------------------------------------------------


@pytest.fixture
def private_app(network: Network) -> Iterator[dict[str, Any]]:
    """A non-public app owned by a seeded user (removed afterwards)."""
    owner, login = network.sql("SELECT id, login FROM users ORDER BY id LIMIT 1")[0]
    other = network.sql("SELECT id FROM users ORDER BY id DESC LIMIT 1")[0][0]
    now = utc_now()
    with network.db.engine.begin() as conn:
        app_id = conn.execute(
            insert(OAuthApp).values(
                name="my private app",
                uid="f" * 64,
                secret_digest="e" * 64,
                secret_valid_until=now,
                scopes="public",
                roles="",
                redirect_uris="",
                public=False,
                rate_limit_secondly=2,
                rate_limit_hourly=1200,
                owner_id=owner,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
    yield {"id": app_id, "owner": owner, "login": login, "other": other}
    with network.db.engine.begin() as conn:
        conn.execute(delete(OAuthApp).where(OAuthApp.id == app_id))


def test_apps_list_public_apps_and_the_users_own_only(network: Network, private_app: dict[str, Any]) -> None:
    app_id = private_app["id"]
    public_total = network.sql("SELECT count(*) FROM oauth_apps WHERE public = :t", t=True)[0][0]
    listed = get(network, "/v2/apps", per_page=100)
    assert int(listed.headers["X-Total"]) == public_total
    assert app_id not in [item["id"] for item in listed.json()]
    assert get(network, f"/v2/apps/{app_id}").status_code == 404
    owner_token = insert_token(network, user_id=private_app["owner"])
    mine = get(network, "/v2/apps", owner_token, per_page=100, sort="-id")
    assert int(mine.headers["X-Total"]) == public_total + 1
    assert mine.json()[0]["id"] == app_id and mine.json()[0]["public"] is False
    assert get(network, f"/v2/apps/{app_id}", owner_token).json()["owner"]["login"] == private_app["login"]
    nested = get(network, f"/v2/users/{private_app['owner']}/apps", owner_token, per_page=100)
    assert app_id in [item["id"] for item in nested.json()]
    stranger = insert_token(network, user_id=private_app["other"])
    assert get(network, f"/v2/apps/{app_id}", stranger).status_code == 404
    assert app_id not in [item["id"] for item in get(network, "/v2/apps", stranger, per_page=100).json()]


def test_apps_render_scopes_roles_rate_limit_and_never_the_secret(network: Network) -> None:
    items = get(network, "/v2/apps", per_page=100, sort="id").json()  # the seeded apps first
    rows = {
        row[0]: row[1:]
        for row in network.sql(
            "SELECT id, uid, secret_digest, scopes, roles, rate_limit_hourly, owner_id FROM oauth_apps"
        )
    }
    role_ids = {name: position for position, (name, _) in enumerate(ROLES, start=1)}
    seen_roles = seen_ownerless = 0
    for item in items:
        uid, secret_digest, scopes, roles, hourly, owner_id = rows[item["id"]]
        assert uid not in str(item) and secret_digest not in str(item)
        assert item["scopes"] == scopes.split()
        assert item["rate_limit"] == hourly
        names = [name for name in roles.split(",") if name]
        assert [role["name"] for role in item["roles"]] == names
        assert [role["id"] for role in item["roles"]] == [role_ids[name] for name in names]
        seen_roles += bool(names)
        if owner_id is None:
            assert item["owner"] == {}
            seen_ownerless += 1
        else:
            assert item["owner"]["id"] == owner_id
    assert seen_roles and seen_ownerless
    # The roles rendered are the roles table's rows and the seeded apps' roles_entities agree with them.
    for role_id, name, description in network.sql("SELECT id, name, description FROM roles"):
        assert (role_ids[name], dict(ROLES)[name]) == (role_id, description)
    grants = network.sql(
        "SELECT re.entity_id, r.name FROM roles_entities re JOIN roles r ON r.id = re.role_id ORDER BY re.id"
    )
    assert grants
    for entity_id, name in grants:
        assert name in rows[entity_id][3].split(",")


def test_apps_sort_by_the_catalogs_user_id_is_the_owner(network: Network) -> None:
    items = get(network, "/v2/apps", sort="user_id,id", per_page=100).json()
    owners = [item["owner"].get("id") for item in items if item["owner"]]
    assert owners == sorted(owners) and len(set(owners)) > 1


# --- roles entities -----------------------------------------------------------------------------


def test_roles_entities_expires_filter_splits_on_an_expiry_date(network: Network) -> None:
    dated = {row[0] for row in network.sql("SELECT id FROM roles_entities WHERE expires_at IS NOT NULL")}
    undated = {row[0] for row in network.sql("SELECT id FROM roles_entities WHERE expires_at IS NULL")}
    assert dated and undated
    for value, expected in (("true", dated), ("false", undated)):
        items = get(network, "/v2/roles_entities", **{"filter[expires]": value, "per_page": 100}).json()
        assert {item["id"] for item in items} == expected
        assert all((item["expires_at"] is not None) == (value == "true") for item in items)


def test_roles_entities_embed_the_app_without_roles_and_the_role(network: Network) -> None:
    item = get(network, "/v2/roles_entities", per_page=1).json()[0]
    assert item["entity_type"] == "Doorkeeper::Application"
    assert item["entity"]["id"] == item["entity_id"] and "roles" not in item["entity"]
    role_id = network.sql("SELECT role_id FROM roles_entities WHERE id = :i", i=item["id"])[0][0]
    assert item["role"]["id"] == role_id and list(item["role"]) == ["id", "name", "description"]


# --- expertises ---------------------------------------------------------------------------------


def test_expertises_urls_use_the_slug_and_the_slug_finds_it(network: Network) -> None:
    item = get(network, "/v2/expertises", per_page=1).json()[0]
    slug = item["slug"]
    assert item["url"] == f"https://api.intra.42.fr/v2/expertises/{slug}"
    assert item["expertises_users_url"] == f"https://api.intra.42.fr/v2/expertises/{slug}/expertises_users"
    assert (
        get(network, f"/v2/expertises/{slug}").json() == get(network, f"/v2/expertises/{item['id']}").json()
    )
    by_slug = get(network, f"/v2/expertises/{slug}/expertises_users", per_page=100).json()
    expected = network.sql("SELECT count(*) FROM expertises_users WHERE expertise_id = :e", e=item["id"])[0][
        0
    ]
    assert len(by_slug) == expected > 0
    users = get(network, f"/v2/expertises/{slug}/users", per_page=100).json()
    assert sorted(user["id"] for user in users) == sorted(row["user_id"] for row in by_slug)


# --- users through the people tables -----------------------------------------------------------


def test_users_under_groups_and_accreditations(network: Network) -> None:
    group_id = network.sql("SELECT group_id FROM groups_users ORDER BY id LIMIT 1")[0][0]
    members = {
        row[0] for row in network.sql("SELECT user_id FROM groups_users WHERE group_id = :g", g=group_id)
    }
    listed = get(network, f"/v2/groups/{group_id}/users", per_page=100)
    assert {user["id"] for user in listed.json()} == members and int(listed.headers["X-Total"]) == len(
        members
    )
    accreditation_id, user_id = network.sql("SELECT id, user_id FROM accreditations ORDER BY id LIMIT 1")[0]
    assert [user["id"] for user in get(network, f"/v2/accreditations/{accreditation_id}/users").json()] == [
        user_id
    ]


def test_the_full_user_shows_groups_languages_expertises_and_roles(network: Network) -> None:
    user_id = network.sql(
        "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM roles_users r WHERE r.user_id = u.id) "
        "AND EXISTS (SELECT 1 FROM groups_users g WHERE g.user_id = u.id) "
        "AND EXISTS (SELECT 1 FROM expertises_users e WHERE e.user_id = u.id) ORDER BY u.id LIMIT 1"
    )[0][0]
    body = get(network, f"/v2/users/{user_id}").json()
    groups = network.sql(
        "SELECT g.id, g.name FROM groups g JOIN groups_users gu ON gu.group_id = g.id "
        "WHERE gu.user_id = :u ORDER BY g.id",
        u=user_id,
    )
    assert body["groups"] == [{"id": i, "name": n} for i, n in groups]
    languages = network.sql(
        "SELECT id, language_id, position FROM languages_users WHERE user_id = :u ORDER BY position",
        u=user_id,
    )
    assert [(x["id"], x["language_id"], x["position"]) for x in body["languages_users"]] == [
        tuple(r) for r in languages
    ]
    assert [x["position"] for x in body["languages_users"]] == list(range(1, len(languages) + 1))
    expertises = network.sql("SELECT id FROM expertises_users WHERE user_id = :u ORDER BY id", u=user_id)
    assert [x["id"] for x in body["expertises_users"]] == [r[0] for r in expertises]
    assert all("expertise" not in x and "user" not in x for x in body["expertises_users"])
    roles = network.sql(
        "SELECT r.id, r.name FROM roles r JOIN roles_users ru ON ru.role_id = r.id "
        "WHERE ru.user_id = :u ORDER BY r.id",
        u=user_id,
    )
    assert body["roles"] == [{"id": i, "name": n} for i, n in roles]
    nested = get(network, f"/v2/users/{user_id}/roles").json()
    assert sorted(role["id"] for role in nested) == [i for i, _ in roles]
    assert all(list(role) == ["id", "name", "description"] for role in nested)


def test_languages_users_show_under_their_user_only(network: Network) -> None:
    row_id, user_id = network.sql("SELECT id, user_id FROM languages_users ORDER BY id LIMIT 1")[0]
    other = network.sql("SELECT id FROM users WHERE id <> :u ORDER BY id LIMIT 1", u=user_id)[0][0]
    mine = get(network, f"/v2/users/{user_id}/languages_users/{row_id}")
    assert mine.status_code == 200 and mine.json() == get(network, f"/v2/languages_users/{row_id}").json()
    wrong = get(network, f"/v2/users/{other}/languages_users/{row_id}")
    assert (wrong.status_code, wrong.json()) == (404, {})


# --- gitlab users (nested only, Advanced tutor) --------------------------------------------------


GITLAB_KEYS = [
    "id",
    "user_id",
    "public_key",
    "created_at",
    "updated_at",
    "name",
    "fingerprint",
]  # GUESS (catalog order)


def test_gitlab_users_are_listed_under_a_user_for_advanced_tutors_only(network: Network) -> None:
    user_id, count = network.sql(
        "SELECT user_id, count(*) FROM gitlab_users GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1"
    )[0]
    path = f"/v2/users/{user_id}/gitlab_users"
    listed = network.get(path, "tutor", per_page=100)
    assert listed.status_code == 200 and int(listed.headers["X-Total"]) == count
    items = listed.json()
    assert [item["id"] for item in items] == sorted(item["id"] for item in items)  # default sort: id
    for item in items:
        assert list(item) == GITLAB_KEYS and item["user_id"] == user_id
        assert item["public_key"].startswith("ssh-ed25519 ") and item["fingerprint"].startswith("SHA256:")
    login = network.sql("SELECT login FROM users WHERE id = :u", u=user_id)[0][0]
    assert network.get(f"/v2/users/{login}/gitlab_users", "tutor", per_page=100).json() == items
    denied = network.get(path, "public")
    assert denied.status_code == 403 and denied.json()["error"] == "Forbidden"
    assert network.get("/v2/gitlab_users", "tutor").status_code == 404
    assert network.get("/v2/users/999999999/gitlab_users", "tutor").status_code == 404
    one = network.get(path, "tutor", **{"filter[name]": items[0]["name"]}).json()
    assert [item["id"] for item in one] == [items[0]["id"]]


def test_clusters_need_basic_staff(network: Network) -> None:
    assert network.get("/v2/clusters", "tutor").status_code == 403  # Advanced tutor is not Basic staff
    listed = network.get("/v2/clusters", "staff", per_page=100)
    assert listed.status_code == 200
    total = network.sql("SELECT count(*) FROM clusters")[0][0]
    assert int(listed.headers["X-Total"]) == total
    campus = network.sql("SELECT campus_id FROM clusters ORDER BY id LIMIT 1")[0][0]
    items = network.get("/v2/clusters", "staff", **{"filter[campus_id]": campus}).json()
    assert items and all(item["campus_id"] == campus for item in items)
