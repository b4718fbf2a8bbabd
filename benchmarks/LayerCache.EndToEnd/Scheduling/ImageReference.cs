namespace LayerCache.EndToEnd.Scheduling;

/// <summary>The two facts about an image reference that scheduling reads: its tag, and its name as the kubelet reports it.</summary>
internal static class ImageReference
{
    /// <summary>The tag; <c>latest</c> when the reference has neither tag nor digest, empty when it has only a digest.</summary>
    public static string Tag(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? reference : reference[..at];
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            return name[(colon + 1)..];
        }

        return at < 0 ? "latest" : string.Empty;
    }

    /// <summary>
    /// ImageLocality's normalizedImageName: <c>:latest</c> appended when no ':' follows the last '/'; a digest reference
    /// is left alone. See https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/plugins/imagelocality/image_locality.go
    /// </summary>
    public static string Normalized(string reference) =>
        reference.LastIndexOf(':') <= reference.LastIndexOf('/') ? reference + ":latest" : reference;
}
