using System.Collections.Concurrent;
using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// Each corpus layer forged and uploaded once per run, whichever image asks first; the images after it get it by a
/// cross-repository mount. At most <c>maxConcurrentUploads</c> layers are being built or sent at a time, which bounds
/// memory to that many layer blobs.
/// </summary>
internal sealed class LayerUploads(RegistryClient registry, BlobMount mount, LayerForge forge, double sizeScale, int maxConcurrentUploads)
    : IDisposable
{
    private readonly ConcurrentDictionary<Digest, Lazy<Task<PublishedLayer>>> _byCorpusLayer = new();
    private readonly SemaphoreSlim _slots = new(maxConcurrentUploads, maxConcurrentUploads);
    private long _uploadedBytes;

    /// <summary>Layer bytes sent to the registry (blobs it already had and mounts send none).</summary>
    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    /// <summary>The size of the fill file standing for a corpus layer of <paramref name="corpusBytes"/>.</summary>
    public static long ScaledSize(long corpusBytes, double sizeScale) =>
        (long)Math.Round(corpusBytes * sizeScale, MidpointRounding.AwayFromZero);

    /// <summary>The real layer for <paramref name="corpusLayer"/>, present in <paramref name="repository"/> when this returns.</summary>
    public async Task<PublishedLayer> EnsureAsync(Layer corpusLayer, bool isBase, ImageReference repository, CancellationToken cancellationToken)
    {
        var upload = _byCorpusLayer.GetOrAdd(
            corpusLayer.Digest,
            _ => new Lazy<Task<PublishedLayer>>(() => UploadAsync(corpusLayer, isBase, repository, cancellationToken)));
        var layer = await upload.Value.ConfigureAwait(false);
        if (layer.Home.Repository != repository.Repository &&
            !await mount.TryMountAsync(repository.Repository, layer.Layer.Digest, layer.Home.Repository, cancellationToken).ConfigureAwait(false))
        {
            // A registry that declines mounts gets the bytes again: built anew, since blobs are not kept.
            await UploadAsync(corpusLayer, isBase, repository, cancellationToken).ConfigureAwait(false);
        }

        return layer;
    }

    public void Dispose() => _slots.Dispose();

    private async Task<PublishedLayer> UploadAsync(Layer corpusLayer, bool isBase, ImageReference repository, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fillBytes = ScaledSize(corpusLayer.SizeBytes, sizeScale);
            using var forged = await Task.Run(() => forge.Forge(corpusLayer.Digest, fillBytes, isBase), cancellationToken).ConfigureAwait(false);
            if (!await registry.BlobExistsAsync(repository, forged.Digest, cancellationToken).ConfigureAwait(false))
            {
                await registry.PushBlobAsync(repository, forged.Blob, MediaTypes.OciLayerGzip, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _uploadedBytes, forged.SizeBytes);
            }

            return new PublishedLayer(forged.ToLayer(), forged.DiffId, repository);
        }
        finally
        {
            _slots.Release();
        }
    }
}
