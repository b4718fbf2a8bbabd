using System.Globalization;
using System.Text;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>
/// Results as a table for people: fixed-width text for the console, markdown for the docs. The mean start-up is split
/// into wait, transfer, unpack and start, which add up to it.
/// </summary>
public static class ResultTable
{
    private const double BytesPerGigabyte = 1e9;

    private static readonly string[] Headers =
    [
        "policy", "mean s", "p50 s", "p95 s", "p99 s", "wait s", "transfer s", "unpack s", "start s", "speedup", "hit %", "on-demand GB", "prefetch GB", "total GB", "WAN GB", "LAN GB",
        "slot util %", "free storage %", "evictions", "wall s",
    ];

    public static string Format(IReadOnlyList<SimulationResult> results, string baselinePolicy = "agnostic")
    {
        var rows = Rows(results, baselinePolicy);
        var widths = new int[Headers.Length];
        foreach (var row in rows.Prepend(Headers))
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        AppendAligned(text, Headers, widths);
        AppendAligned(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            AppendAligned(text, row, widths);
        }

        return text.ToString();
    }

    public static string FormatMarkdown(IReadOnlyList<SimulationResult> results, string baselinePolicy = "agnostic")
    {
        var text = new StringBuilder();
        AppendMarkdown(text, Headers);
        AppendMarkdown(text, Headers.Select((_, c) => c == 0 ? "---" : "---:").ToArray());
        foreach (var row in Rows(results, baselinePolicy))
        {
            row[0] = row[0].Replace("|", "\\|", StringComparison.Ordinal);
            AppendMarkdown(text, row);
        }

        return text.ToString();
    }

    private static List<string[]> Rows(IReadOnlyList<SimulationResult> results, string baselinePolicy)
    {
        ArgumentNullException.ThrowIfNull(results);
        var baseline = BaselineSpeedup.FindBaseline(results, baselinePolicy);
        return results.Select(r => Row(r, BaselineSpeedup.Of(r, baseline))).ToList();
    }

    private static string[] Row(SimulationResult r, double? speedup) =>
    [
        r.Policy,
        Number(r.MeanSeconds, "F2"),
        Number(r.P50Seconds, "F2"),
        Number(r.P95Seconds, "F2"),
        Number(r.P99Seconds, "F2"),
        Number(r.MeanWaitSeconds, "F2"),
        Number(r.MeanTransferSeconds, "F2"),
        Number(r.MeanUnpackSeconds, "F2"),
        Number(r.MeanStartSeconds, "F2"),
        speedup is { } s ? Number(s, "F2") + "x" : "-",
        Number(r.HitRatio * 100, "F1"),
        Number(r.OnDemandBytes / BytesPerGigabyte, "F1"),
        Number(r.PrefetchBytes / BytesPerGigabyte, "F1"),
        Number(r.TotalBytes / BytesPerGigabyte, "F1"),
        Number(r.RegistryBytes / BytesPerGigabyte, "F1"),
        Number(r.PeerBytes / BytesPerGigabyte, "F1"),
        Number(r.SlotUtilization * 100, "F1"),
        Number(r.FreeStorageFraction * 100, "F1"),
        r.Evictions.ToString(CultureInfo.InvariantCulture),
        Number(r.WallSeconds, "F1"),
    ];

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The policy name is left-aligned, numbers right-aligned so their decimal points line up.</summary>
    private static void AppendAligned(StringBuilder text, string[] cells, int[] widths)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                text.Append("  ");
            }

            text.Append(c == 0 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
        }

        text.Append('\n');
    }

    private static void AppendMarkdown(StringBuilder text, string[] cells)
    {
        text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
    }
}
