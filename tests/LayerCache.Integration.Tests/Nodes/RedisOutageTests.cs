using LayerCache.Agent.Tests.Support;
using LayerCache.Integration.Tests.Support;

namespace LayerCache.Integration.Tests.Nodes;

/// <summary>Redis stopped under a running agent and coordinator, then started again empty on the same port.</summary>
public sealed class RedisOutageTests(ClusterNodeEnvironment environment) : IClassFixture<ClusterNodeEnvironment>
{
    [Fact]
    public async Task RedisDown_HintsFromTheLastViewFlaggedStale_RestartedEmpty_BothSidesResyncWithNothingLost()
    {
        const string node = "outage-node";
        var (before, beforeImage) = await environment.PushAsync("outage/before:v1", environment.Layers(130_000, 40_000));
        var (during, duringImage) = await environment.PushAsync("outage/during:v1", environment.Layers(90_000));
        using var client = environment.Client();
        await client.PullImageAsync(before);
        await using var agent = await AgentHost.StartAsync(environment, ClusterRun.AgentSettings(environment, node));
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(environment.Redis.Endpoint).With(("Planner:Enabled", "false")));
        string[] nodes = [node, "never-seen"];
        var hintsBefore = await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, [before], nodes)!,
            h => h.Resolved && h.Node(node)?.PresentBytes == ClusterRun.Bytes(beforeImage),
            TimeSpan.FromSeconds(30),
            "the node's image did not reach the hints");
        var scoresBefore = await HintsApi.PrioritizeAsync(coordinator.Http, "outage-pod", [before], nodes);
        Assert.Equal([(node, 10), ("never-seen", 0)], scoresBefore);
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_view_stale"));

        await environment.Redis.StopAsync();
        var stale = await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, [before], nodes)!, h => h.Stale, TimeSpan.FromSeconds(15), "the hints were not flagged stale");

        // Served from the last view: the same numbers and the same scores, flagged.
        Assert.Equal(hintsBefore.Nodes, stale.Nodes);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_view_stale"));
        Assert.Equal(scoresBefore, await HintsApi.PrioritizeAsync(coordinator.Http, "outage-pod-2", [before], nodes));
        Assert.True(coordinator.Readiness.IsReady, "a view that goes stale after its first sync keeps serving");

        // The node goes on alone meanwhile.
        await client.PullImageAsync(during);
        await agent.WaitForNodeAsync(
            n => n.Cache.Images.Any(i => i.Image.ManifestDigest == duringImage.ManifestDigest), TimeSpan.FromSeconds(30), "the pull during the outage did not reach the agent");

        await environment.Redis.StartAsync();
        var recovered = await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, [before, during], nodes)!,
            h => !h.Stale && h.Resolved && h.Node(node)?.PresentBytes == ClusterRun.Bytes(beforeImage) + ClusterRun.Bytes(duringImage),
            TimeSpan.FromSeconds(30),
            "the coordinator did not get the node's whole inventory back");

        Assert.Equal(0, recovered.Node(node)!.MissingBytes);
        Assert.Equal(10, recovered.Node(node)!.Score);
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_view_stale"));
        Assert.Equal(hintsBefore.Nodes, (await HintsApi.GetAsync(coordinator.Http, [before], nodes)).Nodes);
        Assert.Equal(scoresBefore, await HintsApi.PrioritizeAsync(coordinator.Http, "outage-pod-3", [before], nodes));
    }
}
