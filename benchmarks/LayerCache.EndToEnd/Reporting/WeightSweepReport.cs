using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// The extender weight sweep: how start-up and the spread of pods across nodes move as LayerCache's score counts for
/// more against kube-scheduler's own. Rows and points run in increasing weight whatever order the runs finished in.
/// </summary>
internal static class WeightSweepReport
{
    private static readonly string[] Headers = ["weight", "mean s", "p95 s", "pod spread (CV)", "pods per node", "slot util %"];

    public static string FormatMarkdown(IReadOnlyList<(int Weight, PolicyResult Result)> runs) => Build(runs).ToMarkdown();

    public static string Format(IReadOnlyList<(int Weight, PolicyResult Result)> runs) => Build(runs).ToAlignedText();

    /// <exception cref="ArgumentException">The path does not end in .svg, or there are no runs.</exception>
    public static void WriteChart(string path, string title, IReadOnlyList<(int Weight, PolicyResult Result)> runs)
    {
        ChartFile.RequireSvg(path, nameof(path));
        Simulator.Reporting.ReportFile.WriteText(path, WeightSweepChart.Render(title, InWeightOrder(runs)));
    }

    internal static IReadOnlyList<(int Weight, PolicyResult Result)> InWeightOrder(IReadOnlyList<(int Weight, PolicyResult Result)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.OrderBy(r => r.Weight).ToList();
    }

    private static TextTable Build(IReadOnlyList<(int Weight, PolicyResult Result)> runs)
    {
        var table = new TextTable(Headers);
        foreach (var (weight, result) in InWeightOrder(runs))
        {
            table.Add(
            [
                ReportText.Integer(weight),
                ReportText.Fixed(result.MeanSeconds, 2),
                ReportText.Fixed(result.P95Seconds, 2),
                ReportText.Fixed(result.PodSpread, 2),
                string.Join(' ', result.PodsPerNode.Select(p => ReportText.Integer(p))),
                ReportText.Fixed(result.SlotUtilization * 100, 1),
            ]);
        }

        return table;
    }
}
