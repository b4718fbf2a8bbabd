using System.Globalization;
using System.Text;
using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// The run for scripts: one row a policy, numbers invariant and round-trippable, an empty cell where there is no value.
/// The first six columns match the simulator's CSV so that the same scripts read both; <c>registry_bytes</c> is what
/// crossed the uplink, <c>peer_bytes</c> what the nodes fetched from one another over the LAN. New columns go last:
/// <c>transfer_s</c>, <c>unpack_s</c> and <c>start_s</c> split the mean start-up with <c>wait_s</c>
/// (wait_s + transfer_s + unpack_s + start_s = mean_s).
/// </summary>
internal static class EndToEndCsv
{
    public const string Header =
        "policy,mean_s,p50_s,p95_s,p99_s,registry_bytes,wan_bytes,pods,wait_s,pull_s,container_start_s,slot_utilization,pod_spread,speedup," +
        "sim_mean_s,sim_p50_s,sim_p95_s,sim_p99_s,sim_registry_bytes,peer_bytes,sim_peer_bytes,transfer_s,unpack_s,start_s";

    public static void Write(string path, IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated) =>
        Simulator.Reporting.ReportFile.WriteText(path, Render(measured, simulated));

    public static string Render(IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var row in PolicyComparison.Pair(measured, simulated))
        {
            csv.AppendJoin(',', Cells(row)).Append('\n');
        }

        return csv.ToString();
    }

    private static IEnumerable<string> Cells(PolicyComparison row)
    {
        var m = row.Measured;
        var s = row.Simulated;
        return
        [
            Quoted(m.Policy), Number(m.MeanSeconds), Number(m.P50Seconds), Number(m.P95Seconds), Number(m.P99Seconds),
            Integer(m.RegistryBytes), Integer(m.WanBytes), Integer(m.StartupSeconds.Count),
            Number(m.MeanWaitSeconds), Number(m.MeanPullSeconds), Number(m.MeanContainerStartSeconds),
            Number(m.SlotUtilization), Number(m.PodSpread), Number(row.Speedup),
            Number(s?.MeanSeconds), Number(s?.P50Seconds), Number(s?.P95Seconds), Number(s?.P99Seconds), Integer(s?.RegistryBytes),
            Integer(m.PeerBytes), Integer(s?.PeerBytes),
            Number(m.MeanTransferSeconds), Number(m.MeanUnpackSeconds), Number(m.MeanStartSeconds),
        ];
    }

    // The shortest text that parses back to the same double ("R" semantics since .NET Core 3.0).
    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Integer(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quoted(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
