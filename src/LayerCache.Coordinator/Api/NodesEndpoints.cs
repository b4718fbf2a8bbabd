using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.Planning;
using LayerCache.Cluster;
using LayerCache.Core.Popularity;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Api;

/// <summary><c>GET /v1/nodes</c> (every node's state) and <c>GET /v1/nodes/{name}</c> (what one holds, by value, and its eviction order).</summary>
public static class NodesEndpoints
{
    public const string Path = "/v1/nodes";

    public static IEndpointRouteBuilder MapNodes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (NodeReports reports) => Results.Json(reports.Nodes(), OperatorJson.Default.NodeList));
        endpoints.MapGet(Path + "/{name}", GetNode);
        return endpoints;
    }

    private static async Task<IResult> GetNode(string name, HttpContext context, NodeReports reports, IOptions<PlannerOptions> planner)
    {
        var popularity = await PopularityAsync(context.RequestServices.GetService<PopularityStore>(), planner.Value.CandidateLayers, context.RequestAborted);
        return reports.Node(name, popularity) is { } detail
            ? Results.Json(detail, OperatorJson.Default.NodeDetail)
            : ApiErrors.UnknownNode(name);
    }

    /// <summary>The cluster's popularity as the planner reads it; null without Redis, or while Redis fails.</summary>
    private static async Task<PopularityTracker?> PopularityAsync(PopularityStore? store, int limit, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return null;
        }

        try
        {
            return await store.LoadAsync(limit, cancellationToken);
        }
        catch (Exception e) when (State.StoreFeed.IsStoreFailure(e))
        {
            return null;
        }
    }
}
