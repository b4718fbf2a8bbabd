using LayerCache.Core.Model;

namespace LayerCache.Agent.Prefetch;

/// <summary>One layer of a prefetch: fetched now (with its time), or already on the node.</summary>
public sealed record PrefetchedLayer(Layer Layer, bool AlreadyPresent, TimeSpan Elapsed);
