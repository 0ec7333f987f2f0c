"""demo.pedagogy: synthetic attachments, project data, project sessions rules and params, rules, project sessions skills, skills, levels, notions, subnotions, tags, teams uploads, evaluations and translations."""

from __future__ import annotations

from openintra.demo.factories import NetworkBuilder, World


def seed(builder: NetworkBuilder, world: World) -> None:
    """Rows of this domain, drawn from ``builder.rng_for("pedagogy")`` after the users exist."""
