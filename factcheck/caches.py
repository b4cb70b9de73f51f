"""Redis as Django's cache, falling back to each process's memory while Redis is down.

Every cache of the app can be Redis (``CACHE_URL``, ``RESPONSE_CACHE_URL``): the API's
rate limits and their locks, the kept public answers, the agreement report. Django's
``RedisCache`` raises on every call while Redis does not answer, which would turn each
request into an error although the database, which holds everything that matters, still
answers. ``FallbackRedisCache`` catches Redis's connection errors and answers from a
cache in the process's memory instead, as if ``CACHE_URL`` were ``locmem://``:

- the public reads go on (a kept answer's key holds its validator, so one kept in memory
  is never stale either);
- the rate limits go on counting, each process on its own (a client gets up to the
  number of processes times its rate, rather than no limit at all, or no answer);
- the first failure is logged once, as a warning with the error; after it, Redis is not
  tried again for ``RETRY_SECONDS`` (a Redis that does not even refuse the connection
  would otherwise cost every call its connect timeout), then it is tried again, and the
  first call that succeeds logs that it is back. What was kept in memory meanwhile is
  left there and no longer read.

Hand-written: Django's backend has no such option and django-redis's
``IGNORE_EXCEPTIONS`` answers a miss for every read (no rate limit at all while Redis is
down); a subclass of Django's own backend keeps its behaviour otherwise.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long a Redis call may wait for the connection, and for an answer: a Redis that is
# unreachable (rather than refusing) must not hold a request for the OS's minutes.
CONNECT_TIMEOUT = 0.5
SOCKET_TIMEOUT = 1.0
FAILURES = (RedisConnectionError, RedisTimeoutError)


class _State:
    """Shared by every instance for one Redis location in the process (Django makes one
    instance per thread): whether it is down, until when, and the memory cache."""

    def __init__(self, location: str, params: dict):
        self.location = location
        self.retry_at = 0.0
        self.down = False
        self.lock = threading.Lock()
        self.memory = LocMemCache(
            f"fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    def failed(self, error: Exception, retry_seconds: float) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + retry_seconds
            first = not self.down
            self.down = True
        if first:
            logger.warning(
                "Redis at %s does not answer (%s); the cache is kept in this process's "
                "memory until it does.",
                self.location,
                error,
            )

    def answered(self) -> None:
        if not self.down:
            return
        with self.lock:
            back, self.down = self.down, False
        if back:
            logger.warning("Redis at %s answers again; the cache is kept there.", self.location)


_states: dict[tuple, _State] = {}
_states_lock = threading.Lock()


def _state_for(location: str, params: dict) -> _State:
    key = (location, params.get("KEY_PREFIX", ""))
    with _states_lock:
        state = _states.get(key)
        if state is None:
            state = _states[key] = _State(location, params)
        return state


def _with_fallback(name: str):
    def method(self, *args, **kwargs):
        return self._on_redis(
            lambda: getattr(RedisCache, name)(self, *args, **kwargs),
            lambda: getattr(self._fallback.memory, name)(*args, **kwargs),
        )

    method.__name__ = name
    method.__doc__ = f"``RedisCache.{name}``, or the process's memory while Redis is down."
    return method


# A client's requests in the last ``duration`` seconds, DRF's sliding window, kept in a
# sorted set (score and member: the request's time) and counted in one atomic step: the
# times that left the window removed, the rest counted, this request added if the count is
# under the limit. Returns {allowed, count (this request included if allowed), the oldest
# time in the window}.
SLIDING_WINDOW = """
local key, now, duration, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - duration)
local count = redis.call('ZCARD', key)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2] or ARGV[1]
if count >= limit then
    return {0, count, oldest}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, math.ceil(duration * 1000))
return {1, count + 1, oldest}
"""


class FallbackRedisCache(RedisCache):
    """Django's ``RedisCache``; while Redis does not answer, each process's memory."""

    retry_seconds = 5.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        self.retry_seconds = float(options.pop("retry_seconds", self.retry_seconds))
        params = {**params, "OPTIONS": options}
        super().__init__(server, params)
        self._script = None  # SLIDING_WINDOW, registered on first use
        self._fallback = _state_for(server if isinstance(server, str) else ",".join(server), params)

    def _on_redis(self, call, while_down):
        """``call()`` on Redis; ``while_down()`` instead while Redis is down (not tried
        again before ``retry_seconds``), and when this call finds it down."""
        state = self._fallback
        if state.down and time.monotonic() < state.retry_at:
            return while_down()
        try:
            result = call()
        except FAILURES as error:
            state.failed(error, self.retry_seconds)
            return while_down()
        state.answered()
        return result

    def sliding_window(
        self, key: str, now: float, duration: float, limit: int
    ) -> tuple[bool, int, float] | None:
        """Count a request in ``key``'s window of ``duration`` seconds, at most ``limit``,
        in one round trip (``SLIDING_WINDOW``, a Lua script Redis runs atomically): whether
        it is allowed, the requests in the window, the oldest one's time. None while Redis
        is down: the caller counts with the other calls, which go to memory meanwhile.

        For the API's rate limits: counted with ``get`` and ``set`` under a lock taken
        with ``add``, a request cost four round trips to Redis, as many as the rest of a
        cache hit, and a list of the client's request times read and written whole."""
        client = self._cache.get_client(key, write=True)
        if self._script is None:  # its SHA1, computed once; Redis loads it when it lacks it
            self._script = client.register_script(SLIDING_WINDOW)
        member = f"{now!r}:{uuid.uuid4().hex[:12]}"  # two requests at one time: two members
        counted = self._on_redis(
            lambda: self._script(
                keys=[self.make_and_validate_key(f"{key}:window")],
                args=[repr(now), repr(duration), limit, member],
                client=client,
            ),
            lambda: None,
        )
        if counted is None:
            return None
        allowed, count, oldest = counted
        return bool(allowed), int(count), float(oldest)

    add = _with_fallback("add")
    get = _with_fallback("get")
    set = _with_fallback("set")
    touch = _with_fallback("touch")
    delete = _with_fallback("delete")
    get_many = _with_fallback("get_many")
    has_key = _with_fallback("has_key")
    incr = _with_fallback("incr")
    set_many = _with_fallback("set_many")
    delete_many = _with_fallback("delete_many")
    clear = _with_fallback("clear")
