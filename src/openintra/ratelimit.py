"""ratelimit: per-application windows (2/s and 1200/h by default) and their headers (DESIGN §4.8).

Counters live in process memory, or in Redis when ``OPENINTRA_REDIS_URL`` is set so that every
worker and machine shares one budget. If the storage fails, requests get a 503, never unlimited
access. A request refused by the per-second window does not consume the hourly budget.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerHour, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from openintra.auth.principal import Principal
from openintra.core.errors import ServiceUnavailable, TooManyRequests


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        uri = redis_url or "memory://"
        self._storage = storage_from_string(uri)
        self._limiter = FixedWindowRateLimiter(self._storage)
        self._secondly: dict[int, RateLimitItemPerSecond] = {}
        self._hourly: dict[int, RateLimitItemPerHour] = {}

    def _items(self, principal: Principal) -> tuple[RateLimitItemPerSecond, RateLimitItemPerHour]:
        second = self._secondly.get(principal.rate_secondly)
        if second is None:
            second = self._secondly[principal.rate_secondly] = RateLimitItemPerSecond(principal.rate_secondly)
        hour = self._hourly.get(principal.rate_hourly)
        if hour is None:
            hour = self._hourly[principal.rate_hourly] = RateLimitItemPerHour(principal.rate_hourly)
        return second, hour

    def hit(self, principal: Principal) -> dict[str, str]:
        """Count one request of the principal's app; the four headers, or `TooManyRequests`."""
        second, hour = self._items(principal)
        key = str(principal.app_id)
        try:
            second_ok = self._limiter.hit(second, "app", key)
            hour_stats = self._limiter.get_window_stats(hour, "app", key)
            hour_ok = second_ok and hour_stats.remaining > 0 and self._limiter.hit(hour, "app", key)
            second_stats = self._limiter.get_window_stats(second, "app", key)
            hour_stats = self._limiter.get_window_stats(hour, "app", key)
        except Exception as exc:  # the storage is down: refuse rather than admit without limit
            raise ServiceUnavailable("The rate-limit storage is unavailable, retry later") from exc
        headers = {
            "X-Secondly-RateLimit-Limit": str(principal.rate_secondly),
            "X-Secondly-RateLimit-Remaining": str(second_stats.remaining),
            "X-Hourly-RateLimit-Limit": str(principal.rate_hourly),
            "X-Hourly-RateLimit-Remaining": str(hour_stats.remaining),
        }
        if not second_ok:
            raise TooManyRequests(
                "Too many requests in this second", headers=headers | {"Retry-After": "1"}
            )
        if not hour_ok:
            wait = max(1, math.ceil(hour_stats.reset_time - time.time()))
            raise TooManyRequests(
                "Too many requests within the hour", headers=headers | {"Retry-After": str(wait)}
            )
        return headers
