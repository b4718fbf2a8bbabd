using LayerCache.Core.Retries;

namespace LayerCache.Core.Tests.Retries;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public void Nominal_DoublesFromTheFirstUpToTheMax()
    {
        var backoff = new RetryBackoff(First, Max);

        Assert.Equal([250, 500, 1000, 2000, 4000, 5000, 5000], Enumerable.Range(1, 7).Select(a => (int)backoff.Nominal(a).TotalMilliseconds));
        Assert.Equal(Max, backoff.Nominal(1_000));
    }

    [Fact]
    public void Delay_IsBetweenHalfTheNominalWaitAndAllOfIt()
    {
        var backoff = new RetryBackoff(First, Max, new Random(3));

        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var nominal = backoff.Nominal(attempt);
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(backoff.Delay(attempt), nominal / 2, nominal);
            }
        }
    }

    /// <summary>
    /// A DaemonSet's agents all lose Redis at the same instant and retry: each its own draws, they come back spread over
    /// a window as wide as half the nominal wait, not in lockstep as they did with a plain doubling.
    /// </summary>
    [Fact]
    public void ManyAgents_LosingRedisAtOnce_RetrySpreadOut()
    {
        const int Agents = 500;
        var retryTimes = Enumerable.Range(0, Agents).Select(seed =>
        {
            var backoff = new RetryBackoff(First, Max, new Random(seed));
            return Enumerable.Range(1, 6).Select(backoff.Delay).Aggregate(TimeSpan.Zero, (sum, d) => sum + d).TotalMilliseconds;
        }).ToList();
        var lockstep = Enumerable.Range(1, 6).Sum(a => new RetryBackoff(First, Max).Nominal(a).TotalMilliseconds);

        // Six retries' nominal waits add up to 12.75 s; drawn, they land anywhere in the second half of that, spread out.
        Assert.All(retryTimes, t => Assert.InRange(t, lockstep / 2, lockstep));
        Assert.True(retryTimes.Max() - retryTimes.Min() > lockstep / 4, $"the sixth retries span {retryTimes.Max() - retryTimes.Min():F0} ms");
        var busiest = retryTimes.GroupBy(t => (int)(t / 100)).Max(g => g.Count());
        Assert.True(busiest <= Agents / 10, $"{busiest} of {Agents} agents retried within the same 100 ms");
    }

    [Fact]
    public void Construct_NonPositiveFirstOrMaxBelowFirst_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoff(TimeSpan.Zero, Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoff(Max, First));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryBackoff(First, Max).Delay(0));
    }
}
