"""demo.economy: synthetic pools, balances, products, commands, transactions, scores, squads, bloc deadlines, anti-grav units, correction point historics, closes, community services, certificates, journals and notes."""

from __future__ import annotations

from openintra.demo.factories import NetworkBuilder, World


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("economy")`` after the users exist."""
