using System.Globalization;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>Reads one unlabelled sample (e.g. <c>layercache_resync_seconds_sum</c>) from Prometheus text output.</summary>
public static class PrometheusText
{
    public static double Value(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{name} is not in the agent's /metrics.");
    }
}
