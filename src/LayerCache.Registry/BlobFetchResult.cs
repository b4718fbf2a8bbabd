using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>A blob that was fetched and verified: its digest and size matched the descriptor.</summary>
public sealed record BlobFetchResult(Digest Digest, long SizeBytes, long BytesReceived, int Requests, int Resumes);
