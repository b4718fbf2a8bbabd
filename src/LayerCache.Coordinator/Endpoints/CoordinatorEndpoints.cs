using LayerCache.Coordinator.Api;
using LayerCache.Coordinator.Scheduling;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Health;

namespace LayerCache.Coordinator.Endpoints;

/// <summary>The coordinator's pipeline and routes: the last-resort handler first, then extender, hints, the operators' API, gRPC and health.</summary>
public static class CoordinatorEndpoints
{
    public static WebApplication MapLayerCacheCoordinator(this WebApplication app)
    {
        // Created now, so that readiness reports an unsynced view from the first probe on.
        _ = app.Services.GetRequiredService<ClusterState>();
        app.UseMiddleware<LastResortHandler>();
        app.UseMiddleware<ApiAccessMiddleware>();
        app.MapSchedulerExtender();
        app.MapHints();
        app.MapNodes();
        app.MapOrders();
        app.MapPrefetch();
        app.MapGrpcService<HintsGrpcService>();
        app.MapServiceEndpoints();
        return app;
    }
}
