using System.Globalization;
using System.Text;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>
/// Results as CSV for tools: one row a policy, ratios as fractions 0..1, seconds round-trippable, bytes as integers,
/// invariant culture. The speedup field is empty where the run has no baseline. registry_bytes crossed the uplink (the
/// WAN), peer_bytes the site's LAN. wait_s, transfer_s, unpack_s and start_s split mean_s (they add up to it);
/// unpack_ahead_bytes are the snapshots nodes unpacked ahead of any pod.
/// </summary>
public static class ResultCsv
{
    public const string Header =
        "policy,mean_s,p50_s,p95_s,p99_s,hit_ratio,ondemand_bytes,prefetch_bytes,slot_utilization,free_storage_fraction," +
        "speedup_vs_baseline,queue_s,evictions,requests,wall_s,registry_bytes,peer_bytes," +
        "wait_s,transfer_s,unpack_s,start_s,unpack_ahead_bytes";

    public const string SweepHeader = "sweep,value," + Header;

    public static void Write(string path, IReadOnlyList<SimulationResult> results, string baselinePolicy = "agnostic")
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder(Header).Append('\n');
        AppendRows(text, prefix: string.Empty, results, baselinePolicy);
        ReportFile.WriteText(path, text.ToString());
    }

    public static void WriteSweep(string path, string sweepName, IReadOnlyList<SweepPoint> points, string baselinePolicy = "agnostic")
    {
        ArgumentNullException.ThrowIfNull(points);
        var text = new StringBuilder(SweepHeader).Append('\n');
        foreach (var point in points)
        {
            AppendRows(text, $"{Field(sweepName)},{Number(point.Value)},", point.Results, baselinePolicy);
        }

        ReportFile.WriteText(path, text.ToString());
    }

    private static void AppendRows(StringBuilder text, string prefix, IReadOnlyList<SimulationResult> results, string baselinePolicy)
    {
        var baseline = BaselineSpeedup.FindBaseline(results, baselinePolicy);
        foreach (var r in results)
        {
            var speedup = BaselineSpeedup.Of(r, baseline);
            text.Append(prefix).AppendJoin(
                ',',
                Field(r.Policy),
                Number(r.MeanSeconds),
                Number(r.P50Seconds),
                Number(r.P95Seconds),
                Number(r.P99Seconds),
                Number(r.HitRatio),
                Integer(r.OnDemandBytes),
                Integer(r.PrefetchBytes),
                Number(r.SlotUtilization),
                Number(r.FreeStorageFraction),
                speedup is { } s ? Number(s) : string.Empty,
                Number(r.MeanQueueSeconds),
                Integer(r.Evictions),
                Integer(r.Requests),
                Number(r.WallSeconds),
                Integer(r.RegistryBytes),
                Integer(r.PeerBytes),
                Number(r.MeanWaitSeconds),
                Number(r.MeanTransferSeconds),
                Number(r.MeanUnpackSeconds),
                Number(r.MeanStartSeconds),
                Integer(r.UnpackAheadBytes)).Append('\n');
        }
    }

    /// <summary>A field quoted as RFC 4180 asks when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
