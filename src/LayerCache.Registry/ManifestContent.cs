namespace LayerCache.Registry;

/// <summary>The verified bytes of one manifest or index and its descriptor (media type, digest, size).</summary>
public sealed record ManifestContent(Descriptor Descriptor, ReadOnlyMemory<byte> Bytes);
