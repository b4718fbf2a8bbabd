namespace LayerCache.Core.Scoring;

/// <summary>
/// LayerCache's own score: the estimated pull seconds the node saves against an empty node,
/// which counts the per-layer request cost that bytes alone miss, less a load penalty so that a
/// popular image does not herd every pod onto the one node that holds it, and less the wait for a busy link
/// where the node must download something.
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

    public double Score(PodFit fit, int node)
    {
        var wait = fit.MissingBytes(node) > 0 ? fit.WaitSeconds(node) : 0;
        return fit.ColdSeconds - fit.MissingSeconds(node) - wait - (LoadPenaltySeconds * fit.Load(node));
    }
}
