using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>An OCI content descriptor: what a manifest or index says about a blob it points to.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long SizeBytes, Platform? Platform = null);
