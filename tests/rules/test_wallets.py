"""Wallets and purchases (rules/wallets.py), in process and through the real server under a burst."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from tests.conftest import Network
from tests.servers import Server, burst


def staff(network: Network) -> dict[str, str]:
    return {"Authorization": f"Bearer {network.tokens['staff']}"}


def fresh_user(network: Network, wallet: int) -> int:
    user_id = network.sql("SELECT id FROM users ORDER BY id DESC LIMIT 1 OFFSET :o", o=uuid.uuid4().int % 40)[
        0
    ][0]
    with network.db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE users SET wallet = {wallet} WHERE id = {user_id}")
    return int(user_id)


def product(network: Network, price: int, quantity: int | None, once: bool = False) -> int:
    created = network.client.post(
        "/v2/products",
        json={"product": {"name": f"p {uuid.uuid4().hex}", "description": "d", "price": price, "category_id": 1,
                          "kind": "user", "image": "i.png", "quantity": quantity, "one_time_purchase": once}},
        headers=staff(network),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def purchase(user_id: int, product_id: int) -> dict[str, Any]:
    return {"transaction": {"user_id": user_id, "value": 1, "transactable_type": "Product",
                            "transactable_id": product_id, "reason": "shop"}}  # fmt: skip


def wallet(network: Network, user_id: int) -> int:
    return int(network.sql("SELECT wallet FROM users WHERE id = :u", u=user_id)[0][0])


def test_a_transaction_moves_the_wallet_and_never_below_zero(writable: Network) -> None:
    user_id = fresh_user(writable, 5)
    credit = {"transaction": {"user_id": user_id, "value": 20, "transactable_type": "Tig", "reason": "gift"}}
    assert writable.client.post("/v2/transactions", json=credit, headers=staff(writable)).status_code == 201
    assert wallet(writable, user_id) == 25
    debit = {"transaction": {"user_id": user_id, "value": -26, "transactable_type": "Tig", "reason": "fine"}}
    refused = writable.client.post("/v2/transactions", json=debit, headers=staff(writable))
    assert refused.status_code == 422 and refused.json() == {"value": ["is more than the wallet holds"]}
    assert wallet(writable, user_id) == 25


def test_a_purchase_debits_the_price_and_takes_one_from_the_stock(writable: Network) -> None:
    user_id = fresh_user(writable, 30)
    product_id = product(writable, price=12, quantity=1)
    bought = writable.client.post(
        "/v2/transactions", json=purchase(user_id, product_id), headers=staff(writable)
    )
    assert bought.status_code == 201, bought.text
    assert bought.json()["value"] == -12, "a purchase stores minus the price, whatever value was sent"
    assert wallet(writable, user_id) == 18
    assert writable.sql("SELECT quantity FROM products WHERE id = :p", p=product_id)[0][0] == 0
    again = writable.client.post(
        "/v2/transactions", json=purchase(user_id, product_id), headers=staff(writable)
    )
    assert again.status_code == 422 and again.json() == {"transactable": ["is out of stock"]}
    assert wallet(writable, user_id) == 18


def test_a_one_time_product_is_bought_once_and_a_short_wallet_buys_nothing(writable: Network) -> None:
    user_id = fresh_user(writable, 10)
    once = product(writable, price=3, quantity=None, once=True)
    assert (
        writable.client.post(
            "/v2/transactions", json=purchase(user_id, once), headers=staff(writable)
        ).status_code
        == 201
    )
    twice = writable.client.post("/v2/transactions", json=purchase(user_id, once), headers=staff(writable))
    assert twice.status_code == 422 and twice.json() == {"transactable": ["can be bought only once"]}
    dear = product(writable, price=100, quantity=5)
    short = writable.client.post("/v2/transactions", json=purchase(user_id, dear), headers=staff(writable))
    assert short.status_code == 422 and short.json() == {"value": ["is more than the wallet holds"]}
    assert writable.sql("SELECT quantity FROM products WHERE id = :p", p=dear)[0][0] == 5, (
        "the stock is untouched"
    )
    assert wallet(writable, user_id) == 7


def test_destroying_a_purchase_gives_back_the_money_and_the_item_guess(writable: Network) -> None:
    user_id = fresh_user(writable, 10)
    product_id = product(writable, price=4, quantity=2)
    bought = writable.client.post(
        "/v2/transactions", json=purchase(user_id, product_id), headers=staff(writable)
    )
    assert (
        writable.client.delete(f"/v2/transactions/{bought.json()['id']}", headers=staff(writable)).status_code
        == 204
    )
    assert wallet(writable, user_id) == 10
    assert writable.sql("SELECT quantity FROM products WHERE id = :p", p=product_id)[0][0] == 2


def test_a_purchase_of_a_missing_product_is_422(writable: Network) -> None:
    user_id = fresh_user(writable, 10)
    response = writable.client.post(
        "/v2/transactions", json=purchase(user_id, 999999), headers=staff(writable)
    )
    assert response.status_code == 422 and response.json() == {"transactable": ["must exist"]}


def test_fifty_simultaneous_purchases_against_a_wallet_worth_ten(
    writable: Network, writable_server: Server
) -> None:
    price = 7
    user_id = fresh_user(writable, 10 * price)
    product_id = product(writable, price=price, quantity=100)
    requests = [("POST", "/v2/transactions", {"json": purchase(user_id, product_id)}) for _ in range(50)]
    responses = burst(writable_server.url, writable.tokens["staff"], requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 10, 422: 40}, (statuses, [r.text for r in responses if r.status_code >= 500][:3])
    assert wallet(writable, user_id) == 0
    assert writable.sql("SELECT quantity FROM products WHERE id = :p", p=product_id)[0][0] == 90
    assert writable.sql(
        "SELECT count(*), sum(value) FROM transactions WHERE user_id = :u AND transactable_id = :p "
        "AND transactable_type = 'Product'", u=user_id, p=product_id,
    )[0] == (10, -10 * price)  # fmt: skip
