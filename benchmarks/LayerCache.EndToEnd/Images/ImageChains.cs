using LayerCache.Containerd;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// The snapshots the run's images unpack into: each image's chain IDs by reference, and for each chain ID the layer
/// blob whose unpack commits it (the chain's last layer).
/// </summary>
internal sealed class ImageChains
{
    private readonly Dictionary<string, IReadOnlyList<Digest>> _byReference = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, Digest> _blobOfChain = [];

    /// <param name="diffIds">The diff_id of every layer blob of <paramref name="images"/>, by the blob's digest.</param>
    public ImageChains(IEnumerable<ContainerImage> images, IReadOnlyDictionary<Digest, Digest> diffIds)
    {
        foreach (var image in images)
        {
            if (_byReference.ContainsKey(image.Reference))
            {
                continue;
            }

            var chain = ChainIds.Of([.. image.Layers.Select(l => diffIds.TryGetValue(l.Digest, out var d) ? d : throw new ArgumentException($"no diff_id for layer {l.Digest} of {image.Reference}", nameof(diffIds)))]);
            _byReference[image.Reference] = chain;
            for (var i = 0; i < chain.Count; i++)
            {
                _blobOfChain[chain[i]] = image.Layers[i].Digest;
            }
        }
    }

    /// <summary>The image's chain IDs, base first.</summary>
    public IReadOnlyList<Digest> Of(string reference) =>
        _byReference.TryGetValue(reference, out var chain) ? chain : throw new ArgumentException($"not an image of the run: {reference}", nameof(reference));

    /// <summary>The blob unpacked into the chain's snapshot, or null for a chain of no image of the run.</summary>
    public Digest? BlobOf(Digest chainId) => _blobOfChain.TryGetValue(chainId, out var blob) ? blob : null;
}
