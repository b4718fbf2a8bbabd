using LayerCache.EndToEnd.Cluster;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Workload;

/// <summary>The scheduler each policy runs with: kube-scheduler's defaults, plus ImageLocality or the LayerCache extender.</summary>
internal static class Placements
{
    /// <summary>One client for every policy's extender calls: HttpClient is made to be shared, not made per use.</summary>
    private static readonly HttpClient ExtenderHttp = new();

    public static IPodPlacement For(PolicyRunSettings run, ControlPlane plane, IReadOnlyList<SiteNodeRuntime> nodes, EndToEndOptions options, Action<string> log)
    {
        // The same tie-break stream for every policy, as the simulator uses one.
        var random = new Random(unchecked((options.Seed * 7919) + 104729));
        return run.Kind switch
        {
            // spegel: placement that knows nothing of layers; its nodes fetch from one another instead.
            PolicyKind.Agnostic or PolicyKind.Spegel => new DriverPlacement(new SchedulingDriver(PlacementMode.Agnostic, random), nodes, options.SlotsPerNode, options.Seed, null),
            PolicyKind.ImageK8s => ImageLocality(nodes, options, random),
            _ => new DriverPlacement(
                new SchedulingDriver(PlacementMode.Extender, random, extender: new ExtenderClient(ExtenderHttp, plane.CoordinatorUri, log: log), extenderWeight: run.Weight),
                nodes,
                options.SlotsPerNode,
                options.Seed,
                null),
        };
    }

    private static DriverPlacement ImageLocality(IReadOnlyList<SiteNodeRuntime> nodes, EndToEndOptions options, Random random)
    {
        var status = new NodeImageStatus(nodes);
        return new DriverPlacement(new SchedulingDriver(PlacementMode.ImageLocality, random, status), nodes, options.SlotsPerNode, options.Seed, status);
    }
}
