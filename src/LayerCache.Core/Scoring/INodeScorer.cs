namespace LayerCache.Core.Scoring;

/// <summary>Ranks nodes for a pod: a higher score is a better node. Scores are compared only within one pod.</summary>
public interface INodeScorer
{
    /// <summary>The name used in configuration, tables and metrics.</summary>
    string Name { get; }

    /// <summary>
    /// Whether <see cref="Score"/> reads the node's load or link wait (<see cref="PodFit.Load"/>, <see cref="PodFit.WaitSeconds"/>):
    /// a caller that works them out for every node it scores may skip that where it does not.
    /// </summary>
    bool ReadsLoad => true;

    double Score(PodFit fit, int node);
}
