namespace LayerCache.Core.Scoring;

/// <summary>
/// The paper's image-aware placement: the bytes of the pod's images that the node holds whole.
/// A node that holds all but one layer of an image gains nothing for it.
/// </summary>
public sealed class ImagePresenceScorer : INodeScorer
{
    public string Name => "image";

    public bool ReadsLoad => false;

    public double Score(PodFit fit, int node) => fit.PresentImageBytes(node);
}
