using LayerCache.Core.Model;

namespace LayerCache.Agent.Unpack;

/// <summary>What an unpack ahead did: the bytes it fetched, the layers it unpacked (none when all were), and how long each part took.</summary>
public sealed record UnpackReport(
    string Reference,
    Digest ManifestDigest,
    Digest TopChain,
    long FetchedBytes,
    IReadOnlyList<Layer> UnpackedLayers,
    TimeSpan Transfer,
    TimeSpan Unpack);
