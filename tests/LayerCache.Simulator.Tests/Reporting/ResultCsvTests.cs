using System.Globalization;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Reporting;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Reporting;

public sealed class ResultCsvTests
{
    private const string Header =
        "policy,mean_s,p50_s,p95_s,p99_s,hit_ratio,ondemand_bytes,prefetch_bytes,slot_utilization,free_storage_fraction,speedup_vs_baseline,queue_s,evictions,requests,wall_s,registry_bytes,peer_bytes," +
        "wait_s,transfer_s,unpack_s,start_s,unpack_ahead_bytes";

    [Fact]
    public void Write_Results_HeaderThenOneRowPerPolicy()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("results.csv");

        ResultCsv.Write(path, SampleResults.ThreePolicies());

        var lines = File.ReadAllLines(path);
        Assert.Equal(Header, lines[0]);
        Assert.Equal(["agnostic", "image", "layer"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Write_Results_EachRowParsesBackToTheResult()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("results.csv");
        var results = SampleResults.ThreePolicies();

        ResultCsv.Write(path, results);

        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(results.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            AssertRow(results[i], rows[i]);
        }
    }

    [Fact]
    public void Write_Results_SpeedupIsBaselineMeanOverMean()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("results.csv");

        ResultCsv.Write(path, SampleResults.ThreePolicies());

        var speedups = File.ReadAllLines(path).Skip(1).Select(l => Parse(l.Split(',')[10])).ToList();
        Assert.Equal([1.0, 4.0 / 3.2, 2.0], speedups);
    }

    [Fact]
    public void Write_NoBaseline_SpeedupFieldEmpty()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("results.csv");

        ResultCsv.Write(path, SampleResults.ThreePolicies(), baselinePolicy: "absent");

        Assert.All(File.ReadAllLines(path).Skip(1), l => Assert.Equal(string.Empty, l.Split(',')[10]));
    }

    [Fact]
    public void Write_PolicyWithCommaAndQuote_QuotedAsRfc4180()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("results.csv");

        ResultCsv.Write(path, [SampleResults.Result("layer, \"tuned\"", 2.0)]);

        Assert.StartsWith("\"layer, \"\"tuned\"\"\",2,", File.ReadAllLines(path)[1]);
    }

    [Fact]
    public void Write_MissingParentDirectory_CreatesIt()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("deep", "er", "results.csv");

        ResultCsv.Write(path, SampleResults.ThreePolicies());

        Assert.Equal(4, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void WriteSweep_Points_TwoLeadingColumnsAndOneRowPerValueAndPolicy()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.csv");
        var small = SampleResults.ThreePolicies();
        var large = small.Select(r => r with { MeanSeconds = r.MeanSeconds / 2 }).ToList();
        SweepPoint[] points = [new(100, small), new(200, large)];

        ResultCsv.WriteSweep(path, "nodes", points);

        var lines = File.ReadAllLines(path);
        Assert.Equal("sweep,value," + Header, lines[0]);
        Assert.Equal(7, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("nodes", r[0]));
        Assert.Equal(["100", "100", "100", "200", "200", "200"], rows.Select(r => r[1]));
        for (var i = 0; i < 3; i++)
        {
            AssertRow(small[i], rows[i][2..]);
            AssertRow(large[i], rows[i + 3][2..]);
        }
    }

    [Fact]
    public void WriteSweep_FractionalValue_WrittenInvariant()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.FilePath("sweep.csv");

        ResultCsv.WriteSweep(path, "zipf", [new SweepPoint(0.75, SampleResults.ThreePolicies())]);

        Assert.StartsWith("zipf,0.75,agnostic,", File.ReadAllLines(path)[1]);
    }

    private static void AssertRow(SimulationResult expected, string[] row)
    {
        Assert.Equal(22, row.Length);
        Assert.Equal(expected.Policy, row[0]);
        Assert.Equal(expected.MeanSeconds, Parse(row[1]));
        Assert.Equal(expected.P50Seconds, Parse(row[2]));
        Assert.Equal(expected.P95Seconds, Parse(row[3]));
        Assert.Equal(expected.P99Seconds, Parse(row[4]));
        Assert.Equal(expected.HitRatio, Parse(row[5]));
        Assert.Equal(expected.OnDemandBytes, long.Parse(row[6], CultureInfo.InvariantCulture));
        Assert.Equal(expected.PrefetchBytes, long.Parse(row[7], CultureInfo.InvariantCulture));
        Assert.Equal(expected.SlotUtilization, Parse(row[8]));
        Assert.Equal(expected.FreeStorageFraction, Parse(row[9]));
        Assert.Equal(expected.MeanQueueSeconds, Parse(row[11]));
        Assert.Equal(expected.Evictions, long.Parse(row[12], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Requests, int.Parse(row[13], CultureInfo.InvariantCulture));
        Assert.Equal(expected.WallSeconds, Parse(row[14]));
        Assert.Equal(expected.RegistryBytes, long.Parse(row[15], CultureInfo.InvariantCulture));
        Assert.Equal(expected.PeerBytes, long.Parse(row[16], CultureInfo.InvariantCulture));
        Assert.Equal(expected.MeanWaitSeconds, Parse(row[17]));
        Assert.Equal(expected.MeanTransferSeconds, Parse(row[18]));
        Assert.Equal(expected.MeanUnpackSeconds, Parse(row[19]));
        Assert.Equal(expected.MeanStartSeconds, Parse(row[20]));
        Assert.Equal(expected.UnpackAheadBytes, long.Parse(row[21], CultureInfo.InvariantCulture));
    }

    private static double Parse(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
