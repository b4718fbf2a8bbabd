using LayerCache.Core.Model;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>The image's layers for this node's platform, read from the content store.</summary>
    /// <exception cref="ImageResolutionException">A blob is missing, unreadable, or no manifest fits the platform.</exception>
    public Task<ContainerImage> ResolveImageLayersAsync(ContainerdImage image, CancellationToken cancellationToken) =>
        new ImageLayerResolver(this).ResolveAsync(image, cancellationToken);
}
