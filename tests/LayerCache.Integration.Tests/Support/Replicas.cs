using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Integration.Tests.Support;

/// <summary>Starting an in-process coordinator replica on Redis and waiting for what a test needs of it.</summary>
public static class Replicas
{
    /// <summary>Starts a replica and waits until its view has synced from Redis once.</summary>
    public static async Task<CoordinatorHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var host = await CoordinatorHost.StartAsync(settings);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(host.Readiness.IsReady), TimeSpan.FromSeconds(15), "the replica's view never synced");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public static async Task<bool> IsLeaderAsync(HttpClient http) => await Scrape.MetricAsync(http, "layercache_planner_leader") == 1;

    /// <summary>Waits until the replica's view holds every one of <paramref name="nodes"/> with its snapshot.</summary>
    public static Task<TimeSpan> WaitForNodesAsync(CoordinatorHost host, params string[] nodes) =>
        Poll.UntilAsync(
            () => Task.FromResult(!host.State.IsStale && nodes.All(n => host.State.TryGetNode(n, out var status) && status.HeartbeatAt is not null)),
            TimeSpan.FromSeconds(10),
            $"the view did not hold {string.Join(", ", nodes)}");
}
