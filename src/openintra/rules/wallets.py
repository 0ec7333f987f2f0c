"""rules.wallets: transactions of Altarian dollars and purchases of products.

A transaction adds its ``value`` to the user's ``wallet`` (a negative value debits it). A
transaction whose transactable is a ``Product`` is a purchase: it debits the product's price (the
``value`` stored is ``-price`` whatever the client sent — our rule: 42 computes it from the shop),
takes one from the product's ``quantity`` (null: unlimited) and is refused when the wallet or the
stock is short, or when the product is ``one_time_purchase`` and the user already bought it. A
wallet never goes below 0 (our rule; 42 does not document one). Destroying a transaction reverses it
on the wallet and gives a purchased product back to the stock (GUESS).

Concurrency: the user's row is locked first, then the product's (always in that order); the wallet
and the stock move by conditional updates, so on either database exactly as many purchases succeed
as the wallet and the stock allow.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from openintra.api.tx import Tx
from openintra.core.errors import Invalid
from openintra.db.base import table_of
from openintra.models.economy import Product, Transaction
from openintra.models.users import User

USERS = table_of(User)
PRODUCTS = table_of(Product)
TRANSACTIONS = table_of(Transaction)
SHORT_WALLET = "is more than the wallet holds"


def move(tx: Tx, user_id: int, amount: int) -> int:
    """Add ``amount`` to the user's wallet unless it would go below 0; the new wallet."""
    done = tx.conn.execute(
        update(USERS)
        .where(USERS.c.id == user_id, USERS.c.wallet + amount >= 0)
        .values(wallet=USERS.c.wallet + amount)
        .returning(USERS.c.wallet)
    ).first()
    if done is None:
        raise Invalid({"value": [SHORT_WALLET]})
    return int(done[0])


def transaction_create(tx: Tx, values: dict[str, Any]) -> None:
    user_id = values.get("user_id")
    if not isinstance(user_id, int) or tx.lock(USERS, user_id) is None:
        return  # the engine answers ``user: must exist``
    if values.get("transactable_type") == "Product":
        product_id = values.get("transactable_id")
        product = tx.lock(PRODUCTS, product_id) if isinstance(product_id, int) else None
        if product is None:
            raise Invalid({"transactable": ["must exist"]})
        if product["one_time_purchase"]:
            bought = tx.conn.execute(
                select(TRANSACTIONS.c.id)
                .where(
                    TRANSACTIONS.c.user_id == user_id,
                    TRANSACTIONS.c.transactable_type == "Product",
                    TRANSACTIONS.c.transactable_id == product_id,
                )
                .limit(1)  # fmt: skip
            ).first()
            if bought is not None:
                raise Invalid({"transactable": ["can be bought only once"]})
        values["value"] = -int(product["price"])
        stock = tx.conn.execute(
            update(PRODUCTS)
            .where(PRODUCTS.c.id == product_id, (PRODUCTS.c.quantity.is_(None)) | (PRODUCTS.c.quantity > 0))
            .values(quantity=PRODUCTS.c.quantity - 1)
        )
        if stock.rowcount != 1:
            raise Invalid({"transactable": ["is out of stock"]})
    move(tx, user_id, int(values["value"]))


def transaction_destroy(tx: Tx, old: dict[str, Any]) -> None:
    if tx.lock(USERS, old["user_id"]) is None:
        return
    move(tx, old["user_id"], -int(old["value"]))
    if old["transactable_type"] == "Product" and old["transactable_id"] is not None:
        tx.conn.execute(
            update(PRODUCTS)
            .where(PRODUCTS.c.id == old["transactable_id"], PRODUCTS.c.quantity.is_not(None))
            .values(quantity=PRODUCTS.c.quantity + 1)
        )
