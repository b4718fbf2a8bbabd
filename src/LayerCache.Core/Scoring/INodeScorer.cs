namespace LayerCache.Core.Scoring;

/// <summary>Ranks nodes for a pod: a higher score is a better node. Scores are compared only within one pod.</summary>
public interface INodeScorer
{
    /// <summary>The name used in configuration, tables and metrics.</summary>
    string Name { get; }

    double Score(PodFit fit, int node);
}
