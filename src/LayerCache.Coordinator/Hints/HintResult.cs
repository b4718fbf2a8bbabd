namespace LayerCache.Coordinator.Hints;

/// <summary>
/// A hint's answer that owns its nodes (copied out of <see cref="HintScores"/>), for answers that are serialised after
/// the scores are disposed: per image whether it is known, and per node the numbers.
/// </summary>
/// <param name="Stale">The view is not known to be current (its store is unreachable or has not synced yet).</param>
/// <param name="Resolved">Every image is known; when false every node has the neutral score 0.</param>
public sealed record HintResult(IReadOnlyList<ImageHint> Images, bool Stale, bool Resolved, NodeHint[] Nodes);
