"""Lua scripts for RedisStore. Each touches keys of one hash slot, so they run on Redis Cluster.

Outbox scripts read the clock with TIME on the server, so workers on machines whose clocks
disagree still agree on when a lease ran out. Lead hashes are addressed as ARGV[1] .. id; the
prefix carries the outbox hash tag, so they live in the same slot as the declared keys.
"""

# KEYS: counter. ARGV: ttl ms, amount. One round trip and one reply for a fixed-window count.
HIT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""

UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS: lock, state, rate counter (or ''). ARGV: token, lock ttl ms, counter ttl ms.
# Takes the lock, reads the state and counts the message for the rate limit in one trip.
# The reply is {1, state or false, count}: false, unlike nil, leaves no hole in a Lua table.
LOCK_AND_LOAD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local count = 0
  if KEYS[3] ~= '' then
    count = redis.call('INCR', KEYS[3])
    if count == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
  end
  return {1, redis.call('GET', KEYS[2]), count}
end
return {0}
"""

# K: state, lock, seen (or ''). A: state json, ttl ms, token, seen ttl ms.
# Writes the state and the message mark and releases the lock in one trip.
SAVE_FN = """
local function save(K, A)
  redis.call('SET', K[1], A[1], 'PX', A[2])
  if K[3] ~= '' then redis.call('SET', K[3], '1', 'PX', A[4]) end
  if redis.call('GET', K[2]) == A[3] then redis.call('DEL', K[2]) end
  return 1
end
"""
SAVE_AND_UNLOCK = SAVE_FN + "return save(KEYS, ARGV)"

NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# K: lead, ref, due, all, by_sender. A: id, reference, lead json, sender.
# 1 added, 0 already there, -1 the reference belongs to another lead.
ADD_FN = """
local function add(K, A)
  if redis.call('EXISTS', K[1]) == 1 then return 0 end
  local owner = redis.call('GET', K[2])
  if owner and owner ~= A[1] then return -1 end
  redis.call('HSET', K[1], 'id', A[1], 'reference', A[2], 'lead', A[3], 'sender', A[4],
    'status', 'pending', 'attempts', 0, 'due_at', now, 'created_at', now, 'result', '{}')
  redis.call('SET', K[2], A[1])
  redis.call('ZADD', K[3], now, A[1])
  redis.call('ZADD', K[4], now, A[1])
  if A[4] ~= '' then redis.call('ZADD', K[5], now, A[1]) end
  return 1
end
"""
ADD_LEAD = NOW + ADD_FN + "return add(KEYS, ARGV)"

# KEYS: the five of ADD_LEAD, then the three of SAVE_AND_UNLOCK; ARGV likewise (4 + 4).
# A single Redis only (the keys span hash slots): the lead and the state that says "confirmed"
# are written in one atomic step, and nothing is saved when the reference is taken (-1).
SAVE_WITH_LEAD = NOW + ADD_FN + SAVE_FN + """
local added = add({KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]}, {ARGV[1], ARGV[2], ARGV[3], ARGV[4]})
if added == -1 then return -1 end
save({KEYS[6], KEYS[7], KEYS[8]}, {ARGV[5], ARGV[6], ARGV[7], ARGV[8]})
return added
"""

# KEYS: due, leases. ARGV: lead key prefix, worker, lease seconds, limit. Returns HGETALL replies.
CLAIM = NOW + """
local limit = tonumber(ARGV[4])
local found = {}
for _, zset in ipairs(KEYS) do
  local hits = redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
  for i = 1, #hits, 2 do table.insert(found, {hits[i], tonumber(hits[i + 1])}) end
end
table.sort(found, function(a, b) return a[2] < b[2] end)
local claimed = {}
for i = 1, math.min(limit, #found) do
  local id, lead = found[i][1], ARGV[1] .. found[i][1]
  redis.call('ZREM', KEYS[1], id)
  if redis.call('EXISTS', lead) == 1 then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
    redis.call('HSET', lead, 'status', 'claimed', 'lease_owner', ARGV[2], 'lease_until', now + tonumber(ARGV[3]))
    redis.call('HINCRBY', lead, 'attempts', 1)
    table.insert(claimed, redis.call('HGETALL', lead))
  else
    redis.call('ZREM', KEYS[2], id)
  end
end
return claimed
"""

# KEYS: lead, leases, due, dead. ARGV: id, worker, action, delay, text (error or result json).
SETTLE = NOW + """
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if redis.call('HGET', KEYS[1], 'lease_owner') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'lease_owner', 'lease_until')
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[3] == 'ack' then
  redis.call('HSET', KEYS[1], 'status', 'delivered', 'result', ARGV[5])
elseif ARGV[3] == 'retry' then
  local due = now + tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'status', 'pending', 'due_at', due, 'last_error', ARGV[5])
  redis.call('ZADD', KEYS[3], due, ARGV[1])
else
  redis.call('HSET', KEYS[1], 'status', 'dead', 'last_error', ARGV[5])
  redis.call('ZADD', KEYS[4], now, ARGV[1])
end
return 1
"""

# KEYS: lead, dead, due. ARGV: id. A fresh attempt count, so retry limits apply anew.
REQUEUE = NOW + """
if redis.call('HGET', KEYS[1], 'status') ~= 'dead' then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'status', 'pending', 'due_at', now, 'attempts', 0)
redis.call('ZADD', KEYS[3], now, ARGV[1])
return 1
"""
