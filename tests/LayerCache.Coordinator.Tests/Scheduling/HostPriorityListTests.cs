using System.Buffers;
using System.Text;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Scheduling;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>The bytes of prioritize's answer, written without an array of entries: Go's field names, the order asked.</summary>
public sealed class HostPriorityListTests
{
    [Fact]
    public void Write_WithoutHints_EveryNodeNeutralInOrder()
    {
        Assert.Equal("""[{"Host":"edge-b","Score":0},{"Host":"edge-a","Score":0}]""", Written(["edge-b", "edge-a"], null));
    }

    [Fact]
    public void Write_NoNodes_EmptyList()
    {
        Assert.Equal("[]", Written([], null));
    }

    [Fact]
    public async Task Write_WithHints_EachNodeItsScore()
    {
        await using var host = await CoordinatorHost.StartAsync(CoordinatorHost.RoundCosts);
        ShopCluster.Load(host.State);
        string[] nodes = ["edge-e", "edge-d", "edge-a"];

        var json = Written(nodes, host.Hints.Score(["busybox:1.36", "ghcr.io/acme/shop-api:2.4.1", "envoyproxy/envoy:v1.29.1"], nodes));

        Assert.Equal("""[{"Host":"edge-e","Score":7},{"Host":"edge-d","Score":0},{"Host":"edge-a","Score":8}]""", json);
    }

    private static string Written(string[] nodes, HintScores? scores)
    {
        var output = new ArrayBufferWriter<byte>();
        using (scores)
        {
            HostPriorityList.Write(output, nodes, scores);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
