using LayerCache.Core.Model;

namespace LayerCache.Core.Tests.Support;

/// <summary>Short ways to make digests, layers, images and nodes in tests.</summary>
public static class Build
{
    public const long MB = 1_000_000;
    public const long MiB = 1024 * 1024;

    /// <summary>A valid digest whose hex is the number, zero-padded: Digest(255) is sha256:00…ff.</summary>
    public static Digest Digest(int n) => global::LayerCache.Core.Model.Digest.Parse("sha256:" + n.ToString("x64"));

    public static Layer Layer(int n, long sizeBytes) => new(Digest(n), sizeBytes);

    public static ContainerImage Image(string reference, params Layer[] layers) => new(reference, layers);

    public static NodeCache Node(string name, long capacityBytes, TimeProvider time, double high = 0.9, double low = 0.7) =>
        new(name, capacityBytes, high, low, time);
}
