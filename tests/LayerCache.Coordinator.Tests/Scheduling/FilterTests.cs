using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>POST /scheduler/filter is fail-open: every node it is given passes, handed back as given.</summary>
public sealed class FilterTests() : ShopClusterTests()
{
    [Fact]
    public async Task Filter_NodeList_PassesEveryNodeUnchanged()
    {
        var result = await FilterAsync(Fixtures.ArgsWithNodes());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Fixtures.NodeList), result["Nodes"]));
        AssertNothingFailed(result);
    }

    [Fact]
    public async Task Filter_NodeNames_PassesEveryName()
    {
        var result = await FilterAsync(Fixtures.ArgsWithNames(["edge-b", "edge-x", "edge-a"]));

        Assert.Equal(["edge-b", "edge-x", "edge-a"], result["NodeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(result["Nodes"]);
        AssertNothingFailed(result);
    }

    [Fact]
    public async Task Filter_WithoutPod_StillPassesEveryNode()
    {
        var result = await FilterAsync("{\"NodeNames\":[\"edge-a\"]}");

        Assert.Equal(["edge-a"], result["NodeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static void AssertNothingFailed(JsonNode result)
    {
        Assert.Empty(result["FailedNodes"]!.AsObject());
        Assert.Empty(result["FailedAndUnresolvableNodes"]!.AsObject());
        Assert.Equal(string.Empty, result["Error"]!.GetValue<string>());
    }

    private async Task<JsonNode> FilterAsync(string body)
    {
        using var response = await Host.Http.PostAsync(
            new Uri("/scheduler/filter", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
