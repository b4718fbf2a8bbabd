using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// How a write ended: the committed digest and size, the offset it resumed from (bytes an earlier,
/// interrupted write had already sent), and whether the blob was already in the store so nothing was sent.
/// </summary>
public sealed record ContentWriteResult(Digest Digest, long SizeBytes, long ResumedFromOffset, bool AlreadyExisted);
