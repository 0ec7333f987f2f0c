"""rules: the school's rules, the only code that locks rows (DESIGN §3).

Plain functions (and a few classes such as `seats.Seats`) run inside a write's transaction: the
hooks of plain writes and the member actions' ``run``. The resources' specs (``openintra.resources``)
reference them directly; no rule module declares a route or imports a resource module.
"""
