"""models.pedagogy: attachments, project data, project sessions rules and params, rules, project sessions skills, skills, levels, notions, subnotions, tags, teams uploads, evaluations and translations."""

from __future__ import annotations
