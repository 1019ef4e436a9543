namespace RealNameApi.Caching.Status;

/// <summary>
/// The Lua scripts of the Redis status store. Each runs atomically, so a case and its index
/// entries never disagree. A tenant's cases are four keys under the key prefix P, the tenant's
/// hash tag and "status:" (<c>P{t:&lt;tenant&gt;}:status:</c>), passed to every script as KEYS
/// in this order:
/// <list type="number">
/// <item><c>cases</c>: hash of case id to <c>created|expires|updated|platform|</c> (unix ms) and the status's protobuf bytes.</item>
/// <item><c>idx</c>: sorted set, every score 0, ordered by member (ZRANGEBYLEX):
/// <c>{scope}|{bucket}|{13-digit 9999999999999 - updated}|{case id, each byte inverted, then 0xFF}</c>,
/// four members a case (scope its platform or <c>*</c>, bucket <c>all</c> or its state). A scope
/// and bucket's members are one range, newest first and, among cases updated at once, case id
/// descending: the order of a page.</item>
/// <item><c>opens</c>: waiting case ids by the time their window opens.</item>
/// <item><c>expiry</c>: every case id by the time its retention ends.</item>
/// </list>
/// A script touches no key but these four (no name is built from data), so on a Redis Cluster
/// each call is routed to, and stays within, the slot of its tenant's hash tag. The keys expire
/// with the tenant's longest-lived case, so an idle tenant leaves Redis by itself. Records are
/// published on the tenant's <c>changes</c> channel.
/// </summary>
internal static class RedisStatusScripts
{
    private const string Common = """
        local cases, idx, opens, expiry = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local buckets = {'all', 'action_required', 'waiting', 'ready_to_retry', 'final', 'unknown'}

        -- Case ids sort descending within one update time: each byte inverted, then a terminator
        -- above every inverted byte, so that a shorter id sorts after the longer ids it begins.
        local function invert(s)
          local out = {}
          for i = 1, #s do out[i] = string.char(255 - string.byte(s, i)) end
          return table.concat(out) .. '\255'
        end

        local function member(scope, bucket, updated, id)
          return scope .. '|' .. bucket .. '|' .. string.format('%013d', 9999999999999 - tonumber(updated)) .. '|' .. invert(id)
        end

        -- created, expires, updated, platform of a stored case (its status bytes follow them).
        local function header(value)
          local fields, from = {}, 1
          for i = 1, 4 do
            local bar = string.find(value, '|', from, true)
            fields[i] = string.sub(value, from, bar - 1)
            from = bar + 1
          end
          return fields[1], fields[2], fields[3], fields[4], from
        end

        local function unindex(id, value)
          local _, _, updated, platform = header(value)
          for _, scope in ipairs({platform, '*'}) do
            for _, bucket in ipairs(buckets) do
              redis.call('ZREM', idx, member(scope, bucket, updated, id))
            end
          end
          redis.call('ZREM', opens, id)
          redis.call('ZREM', expiry, id)
        end

        -- Drops cases whose retention has passed and moves waiting cases whose window has
        -- opened to ready_to_retry. Returns true when work was left for another call.
        local function maintain(now, limit)
          local expired = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, limit)
          for _, id in ipairs(expired) do
            local value = redis.call('HGET', cases, id)
            if value then unindex(id, value) end
            redis.call('HDEL', cases, id)
            redis.call('ZREM', expiry, id)
            redis.call('ZREM', opens, id)
          end
          local opened = redis.call('ZRANGEBYSCORE', opens, '-inf', now, 'LIMIT', 0, limit)
          for _, id in ipairs(opened) do
            local value = redis.call('HGET', cases, id)
            if value then
              local _, _, updated, platform = header(value)
              for _, scope in ipairs({platform, '*'}) do
                if redis.call('ZREM', idx, member(scope, 'waiting', updated, id)) == 1 then
                  redis.call('ZADD', idx, 0, member(scope, 'ready_to_retry', updated, id))
                end
              end
            end
            redis.call('ZREM', opens, id)
          end
          return #expired == limit or #opened == limit
        end

        """;

    /// <summary>
    /// Records a case. ARGV: now, case id, platform, bucket (its state now), updated, window
    /// opening ('' unless waiting), expires, status bytes, change channel, change message.
    /// </summary>
    public const string Record = Common + """
        local now, id, platform, bucket, updated, opensAt, expires = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
        maintain(now, 10)
        local created = updated
        local previous = redis.call('HGET', cases, id)
        if previous then
          local previousCreated, previousExpires = header(previous)
          unindex(id, previous)
          if tonumber(previousExpires) > tonumber(now) then created = previousCreated end
        end
        redis.call('HSET', cases, id, created .. '|' .. expires .. '|' .. updated .. '|' .. platform .. '|' .. ARGV[8])
        for _, scope in ipairs({platform, '*'}) do
          redis.call('ZADD', idx, 0, member(scope, 'all', updated, id))
          redis.call('ZADD', idx, 0, member(scope, bucket, updated, id))
        end
        if opensAt ~= '' then
          redis.call('ZADD', opens, opensAt, id)
        end
        redis.call('ZADD', expiry, expires, id)
        -- Every key lives until the tenant's longest-lived case expires, by the caller's clock
        -- (a TTL from now, not an expiry time: Redis's clock may differ).
        local last = redis.call('ZRANGE', expiry, -1, -1, 'WITHSCORES')
        local ttl = tonumber(last[2]) - tonumber(now)
        for _, key in ipairs(KEYS) do
          redis.call('PEXPIRE', key, string.format('%d', ttl))
        end
        redis.call('PUBLISH', ARGV[9], ARGV[10])
        return 1
        """;

    /// <summary>
    /// Reads one page of an index range, newest first, after a cursor. ARGV: now, scope, bucket,
    /// the cursor's update time and case id ('' and '' for the first page), count. Returns id,
    /// updated, created, status for each case.
    /// </summary>
    public const string List = Common + """
        local now, scope, bucket, cursorUpdated, cursorId, want = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
        for _ = 1, 10 do
          if not maintain(now, 1000) then break end
        end

        local from = cursorId == '' and ('[' .. scope .. '|' .. bucket .. '|') or ('(' .. member(scope, bucket, cursorUpdated, cursorId))
        -- '}' follows '|': the range's end, past every member of this scope and bucket.
        local to = '(' .. scope .. '|' .. bucket .. '}'
        local nowNumber = tonumber(now)
        local out, offset, chunk = {}, 0, want + 16
        while #out < want * 4 do
          local batch = redis.call('ZRANGEBYLEX', idx, from, to, 'LIMIT', offset, chunk)
          for _, entry in ipairs(batch) do
            local bar = #scope + #bucket + 3
            local updated = 9999999999999 - tonumber(string.sub(entry, bar, bar + 12))
            local inverted = string.sub(entry, bar + 14, -2)
            local chars = {}
            for i = 1, #inverted do chars[i] = string.char(255 - string.byte(inverted, i)) end
            local id = table.concat(chars)
            local value = redis.call('HGET', cases, id)
            if value then
              local created, expires, _, _, statusAt = header(value)
              -- A case past its retention that maintenance has not reached yet is not listed.
              if tonumber(expires) > nowNumber then
                out[#out + 1] = id
                out[#out + 1] = updated
                out[#out + 1] = created
                out[#out + 1] = string.sub(value, statusAt)
                if #out >= want * 4 then break end
              end
            end
          end
          if #batch < chunk then break end
          offset = offset + chunk
        end
        return out
        """;
}
