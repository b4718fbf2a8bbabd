using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>An image's layers could not be read from the content store; <see cref="Failure"/> says why.</summary>
public sealed class ImageResolutionException : Exception
{
    public ImageResolutionException(string imageName, ImageResolutionFailure failure, Digest? digest, string detail, Exception? inner = null)
        : base($"Cannot resolve the layers of '{imageName}' ({failure}{(digest is { } d ? $" at {d}" : string.Empty)}): {detail}", inner)
    {
        ImageName = imageName;
        Failure = failure;
        Digest = digest;
    }

    public string ImageName { get; }

    public ImageResolutionFailure Failure { get; }

    /// <summary>The blob that was missing or unreadable, when one was.</summary>
    public Digest? Digest { get; }
}
