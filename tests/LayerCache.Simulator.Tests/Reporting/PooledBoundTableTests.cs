using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Reporting;

namespace LayerCache.Simulator.Tests.Reporting;

public sealed class PooledBoundTableTests
{
    private static readonly PooledBoundResult[] Results =
    [
        new(PooledRule.Foresight, 4_997_000_000_000, 1.2371),
        new(PooledRule.LeastRecentlyUsed, 7_535_300_000_000, 1.874),
    ];

    [Fact]
    public void Format_Results_ARowARuleWithSecondsAndGigabytes()
    {
        var lines = Lines(PooledBoundTable.Format(Results));

        Assert.Equal(4, lines.Length);
        Assert.Equal(["pooled", "cache", "rule", "pull", "s", "per", "request", "pulled", "GB"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["foresight", "1.24", "4997.0"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["lru", "1.87", "7535.3"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void FormatMarkdown_Results_GitHubTable()
    {
        var lines = Lines(PooledBoundTable.FormatMarkdown(Results));

        Assert.Equal("| pooled cache rule | pull s per request | pulled GB |", lines[0]);
        Assert.Equal("| --- | ---: | ---: |", lines[1]);
        Assert.Equal("| foresight | 1.24 | 4997.0 |", lines[2]);
    }

    private static string[] Lines(string table) => table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
