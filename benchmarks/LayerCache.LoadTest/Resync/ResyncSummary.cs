using System.Text;
using System.Text.Json;

namespace LayerCache.LoadTest.Resync;

/// <summary>
/// What <c>resync N R --json</c> prints, for a script to check: Redis's bytes a node (used_memory after the agents
/// published, less before, over the nodes) and a fresh coordinator's full read, the median of the runs, with its resident
/// memory right after and the most it held resident before (the medians too); then the most the last run's coordinator
/// held resident in its life, read after it was left idle for <paramref name="IdleSeconds"/> past its read.
/// </summary>
public sealed record ResyncSummary(
    int Nodes, int Runs, double RedisBytesPerNode, double FullReadSeconds, long CoordinatorRssBytes, long CoordinatorPeakRssBytes, double IdleSeconds, long CoordinatorIdlePeakRssBytes)
{
    /// <summary>
    /// One object on one line: <c>nodes</c>, <c>runs</c>, <c>redis_bytes_per_node</c>, <c>full_read_seconds</c>,
    /// <c>coordinator_rss_bytes</c>, <c>coordinator_peak_rss_bytes</c>, <c>idle_seconds</c>, <c>coordinator_idle_peak_rss_bytes</c>.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("nodes", Nodes);
            json.WriteNumber("runs", Runs);
            json.WriteNumber("redis_bytes_per_node", Math.Round(RedisBytesPerNode, 1));
            json.WriteNumber("full_read_seconds", Math.Round(FullReadSeconds, 4));
            json.WriteNumber("coordinator_rss_bytes", CoordinatorRssBytes);
            json.WriteNumber("coordinator_peak_rss_bytes", CoordinatorPeakRssBytes);
            json.WriteNumber("idle_seconds", IdleSeconds);
            json.WriteNumber("coordinator_idle_peak_rss_bytes", CoordinatorIdlePeakRssBytes);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
