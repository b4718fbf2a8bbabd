using System.Text.Json;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// Reads an extender's HostPriorityList, <c>[{"Host": name, "Score": n}, …]</c>, matching keys without regard to case
/// as Go's decoder does. kube-scheduler adds whatever comes back; this keeps only a first entry per asked node with a
/// score in 0..10 and counts the rest, so a misbehaving extender shows in the numbers instead of skewing them.
/// </summary>
internal static class HostPriorityListReader
{
    /// <exception cref="JsonException">The body is not a list of objects, which Go would refuse too.</exception>
    /// <exception cref="FormatException">A score is not an integer.</exception>
    /// <exception cref="InvalidOperationException">A score is not a number.</exception>
    public static (Dictionary<string, long> Scores, int Rejected) Read(ReadOnlyMemory<byte> body, IReadOnlyList<string> asked)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("a HostPriorityList must be an array");
        }

        var known = new HashSet<string>(asked, StringComparer.Ordinal);
        var scores = new Dictionary<string, long>(StringComparer.Ordinal);
        var rejected = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("a HostPriority must be an object");
            }

            var host = Property(entry, "Host") is { ValueKind: JsonValueKind.String } h ? h.GetString()! : string.Empty;
            var score = Property(entry, "Score") is { } s ? s.GetInt64() : 0;
            if (score is < 0 or > KubeSchedulerScores.MaxExtenderPriority || !known.Contains(host) || !scores.TryAdd(host, score))
            {
                rejected++;
            }
        }

        return (scores, rejected);
    }

    private static JsonElement? Property(JsonElement entry, string name)
    {
        foreach (var property in entry.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
