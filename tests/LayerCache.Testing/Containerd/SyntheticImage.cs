using LayerCache.Containerd;
using LayerCache.Core.Model;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// An image written straight into containerd's content store by <see cref="SyntheticImageWriter"/>: its record's
/// target, and the manifest and layers for this node's platform. <see cref="AllBlobs"/> also lists the index and
/// the other platform's manifest, config and layers.
/// </summary>
public sealed record SyntheticImage(
    string Name,
    ContentDescriptor Target,
    Digest ManifestDigest,
    Digest ConfigDigest,
    IReadOnlyList<Layer> Layers,
    IReadOnlyList<Digest> AllBlobs);
