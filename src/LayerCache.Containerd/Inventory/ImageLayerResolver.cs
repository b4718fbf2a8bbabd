using System.Text.Json;
using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// Reads an image's layers from containerd's content store: the image's target, through an index to the
/// manifest for this node's platform, to the manifest's layers. Everything is read locally; nothing is pulled.
/// </summary>
public sealed class ImageLayerResolver
{
    // An index may point at another index; deeper nesting is not something registries produce.
    private const int MaxIndexDepth = 3;

    private readonly ContainerdClient _client;

    public ImageLayerResolver(ContainerdClient client, Platform? platform = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Platform = platform ?? Platform.Current;
    }

    public Platform Platform { get; }

    /// <exception cref="ImageResolutionException">A blob is missing, unreadable, or no manifest fits the platform.</exception>
    public async Task<ContainerImage> ResolveAsync(ContainerdImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var descriptor = image.Target;
        for (var depth = 0; depth <= MaxIndexDepth; depth++)
        {
            var json = await ReadAsync(image.Name, descriptor.Digest, cancellationToken).ConfigureAwait(false);
            var mediaType = string.IsNullOrEmpty(descriptor.MediaType) ? Parse(image.Name, descriptor.Digest, () => ImageDocumentParser.DeclaredMediaType(json)) ?? string.Empty : descriptor.MediaType;
            if (ImageMediaTypes.IsManifest(mediaType))
            {
                var manifest = Parse(image.Name, descriptor.Digest, () => ImageDocumentParser.ParseManifest(json));
                return new ContainerImage(image.Name, manifest.Layers, descriptor.Digest) { Manifest = json };
            }

            if (!ImageMediaTypes.IsIndex(mediaType))
            {
                throw new ImageResolutionException(image.Name, ImageResolutionFailure.UnsupportedMediaType, descriptor.Digest, $"'{mediaType}' is neither an index nor a manifest");
            }

            descriptor = Parse(image.Name, descriptor.Digest, () => ImageDocumentParser.SelectManifest(json, Platform))
                ?? throw new ImageResolutionException(image.Name, ImageResolutionFailure.NoManifestForPlatform, descriptor.Digest, $"the index lists nothing for {Platform}");
        }

        throw new ImageResolutionException(image.Name, ImageResolutionFailure.UnsupportedMediaType, descriptor.Digest, $"indexes nest deeper than {MaxIndexDepth}");
    }

    private async Task<byte[]> ReadAsync(string imageName, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ReadAllContentAsync(digest, cancellationToken).ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            throw new ImageResolutionException(imageName, ImageResolutionFailure.ContentMissing, digest, "the blob is not in the content store", e);
        }
    }

    private static T Parse<T>(string imageName, Digest digest, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ImageResolutionException(imageName, ImageResolutionFailure.InvalidDocument, digest, e.Message, e);
        }
    }
}
