namespace LayerCache.Simulator.Engine;

/// <summary>What a <see cref="PooledCacheBound"/> evicts first.</summary>
public enum PooledRule
{
    /// <summary>Belady's rule, knowing the whole trace: the layer asked for again furthest ahead (or never).</summary>
    Foresight,

    /// <summary>Knowing how many more times each layer will be asked for, not when: the fewest pull seconds to come per byte.</summary>
    KnownCounts,

    /// <summary>Knowing only the past: the fewest requests so far times pull seconds per byte, least recently used among equals.</summary>
    Frequency,

    /// <summary>The least recently used.</summary>
    LeastRecentlyUsed,
}
