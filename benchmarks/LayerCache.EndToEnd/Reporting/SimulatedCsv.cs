using System.Globalization;
using System.Text;
using LayerCache.EndToEnd.Runs;
using LayerCache.Simulator.Reporting;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// A --simulate-only run for scripts: the first six columns as in the measured run's CSV (registry_bytes is what
/// crossed the uplink), then what came from neighbours over the LAN and the speedup against agnostic.
/// </summary>
internal static class SimulatedCsv
{
    public const string Header = "policy,mean_s,p50_s,p95_s,p99_s,registry_bytes,peer_bytes,speedup";

    public static void Write(string path, IReadOnlyList<SimulatedResult> simulated) => ReportFile.WriteText(path, Render(simulated));

    public static string Render(IReadOnlyList<SimulatedResult> simulated)
    {
        var baseline = simulated.FirstOrDefault(s => s.Policy == PolicyComparison.BaselinePolicy);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var s in simulated)
        {
            csv.AppendJoin(
                ',',
                ResultCsv.Field(s.Policy),
                Number(s.MeanSeconds),
                Number(s.P50Seconds),
                Number(s.P95Seconds),
                Number(s.P99Seconds),
                s.RegistryBytes.ToString(CultureInfo.InvariantCulture),
                s.PeerBytes.ToString(CultureInfo.InvariantCulture),
                Number(BaselineSpeedup.Of(s.MeanSeconds, baseline?.MeanSeconds))).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
