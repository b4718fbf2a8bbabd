using LayerCache.Core.Eviction;
using LayerCache.Core.Model;

namespace LayerCache.Core.Tests.Support;

/// <summary>
/// What one <see cref="CacheWorkload"/> step did on <paramref name="Node"/>: <paramref name="UsedBefore"/> is the usage
/// its eviction started from (after adding a pod's image; before making room for a blob), <paramref name="UsedAfterEviction"/>
/// the usage eviction left (before the blob was added), <paramref name="Victims"/> what EnforceWatermarks evicted, and
/// <paramref name="Blob"/> the prefetched layer room was made for.
/// </summary>
public sealed record StepOutcome(
    StepKind Kind,
    NodeCache Node,
    long UsedBefore,
    long UsedAfterEviction,
    IReadOnlyList<PlannedVictim> Victims,
    Layer? Blob = null);
