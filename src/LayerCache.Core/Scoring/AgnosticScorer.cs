namespace LayerCache.Core.Scoring;

/// <summary>Ignores what nodes hold: every node scores the same, so placement falls to the tie-break.</summary>
public sealed class AgnosticScorer : INodeScorer
{
    public string Name => "agnostic";

    public bool ReadsLoad => false;

    public double Score(PodFit fit, int node) => 0;
}
