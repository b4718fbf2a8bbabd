using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// What a reference resolved to: the digest the tag points at (an index or a manifest),
/// the manifest for the chosen platform, its config and layers.
/// </summary>
public sealed record ResolvedImage(
    ImageReference Reference,
    Descriptor Target,
    Descriptor Manifest,
    Descriptor Config,
    ContainerImage Image)
{
    /// <summary>The digest of the platform's manifest, whose layers <see cref="Image"/> lists.</summary>
    public Digest ManifestDigest => Manifest.Digest;
}
