namespace LayerCache.Simulator.Engine;

/// <summary>What a pooled cache under one rule pulled for a trace.</summary>
/// <param name="MeanPullSeconds">Cold-pull seconds (transfer and unpack) of the layers pulled, per request.</param>
public sealed record PooledBoundResult(PooledRule Rule, long PulledBytes, double MeanPullSeconds)
{
    /// <summary>The rule's name in tables and charts.</summary>
    public string Name => Rule switch
    {
        PooledRule.Foresight => "foresight",
        PooledRule.KnownCounts => "known counts",
        PooledRule.Frequency => "frequency",
        _ => "lru",
    };
}
