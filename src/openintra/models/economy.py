"""models.economy: pools, balances, products, commands, transactions, scores, squads, bloc deadlines, anti-grav units, correction point historics, closes, community services, certificates, journals and notes."""

from __future__ import annotations
