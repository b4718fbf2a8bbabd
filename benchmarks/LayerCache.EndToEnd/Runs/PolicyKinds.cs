namespace LayerCache.EndToEnd.Runs;

/// <summary>Names of <see cref="PolicyKind"/> on the command line and in reports.</summary>
internal static class PolicyKinds
{
    /// <summary>The policies a run compares unless told: those the site can run for real.</summary>
    public static IReadOnlyList<PolicyKind> All { get; } = [PolicyKind.Agnostic, PolicyKind.ImageK8s, PolicyKind.Layer, PolicyKind.LayerCache];

    /// <summary>Whether the policy's nodes fetch layers from one another: each agent serves its blobs and is its containerd's mirror.</summary>
    public static bool FetchesFromPeers(PolicyKind kind) => kind is PolicyKind.Spegel or PolicyKind.LayerCachePeer;

    public static string Name(PolicyKind kind) => kind switch
    {
        PolicyKind.Agnostic => "agnostic",
        PolicyKind.ImageK8s => "image-k8s",
        PolicyKind.Layer => "layer",
        PolicyKind.LayerCache => "layercache",
        PolicyKind.Spegel => "spegel",
        PolicyKind.LayerCachePeer => "layercache+peer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static PolicyKind Parse(string name) => name switch
    {
        "agnostic" => PolicyKind.Agnostic,
        "image-k8s" => PolicyKind.ImageK8s,
        "layer" => PolicyKind.Layer,
        "layercache" => PolicyKind.LayerCache,
        "spegel" => PolicyKind.Spegel,
        "layercache+peer" => PolicyKind.LayerCachePeer,
        _ => throw new ArgumentException($"--policies: unknown policy '{name}'; use agnostic, image-k8s, layer, layercache, spegel, layercache+peer"),
    };
}
