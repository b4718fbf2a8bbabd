using LayerCache.EndToEnd.Runs;
using LayerCache.Simulator.Reporting;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>A --simulate-only run for people: each policy's predicted start-up, registry (WAN) bytes and bytes from peers.</summary>
internal static class SimulatedTable
{
    private static readonly string[] Headers = ["policy", "sim mean s", "sim p50 s", "sim p95 s", "sim p99 s", "speedup", "sim registry MB", "sim LAN MB"];

    public static string Format(IReadOnlyList<SimulatedResult> simulated) => Build(simulated).ToAlignedText();

    public static string FormatMarkdown(IReadOnlyList<SimulatedResult> simulated) => Build(simulated).ToMarkdown();

    private static TextTable Build(IReadOnlyList<SimulatedResult> simulated)
    {
        var baseline = simulated.FirstOrDefault(s => s.Policy == PolicyComparison.BaselinePolicy);
        var table = new TextTable(Headers);
        foreach (var s in simulated)
        {
            var speedup = BaselineSpeedup.Of(s.MeanSeconds, baseline?.MeanSeconds);
            table.Add(
            [
                s.Policy,
                ReportText.Fixed(s.MeanSeconds, 2),
                ReportText.Fixed(s.P50Seconds, 2),
                ReportText.Fixed(s.P95Seconds, 2),
                ReportText.Fixed(s.P99Seconds, 2),
                speedup is { } x ? ReportText.Fixed(x, 2) + "x" : ReportText.Missing,
                ReportText.Megabytes(s.RegistryBytes),
                ReportText.Megabytes(s.PeerBytes),
            ]);
        }

        return table;
    }
}
