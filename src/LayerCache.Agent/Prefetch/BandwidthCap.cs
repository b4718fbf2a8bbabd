using System.Threading.RateLimiting;

namespace LayerCache.Agent.Prefetch;

/// <summary>A cap on bytes a second shared by every stream it wraps: a token bucket refilled each tenth of a second.</summary>
internal sealed class BandwidthCap : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;
    private readonly int _permits;

    private BandwidthCap(long bytesPerSecond)
    {
        // A tenth of a second's bytes at a time, so the cap holds over short windows too.
        _permits = (int)Math.Max(Math.Min(bytesPerSecond, int.MaxValue) / 10, 1);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _permits,
            TokensPerPeriod = _permits,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            AutoReplenishment = true,
        });
    }

    /// <summary>Null for no cap (0).</summary>
    public static BandwidthCap? Of(long bytesPerSecond) => bytesPerSecond > 0 ? new BandwidthCap(bytesPerSecond) : null;

    /// <summary>A write-only stream onto <paramref name="destination"/> that waits for the cap.</summary>
    public Stream Wrap(Stream destination) => new ThrottledStream(destination, _limiter, _permits);

    public void Dispose() => _limiter.Dispose();
}
