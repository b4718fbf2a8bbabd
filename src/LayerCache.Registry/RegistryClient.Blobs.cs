using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>Blob downloads: into a destination (verified before returning) or as a read stream for pull-style consumers.</summary>
public sealed partial class RegistryClient
{
    public Task<BlobFetchResult> FetchBlobAsync(
        ImageReference repository, Layer layer, Stream destination, long resumeFrom = 0, CancellationToken cancellationToken = default) =>
        FetchBlobAsync(repository, layer.Digest, layer.SizeBytes, destination, resumeFrom, cancellationToken);

    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, hashing as bytes arrive, resuming with Range after a dropped connection.
    /// Returns only when size and digest matched; otherwise throws (<see cref="BlobVerificationException"/> for wrong bytes) and
    /// the caller must discard what was written. With <paramref name="resumeFrom"/> &gt; 0 the destination must be readable and
    /// seekable and already hold that many bytes, which are hashed again.
    /// </summary>
    public async Task<BlobFetchResult> FetchBlobAsync(
        ImageReference repository, Digest digest, long sizeBytes, Stream destination, long resumeFrom = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resumeFrom, sizeBytes);
        var download = new BlobDownload(_transport, BlobSources(repository, digest), digest, sizeBytes);
        return await download.RunAsync(destination, resumeFrom, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenBlobAsync(ImageReference repository, Layer layer, long offset = 0, CancellationToken cancellationToken = default) =>
        OpenBlobAsync(repository, layer.Digest, layer.SizeBytes, offset, cancellationToken);

    /// <summary>
    /// Opens a blob for reading from <paramref name="offset"/>, for consumers that pull (containerd's content writer asks for the
    /// bytes from where its earlier write stopped). Dropped connections resume inside the stream. Read from 0, the read that
    /// reaches the end verifies the digest and throws <see cref="BlobVerificationException"/> rather than end cleanly; read from a
    /// later offset only the size is checked here, and the consumer must verify the whole (containerd's Commit with expected does).
    /// </summary>
    public async Task<Stream> OpenBlobAsync(
        ImageReference repository, Digest digest, long sizeBytes, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, sizeBytes);
        var stream = new BlobReadStream(_transport, BlobSources(repository, digest), digest, sizeBytes, offset, null);
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether the registry (its first endpoint that may pull) has the blob, by HEAD.</summary>
    public Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken = default) =>
        BlobExistsAsync(Endpoints(repository.Registry, RegistryCapabilities.Pull)[0], repository, digest, cancellationToken);

    private async Task<bool> BlobExistsAsync(RegistryEndpoint endpoint, ImageReference repository, Digest digest, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Head, RepositoryUri(endpoint, repository, $"blobs/{digest}"), PullScope(repository)) { Endpoint = endpoint };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
