using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;
using static LayerCache.Coordinator.Tests.Support.ShopCluster;

namespace LayerCache.Coordinator.Tests.Hints;

/// <summary>
/// Hints where agents serve their peers (Coordinator:LanBytesPerSecond): a node whose site holds a pod's layers on
/// another node pulls them over the LAN, so it ranks above a node of a site that must pull them over the uplink.
/// </summary>
public sealed class SiteHintsTests
{
    private static readonly string[] Pod = [Postgres.Reference];

    [Fact]
    public void Score_PeerFetchOn_ANeighbourOfTheHolderBeatsANodeOfAnotherSite()
    {
        var hints = Scores(lanBytesPerSecond: 125e6);

        Assert.True(hints["holder"].Score > hints["neighbour"].Score, "the holder has the layers itself");
        Assert.True(hints["neighbour"].Score > hints["far"].Score, string.Join(" | ", hints.Values));
        Assert.True(hints["neighbour"].EstimatedPullSeconds < hints["far"].EstimatedPullSeconds);
    }

    [Fact]
    public void Score_PeerFetchOff_SitesDoNotMatter()
    {
        var hints = Scores(lanBytesPerSecond: 0);

        Assert.True(hints["holder"].Score > hints["neighbour"].Score);
        Assert.Equal(hints["far"].Score, hints["neighbour"].Score);
        Assert.Equal(hints["far"].EstimatedPullSeconds, hints["neighbour"].EstimatedPullSeconds);
    }

    private static Dictionary<string, NodeHint> Scores(double lanBytesPerSecond)
    {
        var options = Options.Create(new CoordinatorOptions { LanBytesPerSecond = lanBytesPerSecond });
        var metrics = new CoordinatorMetrics(new MetricRegistry());
        using var state = new ClusterState(options, TimeProvider.System, metrics, new Readiness());
        var at = DateTimeOffset.UtcNow;
        foreach (var (node, site) in new[] { ("holder", "north"), ("neighbour", "north"), ("far", "south") })
        {
            state.UpsertNode(node, 20_000 * Support.Layers.MB, 0.9, 0.8, 10e6, at, site: site);
        }

        state.ApplyInventory("holder", Holding(Postgres));
        state.ApplyInventory("neighbour", Holding());
        state.ApplyInventory("far", Holding());
        state.MarkSynced(at);
        var service = new HintService(state, new LocalImageDemand(options, TimeProvider.System, metrics), options, metrics);
        using var scores = service.Score(Pod, ["holder", "neighbour", "far"]);
        return scores.Nodes.ToArray().ToDictionary(n => n.Node);
    }
}
