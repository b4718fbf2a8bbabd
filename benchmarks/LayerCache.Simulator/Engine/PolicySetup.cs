using LayerCache.Core.Eviction;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

/// <summary>One configuration under test: how pods are placed, how nodes evict, whether (and how) they prefetch.</summary>
/// <param name="Role">What the scorer is to kube-scheduler when the simulation places pods as kube-scheduler does.</param>
/// <param name="PeerFetch">
/// Pulls and prefetches take each layer from a node of the same site that holds it, over the LAN, and from the
/// registry over the uplink only where none does; the scorer prices layers so (a <see cref="LayerCache.Core.Costs.SitePullCostModel"/>).
/// </param>
/// <param name="UnpackAhead">
/// With prefetch: Core's <see cref="UnpackPlanner"/> also orders popular images whose content a node holds unpacked
/// into snapshots, so their pods pay neither transfer nor unpack (the snapshots cost disk beside the blobs).
/// </param>
public sealed record PolicySetup(
    string Name,
    INodeScorer Scorer,
    IEvictionPolicy Eviction,
    bool Prefetch = false,
    bool UnlimitedStorage = false,
    PrefetchPlannerOptions? PrefetchOptions = null,
    SchedulerRole Role = SchedulerRole.None,
    bool PeerFetch = false,
    bool UnpackAhead = false);

/// <summary>How a policy's scorer takes part in kube-scheduler's sum (<see cref="ClusterSettings.ExtenderWeight"/>).</summary>
public enum SchedulerRole
{
    /// <summary>Not at all: least-allocated alone.</summary>
    None,

    /// <summary>A score plugin of weight 1 whose 0..100 is added as it is (ImageLocality).</summary>
    Plugin,

    /// <summary>The extender: its estimated pull seconds on the 0..10 scale the coordinator answers with, times the weight, times 10.</summary>
    Extender,
}
