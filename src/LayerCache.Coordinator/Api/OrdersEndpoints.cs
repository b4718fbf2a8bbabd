using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.View;

namespace LayerCache.Coordinator.Api;

/// <summary>
/// <c>GET /v1/orders[?node=NAME...][&amp;id=ID...][&amp;limit=N]</c>: the newest orders, to whom, why, their progress and
/// outcome. Without Redis there are no orders: the answer is empty with <c>error</c> saying so.
/// </summary>
public static class OrdersEndpoints
{
    public const string Path = "/v1/orders";

    public const int DefaultLimit = 50;

    public const int MaxLimit = 1000;

    public const int MaxIds = 1000;

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Get);
        return endpoints;
    }

    private static async Task<IResult> Get(HttpContext context, ClusterState state)
    {
        var query = context.Request.Query;
        if (!QueryFlags.TryRead(query, "limit", DefaultLimit, 1, MaxLimit, out var limit, out var error))
        {
            return ApiErrors.BadRequest(error);
        }

        string[] ids = [.. query["id"].Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim())];
        if (ids.Length > MaxIds)
        {
            return ApiErrors.BadRequest($"{ids.Length} ids asked for; at most {MaxIds} at once");
        }

        string[] asked = [.. query["node"].Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!)];
        if (asked.FirstOrDefault(n => !state.TryGetNode(n, out _)) is { } unknown)
        {
            return ApiErrors.UnknownNode(unknown);
        }

        if (context.RequestServices.GetService<OrderReports>() is not { } reports)
        {
            return Results.Json(new OrderList([], "this coordinator runs without Redis: there are no orders"), OperatorJson.Default.OrderList);
        }

        IReadOnlyList<string> nodes = asked.Length > 0 ? asked : [.. state.Nodes().Select(n => n.Node)];
        try
        {
            var list = await reports.ReadAsync(nodes, ids.Length > 0 ? ids.ToHashSet(StringComparer.Ordinal) : null, limit, context.RequestAborted);
            return Results.Json(list, OperatorJson.Default.OrderList);
        }
        catch (Exception e) when (State.StoreFeed.IsStoreFailure(e))
        {
            return Results.Json(new OrderList([], $"redis: {e.Message}"), OperatorJson.Default.OrderList);
        }
    }
}
