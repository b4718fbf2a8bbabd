using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;

namespace LayerCache.Deploy.Tests.Wiring;

/// <summary>A rendered LayerCache container (agent or coordinator) with the settings it will read and the routes it maps.</summary>
internal sealed record ServiceContainer(RenderedOverlay Overlay, Workload Workload, V1Container Container, ServiceSettings Settings)
{
    private static readonly Dictionary<string, Func<string, Task<IReadOnlySet<string>>>> RoutesByWorkload = new(StringComparer.Ordinal)
    {
        ["layercache-agent"] = ServiceRoutes.AgentAsync,
        ["layercache-coordinator"] = ServiceRoutes.CoordinatorAsync,
    };

    public Task<IReadOnlySet<string>> RoutesAsync() => RoutesByWorkload[Workload.Name](Settings.Json);

    public override string ToString() => Workload.Describe(Container);

    /// <summary>The agent's and the coordinator's containers in every overlay.</summary>
    public static IReadOnlyList<ServiceContainer> In(RenderedOverlays overlays) =>
        [.. overlays.All.SelectMany(o => RoutesByWorkload.Keys.Select(o.Workload).Select(w => Of(o, w)))];

    private static ServiceContainer Of(RenderedOverlay overlay, Workload workload)
    {
        var container = Assert.Single(workload.Pod.Containers);
        return new ServiceContainer(overlay, workload, container, ServiceSettings.Of(overlay, workload, container));
    }
}
