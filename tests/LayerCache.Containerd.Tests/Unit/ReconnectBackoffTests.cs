namespace LayerCache.Containerd.Tests.Unit;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_DoubleFromTheInitialDelayUpToTheCap_EachDrawnFromItsUpperHalf_AndStopAtTheGiveUpBound()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), new Random(7));

        var delays = backoff.Delays().Select(d => d.TotalMilliseconds).ToList();

        int[] nominal = [100, 200, 400, 800, 1600, 3200, 5000, 5000];
        foreach (var (delay, n) in delays.Zip(nominal))
        {
            Assert.InRange(delay, n / 2.0, n);
        }

        Assert.True(delays.Count >= nominal.Length, $"{delays.Count} delays");
        Assert.InRange(delays.Sum(), 15_000, 20_000);
    }

    [Fact]
    public void Delays_WithAZeroGiveUpBound_AreNone()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.Zero);

        Assert.Empty(backoff.Delays());
    }
}
