namespace LayerCache.LoadTest.Cost;

/// <summary>The three loads measured: agents at rest, a pull storm (inventory deltas), and a burst of prefetch orders.</summary>
public enum CostPhase
{
    Rest,
    PullStorm,
    OrderBurst,
}
