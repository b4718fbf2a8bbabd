using System.Globalization;

namespace LayerCache.Containerd;

/// <summary>
/// Labels containerd's garbage collector reads.
/// See https://github.com/containerd/containerd/blob/main/docs/garbage-collection.md.
/// </summary>
public static class ContainerdLabels
{
    /// <summary>On a lease: the time after which the lease is deleted by GC (RFC 3339).</summary>
    public const string GcExpire = "containerd.io/gc.expire";

    /// <summary>On a lease: when present, GC ignores the lease's expiry and keeps it.</summary>
    public const string GcFlat = "containerd.io/gc.flat";

    /// <summary>On a blob: prefix of labels naming content it references (config, layers, manifests).</summary>
    public const string GcRefContentPrefix = "containerd.io/gc.ref.content.";

    /// <summary>On a blob: the label naming a manifest's config blob.</summary>
    public const string GcRefContentConfig = GcRefContentPrefix + "config";

    /// <summary>The value of <see cref="GcExpire"/> for an instant.</summary>
    public static string ExpiryValue(DateTimeOffset expiresAt) =>
        expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The label a manifest carries for its layer number <paramref name="index"/>.</summary>
    public static string GcRefContentLayer(int index) => GcRefContentPrefix + "l." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The label an index carries for its manifest number <paramref name="index"/>.</summary>
    public static string GcRefContentManifest(int index) => GcRefContentPrefix + "m." + index.ToString(CultureInfo.InvariantCulture);
}
