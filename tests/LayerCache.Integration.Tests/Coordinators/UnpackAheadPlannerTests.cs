using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// Unpack ahead on real Redis: one node runs a popular image (unpacked), another holds its layers as prefetched blobs
/// only. With <c>Planner:UnpackAhead</c> the planner orders the second to unpack the image, once; without, never.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class UnpackAheadPlannerTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : UnpackAheadPlannerTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : UnpackAheadPlannerTests(cluster), IClassFixture<RedisClusterFixture>;

    private static readonly ContainerImage Popular = Image("docker.io/acme/popular:1", Of("popular-base", 20 * MB), Of("popular-app", 4 * MB));

    [Fact]
    public async Task UnpackAheadOn_NodeHoldingThePopularImagesContentOnly_GetsOneUnpackImageOrder()
    {
        await using var run = await StartAsync(unpackAhead: true);

        var order = await Poll.ForAsync<UnpackImageOrder>(
            async () => (await run.Queue.ReadNewestAsync("content-node", 10, CancellationToken.None)).OfType<UnpackImageOrder>().FirstOrDefault(),
            _ => true,
            TimeSpan.FromSeconds(60),
            "the planner did not order the content-only node to unpack the popular image");

        Assert.Equal(Popular.Reference, order.Image);
        Assert.Contains("content only", order.Reason, StringComparison.Ordinal);

        // Taken off the stream and acknowledged without an outcome (an agent still unpacking): the planner counts it as
        // ordered until it times out, so further rounds order nothing again; the node that runs the image gets none.
        await run.TakeAsync("content-node");
        await run.WaitForRoundsAsync(4);
        Assert.Single((await run.Queue.ReadNewestAsync("content-node", 10, CancellationToken.None)).OfType<UnpackImageOrder>());
        Assert.Empty((await run.Queue.ReadNewestAsync("holding-node", 10, CancellationToken.None)).OfType<UnpackImageOrder>());
    }

    [Fact]
    public async Task UnpackAheadOff_TheSameNode_GetsNoUnpackImageOrder()
    {
        await using var run = await StartAsync(unpackAhead: false);

        await run.WaitForRoundsAsync(4);

        Assert.Empty(await run.Queue.ReadNewestAsync("content-node", 10, CancellationToken.None));
    }

    private async Task<UnpackAheadRun> StartAsync(bool unpackAhead)
    {
        var prefix = "ua" + Guid.NewGuid().ToString("N")[..8];
        var store = new ClusterStoreOptions { KeyPrefix = prefix };
        var client = await redis.ConnectAsync();
        var holder = new SyntheticNode(client, store, "holding-node", 100e6);
        var content = new SyntheticNode(client, store, "content-node", 100e6);
        await holder.HoldAsync(Popular);
        await content.HoldAsync([], Popular.DistinctLayers);
        holder.StartHeartbeats();
        content.StartHeartbeats();
        var settings = TestSettings.Coordinator(redis.Configuration, prefix).With(
            ("Planner:MinLayerRequests", "1"),
            ("Planner:MinRequestsPerReplica", "1"),
            ("Planner:MinImageRequestsPerNode", "1"),
            ("Planner:UnpackAhead", unpackAhead ? "true" : "false"));
        var run = new UnpackAheadRun(client, store, await Replicas.StartAsync(settings), holder, content);
        try
        {
            await Replicas.WaitForNodesAsync(run.Coordinator, "holding-node", "content-node");

            // Eight pods of the image: eight requests, four for each of the two nodes that hold its content.
            for (var pod = 0; pod < 8; pod++)
            {
                await HintsApi.PrioritizeAsync(run.Coordinator.Http, $"pod-{pod}", [Popular.Reference], ["holding-node", "content-node"]);
            }
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }
}
