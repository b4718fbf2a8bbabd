using System.Net;
using System.Text;
using System.Text.Json;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>POST /scheduler/prioritize with the bodies kube-scheduler sends, against the shop cluster.</summary>
public sealed class PrioritizeTests() : ShopClusterTests(CoordinatorHost.RoundCosts)
{
    [Fact]
    public async Task Prioritize_NodeList_ScoresEveryNodeInOrderByLayerBytesHeld()
    {
        var scores = await PrioritizeAsync(Fixtures.ArgsWithNodes());

        // Hand-computed, 100 MB in 5 layers at 100 MB/s, 200 MB/s unpack, 0.1 s a layer: a cold pull is
        // 5 x 0.1 + 100/100 + 100/200 = 2.0 s. edge-a lacks busybox (2 MB) and the app layer (8 MB):
        // 2 x 0.1 + 10/100 + 10/200 = 0.35 s, so it saves 1 - 0.35/2.0 = 82.5% -> 8.
        // edge-e lacks the same over 25 MB/s: 0.35 + 10 x (1/25 - 1/100) / 1 = 0.65 s -> 1 - 0.325 -> 6.75 -> 7.
        Assert.Equal(
            [("edge-a", 8L), ("edge-b", 0L), ("edge-c", 8L), ("edge-d", 0L), ("edge-e", 7L)],
            scores);
    }

    [Fact]
    public async Task Prioritize_NinetyPercentOfBytes_OutranksADifferentImageOfTheSameSize()
    {
        var scores = (await PrioritizeAsync(Fixtures.ArgsWithNames(["edge-b", "edge-a"]))).ToDictionary();

        Assert.True(scores["edge-a"] > scores["edge-b"], $"edge-a {scores["edge-a"]} should outrank edge-b {scores["edge-b"]}");
        Assert.Equal(0, scores["edge-b"]);
    }

    [Fact]
    public async Task Prioritize_NodeNamesAndNodeList_GiveTheSameScores()
    {
        var byList = await PrioritizeAsync(Fixtures.ArgsWithNodes());
        var byName = await PrioritizeAsync(Fixtures.ArgsWithNames(ShopCluster.NodeNames));

        Assert.Equal(byList, byName);
    }

    [Fact]
    public async Task Prioritize_IdenticalNodes_TieAcrossRepeatedCalls()
    {
        var first = await PrioritizeAsync(Fixtures.ArgsWithNames(["edge-c", "edge-a"]));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, await PrioritizeAsync(Fixtures.ArgsWithNames(["edge-c", "edge-a"])));
        }

        Assert.Equal(first[0].Score, first[1].Score);
    }

    [Fact]
    public async Task Prioritize_NodesUnknownToTheView_ScoreZero()
    {
        var scores = await PrioritizeAsync(Fixtures.ArgsWithNames(["edge-d", "not-a-node", "edge-a"]));

        Assert.Equal([("edge-d", 0L), ("not-a-node", 0L), ("edge-a", 8L)], scores);
    }

    [Fact]
    public async Task Prioritize_UnknownImage_NeutralScoresAtOnceAndQueuedForResolution()
    {
        var pod = Fixtures.Pod.Replace("envoyproxy/envoy:v1.29.1", "quay.io/acme/never-seen:1", StringComparison.Ordinal);

        var scores = await PrioritizeAsync(Fixtures.ArgsWithNames(ShopCluster.NodeNames, pod));

        Assert.All(scores, s => Assert.Equal(0, s.Score));
        Assert.True(Host.Demand.UnknownImages.TryRead(out var queued));
        Assert.Equal("quay.io/acme/never-seen:1", queued);
    }

    [Fact]
    public async Task Prioritize_SamePodTwice_CountsItsImagesOnce()
    {
        await PrioritizeAsync(Fixtures.ArgsWithNodes());
        await PrioritizeAsync(Fixtures.ArgsWithNodes());
        await PrioritizeAsync(Fixtures.ArgsWithNodes(Fixtures.Pod.Replace("0f4c2a8e-", "1f4c2a8e-", StringComparison.Ordinal)));

        var score = Host.Demand.ReadPopularity(p => p.ImageScore(ShopCluster.ShopApi.Reference));
        Assert.Equal(2, score, precision: 3);
    }

    private async Task<List<(string Host, long Score)>> PrioritizeAsync(string body)
    {
        using var response = await Host.Http.PostAsync(
            new Uri("/scheduler/prioritize", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.EnumerateArray().Select(e => (e.GetProperty("Host").GetString()!, e.GetProperty("Score").GetInt64()))];
    }
}
