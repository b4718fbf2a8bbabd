using LayerCache.EndToEnd.Workload;

namespace LayerCache.EndToEnd.Tests.Workload;

public sealed class PullAuditTotalsTests
{
    [Fact]
    public void Add_SplitsTheViewsErrorIntoWhatItListedTooMuchAndTooLittle()
    {
        var totals = new PullAuditTotals()
            .Add(imageBytes: 100, heldBytes: 40, viewHeldBytes: 70)   // the view listed 30 the node had evicted
            .Add(imageBytes: 50, heldBytes: 50, viewHeldBytes: 20)    // the node had pulled 30 the view did not know of
            .Add(imageBytes: 80, heldBytes: 10, viewHeldBytes: 10)    // the view was right
            .Add(imageBytes: 60, heldBytes: 0, viewHeldBytes: null);  // the view did not know the node

        Assert.Equal(4, totals.Pods);
        Assert.Equal(290, totals.ImageBytes);
        Assert.Equal(100, totals.HeldBytes);
        Assert.Equal(190, totals.MissingBytes);
        Assert.Equal(3, totals.ViewPods);
        Assert.Equal(30, totals.OverclaimedBytes);
        Assert.Equal(30, totals.UnderclaimedBytes);
        Assert.Equal(1, totals.OverclaimedPods);
    }
}
