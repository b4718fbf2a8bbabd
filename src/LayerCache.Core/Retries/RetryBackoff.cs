namespace LayerCache.Core.Retries;

/// <summary>
/// The wait before each retry of a call to Redis or containerd, the same for every loop that retries one: the nominal
/// wait starts at <see cref="First"/> and doubles up to <see cref="Max"/>, and each wait is drawn at random between half
/// of it and all of it. Without the draw, every agent of a DaemonSet that lost Redis at the same moment would retry, and
/// rewrite its inventory, at the same moments after it came back; with it, their retries spread over half of each wait.
/// </summary>
public sealed class RetryBackoff
{
    private readonly Random _random;

    /// <param name="random">Where the draws come from: <see cref="Random.Shared"/> unless a test seeds its own.</param>
    public RetryBackoff(TimeSpan first, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        First = first;
        Max = max;
        _random = random ?? Random.Shared;
    }

    public TimeSpan First { get; }

    public TimeSpan Max { get; }

    /// <summary>The wait without the draw before retry number <paramref name="attempt"/> (from 1).</summary>
    public TimeSpan Nominal(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var doublings = Math.Min(attempt - 1, 30);
        return TimeSpan.FromTicks((long)Math.Min(First.Ticks * Math.Pow(2, doublings), Max.Ticks));
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (from 1): between half of <see cref="Nominal"/> and all of it.</summary>
    public TimeSpan Delay(int attempt)
    {
        var nominal = Nominal(attempt).Ticks;
        double draw;
        lock (_random)
        {
            draw = _random.NextDouble();
        }

        return TimeSpan.FromTicks((long)(nominal * (0.5 + (0.5 * draw))));
    }
}
