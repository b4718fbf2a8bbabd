using System.Globalization;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cluster;

/// <summary>
/// What each kind of key of the schema (docs/redis-schema.md, default prefix) takes in Redis: every key of the kind
/// found by SCAN, each measured with <c>MEMORY USAGE key SAMPLES 0</c> (exact, the key's name and overhead included).
/// </summary>
public static class RedisKeyCosts
{
    private const int Batch = 500;

    private static readonly (string Kind, string Pattern)[] Kinds =
    [
        ("node inventory hash `lc:{node:NAME}:inv`", "lc:{node:*}:inv"),
        ("node sequence `lc:{node:NAME}:seq`", "lc:{node:*}:seq"),
        ("heartbeats hash `lc:nodes`", "lc:nodes"),
        ("manifest `lc:manifest:DIGEST`", "lc:manifest:*"),
        ("delta stream `lc:deltas`", "lc:deltas"),
    ];

    /// <summary>One row per kind: kind, keys, total MiB, mean bytes a key, bytes a node.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> MeasureAsync(IConnectionMultiplexer redis, int nodes)
    {
        var f = CultureInfo.InvariantCulture;
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (kind, pattern) in Kinds)
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            long total = 0;
            foreach (var chunk in keys.Chunk(Batch))
            {
                var usages = await Task.WhenAll(chunk.Select(k => database.ExecuteAsync("MEMORY", "USAGE", k, "SAMPLES", "0"))).ConfigureAwait(false);
                total += usages.Sum(u => u.IsNull ? 0 : (long)u);
            }

            rows.Add(
            [
                kind, keys.Count.ToString("N0", f), (total / 1048576.0).ToString("N2", f),
                keys.Count == 0 ? "" : (total / (double)keys.Count).ToString("N0", f), (total / (double)nodes).ToString("N0", f),
            ]);
        }

        return rows;
    }
}
