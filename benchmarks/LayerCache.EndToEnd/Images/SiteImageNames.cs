using LayerCache.Registry;

namespace LayerCache.EndToEnd.Images;

/// <summary>Where the image that stands for corpus rank r lives: <c>{registry}/e2e/img-{r:D5}:v1</c>.</summary>
internal static class SiteImageNames
{
    /// <summary>
    /// A fixed tag other than latest: the kubelet's default pull policy for a non-latest tag is IfNotPresent, so a node that
    /// holds the image starts from its cache, which is what the harness measures.
    /// </summary>
    public const string Tag = "v1";

    public static string Repository(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        return $"e2e/img-{rank:D5}";
    }

    public static ImageReference Reference(string registryHost, int rank) =>
        ImageReference.Parse($"{registryHost}/{Repository(rank)}:{Tag}");
}
