namespace LayerCache.Core.Tests.Support;

/// <summary>What one <see cref="CacheWorkload"/> step did.</summary>
public enum StepKind
{
    Idle,
    PodStarted,
    PodDidNotFit,
    PodStopped,
    BlobPrefetched,
    BlobDidNotFit,
}
