namespace LayerCache.Core.Scoring;

/// <summary>
/// LayerCache's own score: the estimated pull seconds the node saves against an empty node,
/// which counts the per-layer request cost that bytes alone miss, less a load penalty so that a
/// popular image does not herd every pod onto the one node that holds it.
/// </summary>
public sealed class LayerCacheScorer : INodeScorer
{
    public LayerCacheScorer(double loadPenaltySeconds = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(loadPenaltySeconds);
        LoadPenaltySeconds = loadPenaltySeconds;
    }

    /// <summary>Seconds of saving that a fully loaded node gives up against an idle one.</summary>
    public double LoadPenaltySeconds { get; }

    public string Name => "layercache";

    public double Score(PodFit fit, int node) =>
        fit.ColdSeconds - fit.MissingSeconds(node) - (LoadPenaltySeconds * fit.Load(node));
}
