using LayerCache.Core.Model;
using DiffApi = LayerCache.Containerd.Api.Diff;
using TypesApi = LayerCache.Containerd.Api.Types;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>
    /// Applies a layer blob from the content store onto an active snapshot's mounts (decompressing it as its media type
    /// says) and returns the digest of what was applied, uncompressed: the layer's diff ID, which the caller checks
    /// against the image config before committing.
    /// </summary>
    public Task<Digest> ApplyLayerAsync(ContentDescriptor layer, IReadOnlyList<SnapshotMount> mounts, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new DiffApi.ApplyRequest
            {
                Diff = new TypesApi.BlobDescriptor { MediaType = layer.MediaType, Digest = layer.Digest.Value, Size = layer.SizeBytes },
            };
            request.Mounts.Add(mounts.Select(ToMount));
            var response = await _diff.ApplyAsync(request, Options(cancellationToken));
            return ParseDigest(response.Applied?.Digest ?? string.Empty, $"the layer applied from {layer.Digest}");
        }, cancellationToken);
}
