using System.Globalization;
using LayerCache.EndToEnd.Reporting;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class EndToEndCsvTests
{
    [Fact]
    public void Write_FourPolicies_HeaderStartsWithTheSimulatorsColumns()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies());

        Assert.StartsWith("policy,mean_s,p50_s,p95_s,p99_s,registry_bytes,", lines[0], StringComparison.Ordinal);
        Assert.Equal(EndToEndCsv.Header, lines[0]);
    }

    [Fact]
    public void Write_FourPolicies_OneRowPerPolicyInOrder()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies());

        Assert.Equal(["agnostic", "image-k8s", "layer", "layercache"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Write_AwkwardNumbers_ParseBackExactly()
    {
        var result = SampleRuns.Measured("layercache", 1.0 / 3, registryBytes: 123_456_789_012) with { SlotUtilization = 0.1 + 0.2 };

        var row = Row(WriteAndRead([result]), "layercache");

        Assert.Equal(1.0 / 3, Parse(row["mean_s"]));
        Assert.Equal(0.1 + 0.2, Parse(row["slot_utilization"]));
        Assert.Equal(result.PodSpread, Parse(row["pod_spread"]));
        Assert.Equal("123456789012", row["registry_bytes"]);
        Assert.Equal("4", row["pods"]);
    }

    [Fact]
    public void Write_WithAgnostic_SpeedupIsAgnosticMeanOverPolicyMean()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies());

        Assert.Equal(1, Parse(Row(lines, "agnostic")["speedup"]));
        Assert.Equal(2, Parse(Row(lines, "image-k8s")["speedup"]));
        Assert.Equal(4, Parse(Row(lines, "layercache")["speedup"]));
    }

    [Fact]
    public void Write_WithoutAgnostic_SpeedupIsEmpty()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies().Skip(1).ToList());

        Assert.All(lines.Skip(1), l => Assert.Equal(string.Empty, Cells(lines[0], l)["speedup"]));
    }

    [Fact]
    public void Write_MissingPrediction_SimulatedCellsEmpty()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies());

        var layer = Row(lines, "layer");
        Assert.Equal(string.Empty, layer["sim_mean_s"]);
        Assert.Equal(string.Empty, layer["sim_registry_bytes"]);
        Assert.Equal(0.93, Parse(Row(lines, "layercache")["sim_mean_s"]));
        Assert.Equal("240000000", Row(lines, "layercache")["sim_registry_bytes"]);
    }

    [Fact]
    public void Write_PeerFetch_LanBytesBesideTheUplinks()
    {
        var measured = SampleRuns.Measured("layercache+peer", 1.2, registryBytes: 300_000_000) with { PeerBytes = 900_000_000 };

        var row = Row(WriteAndRead([measured]), "layercache+peer");

        Assert.Equal("300000000", row["registry_bytes"]);
        Assert.Equal("900000000", row["peer_bytes"]);
        Assert.Equal(string.Empty, row["sim_peer_bytes"]);
    }

    [Fact]
    public void Write_FourPolicies_StartupPartsLastAndAddUpToTheMean()
    {
        var lines = WriteAndRead(SampleRuns.FourPolicies());

        // The columns before them stay as they were, so scripts reading them by position still do.
        Assert.Equal(
            "policy,mean_s,p50_s,p95_s,p99_s,registry_bytes,wan_bytes,pods,wait_s,pull_s,container_start_s,slot_utilization,pod_spread,speedup," +
            "sim_mean_s,sim_p50_s,sim_p95_s,sim_p99_s,sim_registry_bytes,peer_bytes,sim_peer_bytes,transfer_s,unpack_s,start_s",
            lines[0]);
        var row = Row(lines, "agnostic");
        Assert.Equal(2, Parse(row["transfer_s"]));
        Assert.Equal(1, Parse(row["unpack_s"]));
        Assert.Equal(0.9, Parse(row["start_s"]), 12);
        Assert.All(lines.Skip(1), l =>
        {
            var cells = Cells(lines[0], l);
            Assert.Equal(Parse(cells["mean_s"]), Parse(cells["wait_s"]) + Parse(cells["transfer_s"]) + Parse(cells["unpack_s"]) + Parse(cells["start_s"]), 12);
        });
    }

    [Fact]
    public void Write_APolicyTheSimulatorDoesNotModel_SimulatedCellsEmpty()
    {
        var row = Row(WriteAndRead([SampleRuns.Measured("layercache+unpack", 0.8)]), "layercache+unpack");

        Assert.Equal(0.8, Parse(row["mean_s"]));
        Assert.Equal(string.Empty, row["sim_mean_s"]);
    }

    private static string[] WriteAndRead(IReadOnlyList<Runs.PolicyResult> measured)
    {
        var path = Path.Combine(Path.GetTempPath(), $"e2e-csv-{Guid.NewGuid():N}", "results.csv");
        try
        {
            EndToEndCsv.Write(path, measured, SampleRuns.Predictions());
            return File.ReadAllLines(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static Dictionary<string, string> Row(string[] lines, string policy) =>
        Cells(lines[0], lines.Single(l => l.StartsWith(policy + ",", StringComparison.Ordinal)));

    private static Dictionary<string, string> Cells(string header, string line)
    {
        var names = header.Split(',');
        var values = line.Split(',');
        Assert.Equal(names.Length, values.Length);
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    private static double Parse(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
