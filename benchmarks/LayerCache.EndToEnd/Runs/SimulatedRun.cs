using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// The simulator's prediction of one policy's run: the same trace, images, nodes, slots, budget and watermarks, Core's
/// classes for each decision, and a cost model calibrated from the site. The simulator models pulls, not the container
/// start, so the measured mean container start is added to every simulated start-up (a constant: it shifts the mean
/// and each percentile by the same amount). The site's LAN is priced beside the uplink; only the policies that fetch
/// from peers use it.
/// </summary>
internal static class SimulatedRun
{
    public static SimulatedResult Predict(
        PolicyKind kind,
        string eviction,
        IReadOnlyList<ContainerImage> rankedImages,
        RequestTrace trace,
        ClusterSettings settings,
        LinkCalibration calibration,
        PeerLink lan,
        double containerStartSeconds,
        PrefetchPlannerOptions prefetch)
    {
        var cost = new SitePullCostModel(
            new BandwidthPullCostModel(calibration.BandwidthBytesPerSecond, calibration.UnpackBytesPerSecond, calibration.RequestSeconds),
            new BandwidthPullCostModel(lan.BytesPerSecond, calibration.UnpackBytesPerSecond, lan.RequestSeconds));
        var setup = Setup(kind, eviction, prefetch);
        var result = new ClusterSimulation(rankedImages, trace, settings, setup, cost).Run();
        return new SimulatedResult(
            PolicyKinds.Name(kind),
            result.MeanSeconds + containerStartSeconds,
            result.P50Seconds + containerStartSeconds,
            result.P95Seconds + containerStartSeconds,
            result.P99Seconds + containerStartSeconds,
            result.RegistryBytes,
            result.EvictedBytes,
            result.PeerBytes);
    }

    public static PolicySetup Setup(PolicyKind kind, string eviction, PrefetchPlannerOptions prefetch) => kind switch
    {
        PolicyKind.Agnostic => new("agnostic", new AgnosticScorer(), new LruEvictionPolicy()),
        PolicyKind.ImageK8s => new("image-k8s", new ImageLocalityScorer(), new LruEvictionPolicy(), Role: SchedulerRole.Plugin),
        PolicyKind.Layer => new("layer", new LayerCacheScorer(), new LruEvictionPolicy(), Role: SchedulerRole.Extender),
        PolicyKind.LayerCache => new(
            "layercache",
            new LayerCacheScorer(),
            EvictionPolicies.TryCreate(eviction) ?? throw new ArgumentException($"unknown eviction policy '{eviction}'"),
            Prefetch: true,
            PrefetchOptions: prefetch,
            Role: SchedulerRole.Extender),
        PolicyKind.Spegel => new("spegel", new AgnosticScorer(), new LruEvictionPolicy(), PeerFetch: true),
        PolicyKind.LayerCachePeer => Setup(PolicyKind.LayerCache, eviction, prefetch) with { Name = "layercache+peer", PeerFetch = true },
        PolicyKind.LayerCacheUnpack => Setup(PolicyKind.LayerCache, eviction, prefetch) with { Name = "layercache+unpack", UnpackAhead = true },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
