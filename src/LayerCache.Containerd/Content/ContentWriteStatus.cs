namespace LayerCache.Containerd;

/// <summary>An unfinished write: the bytes received so far (<see cref="Offset"/>) out of <see cref="Total"/>.</summary>
public sealed record ContentWriteStatus(string Reference, long Offset, long Total, string Expected);
