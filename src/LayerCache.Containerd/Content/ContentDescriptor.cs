using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>An OCI descriptor: what a blob is (media type), its digest and its size.</summary>
public sealed record ContentDescriptor(string MediaType, Digest Digest, long SizeBytes);
