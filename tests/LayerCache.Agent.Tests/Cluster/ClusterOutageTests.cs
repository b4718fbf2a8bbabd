using System.Diagnostics;
using System.Net;
using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>Redis going away under a running agent, and coming back empty.</summary>
public sealed class ClusterOutageTests(ClusterNodeEnvironment environment) : IClassFixture<ClusterNodeEnvironment>
{
    [Fact]
    public async Task RedisStoppedAndRestartedEmpty_NodeStaysReadyAndCurrent_ThenRepublishesEverythingIncludingThePullDuringTheOutage()
    {
        const string node = "outage-node";
        var (before, beforeImage) = await environment.PushAsync("cluster-outage/before:v1", environment.Layers(100_000));
        var (during, duringImage) = await environment.PushAsync("cluster-outage/during:v1", environment.Layers(100_000));
        using var client = environment.Client();
        await client.PullImageAsync(before);
        using var redis = await environment.ConnectAsync();
        var reader = new InventoryReader(redis, new ClusterStoreOptions());
        var logs = new LogCapture();
        var settings = environment.AgentSettings(node);
        settings["Agent:HeartbeatInterval"] = "00:00:00.500";
        await using var agent = await AgentHost.StartAsync(environment, settings, logs);
        await Eventually.HoldsAsync(
            async () => await reader.ReadSnapshotAsync(node, CancellationToken.None) is { } s && ClusterAssert.Holds(s.Snapshot, beforeImage.ManifestDigest),
            TimeSpan.FromSeconds(30),
            "the first snapshot was not published");

        // The reporter marks the link connected just after its write lands, so wait for the mark rather than race it.
        await agent.WaitUntilAsync(() => agent.Link.IsConnected, TimeSpan.FromSeconds(30), "the link does not report itself connected");
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_redis_connected"));

        await environment.Redis.StopAsync();
        await agent.WaitUntilAsync(() => !agent.Link.IsConnected, TimeSpan.FromSeconds(5), "the link did not notice Redis was gone");
        Assert.Equal(0, ClusterAssert.Metric(agent, "layercache_redis_connected"));

        // The node goes on alone: ready, and its inventory follows containerd.
        await client.PullImageAsync(during);
        await agent.WaitForNodeAsync(
            n => n.Cache.Images.Any(i => i.Image.ManifestDigest == duringImage.ManifestDigest), TimeSpan.FromSeconds(30), "the pull during the outage did not reach the inventory");
        Assert.True(agent.Readiness.IsReady, string.Join("; ", agent.Readiness.Problems));
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        // Several failed attempts (heartbeats every 500 ms, order polls), one warning.
        await agent.WaitUntilAsync(
            () => ClusterAssert.Metric(agent, "layercache_redis_errors_total{operation=\"inventory\"}") >= 3, TimeSpan.FromSeconds(10), "the link stopped retrying");
        Assert.Equal(1, logs.Count(LogLevel.Warning, "Redis is unreachable"));

        await environment.Redis.StartAsync();
        var restarted = Stopwatch.StartNew();
        var republished = await Eventually.GetAsync(
            async () => await reader.ReadSnapshotAsync(node, CancellationToken.None) is { } s && ClusterAssert.Holds(s.Snapshot, duringImage.ManifestDigest) ? s : null,
            TimeSpan.FromSeconds(10),
            "the inventory was not republished after Redis came back empty");
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(10), $"took {restarted.Elapsed}");
        Assert.True(ClusterAssert.Holds(republished.Snapshot, beforeImage.ManifestDigest), "the image pulled before the outage is missing");
        await ClusterAssert.MatchesContainerdAsync(republished.Snapshot, client);
        await Eventually.HoldsAsync(
            async () => (await reader.ReadNodesAsync(CancellationToken.None)).Any(n => n.Node == node), TimeSpan.FromSeconds(30), "no heartbeat after the restart");
        await agent.WaitUntilAsync(() => agent.Link.IsConnected, TimeSpan.FromSeconds(30), "the link does not report itself connected");
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_redis_connected"));
        Assert.Equal(1, logs.Count(LogLevel.Warning, "Redis is unreachable"));
        Assert.Equal(1, logs.Count(LogLevel.Information, "Redis answers again"));
    }
}
