"""The shared journal on Redis: every key of one broadcast shares the hash tag `{bc:<id>}`.

Each state change is one Lua script, so two processes can never claim the same recipient, and
a recovery cannot race a sender. Times come from the caller's clock, like the SQLite journal.
"""

from __future__ import annotations

import json

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster

from .journal import IN_FLIGHT, NAMES, OPEN, Entry, Outcome

# KEYS: keys, rows, due, counts, seq. ARGV: blind key, row json, … Returns how many were new.
ADD = """
local added = 0
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], '') == 1 then
    local seq = string.format('%010d', redis.call('INCR', KEYS[5]))
    redis.call('HSET', KEYS[1], ARGV[i], seq)
    redis.call('HSET', KEYS[2], seq, ARGV[i + 1])
    redis.call('ZADD', KEYS[3], 0, seq)
    added = added + 1
  end
end
redis.call('HINCRBY', KEYS[4], 'total', added)
return added
"""

# KEYS: due, leases, state, rows, tries. ARGV: now, limit, lease until. Returns seq, row, tries triples.
CLAIM = """
local found = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, seq in ipairs(found) do
  redis.call('ZREM', KEYS[1], seq)
  redis.call('ZADD', KEYS[2], ARGV[3], seq)
  redis.call('HSET', KEYS[3], seq, 'c')
  table.insert(out, seq)
  table.insert(out, redis.call('HGET', KEYS[4], seq))
  table.insert(out, redis.call('HGET', KEYS[5], seq) or '0')
end
return out
"""

# KEYS: leases, state, tries, due, counts, msg, detail. ARGV: seq, state, detail, message id, due … (5 each).
SETTLE = """
for i = 1, #ARGV, 5 do
  local seq = ARGV[i]
  redis.call('ZREM', KEYS[1], seq)
  redis.call('HINCRBY', KEYS[3], seq, 1)
  if ARGV[i + 1] == 'r' then
    redis.call('HDEL', KEYS[2], seq)
    redis.call('ZADD', KEYS[4], ARGV[i + 4], seq)
  else
    redis.call('HSET', KEYS[2], seq, ARGV[i + 1])
    redis.call('HINCRBY', KEYS[5], ARGV[i + 1], 1)
  end
  if ARGV[i + 3] ~= '' then redis.call('HSET', KEYS[6], seq, ARGV[i + 3]) end
  if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[7], seq, ARGV[i + 2]) end
end
return 1
"""

# KEYS: leases, state, due, counts, detail. ARGV: now. Expired claims → pending, in flight → unknown.
RECOVER = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
for _, seq in ipairs(expired) do
  redis.call('ZREM', KEYS[1], seq)
  if redis.call('HGET', KEYS[2], seq) == 'f' then
    redis.call('HSET', KEYS[2], seq, 'u')
    redis.call('HSET', KEYS[5], seq, 'in flight at a crash')
    redis.call('HINCRBY', KEYS[4], 'u', 1)
  else
    redis.call('HDEL', KEYS[2], seq)
    redis.call('ZADD', KEYS[3], 0, seq)
  end
