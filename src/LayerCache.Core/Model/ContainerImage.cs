namespace LayerCache.Core.Model;

/// <summary>
/// An image as a node runs it: a reference, its manifest digest (when known) and its layers, base first.
/// An image may list the same layer twice (empty layers often repeat); <see cref="DistinctLayers"/>
/// holds each once, and sizes count each once, as a content store does.
/// </summary>
public sealed class ContainerImage
{
    public ContainerImage(string reference, IReadOnlyList<Layer> layers, Digest? manifestDigest = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentNullException.ThrowIfNull(layers);
        Reference = reference;
        Layers = layers;
        ManifestDigest = manifestDigest;

        var seen = new HashSet<Digest>();
        var distinct = new List<Layer>(layers.Count);
        foreach (var layer in layers)
        {
            if (seen.Add(layer.Digest))
            {
                distinct.Add(layer);
                SizeBytes += layer.SizeBytes;
            }
        }

        DistinctLayers = distinct;
    }

    public string Reference { get; }

    public Digest? ManifestDigest { get; }

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>
    /// The manifest's own bytes, when whoever built the image read them (the agent reads them from containerd);
    /// <see cref="ManifestDigest"/> is their digest, so anyone given them can check them. Empty when not known.
    /// </summary>
    public ReadOnlyMemory<byte> Manifest { get; init; }

    public IReadOnlyList<Layer> DistinctLayers { get; }

    /// <summary>Bytes of the distinct layers.</summary>
    public long SizeBytes { get; }

    public override string ToString() => Reference;
}
