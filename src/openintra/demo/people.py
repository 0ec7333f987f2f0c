"""demo.people: synthetic groups, roles, roles entities, expertises, languages users, accreditations, apps, clusters and gitlab users."""

from __future__ import annotations

from openintra.demo.factories import NetworkBuilder, World


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("people")`` after the users exist."""
