using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// The run for people: what each policy measured, its mean start-up split into wait, transfer, unpack and start (which
/// add up to the mean, up to rounding), with the simulator's prediction beside it.
/// </summary>
internal static class EndToEndTable
{
    private static readonly string[] Headers =
    [
        "policy", "pods", "mean s", "p50 s", "p95 s", "p99 s", "wait s", "transfer s", "unpack s", "start s", "speedup", "registry MB", "WAN MB", "slot util %",
        "pod spread (CV)", "sim mean s", "sim p95 s", "sim/measured mean",
    ];

    /// <summary>Fixed-width text for the terminal.</summary>
    public static string Format(IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated) =>
        Build(measured, simulated).ToAlignedText();

    /// <summary>A Markdown table for docs/e2e.md.</summary>
    public static string FormatMarkdown(IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated) =>
        Build(measured, simulated).ToMarkdown();

    private static TextTable Build(IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated)
    {
        var table = new TextTable(Headers);
        foreach (var row in PolicyComparison.Pair(measured, simulated))
        {
            table.Add(Cells(row));
        }

        return table;
    }

    private static string[] Cells(PolicyComparison row)
    {
        var m = row.Measured;
        return
        [
            m.Policy,
            ReportText.Integer(m.StartupSeconds.Count),
            ReportText.Fixed(m.MeanSeconds, 2),
            ReportText.Fixed(m.P50Seconds, 2),
            ReportText.Fixed(m.P95Seconds, 2),
            ReportText.Fixed(m.P99Seconds, 2),
            ReportText.Fixed(m.MeanWaitSeconds, 2),
            ReportText.Fixed(m.MeanTransferSeconds, 2),
            ReportText.Fixed(m.MeanUnpackSeconds, 2),
            ReportText.Fixed(m.MeanStartSeconds, 2),
            row.Speedup is { } speedup ? ReportText.Fixed(speedup, 2) + "x" : ReportText.Missing,
            ReportText.Megabytes(m.RegistryBytes),
            ReportText.Megabytes(m.WanBytes),
            ReportText.Fixed(m.SlotUtilization * 100, 1),
            ReportText.Fixed(m.PodSpread, 2),
            ReportText.Fixed(row.Simulated?.MeanSeconds, 2),
            ReportText.Fixed(row.Simulated?.P95Seconds, 2),
            ReportText.Fixed(row.SimulatedToMeasuredMean, 2),
        ];
    }
}
