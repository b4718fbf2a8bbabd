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

    public double Score(PodFit fit, int node) =>
        Score(fit.ColdSeconds, fit.MissingSeconds(node), fit.MissingBytes(node) > 0 ? fit.WaitSeconds(node) : 0, fit.Load(node));

    /// <summary>
    /// The same score from sums the caller has read already: the pod's cold pull and the node's missing seconds, the
    /// wait for its link (0 where it downloads nothing) and its load, 0 to 1.
    /// </summary>
    public double Score(double coldSeconds, double missingSeconds, double waitSeconds, double load) =>
        coldSeconds - missingSeconds - waitSeconds - (LoadPenaltySeconds * load);
}
