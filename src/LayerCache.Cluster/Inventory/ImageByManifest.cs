using LayerCache.Core.Model;

namespace LayerCache.Cluster;

/// <summary>
/// An image as schema 2 stores it on a node and in a delta: its reference and its manifest digest, the layers being in
/// the manifest catalog once for every node (<see cref="ManifestCatalog"/>). In the node's hash the reference is the
/// field's name and is left out of the value.
/// </summary>
public sealed record ImageByManifest(string? Reference, Digest Manifest)
{
    /// <summary>True when <paramref name="image"/> can be stored so: its manifest's bytes are known, and so can be checked by a reader.</summary>
    public static bool Fits(ContainerImage image) => image.ManifestDigest is not null && !image.Manifest.IsEmpty;
}
