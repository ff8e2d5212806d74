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


SIGN_IN_PER_IP = Limit("sign-in-ip", 20, 300)
SIGN_IN_PER_ACCOUNT = Limit("sign-in-account", 10, 900)
API_PER_TOKEN = Limit("api-token", 600, 60)
API_PER_IP = Limit("api-ip", 1200, 60)


class RateLimiter:
    def __init__(self, redis: Redis | None) -> None:
        self._redis = redis
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
