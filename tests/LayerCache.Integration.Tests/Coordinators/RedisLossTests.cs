using System.Diagnostics;
using LayerCache.Cluster;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using Xunit.Abstractions;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// Redis killed under a coordinator whose commands would take a minute to time out: the view is flagged stale from
/// the connection dropping, not from a command's timeout.
/// </summary>
public sealed class RedisLossTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RedisKilled_CommandsWouldTakeAMinuteToTimeOut_TheViewIsStaleWellBefore()
    {
        var prefix = "loss" + Guid.NewGuid().ToString("N")[..8];
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, new ClusterStoreOptions { KeyPrefix = prefix }, "loss-node", 100e6);
        await node.HoldAsync(Image("docker.io/acme/web:1", Of("web-base", 40 * MB)));
        node.StartHeartbeats();
        var timeouts = (int)CommandTimeout.TotalMilliseconds;
        var configuration = $"{redis.Endpoint},syncTimeout={timeouts},asyncTimeout={timeouts}";
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(configuration, prefix).With(("Planner:Enabled", "false")));
        await Replicas.WaitForNodesAsync(coordinator, node.Name);
        await Poll.UntilAsync(() => Task.FromResult(!coordinator.State.IsStale), TimeSpan.FromSeconds(30), "the view did not sync");

        var killed = Stopwatch.GetTimestamp();
        await redis.StopAsync();
        // The ceiling is half the command timeout: only a connection that fails fast can flag the view within it.
        await Poll.UntilAsync(() => Task.FromResult(coordinator.State.IsStale), CommandTimeout / 2, "the view was not flagged stale");
        var noticed = Stopwatch.GetElapsedTime(killed);

        output.WriteLine($"stale {noticed.TotalMilliseconds:F0} ms after Redis was killed ({coordinator.State.StaleReason})");
        Assert.StartsWith("redis: ", coordinator.State.StaleReason, StringComparison.Ordinal);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_view_stale"));
        Assert.True((await HintsApi.GetAsync(coordinator.Http, ["docker.io/acme/web:1"], [node.Name]))!.Stale);
    }
}