end
return #expired
"""

# KEYS: report, rcounts. ARGV: seq, status, … Each report is counted once.
REPORT = """
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1) end
end
return 1
"""
PARTS = ("keys", "rows", "due", "leases", "state", "tries", "counts", "seq", "msg", "detail", "report", "rcounts")


class RedisJournal:
    """Journal on Redis (or Redis Cluster) for senders in many processes on many machines."""

    def __init__(self, url: str, broadcast_id: str, prefix: str = "gq", cluster: bool = False):
        connect = RedisCluster.from_url if cluster else aioredis.from_url
        self._redis = connect(url, decode_responses=True)
        self.k = {part: f"{prefix}:{{bc:{broadcast_id}}}:{part}" for part in PARTS}
        self._lua = {name: self._redis.register_script(src) for name, src in
                     (("add", ADD), ("claim", CLAIM), ("settle", SETTLE), ("recover", RECOVER), ("report", REPORT))}

    def _keys(self, *parts: str) -> list[str]:
        return [self.k[part] for part in parts]

    async def add(self, entries: list[tuple[str, str, str, str]]) -> int:
        """Insert new keys in one script; duplicates are skipped by HSETNX on the blind key."""
        argv = [x for key, phone, name, project in entries for x in (key, json.dumps([key, phone, name, project]))]
        return int(await self._lua["add"](keys=self._keys("keys", "rows", "due", "counts", "seq"), args=argv))

    async def claim(self, owner: str, limit: int, now: float, lease: float) -> list[Entry]:
        """Move due recipients from the queue to the leases, atomically."""
        flat = await self._lua["claim"](keys=self._keys("due", "leases", "state", "rows", "tries"),
                                        args=[now, limit, now + lease])
        return [Entry(int(flat[i]), *json.loads(flat[i + 1]), attempts=int(flat[i + 2]))
                for i in range(0, len(flat), 3)]

    async def begin(self, seqs: list[int], now: float, lease: float) -> None:
        """Mark in flight in one MULTI/EXEC; Redis persistence (AOF fsync) is the operator's choice."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.k["state"], mapping={_member(seq): IN_FLIGHT for seq in seqs})
            pipe.zadd(self.k["leases"], {_member(seq): now + lease for seq in seqs})
            await pipe.execute()

    async def settle(self, outcomes: list[Outcome]) -> None:
        """Record outcomes in one script."""
        argv = [x for o in outcomes for x in (_member(o.seq), o.state, o.detail, o.message_id or "", o.due_at)]
        await self._lua["settle"](keys=self._keys("leases", "state", "tries", "due", "counts", "msg", "detail"),
                                  args=argv)

    async def recover(self, now: float) -> int:
        """Expired leases: claims back to the queue, in-flight sends to unknown."""
        return int(await self._lua["recover"](keys=self._keys("leases", "state", "due", "counts", "detail"),
                                              args=[now]))

    async def counts(self) -> dict[str, int]:
        """Kept as counters; claimed and in-flight recipients are the leases."""
        stored = {k: int(v) for k, v in (await self._redis.hgetall(self.k["counts"])).items()}
        found = {name: stored.get(state, 0) for state, name in NAMES.items() if state not in OPEN}
        found["in_flight"], found["claimed"] = await self._redis.zcard(self.k["leases"]), 0
        found["pending"] = stored.get("total", 0) - sum(found.values())
        return found

    async def sent_without_report(self, after: int, limit: int) -> tuple[list[tuple[int, str]], int | None]:
        """Walk seqs in pages of `limit`, reading message ids and reports together."""
        last = int(await self._redis.get(self.k["seq"]) or 0)
        if after >= last:
            return [], None
        members = [_member(seq) for seq in range(after + 1, min(after + limit, last) + 1)]
        ids = await self._redis.hmget(self.k["msg"], members)
        seen = await self._redis.hmget(self.k["report"], members)
        rows = [(int(m), mid) for m, mid, rep in zip(members, ids, seen, strict=True) if mid and rep is None]
        return rows, int(members[-1])

    async def set_reports(self, reports: dict[int, str]) -> None:
        """Keep report statuses, counting each once."""
        argv = [x for seq, status in reports.items() for x in (_member(seq), status)]
        if argv:
            await self._lua["report"](keys=self._keys("report", "rcounts"), args=argv)

    async def delivery(self) -> dict[str, int]:
        """Report counts, kept as counters."""
        return {k: int(v) for k, v in (await self._redis.hgetall(self.k["rcounts"])).items()}

    async def drop(self) -> None:
        """Delete every key of this broadcast (tests, and forgetting an old broadcast)."""
        await self._redis.delete(*self.k.values())

    async def close(self) -> None:
        """Release the connection pool."""
        await self._redis.aclose()


def _member(seq: int) -> str:
    """Zero-padded, so members with equal scores sort by seq."""
    return f"{seq:010d}"
