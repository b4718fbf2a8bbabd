using System.Globalization;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>A pooled cache's pulls under each rule, beside the policies' table.</summary>
public static class PooledBoundTable
{
    private static readonly string[] Headers = ["pooled cache rule", "pull s per request", "pulled GB"];

    public static string Format(IReadOnlyList<PooledBoundResult> results) => TextTable.Aligned(Headers, Rows(results));

    public static string FormatMarkdown(IReadOnlyList<PooledBoundResult> results) => TextTable.Markdown(Headers, Rows(results));

    private static List<string[]> Rows(IReadOnlyList<PooledBoundResult> results) =>
    [
        .. results.Select(r => new[]
        {
            r.Name,
            r.MeanPullSeconds.ToString("F2", CultureInfo.InvariantCulture),
            (r.PulledBytes / 1e9).ToString("F1", CultureInfo.InvariantCulture),
        }),
    ];
}
