"""models.careers: companies, internships, amendments, offers, experiences, partnerships, patronages, alumnized users and user candidatures."""

from __future__ import annotations
