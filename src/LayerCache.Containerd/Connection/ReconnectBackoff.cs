namespace LayerCache.Containerd;

/// <summary>
/// Exponential delays between attempts to reach containerd: the initial delay doubling up to a cap,
/// until the total waited passes the give-up bound.
/// </summary>
public sealed class ReconnectBackoff
{
    public ReconnectBackoff(TimeSpan initialDelay, TimeSpan maxDelay, TimeSpan giveUpAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(giveUpAfter, TimeSpan.Zero);
        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        GiveUpAfter = giveUpAfter;
    }

    public TimeSpan InitialDelay { get; }

    public TimeSpan MaxDelay { get; }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>The delays to wait, in order; their sum does not exceed <see cref="GiveUpAfter"/>.</summary>
    public IEnumerable<TimeSpan> Delays()
    {
        var delay = InitialDelay;
        var waited = TimeSpan.Zero;
        while (waited + delay <= GiveUpAfter)
        {
            yield return delay;
            waited += delay;
            delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
        }

        var rest = GiveUpAfter - waited;
        if (rest > TimeSpan.Zero)
        {
            yield return rest;
        }
    }
}
