namespace RealNameApi.Caching.Status;

/// <summary>
/// The Lua scripts of the Redis status store. Each runs atomically, so a case and its index
/// entries never disagree. Key layout, under the key prefix P, the tenant's hash tag and
/// "status:" (<c>P{t:&lt;tenant&gt;}:status:</c>), so each tenant has a set of its own:
/// <list type="bullet">
/// <item><c>case:{id}</c>: hash of platform, created (unix ms), expires (unix ms), status (protobuf bytes).</item>
/// <item><c>idx:{scope}:{bucket}</c>: sorted sets of case ids by update time; scope is a platform or
/// <c>*</c> (all platforms), bucket is <c>all</c> or a state.</item>
/// <item><c>opens</c>: waiting cases (<c>{id}|{platform}</c>) by the time their window opens.</item>
/// <item><c>expiry</c>: every case (<c>{id}|{platform}</c>) by the time its retention ends.</item>
/// <item><c>changes</c>: the channel each record is published on (as <c>{tenant}/{id}</c>).</item>
/// </list>
/// Key names are built inside the scripts from the prefix, all under one hash tag: on a Redis
/// Cluster they share the slot of the one key each call declares (the <c>expiry</c> set), which
/// routes it. Today the store runs on a single primary. Index sets live as long as their
/// longest-lived case, so an idle tenant's keys leave Redis by themselves.
/// </summary>
internal static class RedisStatusScripts
{
    private const string Common = """
        local p = ARGV[1]
        local buckets = {'all', 'action_required', 'waiting', 'ready_to_retry', 'final', 'unknown'}

        -- Index sets get at least the lifetime of the case just added, never less than they had.
        local function keep(key, ttl)
          local current = redis.call('PTTL', key)
          if current == -1 or (current >= 0 and current < ttl) then
            redis.call('PEXPIRE', key, ttl)
          end
        end

        local function split(member)
          local bar = string.find(member, '|', 1, true)
          return string.sub(member, 1, bar - 1), string.sub(member, bar + 1)
        end

        local function unindex(id, platform)
          for _, scope in ipairs({platform, '*'}) do
            for _, bucket in ipairs(buckets) do
              redis.call('ZREM', p .. 'idx:' .. scope .. ':' .. bucket, id)
            end
          end
          redis.call('ZREM', p .. 'opens', id .. '|' .. platform)
          redis.call('ZREM', p .. 'expiry', id .. '|' .. platform)
        end

        -- Drops cases whose retention has passed and moves waiting cases whose window has
        -- opened to ready_to_retry. Returns true when work was left for another call.
        local function maintain(now, limit)
          local expired = redis.call('ZRANGEBYSCORE', p .. 'expiry', '-inf', now, 'LIMIT', 0, limit)
          for _, member in ipairs(expired) do
            local id, platform = split(member)
            redis.call('DEL', p .. 'case:' .. id)
            unindex(id, platform)
          end
          local opened = redis.call('ZRANGEBYSCORE', p .. 'opens', '-inf', now, 'LIMIT', 0, limit)
          for _, member in ipairs(opened) do
            local id, platform = split(member)
            for _, scope in ipairs({platform, '*'}) do
              local waiting = p .. 'idx:' .. scope .. ':waiting'
              local score = redis.call('ZSCORE', waiting, id)
              if score then
                redis.call('ZREM', waiting, id)
                local ready = p .. 'idx:' .. scope .. ':ready_to_retry'
                redis.call('ZADD', ready, score, id)
                local ttl = redis.call('PTTL', p .. 'expiry')
                if ttl > 0 then keep(ready, ttl) end
              end
            end
            redis.call('ZREM', p .. 'opens', member)
          end
          return #expired == limit or #opened == limit
        end

        """;

    /// <summary>
    /// Records a case. ARGV: prefix, now, case id, platform, bucket (its state now), updated,
    /// window opening ('' unless waiting), expires, ttl ms, status bytes, change channel,
    /// change message. KEYS[1] is the tenant's expiry set, for routing only.
    /// </summary>
    public const string Record = Common + """
        local now, id, platform, bucket, updated, opens, expires = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
        maintain(now, 10)
        local key = p .. 'case:' .. id
        local previous = redis.call('HMGET', key, 'platform', 'expires')
        if previous[1] then
          unindex(id, previous[1])
          if not previous[2] or tonumber(previous[2]) <= tonumber(now) then
            redis.call('DEL', key)
          end
        end
        redis.call('HSETNX', key, 'created', updated)
        redis.call('HSET', key, 'platform', platform, 'status', ARGV[10], 'expires', expires)
        redis.call('PEXPIRE', key, ARGV[9])
        local ttl = tonumber(ARGV[9])
        for _, scope in ipairs({platform, '*'}) do
          for _, name in ipairs({'all', bucket}) do
            local index = p .. 'idx:' .. scope .. ':' .. name
            redis.call('ZADD', index, updated, id)
            keep(index, ttl)
          end
        end
        if opens ~= '' then
          redis.call('ZADD', p .. 'opens', opens, id .. '|' .. platform)
          keep(p .. 'opens', ttl)
        end
        redis.call('ZADD', p .. 'expiry', expires, id .. '|' .. platform)
        keep(p .. 'expiry', ttl)
        redis.call('PUBLISH', ARGV[11], ARGV[12])
        return 1
        """;

    /// <summary>
    /// Reads one page of an index, newest first, after a cursor. ARGV: prefix, now, scope,
    /// bucket, highest score ('+inf' or the cursor's), cursor case id ('' for the first page),
    /// count. Returns id, score, created, status for each case.
    /// </summary>
    public const string List = Common + """
        local now, key, max, after, want = ARGV[2], p .. 'idx:' .. ARGV[3] .. ':' .. ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
        for _ = 1, 10 do
          if not maintain(now, 1000) then break end
        end

        -- Byte-wise a < b, as Redis orders equal scores; Lua's own comparison follows the locale.
        local function before(a, b)
          for i = 1, math.min(#a, #b) do
            local x, y = string.byte(a, i), string.byte(b, i)
            if x ~= y then return x < y end
          end
          return #a < #b
        end

        local cursor = tonumber(max)
        local nowNumber = tonumber(now)
        local out, offset, chunk = {}, 0, want + 16
        while #out < want * 4 do
          local batch = redis.call('ZREVRANGEBYSCORE', key, max, '-inf', 'WITHSCORES', 'LIMIT', offset, chunk)
          local removed = 0
          for i = 1, #batch, 2 do
            local id, score = batch[i], batch[i + 1]
            if after == '' or tonumber(score) ~= cursor or before(id, after) then
              local case = redis.call('HMGET', p .. 'case:' .. id, 'created', 'status', 'expires')
              if case[2] and case[3] and tonumber(case[3]) > nowNumber then
                out[#out + 1] = id
                out[#out + 1] = score
                out[#out + 1] = case[1] or score
                out[#out + 1] = case[2]
                if #out >= want * 4 then break end
              else
                -- Gone already: the expiry index removes it everywhere else.
                redis.call('ZREM', key, id)
                removed = removed + 1
              end
            end
          end
          if #batch < chunk * 2 then break end
          offset = offset + chunk - removed
        end
        return out
        """;
}
