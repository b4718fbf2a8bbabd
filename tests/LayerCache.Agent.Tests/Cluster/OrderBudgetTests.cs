using LayerCache.Agent.Cluster;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>What orders may bring onto a node: per order, and in a sliding hour.</summary>
public sealed class OrderBudgetTests
{
    [Fact]
    public void Refusal_PerOrderAndPerHour_TheHourSlides()
    {
        var time = new SteppedTime();
        var budget = new OrderBudget(perOrder: 100, perHour: 250, time);

        Assert.Null(budget.Refusal(100));
        Assert.Contains("over Agent:MaxOrderBytes (100)", budget.Refusal(101), StringComparison.Ordinal);

        budget.Spent(100);
        time.Now += TimeSpan.FromMinutes(30);
        budget.Spent(100);
        Assert.Null(budget.Refusal(50));
        Assert.Contains("Agent:MaxOrderBytesPerHour (250)", budget.Refusal(51), StringComparison.Ordinal);

        // An order that does not say what it brings (an image) runs until the hour's budget is spent.
        Assert.Null(budget.Refusal(null));
        budget.Spent(60);
        Assert.NotNull(budget.Refusal(null));

        // The first 100 bytes leave the hour: 160 spent in it now.
        time.Now += TimeSpan.FromMinutes(30);
        Assert.Null(budget.Refusal(90));
        Assert.NotNull(budget.Refusal(91));
    }

    private sealed class SteppedTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
