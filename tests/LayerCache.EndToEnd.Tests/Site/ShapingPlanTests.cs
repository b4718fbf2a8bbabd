using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

public sealed class ShapingPlanTests
{
    [Fact]
    public void For_Shared_ShapesTheUplinkOnceEachWay()
    {
        var commands = ShapingPlan.For(new SiteSettings { Nodes = 3, Wan = WanMode.Shared, WanMbit = 40 }).Select(c => c.ToString()).ToList();

        Assert.Single(commands, c => c.StartsWith("[lce2e-cloud] tc class", StringComparison.Ordinal) && c.Contains("rate 40mbit", StringComparison.Ordinal));
        Assert.Single(commands, c => c.Contains("class replace dev lce2e-wan", StringComparison.Ordinal) && c.Contains("rate 40mbit", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("filter", StringComparison.Ordinal));
    }

    [Fact]
    public void For_PerNode_GivesEachNodeItsOwnUplinkClass()
    {
        var commands = ShapingPlan.For(new SiteSettings { Nodes = 2, Wan = WanMode.PerNode, WanMbit = 40 }).Select(c => c.ToString()).ToList();

        Assert.DoesNotContain(commands, c => c.Contains("lce2e-wan", StringComparison.Ordinal) || c.Contains("lce2e-cloud", StringComparison.Ordinal));
        Assert.Equal(4, commands.Count(c => c.Contains("u32 match ip", StringComparison.Ordinal) && c.Contains("10.232.0.0/30", StringComparison.Ordinal)));
        Assert.Contains(commands, c => c.Contains("dev lce2e-v1", StringComparison.Ordinal) && c.Contains("match ip src", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("[lce2e-n1]", StringComparison.Ordinal) && c.Contains("match ip dst", StringComparison.Ordinal));
    }

    [Fact]
    public void Burst_Gigabit_CoversTimerTicks() => Assert.True(ShapingPlan.Burst(1000) >= 1000 * 1_000_000 / 8 / 250);
}
