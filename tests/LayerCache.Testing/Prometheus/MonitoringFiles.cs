using System.Text.Json;

namespace LayerCache.Testing.Prometheus;

/// <summary>What deploy/monitoring ships, read as Prometheus and promtool take it: the rules file and the dashboard's queries.</summary>
public static class MonitoringFiles
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot.Path, "deploy", "monitoring");

    public static string PrometheusRulePath { get; } = Path.Combine(Directory, "prometheusrule.yaml");

    public static string DashboardPath { get; } = Path.Combine(Directory, "layercache-dashboard.json");

    /// <summary>
    /// The PrometheusRule's <c>spec</c> as a plain rules file: the block under the top-level <c>spec:</c>, one level
    /// (two spaces) less indented.
    /// </summary>
    public static string RulesFile()
    {
        var lines = File.ReadAllLines(PrometheusRulePath);
        var start = Array.IndexOf(lines, "spec:");
        if (start < 0)
        {
            throw new InvalidDataException($"{PrometheusRulePath} has no top-level spec:");
        }

        var body = lines.Skip(start + 1).TakeWhile(l => l.Length == 0 || l.StartsWith("  ", StringComparison.Ordinal));
        return string.Join('\n', body.Select(l => l.Length == 0 ? l : l[2..])) + "\n";
    }

    /// <summary>Every panel's query in the dashboard, with the panel's title.</summary>
    public static IReadOnlyList<(string Panel, string Expression)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        return
        [
            .. dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .Where(p => p.TryGetProperty("targets", out _))
                .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!))),
        ];
    }
}
