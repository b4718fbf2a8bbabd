using System.Collections.Concurrent;

namespace LayerCache.Cluster;

/// <summary>
/// Where a component sends the <see cref="BadPayload"/>s its readers report: each distinct one (kind, place and
/// reason) is counted and logged once, though a bad heartbeat is read again every few seconds until it is replaced.
/// </summary>
public sealed class BadPayloadSink(Action<string> count, Action<BadPayload> log)
{
    /// <summary>Past this many distinct bad payloads the memory of them starts again (each may then count once more).</summary>
    private const int MaxRemembered = 4096;

    private readonly ConcurrentDictionary<BadPayload, byte> _seen = new();

    public void Report(BadPayload bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (_seen.Count >= MaxRemembered)
        {
            _seen.Clear();
        }

        if (_seen.TryAdd(bad, 0))
        {
            count(bad.Kind);
            log(bad);
        }
    }
}
