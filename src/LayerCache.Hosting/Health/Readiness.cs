using System.Collections.Concurrent;

namespace LayerCache.Hosting.Health;

/// <summary>
/// Whether the service can do its job now. Each dependency (containerd, Redis) reports its own state;
/// the service is ready when none reports a problem. Liveness is separate: a service that is not ready
/// is still alive and recovering.
/// </summary>
public sealed class Readiness
{
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);

    public bool IsReady => _problems.IsEmpty;

    /// <summary>The current problems, by dependency, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Problems => [.. _problems.OrderBy(kv => kv.Key, StringComparer.Ordinal)];

    public void Ready(string dependency) => _problems.TryRemove(dependency, out _);

    public void NotReady(string dependency, string reason) => _problems[dependency] = reason;
}
