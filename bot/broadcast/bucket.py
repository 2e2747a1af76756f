"""Token buckets holding bulk sending to the provider's TPS: in-process, or shared in Redis.

The bulk rate is the provider's TPS less the share kept for replies to workers in a
conversation, which do not pass through these buckets: a broadcast can never make a reply wait.
The burst is a tenth of a second's worth, so no one-second window sees much more than the rate.
"""

from __future__ import annotations

from typing import Protocol

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster

from .clock import Clock

BURST_SECONDS = 0.1

# KEYS: bucket. ARGV: rate, burst, wanted, now. Time never runs backwards in the bucket, so a
# machine whose clock lags merely waits; NTP keeps the skew, and so any excess, to milliseconds.
TAKE = """
local rate, burst, want, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or burst
local at = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local grant = math.min(want, math.floor(tokens))
tokens = tokens - grant
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], 60000)
if grant > 0 then return {grant, '0'} end
return {0, tostring((1 - tokens) / rate)}
"""


class Bucket(Protocol):
    """Permission to send, a few messages at a time."""

    async def take(self, want: int) -> int:
        """Wait until at least one message may go; return how many may (at most `want`)."""


def burst(rate: float) -> float:
    """Tokens a full bucket holds."""
    return max(1.0, rate * BURST_SECONDS)


class LocalBucket:
    """A token bucket in this process; rate 0 means no limit."""

    def __init__(self, rate: float, clock: Clock):
        self.rate, self.clock = rate, clock
        self.tokens, self.at = burst(rate), clock.now()

    async def take(self, want: int) -> int:
        """Refill by the time passed, grant what is there, else sleep until one token is."""
        if self.rate <= 0:
            return want
        while True:
            now = self.clock.now()
            self.tokens = min(burst(self.rate), self.tokens + (now - self.at) * self.rate)
            self.at = now
            if self.tokens >= 1:
                grant = min(want, int(self.tokens))
                self.tokens -= grant
                return grant
            await self.clock.sleep((1 - self.tokens) / self.rate)


class RedisBucket:
    """One bucket per provider in Redis, shared by every process sending through that provider."""

    def __init__(self, url: str, name: str, rate: float, clock: Clock, prefix: str = "gq", cluster: bool = False):
        connect = RedisCluster.from_url if cluster else aioredis.from_url
        self._redis = connect(url, decode_responses=True)
        self._take = self._redis.register_script(TAKE)
        self.key, self.rate, self.clock = f"{prefix}:{{tps:{name}}}", rate, clock

    async def take(self, want: int) -> int:
        """Ask the script; on a refusal sleep as long as it says a token takes."""
        if self.rate <= 0:
            return want
        while True:
            grant, wait = await self._take(keys=[self.key],
                                           args=[self.rate, burst(self.rate), want, repr(self.clock.now())])
            if int(grant):
                return int(grant)
            await self.clock.sleep(float(wait))

    async def close(self) -> None:
        """Release the connection pool."""
        await self._redis.aclose()
