namespace LayerCache.Cluster;

/// <summary>How an order ended on its node: what it moved, how long it took, and the error when it failed.</summary>
public sealed record OrderOutcome(
    string OrderId,
    string Node,
    OrderKind Kind,
    bool Succeeded,
    long Bytes,
    double Seconds,
    string? Error,
    DateTimeOffset At);
