using LayerCache.Cluster;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Integration.Tests.Support;
using StackExchange.Redis;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>A coordinator replica on Redis with two synthetic nodes, and what the unpack-ahead tests ask of them.</summary>
internal sealed class UnpackAheadRun(
    ConnectionMultiplexer client, ClusterStoreOptions store, CoordinatorHost coordinator, SyntheticNode holder, SyntheticNode content) : IAsyncDisposable
{
    public CoordinatorHost Coordinator { get; } = coordinator;

    public OrderQueue Queue { get; } = new(client, store);

    /// <summary>Takes the node's orders off its stream and acknowledges them, as an agent that has not finished them yet.</summary>
    public async Task TakeAsync(string node)
    {
        foreach (var delivery in await Queue.ReadAsync(node, 10, CancellationToken.None))
        {
            await client.GetDatabase().StreamAcknowledgeAsync((RedisKey)$"{store.KeyPrefix}:{{node:{node}}}:orders", "agents", delivery.StreamId);
        }
    }

    /// <summary>Waits until the replica has run <paramref name="rounds"/> more planning rounds as leader.</summary>
    public async Task WaitForRoundsAsync(int rounds)
    {
        var from = await Scrape.MetricAsync(Coordinator.Http, "layercache_planner_rounds_total") ?? 0;
        await Poll.UntilAsync(
            async () => await Scrape.MetricAsync(Coordinator.Http, "layercache_planner_rounds_total") >= from + rounds,
            TimeSpan.FromSeconds(60),
            $"the planner did not run {rounds} more rounds",
            delayMs: 100);
    }

    public async ValueTask DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        await holder.DisposeAsync();
        await content.DisposeAsync();
        await client.DisposeAsync();
    }
}
