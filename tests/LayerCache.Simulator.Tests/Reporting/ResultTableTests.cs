using LayerCache.Simulator.Reporting;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Reporting;

public sealed class ResultTableTests
{
    [Fact]
    public void Format_Results_HeaderRuleAndOneAlignedRowPerPolicy()
    {
        var lines = Lines(ResultTable.Format(SampleResults.ThreePolicies()));

        Assert.Equal(5, lines.Length);
        Assert.StartsWith("policy", lines[0]);
        Assert.Contains("mean s", lines[0]);
        Assert.Contains("wall s", lines[0]);
        Assert.Matches("^[- ]+$", lines[1]);
        Assert.Equal(["agnostic", "image", "layer"], lines.Skip(2).Select(l => l.Split(' ')[0]));
        Assert.All(lines, l => Assert.Equal(lines[0].Length, l.Length));
    }

    [Fact]
    public void Format_Results_SpeedupAgainstBaseline()
    {
        var lines = Lines(ResultTable.Format(SampleResults.ThreePolicies()));

        Assert.Contains(" 1.00x ", lines[2]);
        Assert.Contains(" 1.25x ", lines[3]);
        Assert.Contains(" 2.00x ", lines[4]);
    }

    [Fact]
    public void Format_NoBaseline_SpeedupIsDash()
    {
        var lines = Lines(ResultTable.Format(SampleResults.ThreePolicies(), baselinePolicy: "absent"));

        Assert.All(lines.Skip(2), l => Assert.Contains(" - ", l));
        Assert.DoesNotContain("x ", string.Join('\n', lines.Skip(2)));
    }

    [Fact]
    public void Format_Result_NumbersInInvariantUnits()
    {
        var row = Lines(ResultTable.Format([SampleResults.Result("layer", 2.0)]))[2];

        // Mean 2.00 s of which 0.11 wait, 1.20 transfer, 0.61 unpack, 0.25 start; hit 61.8 %, 123.5 GB on demand, 9.9 GB prefetched, 133.3 GB in all, 100.5 over the WAN and 33.0
        // over the LAN, 41.4 % slots, 27.2 % free.
        Assert.Equal(
            ["layer", "2.00", "1.00", "5.10", "8.70", "0.11", "1.20", "0.61", "0.25", "-", "61.8", "123.5", "9.9", "133.3", "100.5", "33.0", "41.4", "27.2", "4321", "1.5"],
            row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void FormatMarkdown_Results_GitHubTable()
    {
        var lines = Lines(ResultTable.FormatMarkdown(SampleResults.ThreePolicies()));

        Assert.Equal(5, lines.Length);
        Assert.StartsWith("| policy | mean s |", lines[0]);
        Assert.Equal("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", 19)), lines[1]);
        Assert.StartsWith("| layer | 2.00 |", lines[4]);
        Assert.Contains("| 2.00x |", lines[4]);
        Assert.All(lines, l => Assert.Equal(21, l.Count(c => c == '|')));
    }

    [Fact]
    public void FormatMarkdown_PolicyWithPipe_Escaped()
    {
        var lines = Lines(ResultTable.FormatMarkdown([SampleResults.Result("a|b", 1.0)]));

        Assert.StartsWith("| a\\|b |", lines[2]);
    }

    private static string[] Lines(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
