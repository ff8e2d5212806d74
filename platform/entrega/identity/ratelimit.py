"""Fixed-window rate limits, shared through Redis when it is configured (so every web replica counts
together), in this process otherwise."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


@dataclass(frozen=True)
class Limits:
    sign_in_per_ip: Limit
    sign_in_per_account: Limit
    api_per_token: Limit
    api_per_ip: Limit

    @classmethod
    def from_settings(cls, api_per_minute: int, sign_ins_per_15_minutes: int) -> Limits:
        return cls(
            Limit("sign-in-ip", 2 * sign_ins_per_15_minutes, 900),
            Limit("sign-in-account", sign_ins_per_15_minutes, 900),
            Limit("api-token", api_per_minute, 60),
            Limit("api-ip", 2 * api_per_minute, 60),
        )


class RateLimiter:
    def __init__(self, redis: Redis | None, limits: Limits) -> None:
        self._redis = redis
        self.limits = limits
        self._local: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def hit(self, limit: Limit, key: str) -> bool:
        """Count one attempt; False when the limit for this key is exceeded in the current window."""
        window = int(time.time() // limit.seconds)
        bucket = f"entrega:ratelimit:{limit.name}:{key}:{window}"
        if self._redis is not None:
            try:
                pipe = self._redis.pipeline()
                pipe.incr(bucket)
                pipe.expire(bucket, limit.seconds)
                count = int(pipe.execute()[0])
                return count <= limit.count
            except RedisError:
                pass  # Redis down: fall back to counting here rather than refusing everyone
        with self._lock:
            count, _ = self._local.get(bucket, (0, 0.0))
            self._local[bucket] = (count + 1, time.time())
            if len(self._local) > 10_000:
                cutoff = time.time() - 3600
                self._local = {k: v for k, v in self._local.items() if v[1] > cutoff}
            return count + 1 <= limit.count
