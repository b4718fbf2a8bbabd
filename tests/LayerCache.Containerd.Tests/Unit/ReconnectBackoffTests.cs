namespace LayerCache.Containerd.Tests.Unit;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_DoubleFromTheInitialDelayUpToTheCap_AndStopAtTheGiveUpBound()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));

        var delays = backoff.Delays().Select(d => (int)d.TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 5000, 5000], delays.Take(8));
        Assert.Equal(20_000, delays.Sum());
        Assert.All(delays, d => Assert.InRange(d, 100, 5000));
    }

    [Fact]
    public void Delays_WithAZeroGiveUpBound_AreNone()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.Zero);

        Assert.Empty(backoff.Delays());
    }
}
