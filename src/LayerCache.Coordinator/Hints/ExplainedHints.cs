namespace LayerCache.Coordinator.Hints;

/// <summary>The answer of <c>GET /v1/hints?explain=true</c>: the hint's numbers with how each node's were made, best first.</summary>
public sealed record ExplainedHints(IReadOnlyList<ImageHint> Images, bool Stale, bool Resolved, IReadOnlyList<HintExplanation> Nodes);
