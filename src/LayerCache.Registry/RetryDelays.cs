using System.Net.Http.Headers;

namespace LayerCache.Registry;

/// <summary>How long to wait before the next try: exponential backoff, or what a 429/503 Retry-After asks for.</summary>
internal static class RetryDelays
{
    /// <summary>InitialBackoff x 2^(failures-1), capped at MaxBackoff; no jitter, so tests and the simulator stay deterministic.</summary>
    public static TimeSpan Backoff(RegistryOptions options, int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.InitialBackoff.Ticks * factor, options.MaxBackoff.Ticks));
        return delay;
    }

    /// <summary>The Retry-After of a response (seconds or an HTTP date), or null when it has none.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
