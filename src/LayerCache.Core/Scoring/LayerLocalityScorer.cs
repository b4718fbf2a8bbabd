namespace LayerCache.Core.Scoring;

/// <summary>The paper's layer-aware placement: the bytes of the pod's layers that the node already holds.</summary>
public sealed class LayerLocalityScorer : INodeScorer
{
    public string Name => "layer";

    public bool ReadsLoad => false;

    public double Score(PodFit fit, int node) => fit.PresentBytes(node);
}
