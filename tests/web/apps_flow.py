"""Helpers for the app pages: users to sign in as, the registration form, what a page shows."""

from __future__ import annotations

import html
import re
from typing import Any

from sqlalchemy import update

from openintra.auth.passwords import hash_password
from openintra.models.users import User
from tests.auth.oauth_flow import PASSWORD, csrf_of, sign_in
from tests.conftest import Network


def user_of_kind(network: Network, *, staff: bool, offset: int = 0) -> tuple[int, str]:
    """A seeded user (staff or not, as seeded: the flag is never changed), given the known password."""
    rows = network.sql(
        "SELECT id, login FROM users WHERE staff = :s ORDER BY id LIMIT 1 OFFSET :o", s=staff, o=offset
    )
    assert rows, f"the seed has a {'staff' if staff else 'non-staff'} user at offset {offset}"
    user_id, login = rows[0]
    with network.db.engine.begin() as conn:
        conn.execute(
            update(User).where(User.id == user_id).values(encrypted_password=hash_password(PASSWORD))
        )
    return user_id, login


def signed_in(http: Any, login: str) -> Any:
    response = sign_in(http, login)
    assert response.status_code == 303, response.text
    return http


def csrf(http: Any, path: str = "/apps/new") -> str:
    return csrf_of(http.get(path).text)


def register(http: Any, **fields: str) -> Any:
    """POST the registration form (``scope:<name>`` checkboxes are ``on``) with the session's token."""
    data = {"name": "my app", "csrf_token": csrf(http)} | fields
    return http.post("/apps/new", data=data, follow_redirects=False)


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', page, re.S)
    assert found, f"the page has #{element_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def app_id_of(page: str) -> int:
    found = re.search(r'action="/apps/(\d+)/secret"', page)
    assert found, "the app page has the rotation form"
    return int(found.group(1))
