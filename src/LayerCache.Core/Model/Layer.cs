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

    /// <summary>
    /// The layer's holders in the last <see cref="ClusterView"/> that looked them up, so that a view entering thousands
    /// of nodes that share this layer finds them without a lookup by digest each time. A view uses them only once it
    /// has checked they are its own and still in use (<see cref="LayerHolders.IsOf"/>); they are no part of the
    /// layer's value.
    /// </summary>
    internal LayerHolders? LastHolders;

    public bool Equals(Layer? other) =>
        other is not null && Digest == other.Digest && SizeBytes == other.SizeBytes && MediaType == other.MediaType;

    public override int GetHashCode() => HashCode.Combine(Digest, SizeBytes, MediaType);
}
