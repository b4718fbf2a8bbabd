using System.Net.Http.Headers;

namespace LayerCache.Registry.Tests;

public sealed class RetryDelaysTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfter_Seconds_IsThatLong()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelays.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThen()
    {
        var header = RetryConditionHeaderValue.Parse(Now.AddSeconds(42).ToString("R"));

        Assert.Equal(TimeSpan.FromSeconds(42), RetryDelays.RetryAfter(header, Now));
    }

    [Fact]
    public void RetryAfter_DateInThePast_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, RetryDelays.RetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(-1)), Now));
    }

    [Fact]
    public void RetryAfter_Missing_IsNull()
    {
        Assert.Null(RetryDelays.RetryAfter(null, Now));
    }

    [Fact]
    public void Backoff_DoublesUpToTheCap()
    {
        var options = new RegistryOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(350) };

        var delays = Enumerable.Range(1, 4).Select(f => RetryDelays.Backoff(options, f).TotalMilliseconds).ToArray();

        Assert.Equal([100d, 200d, 350d, 350d], delays);
    }
}
