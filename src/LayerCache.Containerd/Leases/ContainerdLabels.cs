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

    /// <summary>On a lease: GC keeps what the lease holds but not what those resources' labels reference.</summary>
    public const string GcFlat = "containerd.io/gc.flat";

    /// <summary>On an image or a blob: the label naming content it references; also the stem of named ones.</summary>
    public const string GcRefContent = "containerd.io/gc.ref.content";

    /// <summary>On a blob: prefix of labels naming content it references (config, layers, manifests).</summary>
    public const string GcRefContentPrefix = GcRefContent + ".";

    /// <summary>On a blob: the label naming a manifest's config blob.</summary>
    public const string GcRefContentConfig = GcRefContentPrefix + "config";

    /// <summary>The value of <see cref="GcExpire"/> for an instant.</summary>
    public static string ExpiryValue(DateTimeOffset expiresAt) =>
        expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Labels for a lease that expires at <paramref name="expiresAt"/>.</summary>
    public static Dictionary<string, string> ExpiringAt(DateTimeOffset expiresAt) => new() { [GcExpire] = ExpiryValue(expiresAt) };

    /// <summary>The instant a <see cref="GcExpire"/> value names; null when it is not an RFC 3339 time (GC ignores it then).</summary>
    public static DateTimeOffset? ParseExpiry(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>
    /// Whether GC follows the label <paramref name="key"/> to the blob its value names: <see cref="GcRefContent"/>
    /// itself, or it followed by '.' or '/' and a name of the client's choosing.
    /// </summary>
    public static bool IsContentReference(string key) =>
        key.StartsWith(GcRefContent, StringComparison.Ordinal)
        && (key.Length == GcRefContent.Length || key[GcRefContent.Length] is '.' or '/');

    /// <summary>The label a manifest carries for its layer number <paramref name="index"/>.</summary>
    public static string GcRefContentLayer(int index) => GcRefContentPrefix + "l." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The label an index carries for its manifest number <paramref name="index"/>.</summary>
    public static string GcRefContentManifest(int index) => GcRefContentPrefix + "m." + index.ToString(CultureInfo.InvariantCulture);
}
