using LayerCache.Registry;

namespace LayerCache.Coordinator.View;

/// <summary>
/// The catalog's key for an image: its reference normalised as the container runtime does (Registry's
/// <see cref="ImageReference"/>), so that a pod's "nginx", the kubelet's "nginx:latest" and containerd's
/// "docker.io/library/nginx:latest" are one key.
/// </summary>
public static class ImageKey
{
    public static bool TryNormalize(string? reference, out string normalized)
    {
        if (ImageReference.TryParse(reference, out var parsed, out _))
        {
            normalized = parsed.ToString();
            return true;
        }

        normalized = string.Empty;
        return false;
    }

    /// <summary>The normalised reference, or the input unchanged when it is not a valid reference.</summary>
    public static string Normalize(string reference) => TryNormalize(reference, out var normalized) ? normalized : reference;
}
