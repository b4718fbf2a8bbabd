namespace LayerCache.Core.Costs;

/// <summary>
/// A node's download bandwidth learnt from its transfers: an exponentially weighted average of observed rates,
/// each transfer weighing by its bytes against <see cref="HalfWeightBytes"/>, so one large download moves the
/// estimate more than many tiny ones whose time is mostly round trips.
/// </summary>
public sealed class BandwidthEstimator
{
    private readonly Lock _lock = new();
    private double _bytesPerSecond;

    public BandwidthEstimator(double initialBytesPerSecond, long halfWeightBytes = 256L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfWeightBytes);
        _bytesPerSecond = initialBytesPerSecond;
        HalfWeightBytes = halfWeightBytes;
    }

    /// <summary>A transfer of this many bytes moves the estimate halfway to its own rate.</summary>
    public long HalfWeightBytes { get; }

    public double BytesPerSecond
    {
        get
        {
            lock (_lock)
            {
                return _bytesPerSecond;
            }
        }
    }

    public int Samples { get; private set; }

    /// <summary>Counts one finished transfer. Transfers too short to time are ignored.</summary>
    public void Record(long bytes, TimeSpan elapsed)
    {
        if (bytes <= 0 || elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var rate = bytes / elapsed.TotalSeconds;
        var weight = 1 - Math.Pow(0.5, (double)bytes / HalfWeightBytes);
        lock (_lock)
        {
            _bytesPerSecond += weight * (rate - _bytesPerSecond);
            Samples++;
        }
    }
}
