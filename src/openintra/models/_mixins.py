"""models._mixins: columns shared by most tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped, mapped_column

from openintra.core.clock import utc_now
from openintra.db.types import UTCDateTime


class Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
