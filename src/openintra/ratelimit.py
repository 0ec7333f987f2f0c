"""ratelimit: per-application windows (2/s and 1200/h by default) and their headers (DESIGN §4.8).

Each app has two fixed windows, a second and an hour, each opened by the first request it counts
(as ``limits``' fixed-window strategy does). A request is counted in both windows only if both
admit it, in one atomic step, so a refused request costs no budget (clients retry in tight loops)
and concurrent requests are neither lost nor counted twice.

Counters live in process memory (one lock, one dictionary look-up per request), or in Redis when
``OPENINTRA_REDIS_URL`` is set, so that every worker and machine shares one budget: one Lua script,
one round trip per request, keyed by the app's uid (unique across databases, so deployments of
different networks may share a Redis). ``limits``' strategies count each window on its own and
cannot make "count in both only if both admit" atomic, hence the script.

If Redis is unreachable or slow, requests get a 503, never unlimited access: sockets time out after
``REDIS_TIMEOUT`` and, after a timeout, requests are refused without asking Redis for
``REDIS_HOLD`` seconds so a dead server does not hold every worker thread. Each request asks again
after that: when Redis is back, requests pass again without a restart.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Final, Protocol

import redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from openintra.core.errors import ServiceUnavailable, TooManyRequests
from openintra.core.principal import Principal

SECOND: Final = 1.0
HOUR: Final = 3600.0
REDIS_TIMEOUT: Final = 0.5
"""Seconds to connect to Redis and to wait for an answer."""
REDIS_HOLD: Final = 1.0
"""Seconds during which requests are refused without asking Redis, after it timed out."""
KEY_PREFIX: Final = "openintra:ratelimit:"
"""Redis keys: ``KEY_PREFIX{<app uid>}:s`` and ``…:h`` (one hash slot per app for Redis Cluster)."""

Taken = tuple[bool, int, int, float]
"""(admitted, count in the second window, count in the hour window, seconds to the hour's reset)."""


class StorageDown(Exception):
    """The counters cannot be read or written."""


class Counters(Protocol):
    def take(self, principal: Principal) -> Taken:
        """Count one request of the principal's app in both windows if both admit it."""
        ...


class _Windows:
    __slots__ = ("hour_count", "hour_end", "second_count", "second_end")

    def __init__(self) -> None:
        self.second_end = 0.0
        self.second_count = 0
        self.hour_end = 0.0
        self.hour_count = 0


class MemoryCounters:
    """This process's counters, keyed by app id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._apps: dict[int, _Windows] = {}

    def take(self, principal: Principal) -> Taken:
        now = time.monotonic()
        with self._lock:
            windows = self._apps.get(principal.app_id)
            if windows is None:
                windows = self._apps[principal.app_id] = _Windows()
            second = windows.second_count if now < windows.second_end else 0
            hour = windows.hour_count if now < windows.hour_end else 0
            admitted = hour < principal.rate_hourly and second < principal.rate_secondly
            if admitted:
                if second == 0:
                    windows.second_end = now + SECOND
                if hour == 0:
                    windows.hour_end = now + HOUR
                second += 1
                hour += 1
                windows.second_count = second
                windows.hour_count = hour
            reset = windows.hour_end - now if hour else HOUR
        return admitted, second, hour, reset


# KEYS: the app's second and hour counters. ARGV: the two limits, the two window lengths in ms.
# Returns {admitted (0/1), second count, hour count, ms to the hour's reset (0 unless refused by it)}.
_TAKE_LUA = """
local second = tonumber(redis.call('GET', KEYS[1]) or 0)
local hour = tonumber(redis.call('GET', KEYS[2]) or 0)
if hour < tonumber(ARGV[2]) and second < tonumber(ARGV[1]) then
  second = redis.call('INCR', KEYS[1])
  if second == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
  hour = redis.call('INCR', KEYS[2])
  if hour == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
  return {1, second, hour, 0}
end
local ttl = 0
if hour >= tonumber(ARGV[2]) then
  ttl = redis.call('PTTL', KEYS[2])
  if ttl == -1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end  -- a counter always has a window
  if ttl < 0 then ttl = tonumber(ARGV[4]) end
elseif redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return {0, second, hour, ttl}
"""


class RedisCounters:
    """Counters shared by every worker and machine through one Redis."""

    def __init__(self, url: str) -> None:
        # A command that failed to reach the server is retried once on a fresh connection (a
        # pooled connection is stale after a Redis restart); a timeout is not retried: the script
        # may have run, and running it again would count the request twice.
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT,
            socket_connect_timeout=REDIS_TIMEOUT,
            retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
            retry_on_error=[RedisConnectionError],
        )
        self._script = self._client.register_script(_TAKE_LUA)
        self._windows_ms = (int(SECOND * 1000), int(HOUR * 1000))
        self._down_until = 0.0

    def take(self, principal: Principal) -> Taken:
        if self._down_until and time.monotonic() < self._down_until:
            raise StorageDown("Redis timed out a moment ago")
        key = f"{KEY_PREFIX}{{{principal.app_uid}}}"
        try:
            admitted, second, hour, ttl = self._script(
                keys=(f"{key}:s", f"{key}:h"),
                args=(principal.rate_secondly, principal.rate_hourly, *self._windows_ms),
            )
        except RedisTimeoutError as exc:
            self._down_until = time.monotonic() + REDIS_HOLD
            raise StorageDown(str(exc)) from exc
        except (RedisError, OSError) as exc:
            raise StorageDown(str(exc)) from exc
        if self._down_until:
            self._down_until = 0.0
        return bool(admitted), int(second), int(hour), int(ttl) / 1000


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        self._counters: Counters = RedisCounters(redis_url) if redis_url else MemoryCounters()

    def hit(self, principal: Principal) -> dict[str, str]:
        """Count one request of the principal's app; the four headers, or `TooManyRequests`."""
        secondly, hourly = principal.rate_secondly, principal.rate_hourly
        try:
            admitted, second, hour, reset = self._counters.take(principal)
        except StorageDown as exc:  # refuse rather than admit without limit
            raise ServiceUnavailable(
                "The rate-limit storage is unavailable, retry later",
                headers={
                    "X-Secondly-RateLimit-Limit": str(secondly),
                    "X-Secondly-RateLimit-Remaining": "0",
                    "X-Hourly-RateLimit-Limit": str(hourly),
                    "X-Hourly-RateLimit-Remaining": "0",
                    "Retry-After": "1",
                },
            ) from exc
        headers = {
            "X-Secondly-RateLimit-Limit": str(secondly),
            "X-Secondly-RateLimit-Remaining": str(secondly - second if second < secondly else 0),
            "X-Hourly-RateLimit-Limit": str(hourly),
            "X-Hourly-RateLimit-Remaining": str(hourly - hour if hour < hourly else 0),
        }
        if admitted:
            return headers
        if hour >= hourly:
            wait = max(1, math.ceil(reset))
            raise TooManyRequests(
                "Too many requests within the hour", headers=headers | {"Retry-After": str(wait)}
            )
        raise TooManyRequests("Too many requests in this second", headers=headers | {"Retry-After": "1"})
