"""auth.roles: the application roles 42 grants (name, meaning), copied from the reference catalog.

``tests/reference/catalog.json`` → ``roles`` is the source; a test checks this copy against it.
"""

from __future__ import annotations

ROLES: tuple[tuple[str, str], ...] = (
    (
        "Advanced tutor",
        "pedagogic administration: cursus, skills, projects, scales, users and most low-level school data",
    ),
    ("Basic tutor", "manages projects, scales and cursus-related data (narrower than Advanced tutor)"),
    ("Tutor", "team membership, user languages and patronage reports (no description in the scrape)"),
    ("Student tutor", "partnerships and partnership members (no description in the scrape)"),
    ("Advanced staff", "staff member with higher privileges (freezes, journals, deletions)"),
    ("Basic staff", "staff member: community services, closes, exams, advanced student data"),
    ("Companies manager", "companies, internships, offers"),
    ("42network", "network-wide operations: alumnization, primary campus, staff list, search, callbacks"),
    ("Network", "webhook registry administration (only one route; distinct spelling from 42network)"),
    ("Events manager", "events, event subscriptions, waitlists"),
    ("Achievements manager", "achievements and their award to users"),
    ("Video manager", "notions and subnotions (e-learning content)"),
    ("Notes manager", "staff notes about users"),
    ("Advanced notes manager", "staff notes, including approval fields"),
    ("Transactions manager", "wallet transactions"),
    ("Translater", "content translations (spelling is the API's)"),
    ("Community manager", "announcements"),
    ("Shop manager", "shop products"),
    ("Intrateam", "full administrative rights; only role named for deleting roles"),
    ("Official App", "approved application; raised rate limits"),
    ("Certified App", "certified application; raised rate limits"),
    ("Alpha", "access to unstable features"),
    ("Beta", "intranet beta testers"),
    ("Moderator", "forum moderation (historical)"),
)
"""Every role an app may hold, in the catalog's order."""
ROLE_NAMES = tuple(name for name, _meaning in ROLES)
