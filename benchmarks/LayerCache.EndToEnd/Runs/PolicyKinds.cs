namespace LayerCache.EndToEnd.Runs;

/// <summary>Names of <see cref="PolicyKind"/> on the command line and in reports.</summary>
internal static class PolicyKinds
{
    /// <summary>
    /// The policies a run compares unless told: the four the site has always compared. spegel, layercache+peer and
    /// layercache+unpack are asked for by name, which keeps the default run's length.
    /// </summary>
    public static IReadOnlyList<PolicyKind> All { get; } = [PolicyKind.Agnostic, PolicyKind.ImageK8s, PolicyKind.Layer, PolicyKind.LayerCache];

    /// <summary>Whether the policy's nodes fetch layers from one another: each agent serves its blobs and is its containerd's mirror.</summary>
    public static bool FetchesFromPeers(PolicyKind kind) => kind is PolicyKind.Spegel or PolicyKind.LayerCachePeer;

    /// <summary>Whether the policy runs LayerCache's planner (prefetch) and the configured eviction on its nodes.</summary>
    public static bool RunsThePlanner(PolicyKind kind) => kind is PolicyKind.LayerCache or PolicyKind.LayerCachePeer or PolicyKind.LayerCacheUnpack;

    public static string Name(PolicyKind kind) => kind switch
    {
        PolicyKind.Agnostic => "agnostic",
        PolicyKind.ImageK8s => "image-k8s",
        PolicyKind.Layer => "layer",
        PolicyKind.LayerCache => "layercache",
        PolicyKind.Spegel => "spegel",
        PolicyKind.LayerCachePeer => "layercache+peer",
        PolicyKind.LayerCacheUnpack => "layercache+unpack",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static PolicyKind Parse(string name) => TryParse(name, out var kind)
        ? kind
        : throw new ArgumentException($"--policies: unknown policy '{name}'; use agnostic, image-k8s, layer, layercache, spegel, layercache+peer, layercache+unpack");

    public static bool TryParse(string name, out PolicyKind kind)
    {
        foreach (var candidate in Enum.GetValues<PolicyKind>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
