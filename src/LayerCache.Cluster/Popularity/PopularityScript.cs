namespace LayerCache.Cluster;

/// <summary>
/// The one script that adds to the shared popularity, so the epoch, the rebase and the increments are atomic.
/// Scores are stored scaled by 2^((now - epoch) / halfLife); once that exponent passes a bound the script multiplies
/// every stored score by 2^-exponent, drops the ones that decayed below a floor, and moves the epoch to now.
/// Numbers go back to Redis through %.17g, because Lua's own number-to-string keeps only 14 digits.
/// </summary>
internal static class PopularityScript
{
    // KEYS: images, layers, layer-info, epoch, [seen]
    // ARGV: now ms, half-life ms, weight, max exponent, floor, seen ttl ms, image reference, then digest, layer json...
    public const string Record = """
        if #KEYS == 5 and not redis.call('SET', KEYS[5], '1', 'NX', 'PX', ARGV[6]) then
            return 0
        end
        local now = tonumber(ARGV[1])
        local epoch = tonumber(redis.call('GET', KEYS[4]))
        if not epoch then
            epoch = now
            redis.call('SET', KEYS[4], ARGV[1])
        end
        local exponent = (now - epoch) / tonumber(ARGV[2])
        if exponent > tonumber(ARGV[4]) then
            local factor = 2 ^ (-exponent)
            local floor = tonumber(ARGV[5])
            for k = 1, 2 do
                local all = redis.call('ZRANGE', KEYS[k], 0, -1, 'WITHSCORES')
                for i = 1, #all, 2 do
                    local scaled = tonumber(all[i + 1]) * factor
                    if scaled < floor then
                        redis.call('ZREM', KEYS[k], all[i])
                        if k == 2 then
                            redis.call('HDEL', KEYS[3], all[i])
                        end
                    else
                        redis.call('ZADD', KEYS[k], string.format('%.17g', scaled), all[i])
                    end
                end
            end
            redis.call('SET', KEYS[4], ARGV[1])
            exponent = 0
        end
        local weight = string.format('%.17g', tonumber(ARGV[3]) * 2 ^ exponent)
        redis.call('ZINCRBY', KEYS[1], weight, ARGV[7])
        for i = 8, #ARGV, 2 do
            redis.call('ZINCRBY', KEYS[2], weight, ARGV[i])
            redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 1])
        end
        return 1
        """;
}
