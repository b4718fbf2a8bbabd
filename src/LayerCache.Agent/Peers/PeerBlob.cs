using LayerCache.Core.Model;

namespace LayerCache.Agent.Peers;

/// <summary>A blob a peer of the site holds, as its last inventory in Redis says: where to ask, and the size to expect.</summary>
public sealed record PeerBlob(string Node, Uri Address, Digest Digest, long SizeBytes);
