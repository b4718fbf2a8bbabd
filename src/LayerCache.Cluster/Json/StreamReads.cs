using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LayerCache.Cluster.Json;

/// <summary>
/// Non-blocking reads of a global stream after a known id (XREAD COUNT; StackExchange.Redis does not block, so
/// callers poll). The id returned is the last entry read, or the one given when nothing was new.
/// </summary>
internal static class StreamReads
{
    /// <summary>The id before every entry.</summary>
    public const string Start = "0-0";

    /// <summary>
    /// Up to <paramref name="count"/> entries after <paramref name="afterId"/>. An entry whose payload is bad is
    /// reported to <paramref name="bad"/> as <paramref name="kind"/> and skipped; the id returned is past it all the same.
    /// </summary>
    public static async Task<(List<T> Items, string LastId)> ReadAfterAsync<T>(
        IDatabase database, RedisKey stream, string afterId, int count, JsonTypeInfo<T> info, string kind, Action<BadPayload>? bad)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(afterId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var entries = await database.StreamReadAsync(stream, afterId, count).ConfigureAwait(false);
        return (ReadAll(entries, stream, info, kind, bad), entries.Length == 0 ? afterId : entries[^1].Id.ToString());
    }

    /// <summary>The newest <paramref name="count"/> entries, newest first; bad ones reported and skipped as above.</summary>
    public static async Task<List<T>> ReadNewestAsync<T>(
        IDatabase database, RedisKey stream, int count, JsonTypeInfo<T> info, string kind, Action<BadPayload>? bad)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var entries = await database.StreamRangeAsync(stream, "-", "+", count, Order.Descending).ConfigureAwait(false);
        return ReadAll(entries, stream, info, kind, bad);
    }

    private static List<T> ReadAll<T>(StreamEntry[] entries, RedisKey stream, JsonTypeInfo<T> info, string kind, Action<BadPayload>? bad)
    {
        var items = new List<T>(entries.Length);
        foreach (var entry in entries)
        {
            if (Payload.TryReadEntry(entry, info, out var item, out var reason))
            {
                items.Add(item);
            }
            else if (reason.Length > 0)
            {
                bad?.Invoke(new BadPayload(kind, $"{stream} {entry.Id}", reason));
            }
        }

        return items;
    }

    /// <summary>The id of the newest entry, or <see cref="Start"/> when the stream is empty.</summary>
    public static async Task<string> LatestIdAsync(IDatabase database, RedisKey stream)
    {
        var newest = await database.StreamRangeAsync(stream, "-", "+", 1, Order.Descending).ConfigureAwait(false);
        return newest.Length == 0 ? Start : newest[0].Id.ToString();
    }
}
