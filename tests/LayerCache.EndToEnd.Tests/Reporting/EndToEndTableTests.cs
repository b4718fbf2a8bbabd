using LayerCache.EndToEnd.Reporting;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class EndToEndTableTests
{
    [Fact]
    public void Format_FourPolicies_EveryLineAsWideAsTheHeaderAndColumnsLineUp()
    {
        var lines = Lines(EndToEndTable.Format(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.Equal(6, lines.Length);
        Assert.All(lines, l => Assert.Equal(lines[0].Length, l.Length));

        // Numbers are right-aligned: each column's cells end where its header ends.
        var meanEnd = lines[0].IndexOf("mean s", StringComparison.Ordinal) + "mean s".Length;
        Assert.Equal("4.00", lines[2][(meanEnd - 4)..meanEnd]);
        Assert.Equal("1.00", lines[5][(meanEnd - 4)..meanEnd]);
    }

    [Fact]
    public void Format_FourPolicies_SpeedupAgainstAgnostic()
    {
        var rows = Rows(EndToEndTable.Format(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.Contains("1.00x", rows["agnostic"]);
        Assert.Contains("2.00x", rows["image-k8s"]);
        Assert.Contains("2.50x", rows["layer"]);
        Assert.Contains("4.00x", rows["layercache"]);
    }

    [Fact]
    public void Format_FourPolicies_ColumnsInOrderWithKnownValues()
    {
        var rows = Rows(EndToEndTable.Format(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        // policy, pods, mean, p50, p95, p99, wait, transfer, unpack, start, speedup, registry MB, WAN MB, slot util %, spread,
        // sim mean, sim p95, ratio
        Assert.Equal(
            ["layercache", "4", "1.00", "0.90", "2.00", "3.00", "0.10", "0.50", "0.25", "0.15", "4.00x", "250.0", "125.0", "45.6", "0.50", "0.93", "1.90", "0.93"],
            rows["layercache"]);
        Assert.Equal(
            ["agnostic", "4", "4.00", "3.60", "8.00", "12.00", "0.10", "2.00", "1.00", "0.90", "1.00x", "1500.0", "750.0", "45.6", "0.00", "3.60", "7.00", "0.90"],
            rows["agnostic"]);
    }

    [Fact]
    public void Format_MissingPrediction_DashesInSimulatedColumns()
    {
        var rows = Rows(EndToEndTable.Format(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.Equal(["-", "-", "-"], rows["layer"][^3..]);
    }

    [Fact]
    public void Format_WithoutAgnostic_SpeedupDash()
    {
        var rows = Rows(EndToEndTable.Format(SampleRuns.FourPolicies().Skip(1).ToList(), []));

        Assert.All(rows.Values, r => Assert.Equal("-", r[10]));
    }

    [Fact]
    public void FormatMarkdown_FourPolicies_HeaderRuleAndOneRowPerPolicy()
    {
        var lines = Lines(EndToEndTable.FormatMarkdown(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.Equal(6, lines.Length);
        Assert.StartsWith("| policy | pods | mean s |", lines[0], StringComparison.Ordinal);
        Assert.Equal(18, lines[1].Count(c => c == '-' || c == ':') / 4);
        Assert.Equal("| layer | 4 | 1.60 |", lines[4][..20]);
        Assert.EndsWith("| - | - | - |", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_FourPolicies_StartupPartsAddUpToTheMean()
    {
        var rows = Rows(EndToEndTable.Format(SampleRuns.FourPolicies(), SampleRuns.Predictions()));

        Assert.All(rows.Values, r => Assert.Equal(Number(r[2]), Number(r[6]) + Number(r[7]) + Number(r[8]) + Number(r[9]), 2));
    }

    private static double Number(string cell) => double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    private static Dictionary<string, string[]> Rows(string text) =>
        Lines(text).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(cells => cells[0]);
}
