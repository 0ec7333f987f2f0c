"""models: SQLAlchemy tables only, one module per domain.

Importing this package registers every table on ``Base.metadata`` (Alembic and the engine rely on it).
"""

from openintra.models import campus, community, platform, projects, users

__all__ = ["campus", "community", "platform", "projects", "users"]
