namespace LayerCache.Agent.Cluster;

/// <summary>
/// The bytes orders may bring onto the node: at most <c>perOrder</c> in one order (what a layer order says it brings,
/// checked before it runs), and at most <c>perHour</c> in the last hour (what orders did bring). Whoever can write an
/// order cannot fill the node's disk or its link with it.
/// </summary>
public sealed class OrderBudget(long perOrder, long perHour, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Queue<(DateTimeOffset At, long Bytes)> _spent = new();
    private readonly Lock _lock = new();
    private long _inWindow;

    public long PerOrder { get; } = perOrder;

    public long PerHour { get; } = perHour;

    /// <summary>Null when an order that says it brings <paramref name="bytes"/> (null: it does not say) may run, else why not.</summary>
    public string? Refusal(long? bytes)
    {
        if (bytes > PerOrder)
        {
            return $"the order brings {bytes} bytes, over Agent:MaxOrderBytes ({PerOrder})";
        }

        lock (_lock)
        {
            Expire();
            var after = _inWindow + (bytes ?? 0);
            return after > PerHour || _inWindow >= PerHour
                ? $"orders brought {_inWindow} bytes in the last hour; {bytes ?? 0} more would pass Agent:MaxOrderBytesPerHour ({PerHour})"
                : null;
        }
    }

    /// <summary>Counts what an order brought.</summary>
    public void Spent(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _spent.Enqueue((time.GetUtcNow(), bytes));
            _inWindow += bytes;
        }
    }

    private void Expire()
    {
        var oldest = time.GetUtcNow() - Window;
        while (_spent.TryPeek(out var spent) && spent.At <= oldest)
        {
            _inWindow -= _spent.Dequeue().Bytes;
        }
    }
}
