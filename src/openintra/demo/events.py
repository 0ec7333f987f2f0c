"""demo.events: synthetic events, exams, waitlists, dashes, slots, announcements, broadcasts, flashes and mailings."""

from __future__ import annotations

from openintra.demo.factories import NetworkBuilder, World


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("events")`` after the users exist."""
