namespace LayerCache.Containerd;

/// <summary>The containerd daemon's version and revision.</summary>
public sealed record ContainerdVersion(string Version, string Revision);
