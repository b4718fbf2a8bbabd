namespace LayerCache.Coordinator.Hints;

/// <summary>What one node holds of a pod's images and how it scores.</summary>
/// <param name="Known">False for a node the view has no inventory of: everything is missing and it scores 0.</param>
/// <param name="RawScore">Estimated pull seconds the node saves against an empty node (Core's LayerCacheScorer).</param>
/// <param name="Score">0..10, the scheduler-extender scale; see <see cref="Core.Scoring.ExtenderScale"/>.</param>
public readonly record struct NodeHint(
    string Node,
    bool Known,
    long PresentBytes,
    long MissingBytes,
    double EstimatedPullSeconds,
    double RawScore,
    int Score);
