"""demo.careers: synthetic companies, internships, amendments, offers, experiences, partnerships, patronages, alumnized users and user candidatures."""

from __future__ import annotations

from openintra.demo.factories import NetworkBuilder, World


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("careers")`` after the users exist."""
