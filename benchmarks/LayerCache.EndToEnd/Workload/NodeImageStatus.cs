using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// The images each node reports, as the kubelet puts them in its node status for ImageLocality: every tag with the
/// image's size, the 50 largest images at most. Read from each node's CRI before each pod is scheduled (the kubelet
/// reports every 10 s or so; fresher here, which can only help the baseline).
/// </summary>
internal sealed class NodeImageStatus(IReadOnlyList<SiteNodeRuntime> nodes) : INodeImages
{
    /// <summary>The kubelet's nodeStatusMaxImages default.</summary>
    private const int MaxImages = 50;

    private readonly Dictionary<string, IReadOnlyDictionary<string, long>> _images = [];

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(nodes.Select(n => n.Client.ListCriImagesAsync(cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < nodes.Count; i++)
        {
            var byTag = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var image in lists[i].OrderByDescending(image => image.SizeBytes).Take(MaxImages))
            {
                foreach (var tag in image.RepoTags)
                {
                    byTag[tag] = image.SizeBytes;
                }
            }

            _images[nodes[i].Node.Name] = byTag;
        }
    }

    public IReadOnlyDictionary<string, long> ImagesOn(string node) =>
        _images.TryGetValue(node, out var images) ? images : new Dictionary<string, long>();
}
