using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Ranks eviction candidates: the lowest keep value goes first. Ties go to the least recently used.
/// The policy only ranks; <see cref="CacheEvictor"/> decides how much to remove and never touches what is in use.
/// </summary>
public interface IEvictionPolicy
{
    /// <summary>The name used in configuration, tables and metrics.</summary>
    string Name { get; }

    /// <summary>Whether the node's inflation value rises to each victim's keep value (GDSF's aging).</summary>
    bool InflatesOnEviction => false;

    double KeepValue(EvictionCandidate candidate, NodeCache node, EvictionContext context);
}
