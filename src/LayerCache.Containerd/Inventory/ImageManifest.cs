using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>What a single-platform manifest lists: its config blob and its layers, base first.</summary>
public sealed record ImageManifest(ContentDescriptor Config, IReadOnlyList<Layer> Layers);
