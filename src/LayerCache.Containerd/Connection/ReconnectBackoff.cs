using LayerCache.Core.Retries;

namespace LayerCache.Containerd;

/// <summary>
/// Delays between attempts to reach containerd (<see cref="RetryBackoff"/>: the initial delay doubling up to a cap, each
/// drawn between half and all of it), until the total waited passes the give-up bound.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly RetryBackoff _retry;

    public ReconnectBackoff(TimeSpan initialDelay, TimeSpan maxDelay, TimeSpan giveUpAfter, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(giveUpAfter, TimeSpan.Zero);
        _retry = new RetryBackoff(initialDelay, maxDelay, random);
        GiveUpAfter = giveUpAfter;
    }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>The wait before retry number <paramref name="attempt"/> (from 1), with no give-up bound.</summary>
    public TimeSpan Delay(int attempt) => _retry.Delay(attempt);

    /// <summary>The delays to wait, in order; their sum does not exceed <see cref="GiveUpAfter"/>.</summary>
    public IEnumerable<TimeSpan> Delays()
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var delay = _retry.Delay(attempt);
            if (waited + delay > GiveUpAfter)
            {
                break;
            }

            yield return delay;
            waited += delay;
        }

        var rest = GiveUpAfter - waited;
        if (rest > TimeSpan.Zero)
        {
            yield return rest;
        }
    }
}
