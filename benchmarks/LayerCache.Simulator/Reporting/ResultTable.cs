using System.Globalization;
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

    public static string Format(IReadOnlyList<SimulationResult> results, string baselinePolicy = "agnostic") =>
        TextTable.Aligned(Headers, Rows(results, baselinePolicy));

    public static string FormatMarkdown(IReadOnlyList<SimulationResult> results, string baselinePolicy = "agnostic") =>
        TextTable.Markdown(Headers, Rows(results, baselinePolicy));

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
}
