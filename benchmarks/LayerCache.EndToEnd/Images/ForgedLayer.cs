using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// One built layer blob, held in a pooled buffer until disposed: <see cref="Digest"/> of the gzip blob the registry stores,
/// <see cref="DiffId"/> of the tar inside (what the image config lists), and the size of the fill file it carries.
/// </summary>
internal sealed class ForgedLayer(Digest digest, Digest diffId, long fillBytes, PooledBlobStream blob) : IDisposable
{
    public Digest Digest { get; } = digest;

    public Digest DiffId { get; } = diffId;

    public long FillBytes { get; } = fillBytes;

    public long SizeBytes => Blob.Length;

    public ReadOnlyMemory<byte> Blob => blob.Written;

    public Layer ToLayer() => new(Digest, SizeBytes, Layer.OciGzipMediaType);

    public void Dispose() => blob.Dispose();
}
