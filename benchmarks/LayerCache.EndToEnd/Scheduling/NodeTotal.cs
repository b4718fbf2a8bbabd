namespace LayerCache.EndToEnd.Scheduling;

/// <summary>One feasible node's scores for a pod: each part as the scheduler weighs it, and their sum.</summary>
/// <param name="Extender">The extender's raw 0..10 answer; the total adds it times weight times 10.</param>
internal sealed record NodeTotal(string Node, long LeastAllocated, long ImageLocality, long Extender, long Total);
