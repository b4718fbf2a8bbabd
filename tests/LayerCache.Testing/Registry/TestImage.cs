using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.Testing.Registry;

/// <summary>A synthetic single-platform image: config and manifest bytes with their descriptors, and the layers as the manifest lists them.</summary>
public sealed record TestImage(
    Platform Platform,
    Descriptor Config,
    byte[] ConfigBytes,
    Descriptor Manifest,
    byte[] ManifestBytes,
    IReadOnlyList<TestLayer> TestLayers,
    IReadOnlyList<Layer> Layers)
{
    public Digest ManifestDigest => Manifest.Digest;
}
