namespace LayerCache.LoadTest.Cost;

/// <summary>Redis operations the synthetic agents and the order issuer have done, counted as they complete (thread-safe).</summary>
public sealed class AgentCounters
{
    private long _publishes;
    private long _heartbeats;
    private long _polls;
    private long _pulls;
    private long _uses;
    private long _ordersAppended;
    private long _progressReports;
    private long _ordersCompleted;
    private long _failures;

    public void Published() => Interlocked.Increment(ref _publishes);

    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    /// <summary>One turn of the order consumer's loop (a read of the stream unless its orders in flight are at the limit).</summary>
    public void Polled() => Interlocked.Increment(ref _polls);

    public void Pulled() => Interlocked.Increment(ref _pulls);

    public void Used() => Interlocked.Increment(ref _uses);

    public void OrderAppended() => Interlocked.Increment(ref _ordersAppended);

    public void ProgressReported() => Interlocked.Increment(ref _progressReports);

    public void OrderCompleted() => Interlocked.Increment(ref _ordersCompleted);

    public void Failed() => Interlocked.Increment(ref _failures);

    public AgentCounts Read() => new(
        Interlocked.Read(ref _publishes),
        Interlocked.Read(ref _heartbeats),
        Interlocked.Read(ref _polls),
        Interlocked.Read(ref _pulls),
        Interlocked.Read(ref _uses),
        Interlocked.Read(ref _ordersAppended),
        Interlocked.Read(ref _progressReports),
        Interlocked.Read(ref _ordersCompleted),
        Interlocked.Read(ref _failures));
}
