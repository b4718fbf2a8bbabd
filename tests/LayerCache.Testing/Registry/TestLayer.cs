using LayerCache.Core.Model;

namespace LayerCache.Testing.Registry;

/// <summary>A synthetic layer: a gzip'd tar holding one file of random bytes; <see cref="DiffId"/> is the sha256 of the tar.</summary>
public sealed record TestLayer(Digest Digest, Digest DiffId, byte[] Bytes, int FileSizeBytes)
{
    public long SizeBytes => Bytes.LongLength;

    public Layer ToLayer(string mediaType = Layer.OciGzipMediaType) => new(Digest, SizeBytes, mediaType);
}
