namespace LayerCache.Core.Model;

/// <summary>One content-addressed layer blob: its digest, its size in bytes and its media type.</summary>
public sealed record Layer
{
    public const string OciGzipMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    public Layer(Digest digest, long sizeBytes, string mediaType = OciGzipMediaType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        Digest = digest;
        SizeBytes = sizeBytes;
        MediaType = mediaType;
    }

    public Digest Digest { get; }

    public long SizeBytes { get; }

    public string MediaType { get; }
}
