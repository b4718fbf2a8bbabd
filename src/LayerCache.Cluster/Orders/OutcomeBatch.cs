namespace LayerCache.Cluster;

/// <summary>Outcomes read from the global stream, and the stream id to read after next time.</summary>
public sealed record OutcomeBatch(IReadOnlyList<OrderOutcome> Outcomes, string LastId);
