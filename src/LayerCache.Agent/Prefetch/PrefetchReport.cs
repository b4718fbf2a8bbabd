using LayerCache.Core.Model;

namespace LayerCache.Agent.Prefetch;

/// <summary>What a prefetch did: the image's manifest and, for a layer prefetch, each layer.</summary>
public sealed record PrefetchReport(string Reference, Digest? ManifestDigest, IReadOnlyList<PrefetchedLayer> Layers, TimeSpan Elapsed)
{
    public long FetchedBytes => Layers.Where(l => !l.AlreadyPresent).Sum(l => l.Layer.SizeBytes);
}
