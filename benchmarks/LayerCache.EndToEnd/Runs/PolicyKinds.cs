namespace LayerCache.EndToEnd.Runs;

/// <summary>Names of <see cref="PolicyKind"/> on the command line and in reports.</summary>
internal static class PolicyKinds
{
    public static IReadOnlyList<PolicyKind> All { get; } = [PolicyKind.Agnostic, PolicyKind.ImageK8s, PolicyKind.Layer, PolicyKind.LayerCache];

    public static string Name(PolicyKind kind) => kind switch
    {
        PolicyKind.Agnostic => "agnostic",
        PolicyKind.ImageK8s => "image-k8s",
        PolicyKind.Layer => "layer",
        PolicyKind.LayerCache => "layercache",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static PolicyKind Parse(string name) => name switch
    {
        "agnostic" => PolicyKind.Agnostic,
        "image-k8s" => PolicyKind.ImageK8s,
        "layer" => PolicyKind.Layer,
        "layercache" => PolicyKind.LayerCache,
        _ => throw new ArgumentException($"--policies: unknown policy '{name}'; use agnostic, image-k8s, layer, layercache"),
    };
}
