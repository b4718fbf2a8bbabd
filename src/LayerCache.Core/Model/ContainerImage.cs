namespace LayerCache.Core.Model;

/// <summary>
/// An image as a node runs it: a reference, its manifest digest (when known) and its layers, base first.
/// An image may list the same layer twice (empty layers often repeat); <see cref="DistinctLayers"/>
/// holds each once, and sizes count each once, as a content store does.
/// </summary>
public sealed class ContainerImage
{
    private readonly Layer[] _distinct;

    public ContainerImage(string reference, IReadOnlyList<Layer> layers, Digest? manifestDigest = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentNullException.ThrowIfNull(layers);
        Reference = reference;
        Layers = layers;
        ManifestDigest = manifestDigest;

        var seen = new HashSet<Digest>(layers.Count);
        var distinct = new List<Layer>(layers.Count);
        foreach (var layer in layers)
        {
            if (seen.Add(layer.Digest))
            {
                distinct.Add(layer);
                SizeBytes += layer.SizeBytes;
            }
        }

        _distinct = [.. distinct];
    }

    public string Reference { get; }

    public Digest? ManifestDigest { get; }

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>
    /// The manifest's own bytes, when whoever built the image read them (the agent reads them from containerd);
    /// <see cref="ManifestDigest"/> is their digest, so anyone given them can check them. Empty when not known.
    /// </summary>
    public ReadOnlyMemory<byte> Manifest { get; init; }

    public IReadOnlyList<Layer> DistinctLayers => _distinct;

    /// <summary>The distinct layers to walk without an enumerator, for the loops that run once per layer of every node.</summary>
    internal ReadOnlySpan<Layer> DistinctLayerSpan => _distinct;

    /// <summary>Bytes of the distinct layers.</summary>
    public long SizeBytes { get; }

    public override string ToString() => Reference;
}
